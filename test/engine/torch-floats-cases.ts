// The case list of test/engine/torch-floats.test.ts, in its own module so that a script can
// write it out for the device machine (torch 2.11) without mocha.
import type { FloatDtype } from '../../server/engine/src/torch/uniform';
import { caseRng } from './live-python';

export type FloatOp =
  | { op: 'rand' | 'randn'; size: number[]; dtype: FloatDtype }
  | { op: 'uniform'; size: number[]; dtype: FloatDtype; from: number; to: number }
  | { op: 'normal'; size: number[]; dtype: FloatDtype; mean: number; std: number }
  | { op: 'bernoulli'; size: number[]; dtype: FloatDtype; p: number }
  | { op: 'bernoulliTensor'; dtype: FloatDtype; p: number[] }
  | { op: 'dropout'; dtype: FloatDtype; input: number[]; p: number }
  | { op: 'exponential'; size: number[]; dtype: FloatDtype; lambd: number }
  | { op: 'multinomial'; dtype: FloatDtype; weights: number[]; n: number; replacement: boolean };
export interface FloatCase {
  seed: number | string;
  ops: FloatOp[];
}
const DTYPES: FloatDtype[] = ['float32', 'float64'];
const SEEDS = [0, 1, 7, 42, 1234, 2 ** 32 + 5, -3, '18446744073709551615', 67280421310721];

/** The deterministic case list (also the input of the 2.11 golden file). */
export function buildCases(): FloatCase[] {
  const rng = caseRng(20261127);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const cases: FloatCase[] = [];
  const sizes = [1, 2, 3, 5, 8, 15, 16, 17, 24, 31, 32, 33, 47, 100, 257, 1000];
  for (const seed of SEEDS) {
    for (const dtype of DTYPES) {
      cases.push({ seed, ops: sizes.map((n) => ({ op: 'rand', size: [n], dtype })) });
      cases.push({ seed, ops: [[-1, 1], [2.5, 7.25], [-3000, 0.001], [0.1, 0.2], [-1e-5, 1e5]].map(([from, to]) => ({ op: 'uniform', size: [pick(sizes)], dtype, from: from!, to: to! })) });
      // every size 1..40 and some big ones, each in a fresh stream, then one more small draw
      for (let n = 1; n <= 40; n++) cases.push({ seed, ops: [{ op: 'randn', size: [n], dtype }, { op: 'randn', size: [1], dtype: 'float64' }] });
      for (const n of [64, 100, 1000, 4097, 2 * 16384 + 7]) cases.push({ seed, ops: [{ op: 'randn', size: [n], dtype }] });
      cases.push({ seed, ops: [{ op: 'randn', size: [3, 7], dtype }, { op: 'randn', size: [2, 2], dtype }] });
    }
    // the cached second Box–Muller value across calls, sizes and dtypes
    cases.push({ seed, ops: [1, 1, 1, 3, 1, 20, 1, 2, 17, 1, 5, 1].map((n, i) => ({ op: 'randn', size: [n], dtype: i % 3 === 0 ? 'float32' : 'float64' })) });
    cases.push({ seed, ops: [{ op: 'randn', size: [3], dtype: 'float64' }, { op: 'normal', size: [1], dtype: 'float32', mean: 2, std: 0.5 }, { op: 'rand', size: [2], dtype: 'float64' }, { op: 'randn', size: [1], dtype: 'float64' }] });
    for (const dtype of DTYPES) {
      cases.push({ seed, ops: [[1.25, 0.37], [-4, 3], [0.5, 1e-3], [100, 12.5]].flatMap(([mean, std]) => [1, 5, 16, 17, 100].map((n) => ({ op: 'normal' as const, size: [n], dtype, mean: mean!, std: std! }))) });
      cases.push({ seed, ops: [0, 0.1, 0.5, 1 / 3, 0.9, 1].map((p) => ({ op: 'bernoulli', size: [pick([1, 10, 100])], dtype, p })) });
      cases.push({ seed, ops: [{ op: 'bernoulliTensor', dtype, p: Array.from({ length: 50 }, () => rng()) }] });
      cases.push({ seed, ops: [0.1, 0.5, 0.8].map((p) => ({ op: 'dropout', dtype, p, input: Array.from({ length: 40 }, () => (rng() - 0.5) * 10) })) });
      cases.push({ seed, ops: [1, 0.5, 3].map((lambd) => ({ op: 'exponential', size: [pick([1, 7, 64])], dtype, lambd })) });
    }
  }
  // multinomial: with replacement (CDF kernel; k = 1 is the race in 2.x), without (race + topk)
  for (let i = 0; i < 160; i++) {
    const m = 1 + Math.floor(rng() * 30);
    const kind = i % 4;
    const weights: number[] = Array.from({ length: m }, () => (kind === 1 && rng() < 0.4 ? 0 : kind === 2 ? 1 : rng() * 10));
    if (!weights.some((w) => w > 0)) weights[0] = 1;
    const replacement = i % 2 === 0;
    const positive = weights.filter((w) => w > 0).length;
    const n = replacement ? pick([1, 5, 40, 100]) : Math.max(1, Math.min(positive, pick([1, 5, m])));
    cases.push({ seed: pick(SEEDS), ops: [{ op: 'multinomial', dtype: pick(DTYPES), weights, n, replacement }, { op: 'rand', size: [2], dtype: 'float64' }] });
  }
  return cases;
}

