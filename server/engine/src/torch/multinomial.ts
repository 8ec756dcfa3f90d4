// torch.multinomial on CPU for one row of weights. Sources: aten/src/ATen/native/Distributions.cpp
// (`multinomial_out`), aten/src/ATen/native/cpu/MultinomialKernel.cpp
// (`multinomial_with_replacement_apply`). See shared/spec/torch-cpu.md §4.3.
//
// * Exponential race, for every call without replacement, and with replacement when
//   numSamples == 1 in 2.x only: q = empty_like(w).exponential_(1) (one U53 per category, in
//   category order, computed in double and cast to w's dtype), keys w / q in w's dtype; one
//   sample is the argmax (first maximum), k samples are topk's indices in descending key order.
// * CDF kernel (with replacement otherwise): running sums in w's dtype, divided by the total,
//   last bucket forced to 1; per sample one U53 and the first bucket with cum >= u.

import type { TorchGenerator } from './generator';
import { isTorch113, PythonRaiseError, type TorchVersion } from './seed';
import { exponentialDraw } from './exponential';
import { u53, type FloatDtype } from './uniform';

export interface MultinomialOptions {
  gen: TorchGenerator;
  /** One row of non-negative weights (a 1-D tensor). */
  weights: ArrayLike<number>;
  numSamples: number;
  /** Default false, as in torch.multinomial (WeightedRandomSampler passes true by default). */
  replacement?: boolean;
  /** dtype of the weight tensor; WeightedRandomSampler always makes float64. Default float64. */
  dtype?: FloatDtype;
  /** PyTorch version: 2.x (default) or '1.13'. */
  version?: TorchVersion;
}

/** The RuntimeError torch.multinomial raises (shared with the CUDA engine). */
export function multinomialError(error: string): PythonRaiseError {
  return new PythonRaiseError({ raises: 'RuntimeError', error });
}

/**
 * Indices drawn by `torch.multinomial(weights, numSamples, replacement, generator=gen)`.
 * Throws PythonRaiseError (RuntimeError) where torch raises.
 */
export function multinomial(options: MultinomialOptions): Int32Array {
  const { gen, numSamples } = options;
  const replacement = options.replacement ?? false;
  const single = options.dtype === 'float32';
  const n = options.weights.length;
  const w = single ? Float32Array.from(options.weights) : Float64Array.from(options.weights);
  if (n === 0) throw multinomialError('cannot sample from an empty distribution'); // torch: prob_dist must have at least one element
  if (!(numSamples > 0)) throw multinomialError('cannot sample n_sample <= 0 samples');
  if (!replacement && numSamples > n) {
    throw multinomialError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (n > 1 << 24) throw multinomialError('number of categories cannot exceed 2^24');

  if (!replacement || (numSamples === 1 && !isTorch113(options.version))) {
    return exponentialRace({ gen, w, numSamples, single, version: options.version });
  }
  return cdfSamples({ gen, w, numSamples, single });
}

/**
 * The checks torch makes before the exponential race (without replacement, or one sample), on
 * the CPU and on CUDA alike: every weight finite and non-negative, and not all zero.
 */
export function checkRaceWeights(w: ArrayLike<number>): void {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    if (!(v >= 0 && v < Infinity)) throw multinomialError('probability tensor contains either `inf`, `nan` or element < 0');
    sum += v;
  }
  if (sum === 0) throw multinomialError('invalid multinomial distribution (sum of probabilities <= 0)');
}

function exponentialRace(o: { gen: TorchGenerator; w: Float32Array | Float64Array; numSamples: number; single: boolean; version: TorchVersion | undefined }): Int32Array {
  const { w } = o;
  checkRaceWeights(w);
  const keys = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    let q = exponentialDraw({ gen: o.gen, lambd: 1, version: o.version });
    if (o.single) q = Math.fround(q);
    const key = w[i]! / q;
    keys[i] = o.single ? Math.fround(key) : key;
  }
  if (o.numSamples === 1) {
    // argmax: the first maximum (NaN counts as the maximum, as in torch)
    let best = 0;
    for (let i = 1; i < keys.length; i++) {
      const k = keys[i]!;
      const b = keys[best]!;
      if (Number.isNaN(b)) break;
      if (k > b || Number.isNaN(k)) best = i;
    }
    return Int32Array.of(best);
  }
  // topk(largest, sorted): the k largest keys in descending order. Distinct keys fix the answer;
  // equal keys (in practice: the zero keys of zero weights, once k exceeds the positive weights)
  // come out in the order libstdc++'s std::nth_element/std::sort leave them, not reproduced.
  const order = Array.from({ length: keys.length }, (_, i) => i);
  order.sort((a, b) => keys[b]! - keys[a]! || a - b);
  const k = o.numSamples;
  for (let i = 1; i < Math.min(k + 1, order.length); i++) {
    if (keys[order[i]!] === keys[order[i - 1]!]) {
      throw new RangeError(
        'multinomial without replacement: equal keys among the top k (more samples than positive weights?); ' +
          "their order is that of the C++ library's std::nth_element, which this engine does not reproduce",
      );
    }
  }
  return Int32Array.from(order.slice(0, k));
}

function cdfSamples(o: { gen: TorchGenerator; w: Float32Array | Float64Array; numSamples: number; single: boolean }): Int32Array {
  const { w } = o;
  const n = w.length;
  const cum = o.single ? new Float32Array(n) : new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const v = w[j]!;
    if (!(v >= 0)) throw multinomialError('invalid multinomial distribution (encountering probability entry < 0)');
    if (!Number.isFinite(v)) throw multinomialError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
    sum = o.single ? Math.fround(sum + v) : sum + v;
    cum[j] = sum;
  }
  if (!(sum > 0)) throw multinomialError('invalid multinomial distribution (sum of probabilities <= 0)');
  for (let j = 0; j < n; j++) cum[j] = cum[j]! / sum; // a Float32Array store rounds the quotient
  cum[n - 1] = 1;
  const out = new Int32Array(o.numSamples);
  for (let s = 0; s < o.numSamples; s++) {
    const u = u53(o.gen);
    let left = 0;
    let right = n;
    while (right - left > 0) {
      const mid = left + ((right - left) >> 1);
      if (cum[mid]! < u) left = mid + 1;
      else right = mid;
    }
    out[s] = left;
  }
  return out;
}
