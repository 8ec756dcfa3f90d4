/*
 * Double-precision e^x function.
 *
 * Copyright (c) 2018, Arm Limited.
 * SPDX-License-Identifier: MIT
 *
 * TypeScript port of ARM optimized-routines math/exp.c (EXP_TABLE_BITS = 7, EXP_POLY_ORDER = 5,
 * TOINT_INTRINSICS = 0), which glibc ships since 2.28 as sysdeps/ieee754/dbl-64/e_exp.c.
 */
// Bit-exact with glibc on x86-64 with FMA (`__exp_fma`, compiled with -mfma -mavx2): the fma()
// calls are the contractions of Debian's glibc 2.36 build, read from its disassembly and
// verified against that libm on millions of inputs (test/engine/libm.test.ts).

import { fma } from './fma';
import { highWord, pow2 } from './bits';
import { C2, C3, C4, C5, InvLn2N, NegLn2hiN, NegLn2loN, SCALE, Shift, TAIL } from './exp-data';

const TWO_1009 = 2 ** 1009;
const TWO_M1022 = 2 ** -1022;

/** e^x, bit-identical to glibc's `exp` (x86-64, FMA variant). */
export function exp(x: number): number {
  let abstop = (highWord(x) >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >= 0x408 - 0x3c9 || abstop < 0x3c9) {
    if (abstop < 0x3c9) return 1.0 + x; // |x| < 2^-54
    if (abstop >= 0x409) {
      // |x| >= 1024
      if (x === -Infinity) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return x < 0 ? 0 : Infinity; // __math_uflow / __math_oflow
    }
    abstop = 0; // large x: special case below
  }
  // exp(x) = 2^(k/N)·exp(r), x = ln2/N·k + r
  const kdShifted = fma(x, InvLn2N, Shift);
  const k = kdShifted - Shift; // an integer, |k| < 2^19
  const r = fma(k, NegLn2loN, fma(k, NegLn2hiN, x));
  const idx = k & 127;
  const tail = TAIL[idx]!;
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r));
  const top = k >> 7;
  if (abstop !== 0) {
    const scale = SCALE[idx]! * pow2(top);
    return fma(scale, tmp, scale);
  }
  return specialCase(tmp, idx, top, k);
}

/** `specialcase` of exp.c: results that may overflow or underflow. */
function specialCase(tmp: number, idx: number, top: number, k: number): number {
  if (k > 0) {
    const scale = SCALE[idx]! * pow2(top - 1009);
    return TWO_1009 * fma(scale, tmp, scale);
  }
  const scale = SCALE[idx]! * pow2(top + 1022);
  const scaleTmp = scale * tmp; // not fused here: the product is used twice
  let y = scale + scaleTmp;
  if (y < 1.0) {
    let lo = scale - y + scaleTmp;
    const hi = 1.0 + y;
    lo = 1.0 - hi + y + lo;
    y = hi + lo - 1.0;
    if (y === 0) y = 0;
  }
  return TWO_M1022 * y;
}
