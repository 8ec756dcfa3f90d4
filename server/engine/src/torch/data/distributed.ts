// `DistributedSampler` (torch/utils/data/distributed.py), identical in 1.13 and 2.x:
// a fresh `torch.Generator().manual_seed(seed + epoch)` per pass (the global generator is never
// touched), wrap-around padding or truncation to a multiple of num_replicas, then rank striding.
// See shared/spec/torch-cpu.md §5.2.

import { TorchGenerator } from '../generator';
import { randperm, type PermutationArray } from '../randperm';
import { isPythonRaise, PythonRaiseError, unpackSeed, type SeedInput, type TorchVersion } from '../seed';

export interface DistributedSamplerOptions {
  n: number;
  numReplicas: number;
  rank: number;
  shuffle?: boolean;
  /** Default 0. Any Python int; `seed + epoch` must be a valid manual_seed value. */
  seed?: SeedInput;
  dropLast?: boolean;
  /** The value given to `set_epoch`, default 0. */
  epoch?: number;
  version?: TorchVersion;
}

/** `num_samples` and `total_size` as the constructor computes them. */
export function distributedSamplerSizes(options: { n: number; numReplicas: number; dropLast?: boolean }): {
  numSamples: number;
  totalSize: number;
} {
  const { n, numReplicas } = options;
  const numSamples = options.dropLast && n % numReplicas !== 0 ? Math.ceil((n - numReplicas) / numReplicas) : Math.ceil(n / numReplicas);
  return { numSamples, totalSize: numSamples * numReplicas };
}

/**
 * `list(sampler)` after `sampler.set_epoch(epoch)`. Position p of the padded list is
 * `indices[p mod n]` (both padding branches of the Python code reduce to that), so the rank's
 * share is gathered without building the padded list: O(n) for the permutation, O(n/R) more.
 */
export function distributedSamplerIndices(options: DistributedSamplerOptions): PermutationArray {
  const { n, numReplicas, rank } = options;
  const version = options.version ?? '2';
  if (!Number.isSafeInteger(numReplicas) || numReplicas <= 0) {
    throw new PythonRaiseError({ raises: 'ZeroDivisionError', error: 'division by zero' });
  }
  if (rank >= numReplicas || rank < 0) {
    throw new PythonRaiseError({
      raises: 'ValueError',
      error: `Invalid rank ${rank}, rank should be in the interval [0, ${numReplicas - 1}]`,
    });
  }
  const { numSamples } = distributedSamplerSizes(options);
  let indices: PermutationArray | undefined;
  if (options.shuffle ?? true) {
    const seed = unpackSeed(BigInt(options.seed ?? 0) + BigInt(options.epoch ?? 0), version);
    if (isPythonRaise(seed)) throw new PythonRaiseError(seed);
    indices = randperm({ gen: new TorchGenerator(seed), n, version });
  }
  if (n === 0 && numSamples > 0) {
    throw new PythonRaiseError({ raises: 'ZeroDivisionError', error: 'integer division or modulo by zero' });
  }
  const out = n <= 2 ** 31 ? new Int32Array(numSamples) : new Float64Array(numSamples);
  for (let j = 0, p = rank; j < numSamples; j++, p += numReplicas) {
    const q = p < n ? p : p % n;
    out[j] = indices ? indices[q]! : q;
  }
  return out;
}
