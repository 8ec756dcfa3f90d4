// The index samplers of torch/utils/data/sampler.py (SequentialSampler, RandomSampler,
// SubsetRandomSampler, WeightedRandomSampler, BatchSampler); identical in 1.13 and 2.x apart from
// type hints and a rewritten BatchSampler with the same output. See shared/spec/torch-cpu.md §5.1.
//
// Every sampler here runs ONE full pass, as `list(sampler)` or a DataLoader epoch that runs to the
// end does; the streams in ./streams.ts give the same values lazily.

import { TorchGenerator } from '../generator';
import { randint, randomInt64Scalar } from '../integers';
import { multinomial } from '../multinomial';
import { randperm, type PermutationArray } from '../randperm';
import { PythonRaiseError, type TorchVersion } from '../seed';

/** RandomSampler draws with replacement in chunks of this many (`randint(high=n, size=(32,))`). */
export const RANDOM_SAMPLER_CHUNK = 32;

export interface RandomSamplerOptions {
  n: number;
  replacement?: boolean;
  /** Default n. */
  numSamples?: number | null;
  /**
   * The sampler's `generator=`; null/undefined means RandomSampler seeds a private generator from
   * `globalGen` (two words: `random_()` on int64) at the start of each pass.
   */
  gen?: TorchGenerator | null;
  /** torch's default generator; needed only when `gen` is absent. */
  globalGen?: TorchGenerator;
  version?: TorchVersion;
}

/** RandomSampler's constructor checks (ValueError for a bad num_samples, at construction). */
export function checkRandomSampler(options: { n: number; numSamples?: number | null }): number {
  const numSamples = options.numSamples ?? options.n;
  if (!Number.isSafeInteger(numSamples) || numSamples <= 0) {
    throw new PythonRaiseError({
      raises: 'ValueError',
      error: `num_samples should be a positive integer value, but got num_samples=${numSamples}`,
    });
  }
  return numSamples;
}

/**
 * The generator RandomSampler draws from in one pass: the user's, or a fresh one seeded with
 * `torch.empty((), dtype=torch.int64).random_().item()` from the global generator.
 */
export function randomSamplerGenerator(options: { gen?: TorchGenerator | null; globalGen?: TorchGenerator }): TorchGenerator {
  if (options.gen) return options.gen;
  if (!options.globalGen) throw new Error('RandomSampler without generator= needs the global generator (globalGen)');
  return new TorchGenerator(randomInt64Scalar(options.globalGen));
}

/**
 * `list(RandomSampler(range(n), replacement, num_samples, generator))`: one full pass.
 * Without replacement: floor(N/n) whole permutations, then `randperm(n)[:N % n]`, which is drawn
 * in full even when N % n == 0 (n - 1 more words on the sampler's generator).
 * With replacement: randint(0, n) in chunks of 32, then one chunk of N % 32 (may be empty).
 */
export function randomSamplerIndices(options: RandomSamplerOptions): PermutationArray {
  const { n } = options;
  const numSamples = checkRandomSampler(options);
  const version = options.version ?? '2';
  const gen = randomSamplerGenerator(options);
  const out = n <= 2 ** 31 ? new Int32Array(numSamples) : new Float64Array(numSamples);
  if (options.replacement) {
    if (n <= 0) {
      throw new PythonRaiseError({ raises: 'RuntimeError', error: `random_ expects 'from' to be less than 'to', but got from=0 >= to=${n}` });
    }
    // Chunking changes nothing in the stream: every element costs the same draw.
    const values = randint({ gen, high: n, size: numSamples, version });
    for (let k = 0; k < numSamples; k++) out[k] = Number(values[k]!);
    return out;
  }
  if (n === 0) throw new PythonRaiseError({ raises: 'ZeroDivisionError', error: 'integer division or modulo by zero' });
  let filled = 0;
  for (let pass = Math.floor(numSamples / n); pass > 0; pass--) {
    out.set(randperm({ gen, n, version }), filled);
    filled += n;
  }
  const tail = randperm({ gen, n, version });
  out.set(tail.subarray(0, numSamples - filled), filled);
  return out;
}

/** `list(SubsetRandomSampler(indices, generator))`: `indices[randperm(len(indices))[i]]`. */
export function subsetRandomSamplerIndices(options: {
  indices: ArrayLike<number>;
  /** The sampler's generator, or torch's default generator when it has none (no intermediate seed). */
  gen: TorchGenerator;
  version?: TorchVersion;
}): Float64Array {
  const perm = randperm({ gen: options.gen, n: options.indices.length, version: options.version ?? '2' });
  const out = new Float64Array(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = options.indices[perm[i]!]!;
  return out;
}

/**
 * `list(WeightedRandomSampler(weights, num_samples, replacement, generator))`: one
 * `torch.multinomial(float64 weights, num_samples, replacement, generator)` per pass.
 * `gen` is the sampler's generator, or torch's default generator when it has none.
 */
export function weightedRandomSamplerIndices(options: {
  weights: ArrayLike<number>;
  numSamples: number;
  replacement?: boolean;
  gen: TorchGenerator;
  version?: TorchVersion;
}): Int32Array {
  const { numSamples } = options;
  if (!Number.isSafeInteger(numSamples) || numSamples <= 0) {
    throw new PythonRaiseError({
      raises: 'ValueError',
      error: `num_samples should be a positive integer value, but got num_samples=${numSamples}`,
    });
  }
  return multinomial({
    gen: options.gen,
    weights: options.weights,
    numSamples,
    replacement: options.replacement ?? true,
    dtype: 'float64',
    version: options.version === '1.13' ? '1.13' : '2.x',
  });
}

/** BatchSampler's checks (ValueError at construction). */
export function checkBatchSize(batchSize: number): void {
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
    throw new PythonRaiseError({
      raises: 'ValueError',
      error: `batch_size should be a positive integer value, but got batch_size=${batchSize}`,
    });
  }
}

/** `list(BatchSampler(indices, batch_size, drop_last))`: consecutive groups; a short last one unless drop_last. */
export function batchIndices(options: { indices: ArrayLike<number>; batchSize: number; dropLast?: boolean }): number[][] {
  const { indices, batchSize } = options;
  checkBatchSize(batchSize);
  const end = options.dropLast ? indices.length - (indices.length % batchSize) : indices.length;
  const batches: number[][] = [];
  for (let start = 0; start < end; start += batchSize) {
    const stop = Math.min(start + batchSize, end);
    const batch = new Array<number>(stop - start);
    for (let k = start; k < stop; k++) batch[k - start] = indices[k]!;
    batches.push(batch);
  }
  return batches;
}

/** `len(BatchSampler)`: floor with drop_last, else ceil. */
export function batchCount(options: { length: number; batchSize: number; dropLast?: boolean }): number {
  return options.dropLast ? Math.floor(options.length / options.batchSize) : Math.ceil(options.length / options.batchSize);
}
