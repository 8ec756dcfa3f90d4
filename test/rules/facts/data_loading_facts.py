"""The PyTorch behaviour the RNG1xx rules rely on, measured on the installed torch.

Run by test/rules/data-loading-facts.test.ts with /usr/bin/python3 (Debian torch 1.13, numpy
1.24); prints one JSON object of booleans and values. Each key names the rule it backs.
"""
import inspect
import json

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, DistributedSampler, IterableDataset, get_worker_info


class Stored(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng(123)

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return (get_worker_info().id, int(self.rng.integers(0, 10**9)))


class GlobalNumpy(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        return (get_worker_info().id, int(np.random.randint(0, 10**9)))


def epochs(ds, n=2, **kw):
    torch.manual_seed(0)
    dl = DataLoader(ds, batch_size=None, num_workers=2, **kw)
    return [sorted(tuple(int(v) for v in b) for b in dl) for _ in range(n)]


def per_worker(epoch, worker):
    return [v for (w, v) in epoch if w == worker]


def constant_init(worker_id):
    np.random.seed(42 + worker_id)


def recipe_init(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)


def reseed_dataset_rng(worker_id):
    info = torch.utils.data.get_worker_info()
    info.dataset.rng = np.random.default_rng(info.seed)


out = {"torch": torch.__version__}

e = epochs(Stored())
out["RNG102_stored_rng_identical_in_workers"] = per_worker(e[0], 0) == per_worker(e[0], 1)
out["RNG102_stored_rng_repeats_every_epoch"] = e[0] == e[1]
e = epochs(Stored(), worker_init_fn=reseed_dataset_rng)
out["RNG102_fix_workers_differ"] = per_worker(e[0], 0) != per_worker(e[0], 1)
out["RNG102_fix_epochs_differ"] = e[0] != e[1]
out["RNG102_fix_reproducible"] = e == epochs(Stored(), worker_init_fn=reseed_dataset_rng)

e = epochs(GlobalNumpy())
out["RNG101_global_numpy_differs_per_worker"] = per_worker(e[0], 0) != per_worker(e[0], 1)
out["RNG101_global_numpy_differs_per_epoch"] = e[0] != e[1]

out["RNG103_constant_seed_repeats_every_epoch"] = (lambda e: e[0] == e[1])(epochs(GlobalNumpy(), worker_init_fn=constant_init))
out["RNG103_recipe_differs_per_epoch"] = (lambda e: e[0] != e[1])(epochs(GlobalNumpy(), worker_init_fn=recipe_init))
out["RNG103_persistent_constant_seed_continues"] = (lambda e: e[0] != e[1])(
    epochs(GlobalNumpy(), worker_init_fn=constant_init, persistent_workers=True)
)


class Unsharded(IterableDataset):
    def __iter__(self):
        return iter(range(3))


out["RNG105_items_with_two_workers"] = sorted(int(x) for x in DataLoader(Unsharded(), batch_size=None, num_workers=2))

try:
    DataLoader(list(range(4))).set_epoch(1)
    out["RNG111_dataloader_has_no_set_epoch"] = False
except AttributeError:
    out["RNG111_dataloader_has_no_set_epoch"] = True
items = list(range(8))
sampler = DistributedSampler(items, num_replicas=1, rank=0)
loader = DataLoader(items, sampler=sampler, batch_size=None)
orders = []
for epoch in range(3):
    order = []
    for b in loader:
        sampler.set_epoch(epoch)
        order.append(int(b))
    orders.append(order)
out["RNG111_late_set_epoch_repeats_an_order"] = orders[0] == orders[1]

for option, value in (("sampler", torch.utils.data.RandomSampler(items)), ("batch_sampler", torch.utils.data.BatchSampler(torch.utils.data.RandomSampler(items), 2, False))):
    try:
        DataLoader(items, shuffle=True, **{option: value})
        out[f"RNG112_{option}_with_shuffle_raises"] = False
    except ValueError:
        out[f"RNG112_{option}_with_shuffle_raises"] = True

parts = [list(DistributedSampler(items, num_replicas=2, rank=r, seed=r)) for r in range(2)]
out["RNG113_per_rank_seed_covers_dataset"] = sorted(parts[0] + parts[1]) == items
parts = [list(DistributedSampler(items, num_replicas=2, rank=r, seed=0)) for r in range(2)]
out["RNG113_shared_seed_covers_dataset"] = sorted(parts[0] + parts[1]) == items

out["RNG116_fresh_generator_seed"] = torch.Generator().initial_seed()
out["RNG116_fresh_generators_agree"] = bool(torch.equal(torch.randperm(10, generator=torch.Generator()), torch.randperm(10, generator=torch.Generator())))
out["RNG106_in_order_parameter"] = "in_order" in inspect.signature(DataLoader.__init__).parameters

print(json.dumps(out))
