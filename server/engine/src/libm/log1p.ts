/* @(#)s_log1p.c 5.1 93/09/24 */
/*
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
/* Modified by Naohiko Shimizu/Tokai University, Japan 1997/08/25,
   for performance improvement on pipelined processors.
 */
// TypeScript port of glibc sysdeps/ieee754/dbl-64/s_log1p.c (fdlibm). Bit-exact with glibc on
// x86-64 with FMA: glibc 2.36 selects `__log1p_fma`, the same file compiled with -mfma -mavx2;
// the fma() calls below are the multiply-adds GCC fused there (read from the disassembly of
// Debian's glibc 2.36), verified against that libm on millions of inputs. PyTorch 2.x draws its
// scalar Box–Muller radius and its exponential variates with `log1p(-u)`.
// Glibc releases without the FMA variant of log1p (it came with the x86-64 multiarch work of
// the 2.3x series) compute it unfused and can differ in the last bit.

import { fma } from './fma';
import { highWord, pow2 } from './bits';

const ln2_hi = 6.93147180369123816490e-1; // 3fe62e42 fee00000
const ln2_lo = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const Lp1 = 6.666666666666735130e-1; // 3FE55555 55555593
const Lp2 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const Lp3 = 2.857142874366239149e-1; // 3FD24924 94229359
const Lp4 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const Lp5 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const Lp6 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const Lp7 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244
const TWO_THIRDS = 0.66666666666666666;

/** log(1 + x), bit-identical to glibc's `log1p` (x86-64, FMA variant). */
export function log1p(x: number): number {
  const hx = highWord(x) | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let hu = 0;
  let f = 0;
  let c = 0;

  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) {
      // x <= -1.0
      return x === -1.0 ? -Infinity : NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2**-29
      if (ax < 0x3c900000) return x;
      return fma(-(x * x), 0.5, x);
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) {
    return x + x;
  }
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u) | 0;
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    // Setting u's exponent field to 0x3ff (or 0x3fe) is the exact scaling u·2^-k (or u·2^-(k+1)).
    if (hu < 0x6a09e) {
      u *= pow2(-k); // normalize u
    } else {
      u *= pow2(-k - 1); // normalize u/2
      k += 1;
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2**-20
    if (f === 0) {
      if (k === 0) return 0;
      return fma(k, ln2_hi, fma(k, ln2_lo, c));
    }
    const R = fma(-f, TWO_THIRDS, 1.0) * hfsq;
    if (k === 0) return f - R;
    return fma(k, ln2_hi, -(R - fma(k, ln2_lo, c) - f));
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R2 = fma(z, Lp3, Lp2);
  const R3 = fma(z, Lp5, Lp4);
  const R4 = fma(z, Lp7, Lp6);
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z2 * z4;
  const R = fma(z6, R4, fma(z4, R3, fma(z, Lp1, z2 * R2)));
  const t = (R + hfsq) * s;
  if (k === 0) return f - (hfsq - t);
  return fma(k, ln2_hi, -(hfsq - (fma(k, ln2_lo, c) + t) - f));
}
