// Writes test/engine/vectors/requests.jsonl: the requests whose real answers become the golden
// vectors (run on the GPU machine with PyTorch 2.x / NumPy 2.x, see README.md in this folder).
// Curated edges where 2.x differs from 1.13 or where bulk paths switch, plus a fixed fast-check
// sample of every lib (all fns, implemented in the engine or not), plus torch.cuda requests.
//
//   node --import tsx test/engine/vectors/make-requests.ts [sm_count]

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { DATA_KINDS, NUMPY_FNS, NUMPY_LEGACY_FNS, PYTHON_FNS, TORCH_FNS } from '../../../server/engine/src/protocol';
import { dataRequest, numpyRequests, pythonRequests, type Req, torchRequests } from '../../oracle/requests';

const TORCH = { torch: '2.11' };
const SM_COUNT = Number(process.argv[2] ?? 132);
const SAMPLE_SEED = 2026_11_27;
const out: Req[] = [];
const add = (r: Req) => out.push(r);

// ---- torch (CPU generator) and torch.global: edges of the 2.x rules
const seeds: (number | string)[] = [0, 1, 42, -1, 4294967296, '18446744073709551615', '-9223372036854775808', 'default'];
for (const seed of seeds) {
  add({ lib: 'torch', seed, version: TORCH, calls: [{ fn: 'initial_seed' }, { fn: 'randperm', n: 10 }, { fn: 'rand', size: [5] }, { fn: 'randn', size: [3] }, { fn: 'randint', low: 0, high: 100, size: [4] }, { fn: 'random_int64', size: [2] }] });
}
for (const seed of ['18446744073709551616', '-9223372036854775809']) add({ lib: 'torch', seed, version: TORCH, calls: [{ fn: 'initial_seed' }] });
for (const seed of [7, '18446744073709551616']) add({ lib: 'torch.global', seed, version: TORCH, calls: [{ fn: 'initial_seed' }, { fn: 'randn', size: [20] }] });
for (const n of [0, 1, 2, 3, 100, 4097]) add({ lib: 'torch', seed: 3, version: TORCH, calls: [{ fn: 'randperm', n }, { fn: 'random_int64', size: [1] }] });
add({ lib: 'torch', seed: -1, version: TORCH, calls: [{ fn: 'randperm', n: -1 }] });
// The 2.x large-n randperm switches at 214,748,364 (inside-out, 64-bit draws).
for (const n of [10_000_000, 214_748_363, 214_748_364]) add({ lib: 'torch', seed: 0, version: TORCH, calls: [{ fn: 'randperm', n, out: 'sha256' }, { fn: 'random_int64', size: [4] }] });
// Bulk float paths (randn >= 16 is the vectorised block path) at the benchmark size.
for (const dtype of ['float32', 'float64']) {
  add({ lib: 'torch', seed: 0, version: TORCH, calls: [{ fn: 'rand', size: [10_000_000], dtype, out: 'sha256' }, { fn: 'randn', size: [10_000_000], dtype, out: 'sha256' }, { fn: 'rand', size: [4], dtype }] });
  for (const size of [[15], [16], [17], [31], [33], [4, 8]]) add({ lib: 'torch', seed: 5, version: TORCH, calls: [{ fn: 'randn', size, dtype }, { fn: 'randn', size: [3], dtype }, { fn: 'rand', size: [2], dtype }] });
}
// randint: 2.x draws 64 bits for every dtype once the range reaches 2**28.
for (const r of [2 ** 28 - 1, 2 ** 28, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40]) {
  for (const dtype of ['int64', 'int32']) {
    if (dtype === 'int32' && r > 2 ** 31) continue;
    add({ lib: 'torch', seed: 11, version: TORCH, calls: [{ fn: 'randint', low: 0, high: r, size: [6], dtype }, { fn: 'randint', low: 0, high: 10, size: [2] }] });
  }
}
add({ lib: 'torch', seed: 11, version: TORCH, calls: [{ fn: 'randint', low: '-9223372036854775808', high: '9223372036854775807', size: [5] }] });
add({ lib: 'torch', seed: 11, version: TORCH, calls: [{ fn: 'randint', low: 5, high: 5, size: [1] }] });
for (const p of [0, 0.25, 0.5, 1]) for (const dtype of ['float32', 'float64']) add({ lib: 'torch', seed: 9, version: TORCH, calls: [{ fn: 'bernoulli', size: [40], p, dtype }, { fn: 'rand', size: [2], dtype }] });
add({ lib: 'torch', seed: 9, version: TORCH, calls: [{ fn: 'bernoulli', size: [1_000_000], p: 0.3, out: 'sha256' }] });
// multinomial: 2.x sends k = 1 with replacement to the exponential race.
for (const replacement of [true, false]) {
  for (const k of [1, 2, 5]) {
    for (const dtype of ['float32', 'float64']) add({ lib: 'torch', seed: 13, version: TORCH, calls: [{ fn: 'multinomial', weights: [0.5, 2, 0, 1, 3.25, 0.125], num_samples: k, replacement, dtype }, { fn: 'rand', size: [1], dtype: 'float64' }] });
  }
}
add({ lib: 'torch', seed: 13, version: TORCH, calls: [{ fn: 'multinomial', weights: [0, 0], num_samples: 1 }] });

