// `torch.utils.data.random_split(dataset, lengths, generator)` (torch/utils/data/dataset.py),
// identical in 1.13 and 2.x: fractions become lengths (floor, then the remainder handed out
// round-robin from the first split), then ONE `randperm(sum(lengths))` is sliced in order.
// The default generator is torch's global generator object itself. See spec §5.3.

import type { TorchGenerator } from '../generator';
import { randperm, type PermutationArray } from '../randperm';
import { PythonRaiseError, type TorchVersion } from '../seed';

export interface RandomSplitResult {
  /** The lengths after fraction handling. */
  lengths: number[];
  /** Index lists of the subsets, in order. */
  subsets: PermutationArray[];
  /** The `UserWarning` messages Python emits (a zero-length split from fractions). */
  warnings: string[];
}

/** `math.isclose(a, b)` with the defaults rel_tol=1e-9, abs_tol=0. */
function isClose(a: number, b: number): boolean {
  if (a === b) return true;
  const diff = Math.abs(b - a);
  return diff <= Math.abs(1e-9 * b) || diff <= Math.abs(1e-9 * a);
}

/**
 * How `sum()` adds floats: CPython >= 3.12 uses Neumaier compensated summation
 * (Python/bltinmodule.c builtin_sum_impl), 3.11 and older plain left-to-right addition. It decides
 * edge cases such as fractions whose naive sum is 1.0000000000000002 (not treated as fractions).
 * Ints before the first float are summed exactly; mixing int and float items after a float is
 * treated like floats (unverified corner).
 */
export type FloatSum = 'compensated' | 'naive';

function pythonSum(values: readonly number[], mode: FloatSum): number {
  let sum = 0;
  let compensation = 0;
  for (const x of values) {
    const t = sum + x;
    if (mode === 'compensated') compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return compensation !== 0 && Number.isFinite(compensation) ? sum + compensation : sum;
}

/** The lengths random_split uses, and its warnings; throws PythonRaiseError like the Python code. */
export function randomSplitLengths(options: { n: number; lengths: readonly number[]; floatSum?: FloatSum }): { lengths: number[]; warnings: string[] } {
  const { n } = options;
  let lengths = [...options.lengths];
  const warnings: string[] = [];
  const total = pythonSum(lengths, options.floatSum ?? 'compensated');
  if (isClose(total, 1) && total <= 1) {
    const subsetLengths: number[] = [];
    lengths.forEach((frac, i) => {
      if (frac < 0 || frac > 1) throw new PythonRaiseError({ raises: 'ValueError', error: `Fraction at index ${i} is not between 0 and 1` });
      subsetLengths.push(Math.floor(n * frac));
    });
    const remainder = n - subsetLengths.reduce((acc, x) => acc + x, 0);
    for (let i = 0; i < remainder; i++) subsetLengths[i % subsetLengths.length]! += 1;
    lengths = subsetLengths;
    lengths.forEach((length, i) => {
      if (length === 0) warnings.push(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  for (const length of lengths) {
    if (!Number.isInteger(length)) {
      throw new PythonRaiseError({ raises: 'ValueError', error: 'Sum of input lengths does not equal the length of the input dataset!' });
    }
  }
  if (lengths.reduce((acc, x) => acc + x, 0) !== n) {
    throw new PythonRaiseError({ raises: 'ValueError', error: 'Sum of input lengths does not equal the length of the input dataset!' });
  }
  return { lengths, warnings };
}

/** Python's `seq[start:stop]` bounds (negative indices count from the end, then clamp). */
function sliceBounds(length: number, start: number, stop: number): [number, number] {
  const clamp = (i: number): number => (i < 0 ? Math.max(0, i + length) : Math.min(i, length));
  const s = clamp(start);
  return [s, Math.max(s, clamp(stop))];
}

/**
 * `random_split(range(n), lengths, generator=gen)`. `gen` is the given generator or torch's global
 * generator (the default argument is the global generator object itself, so it advances by n - 1).
 */
export function randomSplit(options: {
  n: number;
  lengths: readonly number[];
  gen: TorchGenerator;
  version?: TorchVersion;
  floatSum?: FloatSum;
}): RandomSplitResult {
  const { lengths, warnings } = randomSplitLengths(options);
  const indices = randperm({ gen: options.gen, n: options.n, version: options.version ?? '2' });
  const subsets: PermutationArray[] = [];
  let offset = 0;
  for (const length of lengths) {
    offset += length;
    const [start, stop] = sliceBounds(indices.length, offset - length, offset);
    subsets.push(indices.slice(start, stop));
  }
  return { lengths, subsets, warnings };
}
