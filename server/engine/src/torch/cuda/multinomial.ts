// torch.multinomial on CUDA for one row of weights (2.x):
// * aten/src/ATen/native/Distributions.cpp `multinomial_out`: without replacement, or with one
//   sample, the exponential race q = empty_like(w).exponential_(1), keys w / q, argmax (first
//   maximum) or topk. exponential_ on CUDA is uniform_and_transform with -log(u)
//   (TransformationHelper.h `exponential`, CUDA branch): float64 calls libdevice `log` (ported,
//   libdevice.ts), float32 `__logf`, the GPU's hardware log2 approximation: refused.
// * aten/src/ATen/native/cuda/MultinomialKernel.cu otherwise (`multinomial_with_replacement_kernel_impl`):
//   renormRows (a BlockReduceSum of the weights, then w / sum), a cumulative sum (cumsum_out; one
//   row = cub::DeviceScan::InclusiveScan), then `sampleMultinomialWithReplacement`: sample s is
//   thread s, curand_init(seed, s, offset), one curand_uniform4 of which only x is used, then a
//   binary search; the op reserves 4 offset units.

import { checkRaceWeights, multinomialError } from '../multinomial';
import type { CudaGenerator } from './generator';
import { forEachBlock, launchGridStride, type CudaDevice } from './launch';
import { curandUniform, curandUniformDouble } from './curand';
import { nvLog } from './libdevice';
import { CurandPhilox } from './stream';

export const MULTINOMIAL_FLOAT32_RACE_REFUSAL =
  'torch.multinomial on CUDA with float32 weights, without replacement or with num_samples == 1, draws ' +
  "exponentials through __logf, the GPU's hardware logarithm approximation, which the engine cannot " +
  'emulate bit for bit; use float64 weights';

/** A case whose GPU result depends on something the engine does not model (reason in the message). */
export class MultinomialUnmodelledError extends Error {}

/**
 * Largest row the with-replacement path is modelled for: torch.cumsum of one row (CUB's
 * InclusiveScan) equals the sequential running sum up to 30 float32 / 14 float64 values and not
 * beyond (measured on an H100 with torch 2.11: two threads' worth of CUB's items per thread);
 * renormRows' block reduction is then one warp's shuffle tree.
 */
export const CDF_MAX_CATEGORIES = { float32: 30, float64: 14 } as const;


export interface CudaMultinomialOptions {
  gen: CudaGenerator;
  weights: ArrayLike<number>;
  numSamples: number;
  replacement: boolean;
  dtype: 'float32' | 'float64';
  device: CudaDevice;
}

export function cudaMultinomial(options: CudaMultinomialOptions): Int32Array {
  const { numSamples, replacement } = options;
  const k = options.weights.length;
  if (!(numSamples > 0)) throw multinomialError('cannot sample n_sample <= 0 samples');
  if (!replacement && numSamples > k) throw multinomialError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  if (k > 1 << 24) throw multinomialError('number of categories cannot exceed 2^24');
  const single = options.dtype === 'float32';
  const w = single ? Float32Array.from(options.weights) : Float64Array.from(options.weights);
  if (!replacement || numSamples === 1) return race({ ...options, w, single });
  return cdf({ ...options, w, single });
}

function race(o: CudaMultinomialOptions & { w: Float32Array | Float64Array; single: boolean }): Int32Array {
  const { w } = o;
  checkRaceWeights(w);
  if (o.single) throw new MultinomialUnmodelledError(MULTINOMIAL_FLOAT32_RACE_REFUSAL);
  const n = w.length;
  const keys = new Float64Array(n);
  const launch = launchGridStride({ gen: o.gen, n, unroll: 2, device: o.device });
  const { threads } = launch.layout;
  const EPS_HALF = 2 ** -53; // numeric_limits<double>::epsilon() / 2
  forEachBlock(launch, (words, first) => {
    for (let lane = 0, i = first; lane < 2 && i < n; lane++, i += threads) {
      const u = curandUniformDouble(words[2 * lane]!, words[2 * lane + 1]!);
      const log = u >= 1 - EPS_HALF ? -EPS_HALF : nvLog(u);
      const q = -1 * log; // (-1.0 / lambda) * log with lambda = 1
      keys[i] = w[i]! / q;
    }
  });
  if (o.numSamples === 1) {
    let best = 0;
    for (let i = 1; i < n; i++) if (keys[i]! > keys[best]!) best = i;
    return Int32Array.of(best);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  for (let i = 1; i < Math.min(o.numSamples + 1, n); i++) {
    if (keys[order[i]!] === keys[order[i - 1]!]) {
      throw new MultinomialUnmodelledError(
        'torch.multinomial on CUDA: equal keys among the top num_samples (more samples than positive weights?); ' +
          "their order is that of the GPU's topk, which the engine does not reproduce",
      );
    }
  }
  return Int32Array.from(order.slice(0, o.numSamples));
}

/** `WarpReduceSum` over 32 lanes (shfl_down 16, 8, 4, 2, 1): lane 0's total. */
function warpTreeSum(lanes: Float32Array | Float64Array): number {
  const a = lanes.slice();
  for (let off = 16; off > 0; off >>= 1) for (let i = 0; i < off; i++) a[i] = a[i]! + a[i + off]!;
  return a[0]!;
}

function cdf(o: CudaMultinomialOptions & { w: Float32Array | Float64Array; single: boolean }): Int32Array {
  const { w, single } = o;
  const k = w.length;
  for (let i = 0; i < k; i++) {
    if (!(w[i]! >= 0) || !Number.isFinite(w[i]!)) {
      throw new MultinomialUnmodelledError('torch.multinomial on CUDA with a negative, infinite or NaN weight trips a device-side assert (the CUDA context dies); no Python exception to report');
    }
  }
  const maxK = CDF_MAX_CATEGORIES[o.dtype];
  if (k > maxK) {
    throw new MultinomialUnmodelledError(
      `torch.multinomial on CUDA with replacement and ${o.dtype} weights is modelled for at most ${maxK} categories ` +
        "(beyond that the GPU's prefix sum adds in an order the engine does not reproduce)",
    );
  }
  const lanes = single ? new Float32Array(32) : new Float64Array(32);
  lanes.set(w);
  const total = warpTreeSum(lanes);
  if (!(total > 0)) {
    throw new MultinomialUnmodelledError('torch.multinomial on CUDA with all-zero weights trips a device-side assert (the CUDA context dies); no Python exception to report');
  }
  const dist = single ? new Float32Array(k) : new Float64Array(k);
  for (let i = 0; i < k; i++) dist[i] = w[i]! / total; // a Float32Array store rounds the quotient
  const cum = single ? new Float32Array(k) : new Float64Array(k);
  let acc = 0;
  for (let i = 0; i < k; i++) {
    acc = i === 0 ? dist[0]! : single ? Math.fround(acc + dist[i]!) : acc + dist[i]!;
    cum[i] = acc;
  }
  const state = o.gen.philoxState(4);
  const stream = new CurandPhilox(state);
  const words = new Uint32Array(4);
  const out = new Int32Array(o.numSamples);
  for (let s = 0; s < o.numSamples; s++) {
    stream.block(s, 0, words);
    const r = curandUniform(words[0]!);
    let start = 0;
    let end = k;
    while (end - start > 0) {
      const mid = start + ((end - start) >> 1);
      if (cum[mid]! < r) start = mid + 1;
      else end = mid;
    }
    if (start === k) start = k - 1;
    while (start >= 1 && dist[start] === 0) start--;
    out[s] = start;
  }
  return out;
}