// ---- python, numpy: seeds of every accepted shape
add({ lib: 'python', seed: 0, calls: PYTHON_FNS.map((fn) => ({ fn, k: 64, start: 10, a: 1, b: 6, n: 10, mu: 0, sigma: 1 })).map((c) => (c.fn === 'sample' ? { fn: 'sample', n: 10, k: 3 } : c.fn === 'uniform' ? { fn: 'uniform', a: 1, b: 6 } : c)) });
for (const seed of [-5, '340282366920938463463374607431768211457', { str: 'seedlint' }, { bytes: '00ff10' }]) add({ lib: 'python', seed, calls: [{ fn: 'random' }, { fn: 'shuffle', n: 20 }, { fn: 'gauss', mu: 1, sigma: 2 }, { fn: 'gauss', mu: 1, sigma: 2 }] });
add({ lib: 'python', seed: 1, calls: [{ fn: 'shuffle', n: 1_000_000, out: 'sha256' }] });
for (const seed of [0, 4294967295, [1, 2, 3], 4294967296]) {
  add({ lib: 'numpy.legacy', seed, calls: [{ fn: 'rand', size: [3] }, { fn: 'randn', size: [3] }, { fn: 'randint', low: 0, high: 10, size: [3] }, { fn: 'permutation', n: 10 }, { fn: 'shuffle', n: 10 }, { fn: 'choice', n: 10, size: [3], replace: false }, { fn: 'uniform', low: -1, high: 1, size: [2] }] });
}
add({ lib: 'numpy.legacy', seed: 0, calls: [{ fn: 'permutation', n: 10_000_000, out: 'sha256' }] });
for (const seed of [0, '340282366920938463463374607431768211457', [1, 2, 3], -1]) {
  add({ lib: 'numpy', seed, calls: [{ fn: 'random', size: [3] }, { fn: 'standard_normal', size: [3] }, { fn: 'integers', low: 0, high: 10, size: [3] }, { fn: 'permutation', n: 10 }, { fn: 'shuffle', n: 10 }, { fn: 'choice', n: 10, size: [3], replace: false }] });
}
add({ lib: 'numpy', seed: 0, calls: [{ fn: 'permutation', n: 10_000_000, out: 'sha256' }, { fn: 'standard_normal', size: [1_000_000], out: 'sha256' }] });

