/*
 * Double-precision log(x) function.
 *
 * Copyright (c) 2018, Arm Limited.
 * SPDX-License-Identifier: MIT
 *
 * TypeScript port of ARM optimized-routines math/log.c (LOG_TABLE_BITS = 7, LOG_POLY_ORDER = 6,
 * LOG_POLY1_ORDER = 12), which glibc ships since 2.28 as sysdeps/ieee754/dbl-64/e_log.c.
 */
// Bit-exact with glibc on x86-64 machines with FMA (every x86-64 CPU since 2013): glibc then
// runs `__log_fma`, this file compiled with -mfma -mavx2, in which GCC contracted many
// multiply-adds. The fma() calls below are exactly the fused operations of Debian's glibc 2.36
// build (read from its disassembly); verified against that libm on tens of millions of inputs
// (test/engine/libm.test.ts). PyTorch's CPU kernels call this function through `std::log`.

import { fma } from './fma';
import { highWord, pow2 } from './bits';
import { A, B, LN2HI, LN2LO, TAB } from './log-data';

const [A0, A1, A2, A3, A4] = A;
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = B;
const TWO27 = 134217728; // 0x1p27
const TWO52 = 4503599627370496; // 0x1p52

/** Natural logarithm, bit-identical to glibc's `log` (x86-64, FMA variant). */
export function log(x: number): number {
  let hi = highWord(x);
  let kBias = 0;

  // 1 - 0x1p-4 <= x < 1 + 0x1.09p-4 (the low words of both bounds are zero)
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) {
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const p1 = fma(r2, B3, fma(r, B2, B1));
    const p2 = fma(r2, B6, fma(r, B5, B4));
    const p3 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
    const p = fma(fma(p3, r3, p2), r3, p1);
    const rhi = fma(-TWO27, r, fma(r, TWO27, r));
    const rlo = r - rhi;
    const rhi2 = rhi * rhi;
    const h = fma(rhi2, B0, r);
    let l = fma(rhi2, B0, r - h);
    l = fma(B0 * rlo, rhi + r, l);
    const y = fma(p, r3, l);
    return h + y;
  }
  const top = hi >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    // x < 0x1p-1022 or inf or nan
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (top & 0x8000 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // subnormal: normalise (the C code scales by 2^52, then takes 52 off the exponent field)
    x *= TWO52;
    hi = highWord(x) - (52 << 20);
    kBias = -52;
  }
  // x = 2^k z, z in [OFF, 2 OFF) with OFF = 0x3fe6000000000000
  const tmp = (hi - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = tmp >> 20;
  // iz = ix - (tmp & 0xfff << 52): x with k taken off its exponent, i.e. x·2^-k exactly
  const z = x * pow2(-(k - kBias));
  const invc = TAB[2 * i]!;
  const logc = TAB[2 * i + 1]!;

  const r = fma(z, invc, -1.0);
  const kd = k;
  const w = fma(kd, LN2HI, logc);
  const h = w + r;
  const l = fma(kd, LN2LO, w - h + r);
  const r2 = r * r;
  const r3 = r * r2;
  const q = fma(r2, fma(r, A4, A3), fma(r, A2, A1));
  const y = fma(r3, q, fma(r2, A0, l));
  return y + h;
}
