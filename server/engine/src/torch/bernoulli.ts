// Bernoulli draws and dropout on CPU. Sources: cpu/DistributionTemplates.h (`bernoulli_kernel`
// for a double p and for a tensor p), cpu/DistributionKernels.cpp (`bernoulli_scalar_kernel`),
// aten/src/ATen/native/Dropout.cpp (`_dropout_impl`). See shared/spec/torch-cpu.md §4.1.
//
// Tensor.bernoulli_(p: float): per element, 1 if U53 < p (2 words). torch.bernoulli(p tensor):
// float64 p compares U53 < p, float32 p compares U24 < p in float (1 word).
// Not modelled: the MKL kernel (one word seeds MKL's MCG31 stream), used by MKL builds on Intel
// CPUs in some releases (1.13 official wheels); Debian's 1.13 and 2.11 run the portable one.

import type { TorchGenerator } from './generator';
import { allocFloat, floatNumel, u24, u53, type FloatDtype, type FloatTensor } from './uniform';

export interface BernoulliOptions {
  gen: TorchGenerator;
  size: number | readonly number[];
  /** Probability of a 1, a Python float in [0, 1]. */
  p: number;
}

/** `torch.empty(size).bernoulli_(p, generator=gen)` as 0/1 values (any output dtype). */
export function bernoulli(options: BernoulliOptions): Uint8Array {
  const p = options.p;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  const out = new Uint8Array(floatNumel(options.size));
  for (let i = 0; i < out.length; i++) out[i] = u53(options.gen) < p ? 1 : 0;
  return out;
}

/** `torch.bernoulli(p, generator=gen)` for a tensor of probabilities of dtype `pDtype`. */
export function bernoulliTensor(options: { gen: TorchGenerator; p: ArrayLike<number>; pDtype?: FloatDtype }): Uint8Array {
  const out = new Uint8Array(options.p.length);
  const single = options.pDtype === 'float32';
  for (let i = 0; i < out.length; i++) {
    const p = single ? Math.fround(options.p[i]!) : options.p[i]!;
    out[i] = (single ? u24(options.gen) : u53(options.gen)) < p ? 1 : 0;
  }
  return out;
}

export interface DropoutOptions {
  gen: TorchGenerator;
  input: ArrayLike<number>;
  p: number;
  /** dtype of the input tensor; default float32. */
  dtype?: FloatDtype;
  /** Default true (F.dropout's default). */
  training?: boolean;
}

/**
 * `torch.nn.functional.dropout(input, p, training)` on CPU: noise = bernoulli_(1 - p) in the
 * input's dtype, noise /= (1 - p) (in float32 for float32 input), output = input · noise.
 */
export function dropout(options: DropoutOptions): FloatTensor {
  const dtype = options.dtype ?? 'float32';
  const p = options.p;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  const n = options.input.length;
  const out = allocFloat(dtype, n);
  if (p === 0 || options.training === false || n === 0) {
    for (let i = 0; i < n; i++) out[i] = options.input[i]!;
    return out;
  }
  if (p === 1) {
    for (let i = 0; i < n; i++) out[i] = options.input[i]! * 0;
    return out;
  }
  const keep = 1 - p;
  const scale = dtype === 'float32' ? Math.fround(1 / Math.fround(keep)) : 1 / keep;
  for (let i = 0; i < n; i++) {
    const noise = u53(options.gen) < keep ? scale : 0;
    const x = dtype === 'float32' ? Math.fround(options.input[i]!) : options.input[i]!;
    out[i] = x * noise; // exact product of two float32 values; the Float32Array store rounds once
  }
  return out;
}