// ---- torch.data at ImageNet scale (the benchmark shapes) and small
for (let rank = 0; rank < 8; rank++) add({ lib: 'torch.data', kind: 'DistributedSampler', n: 1_281_167, num_replicas: 8, rank, shuffle: true, seed: 0, drop_last: false, epoch: 0, version: TORCH, out: 'sha256' });
add({ lib: 'torch.data', kind: 'DataLoader', n: 1_281_167, batch_size: 256, shuffle: true, drop_last: false, generator_seed: 0, global_seed: null, epochs: 1, version: TORCH, out: 'sha256' });
add({ lib: 'torch.data', kind: 'DataLoader', n: 1_281_167, batch_size: 256, shuffle: true, drop_last: false, generator_seed: null, global_seed: 0, epochs: 2, version: TORCH, out: 'sha256' });
add({ lib: 'torch.data', kind: 'DataLoader', n: 10, batch_size: 3, shuffle: true, drop_last: false, generator_seed: 0, global_seed: null, epochs: 3, version: TORCH });
add({ lib: 'torch.data', kind: 'worker_seeds', n: 100, batch_size: 8, shuffle: true, drop_last: false, generator_seed: null, global_seed: 0, epochs: 2, num_workers: 4, version: TORCH });
add({ lib: 'torch.data', kind: 'random_split', n: 10, lengths: [0.5, 0.3, 0.2], generator_seed: 42, version: TORCH });
add({ lib: 'torch.data', kind: 'RandomSampler', n: 10, replacement: true, num_samples: 70, generator_seed: 1, version: TORCH });
add({ lib: 'torch.data', kind: 'WeightedRandomSampler', weights: [0.1, 0.9, 2], num_samples: 1, replacement: true, generator_seed: 1, version: TORCH });

// ---- a fixed random sample of every lib (all fns, whether the engine has them yet or not)
const sample = (arb: fc.Arbitrary<Req>, n: number, salt: number) => fc.sample(arb, { numRuns: n, seed: SAMPLE_SEED + salt }).forEach(add);
sample(torchRequests('torch', TORCH_FNS, TORCH), 300, 1);
sample(torchRequests('torch.global', TORCH_FNS, TORCH), 100, 2);
sample(pythonRequests(PYTHON_FNS), 200, 3);
sample(numpyRequests('numpy.legacy', NUMPY_LEGACY_FNS), 200, 4);
sample(numpyRequests('numpy', NUMPY_FNS), 200, 5);
sample(fc.oneof(...DATA_KINDS.map((k) => dataRequest[k]!)).map((r) => ({ ...r, version: TORCH })), 200, 6);

// ---- torch.cuda (Philox): answered by server/engine/src/torch/cuda (the float32 normals are refused)
const cudaSeeds: (number | string)[] = [0, 42, '18446744073709551615', -7];
for (const seed of cudaSeeds) {
  add({ lib: 'torch.cuda', seed, sm_count: SM_COUNT, version: TORCH, calls: [{ fn: 'initial_seed' }, { fn: 'rand', size: [10] }, { fn: 'randn', size: [10] }, { fn: 'randint', low: 0, high: 1000, size: [10] }, { fn: 'random_int64', size: [4] }, { fn: 'bernoulli', size: [10], p: 0.3 }, { fn: 'randperm', n: 20 }, { fn: 'rand', size: [3], dtype: 'float64' }, { fn: 'randn', size: [5], dtype: 'float64' }] });
}
for (const n of [1000, 100_000, 1_000_000, 10_000_000]) {
  add({ lib: 'torch.cuda', seed: 0, sm_count: SM_COUNT, version: TORCH, calls: [{ fn: 'rand', size: [n], out: 'sha256' }, { fn: 'randn', size: [n], out: 'sha256' }, { fn: 'randperm', n, out: 'sha256' }, { fn: 'rand', size: [4] }] });
}
sample(torchRequests('torch', TORCH_FNS.filter((f) => f !== 'initial_seed'), TORCH).map((r) => ({ ...r, lib: 'torch.cuda', seed: typeof r['seed'] === 'string' && r['seed'] === 'default' ? 1 : r['seed'], sm_count: SM_COUNT })), 100, 7);

const file = join(dirname(fileURLToPath(import.meta.url)), 'requests.jsonl');
writeFileSync(file, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
console.log(`${out.length} requests -> ${file}`);
