"""Answers engine test cases with the real PyTorch (run with /usr/bin/python3: torch 1.13, NumPy 1.24).

Reads one JSON array of cases on stdin, prints one JSON array of answers (same order) on stdout.
Every answer is {"ok": value} or {"raises": "ExceptionClass", "error": "message"}. Integers beyond
2**53 - 1 are written as decimal strings. Most answers also carry "next": the generator's next
`random_(int64)` draw after the call, which proves the call consumed exactly the right words.
"""
import hashlib
import json
import math
import random
import sys
import warnings

import numpy as np
import torch
from torch.utils.data import (BatchSampler, DataLoader, DistributedSampler, RandomSampler,
                              SubsetRandomSampler, WeightedRandomSampler, get_worker_info, random_split)

SAFE = 2**53 - 1


def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if -SAFE <= v <= SAFE else str(v)
    if isinstance(v, float):
        return v.hex()
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


def dec(v):
    """Seeds and bounds may come as decimal strings."""
    if isinstance(v, str) and v.lstrip('-').isdigit():
        return int(v)
    return v


def gen(seed):
    if seed is None:
        return None
    g = torch.Generator()
    if seed != 'default':
        g.manual_seed(dec(seed))
    return g


def next64(g=None):
    return int(torch.empty((), dtype=torch.int64).random_(generator=g).item())


def digest(values):
    a = np.asarray(values, dtype='<i8')
    return {"len": int(a.size), "sha256": hashlib.sha256(a.tobytes()).hexdigest()}


def out_list(values, case):
    values = values.tolist() if hasattr(values, 'tolist') else list(values)
    return digest(values) if case.get('digest') else values


def global_seed(case):
    torch.manual_seed(dec(case.get('global_seed', 0)))


def run(case):
    op = case['op']
    if op == 'seed':
        v = case['value']
        v = float.fromhex(v[2:]) if isinstance(v, str) and v.startswith('f:') else dec(v)
        if case['api'] == 'G':
            return torch.Generator().manual_seed(v).initial_seed()
        return torch.manual_seed(v).initial_seed()
    if op == 'randperm':
        g = gen(case['seed'])
        p = torch.randperm(case['n'], generator=g)
        return {"perm": out_list(p, case), "next": next64(g)}
    if op == 'randint':
        g = gen(case['seed'])
        dtype = getattr(torch, case.get('dtype', 'int64'))
        t = torch.randint(dec(case['low']), dec(case['high']), tuple(case['size']), generator=g, dtype=dtype)
        vals = [int(x) for x in t.flatten().tolist()]
        return {"values": vals, "next": next64(g)}
    if op == 'random_int64':
        g = gen(case['seed'])
        t = torch.empty(tuple(case['size']), dtype=torch.int64).random_(generator=g)
        return {"values": t.flatten().tolist(), "next": next64(g)}
    if op == 'RandomSampler':
        global_seed(case)
        g = gen(case.get('seed'))
        s = RandomSampler(range(case['n']), replacement=case.get('replacement', False),
                          num_samples=case.get('num_samples'), generator=g)
        vals = list(s)
        return {"values": out_list(vals, case), "next": next64(g) if g else None, "next_global": next64()}
    if op == 'SubsetRandomSampler':
        global_seed(case)
        g = gen(case.get('seed'))
        vals = list(SubsetRandomSampler(case['indices'], generator=g))
        return {"values": vals, "next": next64(g) if g else None, "next_global": next64()}
    if op == 'WeightedRandomSampler':
        global_seed(case)
        g = gen(case.get('seed'))
        vals = list(WeightedRandomSampler(case['weights'], case['num_samples'], case.get('replacement', True), generator=g))
        return {"values": vals, "next": next64(g) if g else None, "next_global": next64()}
    if op == 'DistributedSampler':
        s = DistributedSampler(range(case['n']), num_replicas=case['num_replicas'], rank=case['rank'],
                               shuffle=case.get('shuffle', True), seed=dec(case.get('seed', 0)),
                               drop_last=case.get('drop_last', False))
        s.set_epoch(case.get('epoch', 0))
        return out_list(list(s), case)
    if op == 'random_split':
        global_seed(case)
        g = gen(case.get('seed'))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            parts = random_split(range(case['n']), case['lengths'], **({'generator': g} if g else {}))
        return {"subsets": [list(p.indices) for p in parts], "warnings": [str(w.message) for w in caught],
                "next": next64(g) if g else None, "next_global": next64()}
    if op == 'DataLoader':
        global_seed(case)
        g = gen(case.get('seed'))
        loader = DataLoader(range(case['n']), batch_size=case['batch_size'], shuffle=case.get('shuffle', True),
                            drop_last=case.get('drop_last', False), generator=g,
                            num_workers=case.get('num_workers', 0),
                            persistent_workers=case.get('persistent_workers', False))
        epochs = []
        for _ in range(case['epochs']):
            batches = [b.tolist() for b in loader]
            epochs.append(batches)
        if case.get('first_batches') is not None:
            epochs = [e[:case['first_batches']] for e in epochs]
        return {"epochs": epochs, "next": next64(g) if g else None, "next_global": next64()}
    if op == 'worker_seeds':
        global_seed(case)
        g = gen(case.get('seed'))
        loader = DataLoader(SeedProbe(case['n']), batch_size=case['batch_size'], shuffle=case.get('shuffle', True),
                            drop_last=case.get('drop_last', False), generator=g,
                            num_workers=case['num_workers'], worker_init_fn=probe_init, collate_fn=list,
                            persistent_workers=case.get('persistent_workers', False))
        epochs = []
        for _ in range(case['epochs']):
            seen = {}
            for batch in loader:
                for rec in batch:
                    seen[rec['worker']] = rec
            epochs.append([seen.get(w) for w in range(case['num_workers'])])
        return {"epochs": epochs, "next": next64(g) if g else None, "next_global": next64()}
    raise ValueError('unknown op ' + op)


PROBE = {}


def probe_init(worker_id):
    PROBE.clear()
    PROBE.update({
        "worker": worker_id,
        "torch": str(torch.initial_seed()),
        "info_seed": str(get_worker_info().seed),
        "numpy": [int(x) for x in np.random.get_state()[1][:4]],
        "python": random.random().hex(),
    })


class SeedProbe(torch.utils.data.Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return dict(PROBE)


def main():
    cases = json.load(sys.stdin)
    answers = []
    for case in cases:
        try:
            answers.append({"ok": enc(run(case))})
        except Exception as e:  # the class name is the answer
            answers.append({"raises": type(e).__name__, "error": str(e)})
    json.dump(answers, sys.stdout)


if __name__ == '__main__':
    main()
