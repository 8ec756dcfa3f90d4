// torch.randn / Tensor.normal_ / torch.normal(mean, std, size) on CPU. Sources:
// aten/src/ATen/core/DistributionsHelper.h (`normal_distribution`, scalar Box–Muller with the
// generator's cached second value), aten/src/ATen/native/cpu/DistributionTemplates.h
// (`normal_kernel`, `normal_fill`, `normal_fill_16`, `normal_fill_AVX2`, `normal_fill_16_AVX2`).
// See shared/spec/torch-cpu.md §3.2-§3.3.
//
// Paths, as x86-64 Linux builds run them:
// * numel < 16: scalar Box–Muller in double for every dtype, reading and refilling
//   gen.nextDoubleNormal; 1.13 takes ln(1 - u2), 2.x log1p(-u2) (glibc results, ../libm).
// * numel >= 16, float32: the AVX2 kernel (also used on AVX-512 CPUs, where normal_stub is not
//   registered) with the float32 Cephes polynomials of avx_mathfun.h; no libm, no cache.
// * numel >= 16, float64: normal_fill with glibc log/cos/sin; no cache.
// Both vectorised paths draw all n uniforms, transform blocks of 16 as pairs (j, j+8), then,
// when 16 does not divide n, redraw 16 fresh uniforms for the last 16 slots and transform them.
// Not modelled: builds without AVX2 (ARM, ATEN_CPU_CAPABILITY=default: libm logf/sinf/cosf),
// MSVC/clang builds (no FMA contraction), half/bfloat16, non-contiguous tensors.

import type { TorchGenerator } from './generator';
import { isTorch113, type TorchVersion } from './seed';
import { allocFloat, CHUNK_WORDS, fillUnitUniforms, floatNumel, u53, type FloatDtype, type FloatTensor } from './uniform';
import { fma } from '../libm/fma';
import { log } from '../libm/log';
import { log1p } from '../libm/log1p';
import { sincos } from '../libm/sincos';
import { normalFill16Avx2 } from '../libm/avx-mathfun';

const TWO_PI = 2 * Math.PI; // 2.0 * c10::pi<double>

export interface RandnOptions {
  gen: TorchGenerator;
  size: number | readonly number[];
  /** Default float32, torch's default dtype. */
  dtype?: FloatDtype;
  /** PyTorch version: 2.x (default) or '1.13'; they differ in the scalar path only. */
  version?: TorchVersion;
}

export interface NormalOptions extends RandnOptions {
  /** Default 0. */
  mean?: number;
  /** Default 1. */
  std?: number;
}

/** `torch.randn(size, generator=gen, dtype=dtype)`, row-major. */
export function randn(options: RandnOptions): FloatTensor {
  return normal({ ...options, mean: 0, std: 1 });
}

/** `torch.empty(size, dtype=dtype).normal_(mean, std, generator=gen)` (also torch.normal(mean, std, size)). */
export function normal(options: NormalOptions): FloatTensor {
  const dtype = options.dtype ?? 'float32';
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const n = floatNumel(options.size);
  const out = allocFloat(dtype, n);
  if (n >= 16) {
    if (dtype === 'float32') normalFillAvx2(options.gen, out as Float32Array, Math.fround(mean), Math.fround(std));
    else normalFill64(options.gen, out as Float64Array, mean, std);
    return out;
  }
  const version = options.version;
  for (let i = 0; i < n; i++) out[i] = scalarNormal({ gen: options.gen, mean, std, version });
  return out;
}

const sc64 = new Float64Array(2);

/**
 * One draw of `at::normal_distribution<double>(mean, std)`: the cached value if the generator
 * holds one, else a Box–Muller pair whose sine half is cached. Returns a double (callers cast).
 */
export function scalarNormal(options: { gen: TorchGenerator; mean: number; std: number; version?: TorchVersion | undefined }): number {
  const gen = options.gen;
  const cached = gen.nextDoubleNormal;
  if (cached !== undefined) {
    gen.nextDoubleNormal = undefined;
    return fma(cached, options.std, options.mean);
  }
  const u1 = u53(gen);
  const u2 = u53(gen);
  const r = Math.sqrt(-2 * (isTorch113(options.version) ? log(1 - u2) : log1p(-u2)));
  const theta = TWO_PI * u1;
  sincos(theta, sc64);
  gen.nextDoubleNormal = r * sc64[0]!;
  return fma(r * sc64[1]!, options.std, options.mean);
}

/** `normal_fill_16<double>` on data[b .. b+15]. */
function transform16Double(data: Float64Array, b: number, mean: number, std: number): void {
  for (let j = b; j < b + 8; j++) {
    const u1 = 1 - data[j]!;
    const u2 = data[j + 8]!;
    const radius = Math.sqrt(-2 * log(u1));
    const theta = TWO_PI * u2;
    sincos(theta, sc64);
    data[j] = fma(radius * sc64[1]!, std, mean);
    data[j + 8] = fma(radius * sc64[0]!, std, mean);
  }
}

/** Shared driver of normal_fill / normal_fill_AVX2 (n >= 16). */
function fillBlocks<T extends FloatTensor>(gen: TorchGenerator, data: T, dtype: FloatDtype, transform: (data: T, b: number) => void): void {
  const n = data.length;
  // Uniform draws and block transforms interleave here, which consumes the same words in the
  // same order as drawing all n first: a block depends only on its own 16 uniforms.
  const step = 16 * 1024;
  const scratch = new Uint32Array(Math.min(CHUNK_WORDS, 2 * n));
  for (let start = 0; start < n; start += step) {
    const end = Math.min(n, start + step);
    fillUnitUniforms(gen, data, { start, end, dtype, scratch });
    const blockEnd = Math.min(end, n - (n % 16));
    for (let b = start; b + 16 <= blockEnd; b += 16) transform(data, b);
  }
  if (n % 16 !== 0) {
    fillUnitUniforms(gen, data, { start: n - 16, end: n, dtype, scratch });
    transform(data, n - 16);
  }
}

function normalFill64(gen: TorchGenerator, data: Float64Array, mean: number, std: number): void {
  fillBlocks(gen, data, 'float64', (d, b) => transform16Double(d, b, mean, std));
}

function normalFillAvx2(gen: TorchGenerator, data: Float32Array, mean: number, std: number): void {
  fillBlocks(gen, data, 'float32', (d, b) => normalFill16Avx2(d, b, mean, std));
}
