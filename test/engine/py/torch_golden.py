"""Builds the torch 2.x golden file: a deterministic case list answered by torch_live.run.

Run with a torch 2.x Python (the committed file was made on the device machine with
/opt/torch/.venv/bin/python3: torch 2.11.0+cu130, NumPy 2.5.2):
    python3 test/engine/py/torch_golden.py > test/engine/golden/torch-2.11.json
The engine's test replays every case with version '2' and compares the answers exactly.
"""
import json
import platform
import random
import sys

import numpy as np
import torch

sys.path.insert(0, __import__('os').path.dirname(__file__))
import torch_live  # noqa: E402

R = random.Random(20261127)
SEEDS = [0, 1, 42, -1, -3, 'default', 67280421310721, 2**32, 2**32 + 5, str(2**63), str(2**64 - 1), str(-2**63), str(2**40 + 3)]
SEEDS += [str(R.getrandbits(64)) for _ in range(5)]


def cases():
    out = []
    for v in SEEDS + [str(2**64), str(-2**63 - 1), str(2**100)]:
        if v == 'default':
            continue
        for api in ('G', 'T'):
            out.append({'op': 'seed', 'api': api, 'value': v})
    for api in ('G', 'T'):
        out.append({'op': 'seed', 'api': api, 'value': 'f:' + (1.5).hex()})
    for seed in SEEDS:
        for n in [0, 1, 2, 3, 5, 10, 31, 100, 257, 624, 625, 1000, 4097, 12345]:
            case = {'op': 'randperm', 'seed': seed, 'n': n}
            if n >= 1000:
                case['digest'] = True
            out.append(case)
    out.append({'op': 'randperm', 'seed': 0, 'n': -1})
    for seed, n in [(0, 1_281_167), (7, 214_748_363), (7, 214_748_364), (str(2**64 - 1), 214_748_365)]:
        out.append({'op': 'randperm', 'seed': seed, 'n': n, 'digest': True})
    ranges = [[0, 10], [-5, 5], [0, 2**28 - 1], [0, 2**28], [-(2**27), 2**27 + 1], [0, 2**31], [0, 2**32 - 1],
              [0, 2**32], [0, 2**32 + 1], [0, 2**40], [0, str(2**62)], [str(-2**63), str(2**63 - 1)], [5, 4]]
    for seed in SEEDS[:10]:
        for low, high in ranges:
            for dtype in ('int64', 'int32', 'float64'):
                lo, hi = int(low), int(high)
                if dtype == 'int32' and (hi > 2**31 or lo < -2**31):
                    continue
                if dtype == 'float64' and (hi - lo > 2**53 or abs(hi) > 2**53 or abs(lo) > 2**53):
                    continue
                out.append({'op': 'randint', 'seed': seed, 'low': low, 'high': high, 'size': [3, 5], 'dtype': dtype})
    for seed in SEEDS[:8]:
        out.append({'op': 'random_int64', 'seed': seed, 'size': [2, 9]})
    gseeds = [0, 3, 2**33, -1]
    k = 0
    for n in [1, 3, 10, 32, 33, 100]:
        for replacement in (False, True):
            for ns in [None, 1, n, n + 1, 2 * n + 3, 33]:
                for seed in [None, 0, 42, str(2**64 - 1)]:
                    out.append({'op': 'RandomSampler', 'n': n, 'replacement': replacement, 'num_samples': ns,
                                'seed': seed, 'global_seed': gseeds[k % 4]})
                    k += 1
    out.append({'op': 'RandomSampler', 'n': 2**28 + 5, 'replacement': True, 'num_samples': 40, 'seed': 9, 'global_seed': 0})
    for t in range(30):
        idx = [R.randrange(1000) for _ in range(R.randrange(0, 40))]
        out.append({'op': 'SubsetRandomSampler', 'indices': idx, 'seed': [None, 5, -2][t % 3], 'global_seed': gseeds[t % 4]})
    for n in [0, 1, 5, 7, 16, 33, 101]:
        for reps in [1, 3, 4, 8]:
            for rank in range(reps):
                for shuffle in (True, False):
                    for drop_last in (False, True):
                        out.append({'op': 'DistributedSampler', 'n': n, 'num_replicas': reps, 'rank': rank, 'shuffle': shuffle,
                                    'seed': [0, 7, str(2**40)][rank % 3], 'drop_last': drop_last, 'epoch': [0, 1, 5][n % 3]})
    out.append({'op': 'DistributedSampler', 'n': 1_281_167, 'num_replicas': 8, 'rank': 3, 'shuffle': True, 'seed': 0,
                'drop_last': False, 'epoch': 4, 'digest': True})
    splits = [[10, [3, 7]], [10, [0.3, 0.3, 0.4]], [30, [0.3, 0.3, 0.4]], [11, [0.1, 0.2, 0.7]], [101, [1/3, 1/3, 1/3]],
              [10, [0.1] * 10], [3, [0.1, 0.1, 0.8]], [10, [0.5, 0.6]], [10, [2, 2, 2]], [100, [0.7, 0.1, 0.1, 0.1]]]
    for seed in [None, 0, 42]:
        for n, lengths in splits:
            out.append({'op': 'random_split', 'n': n, 'lengths': lengths, 'seed': seed, 'global_seed': 5})
    configs = [dict(n=10, batch_size=3, shuffle=True, drop_last=False), dict(n=10, batch_size=3, shuffle=True, drop_last=True),
               dict(n=9, batch_size=2, shuffle=False, drop_last=False), dict(n=257, batch_size=32, shuffle=True, drop_last=False)]
    for seed in [None, 0, 42, str(2**64 - 1)]:
        for cfg in configs:
            out.append({'op': 'DataLoader', **cfg, 'seed': seed, 'global_seed': 11, 'epochs': 3})
    out.append({'op': 'DataLoader', 'n': 20, 'batch_size': 3, 'shuffle': True, 'drop_last': False, 'seed': 5, 'global_seed': 1,
                'epochs': 3, 'num_workers': 2, 'persistent_workers': True})
    for seed in [None, 0]:
        out.append({'op': 'worker_seeds', 'n': 12, 'batch_size': 2, 'shuffle': True, 'num_workers': 3, 'seed': seed,
                    'global_seed': 4, 'epochs': 2})
    out.append({'op': 'worker_seeds', 'n': 16, 'batch_size': 2, 'shuffle': True, 'num_workers': 2, 'seed': 3,
                'global_seed': 4, 'epochs': 2, 'persistent_workers': True})
    for t in range(40):
        w = [0 if R.random() < 0.15 else R.random() * 3 for _ in range(R.randrange(1, 12))]
        if not any(w):
            w[0] = 1.0
        repl = t % 2 == 0
        ns = R.randrange(1, 40) if repl else R.randrange(1, sum(1 for x in w if x > 0) + 1)
        out.append({'op': 'WeightedRandomSampler', 'weights': w, 'num_samples': ns, 'replacement': repl,
                    'seed': [None, 0, 42][t % 3], 'global_seed': gseeds[t % 4]})
    return out


def main():
    cs = cases()
    answers = []
    for c in cs:
        try:
            answers.append({'ok': torch_live.enc(torch_live.run(c))})
        except Exception as e:
            answers.append({'raises': type(e).__name__, 'error': str(e)})
    meta = {'torch': torch.__version__, 'numpy': np.__version__, 'python': platform.python_version(),
            'made_by': 'python3 test/engine/py/torch_golden.py (cases built here, answered by torch_live.run)'}
    json.dump({'meta': meta, 'cases': cs, 'answers': answers}, sys.stdout, separators=(',', ':'))


if __name__ == '__main__':
    main()
