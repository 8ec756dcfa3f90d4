/*
 * Double-precision e^x function.
 *
 * Copyright (c) 2018, Arm Limited.
 * SPDX-License-Identifier: MIT
 */
// TypeScript port of ARM optimized-routines math/exp.c (EXP_TABLE_BITS = 7, EXP_POLY_ORDER = 5),
// which glibc ships since 2.28 as sysdeps/ieee754/dbl-64/e_exp.c. Bit-exact with glibc 2.36 on
// x86-64 with FMA, where the ifunc picks `__exp_fma` (the same file built with -mfma -mavx2):
// the fma() calls below are the contractions GCC made there, read from the disassembly of
// Debian's libm.so.6 (kd = fma(x, InvLn2N, Shift); r = fma(kd, NegLn2loN, fma(kd, NegLn2hiN, x));
// both polynomial pairs, the two Horner steps and scale + scale*tmp fused; in the k < 0 special
// case scale*tmp is not fused). Ported for NumPy's ziggurat (`exp(-0.5*x*x)` in its wedge test).

import { fma } from './fma';
import { EXP_TAB } from './exp-data';

// e_exp_data.c (__exp_data), N = 128
const InvLn2N = 184.6649652337873; // 0x1.71547652b82fep0 * N
const NegLn2hiN = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const NegLn2loN = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const Shift = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function fromBits(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0]!;
}

/** specialcase(): scale may have overflowed or the result may be subnormal. */
function specialcase(tmp: number, sbitsHi: number, sbitsLo: number, kiLo: number): number {
  if ((kiLo & 0x80000000) === 0) {
    // k > 0, the exponent of scale might have overflowed by <= 460.
    const scale = fromBits((sbitsHi - (1009 << 20)) >>> 0, sbitsLo);
    return 2 ** 1009 * fma(scale, tmp, scale);
  }
  // k < 0, need special care in the subnormal range.
  const scale = fromBits((sbitsHi + (1022 << 20)) >>> 0, sbitsLo);
  const st = scale * tmp;
  let y = scale + st;
  if (y < 1.0) {
    let lo = scale - y + st;
    const hi = 1.0 + y;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y === 0.0) y = 0.0; // avoid -0.0 with downward rounding
  }
  return 2 ** -1022 * y;
}

/** glibc `exp(x)`. */
export function exp(x: number): number {
  f64[0] = x;
  let abstop = (u32[1]! >>> 20) & 0x7ff;
  if (((abstop - 0x3c9) >>> 0) >= 0x3f) {
    if (abstop < 0x3c9) return 1.0 + x; // tiny x (0 included)
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0.0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return x < 0 ? 0.0 : Infinity; // __math_uflow / __math_oflow
    }
    abstop = 0; // large x is special cased below
  }
  // exp(x) = 2^(k/N) * exp(r), with exp(r) in [2^(-1/2N),2^(1/2N)]
  let kd = fma(x, InvLn2N, Shift);
  f64[0] = kd;
  const kiLo = u32[0]!;
  kd -= Shift;
  let r = fma(kd, NegLn2hiN, x);
  r = fma(kd, NegLn2loN, r);
  // 2^(k/N) ~= scale * (1 + tail)
  const idx = 4 * (kiLo & 0x7f);
  const tail = fromBits(EXP_TAB[idx]!, EXP_TAB[idx + 1]!);
  // sbits = T[idx + 1] + (ki << 45): only the high word moves
  const sbitsHi = (EXP_TAB[idx + 2]! + (kiLo << 13)) >>> 0;
  const sbitsLo = EXP_TAB[idx + 3]!;
  const r2 = r * r;
  const p23 = fma(r, C3, C2);
  const p45 = fma(r, C5, C4);
  const tmp = fma(r2 * r2, p45, fma(p23, r2, r + tail));
  if (abstop === 0) return specialcase(tmp, sbitsHi, sbitsLo, kiLo);
  const scale = fromBits(sbitsHi, sbitsLo);
  return fma(scale, tmp, scale);
}
