// cuRAND's device-side transforms of Philox words, as CUDA 13.0's curand_uniform.h and
// curand_normal.h define them (`_curand_uniform`, `_curand_uniform_double_hq`,
// `_curand_box_muller_double`; constants CURAND_2POW32_INV, CURAND_2POW53_INV_DOUBLE).

import { nvLog, nvSincospi, sincospiOut } from './libdevice';

const TWO_M32 = 2 ** -32;
const TWO_M33 = 2 ** -33;
const TWO_M52 = 2 ** -52;
const TWO_M53 = 2 ** -53;
const TWO_M54 = 2 ** -54;

/**
 * `curand_uniform` on one word: float(x)·2^-32 + 2^-33 rounded once to float, in (0, 1]. The
 * product is exact and the sum fits a double exactly, so one Math.fround is the single rounding
 * (FMA-contracted or not, the GPU rounds once too).
 */
export function curandUniform(x: number): number {
  return Math.fround(Math.fround(x) * TWO_M32 + TWO_M33);
}

/** The 53-bit integer `a ^ (b << 21)` of `_curand_uniform_double_hq` and the double Box-Muller. */
function z53(a: number, b: number): number {
  return (b >>> 11) * 4294967296 + ((a ^ (b << 21)) >>> 0);
}

/** `_curand_uniform_double_hq(a, b)`: z·2^-53 + 2^-54 rounded once, in (0, 1]. */
export function curandUniformDouble(a: number, b: number): number {
  return z53(a, b) * TWO_M53 + TWO_M54;
}

/**
 * `_curand_box_muller_double(x0, x1, y0, y1)`: u from (x0, x1), v from (y0, y1),
 * s = sqrt(-2 log u), (sin, cos) = sincospi(v) with libdevice's `log` and `sincospi`
 * (bit-exact ports). Writes s·sin to out[0] and s·cos to out[1].
 */
export function curandBoxMullerDouble(words: ArrayLike<number>, out: Float64Array): void {
  const u = z53(words[0]!, words[1]!) * TWO_M53 + TWO_M54;
  const v = z53(words[2]!, words[3]!) * TWO_M52 + TWO_M53;
  const s = Math.sqrt(-2 * nvLog(u));
  nvSincospi(v);
  out[0] = sincospiOut[0]! * s;
  out[1] = sincospiOut[1]! * s;
}
