// torch.rand / Tensor.uniform_ on CPU: aten/src/ATen/core/TransformationHelper.h (`uniform_real`),
// aten/src/ATen/core/DistributionsHelper.h (`uniform_real_distribution`),
// aten/src/ATen/native/cpu/DistributionTemplates.h (`uniform_kernel`). Identical in 1.13 and 2.x.
// See shared/spec/torch-cpu.md §3.1.
//
// float32: one word per element, u = (W & 0xFFFFFF)·2^-24, result fma(u, to - from, from) in
// float32. float64: two words (first = high half), u = (D & (2^53 - 1))·2^-53, the same fma in
// double. GCC contracts `x * (to - from) + from` into one FMA on x86-64 (verified on torch).

import type { TorchGenerator } from './generator';
import { fma, fmaf } from '../libm/fma';

export type FloatDtype = 'float32' | 'float64';
export type FloatTensor = Float32Array | Float64Array;

export const TWO_M24 = 5.9604644775390625e-8; // 2^-24
export const TWO_M53 = 1.1102230246251565e-16; // 2^-53
const TWO_32 = 4294967296;

/** Words drawn per bulk request: big enough for speed, small enough to keep memory flat. */
export const CHUNK_WORDS = 16384;

/** Number of elements of a tensor of this shape (a number is a 1-D length). */
export function floatNumel(size: number | readonly number[]): number {
  const dims = typeof size === 'number' ? [size] : size;
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid tensor dimension ${d}`);
    n *= d;
  }
  return n;
}

export function allocFloat(dtype: FloatDtype, n: number): FloatTensor {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** `uniform_real_distribution<double>(0, 1)`: U53 from two words, the first the high half. */
export function u53(gen: TorchGenerator): number {
  const hi = gen.random();
  const lo = gen.random();
  return ((hi & 0x1fffff) * TWO_32 + lo) * TWO_M53;
}

/** `uniform_real_distribution<float>(0, 1)`: U24 from one word (its low 24 bits). */
export function u24(gen: TorchGenerator): number {
  return (gen.random() & 0xffffff) * TWO_M24;
}

/**
 * Fills out[start..end) with unit uniforms of the dtype, drawing words in bulk (the same words,
 * in the same order, as one draw per element).
 */
export function fillUnitUniforms(
  gen: TorchGenerator,
  out: FloatTensor,
  range: { start: number; end: number; dtype: FloatDtype; scratch?: Uint32Array },
): void {
  const { start, end, dtype } = range;
  const perElement = dtype === 'float32' ? 1 : 2;
  const wanted = Math.min(CHUNK_WORDS, (end - start) * perElement);
  const buffer = range.scratch && range.scratch.length >= wanted ? range.scratch.subarray(0, wanted) : new Uint32Array(wanted);
  let i = start;
  while (i < end) {
    const count = Math.min(buffer.length / perElement, end - i);
    const words = count === buffer.length / perElement ? buffer : buffer.subarray(0, count * perElement);
    gen.fill(words);
    if (dtype === 'float32') {
      for (let k = 0; k < count; k++) out[i + k] = (words[k]! & 0xffffff) * TWO_M24;
    } else {
      for (let k = 0; k < count; k++) {
        out[i + k] = ((words[2 * k]! & 0x1fffff) * TWO_32 + words[2 * k + 1]!) * TWO_M53;
      }
    }
    i += count;
  }
}

export interface RandOptions {
  gen: TorchGenerator;
  size: number | readonly number[];
  /** Default float32, torch's default dtype. */
  dtype?: FloatDtype;
}

export interface UniformOptions extends RandOptions {
  /** Default 0. */
  from?: number;
  /** Default 1. */
  to?: number;
}

/** `torch.rand(size, generator=gen, dtype=dtype)`, row-major. */
export function rand(options: RandOptions): FloatTensor {
  const dtype = options.dtype ?? 'float32';
  const out = allocFloat(dtype, floatNumel(options.size));
  fillUnitUniforms(options.gen, out, { start: 0, end: out.length, dtype });
  return out;
}

/** `torch.empty(size, dtype=dtype).uniform_(from, to, generator=gen)`. */
export function uniform(options: UniformOptions): FloatTensor {
  const dtype = options.dtype ?? 'float32';
  const out = allocFloat(dtype, floatNumel(options.size));
  fillUnitUniforms(options.gen, out, { start: 0, end: out.length, dtype });
  const from = dtype === 'float32' ? Math.fround(options.from ?? 0) : (options.from ?? 0);
  const to = dtype === 'float32' ? Math.fround(options.to ?? 1) : (options.to ?? 1);
  if (!(from <= to)) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (from === 0 && to === 1) return out; // fma(u, 1, 0) == u
  if (dtype === 'float32') {
    const range = Math.fround(to - from);
    for (let i = 0; i < out.length; i++) out[i] = fmaf(out[i]!, range, from);
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) out[i] = fma(out[i]!, range, from);
  }
  return out;
}
