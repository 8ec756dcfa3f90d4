// Tensor.exponential_(lambd) on CPU, the portable kernel: aten/src/ATen/core/TransformationHelper.h
// (`exponential`), DistributionsHelper.h (`exponential_distribution<double>`),
// cpu/DistributionTemplates.h (`exponential_kernel`). See shared/spec/torch-cpu.md §4.2.
// Per element, in double: u = U53 (2 words); x = (-1/λ)·ln(1 - u) in 1.13, (-1/λ)·log1p(-u) in
// 2.x (glibc results, ../libm); then cast to the dtype.
// Not modelled: the MKL VSL variant (MKL builds of some releases; 2.11 runs the portable one).

import type { TorchGenerator } from './generator';
import { isTorch113, type TorchVersion } from './seed';
import { allocFloat, floatNumel, u53, type FloatDtype, type FloatTensor } from './uniform';
import { log } from '../libm/log';
import { log1p } from '../libm/log1p';

export interface ExponentialOptions {
  gen: TorchGenerator;
  size: number | readonly number[];
  /** λ, default 1. */
  lambd?: number;
  /** Default float32. */
  dtype?: FloatDtype;
  version?: TorchVersion;
}

/** One `exponential_distribution<double>(lambd)` draw. */
export function exponentialDraw(options: { gen: TorchGenerator; lambd?: number; version?: TorchVersion | undefined }): number {
  const u = u53(options.gen);
  const scale = -1.0 / (options.lambd ?? 1);
  return scale * (isTorch113(options.version) ? log(1.0 - u) : log1p(-u));
}

/** `torch.empty(size, dtype=dtype).exponential_(lambd, generator=gen)`. */
export function exponential(options: ExponentialOptions): FloatTensor {
  const lambd = options.lambd ?? 1;
  if (!(lambd > 0)) throw new RangeError(`exponential_ expects lambda > 0.0, but found lambda=${lambd}`);
  const out = allocFloat(options.dtype ?? 'float32', floatNumel(options.size));
  for (let i = 0; i < out.length; i++) out[i] = exponentialDraw({ gen: options.gen, lambd, version: options.version });
  return out;
}
