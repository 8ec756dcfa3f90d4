/*
 * IBM Accurate Mathematical Library
 * written by International Business Machines Corp.
 * Copyright (C) 2001-2023 Free Software Foundation, Inc.
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public License
 * along with this program; if not, see <https://www.gnu.org/licenses/>.
 */
// TypeScript port of glibc sysdeps/ieee754/dbl-64/s_sin.c (`__sin`, `__cos`; `__sincos` in
// s_sincos.c gives the same results, which GCC calls for a sin/cos pair of one argument) with
// the constants of usncs.h. LICENCE NOTE: this file is a port of LGPL-2.1+ code and keeps that
// licence; it is the only way to reproduce glibc's last bits.
//
// Bit-exact with glibc on x86-64 with FMA, where glibc runs `__sin_fma` / `__cos_fma` (this
// code compiled with -mfma -mavx2). The fma() calls are exactly the contractions of Debian's
// glibc 2.36 build, read from its disassembly and verified against that libm on tens of
// millions of inputs. Arguments with |x| >= 105414350 need glibc's multi-precision reduction
// (__branred), which is not ported: those throw a RangeError rather than return a wrong value.

import { fma } from './fma';
import { highWord } from './bits';
import { SINCOSTAB } from './sincos-table';

// usncs.h
const s1 = -0.16666666666666666; // -0x1.5555555555555p-3
const s2 = 0.008333333333332329; // 0x1.1111111110ECEp-7
const s3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
const s4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
const s5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
const big = 52776558133248; // 0x1.8p45
const hp0 = 1.5707963267948966; // 0x1.921FB54442D18p0
const hp1 = 6.123233995736766e-17; // 0x1.1A62633145C07p-54
const mp1 = 1.5707963407039642; // 0x1.921FB58000000p0
const mp2 = -1.3909067564377153e-8; // -0x1.DDE973C000000p-27
const pp3 = -4.97899623147991e-17; // -0x1.CB3B398000000p-55
const pp4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const hpinv = 0.6366197723675814; // 0x1.45F306DC9C883p-1
const toint = 6755399441055744; // 0x1.8p52
// s_sin.c
const sn3 = -1.66666666666664880952546298448555e-1;
const sn5 = 8.33333214285722277379541354343671e-3;
const cs2 = 4.99999999999999999999950396842453e-1;
const cs4 = -4.16666666666664434524222570944589e-2;
const cs6 = 1.38888874007937613028114285595617e-3;

const LIMIT = 105414350;

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ux = big + Math.abs(x);
  x = Math.abs(x) - (ux - big) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, sn5, sn3), x);
  const c = xx * fma(xx, fma(xx, cs6, cs4), cs2);
  const k = (ux - big) * 512; // low word of ux = round(|x|·128); four table entries each
  const sn = SINCOSTAB[k]!;
  const ssn = SINCOSTAB[k + 1]!;
  const cs = SINCOSTAB[k + 2]!;
  const ccs = SINCOSTAB[k + 3]!;
  const cor = fma(-s, sn, fma(-c, cs, fma(-s, ssn, ccs)));
  return cs + cor;
}

function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    // TAYLOR_SIN
    const xx = x * x;
    const p = fma(fma(fma(fma(s5, xx, s4), xx, s3), xx, s2), xx, s1);
    const t = fma(xx, fma(p, x, -(0.5 * dx)), dx);
    return x + t;
  }
  if (x <= 0) dx = -dx;
  const ux = big + Math.abs(x);
  x = Math.abs(x) - (ux - big);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, sn5, sn3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, cs6, cs4), cs2));
  const k = (ux - big) * 512; // low word of ux = round(|x|·128); four table entries each
  const sn = SINCOSTAB[k]!;
  const ssn = SINCOSTAB[k + 1]!;
  const cs = SINCOSTAB[k + 2]!;
  const ccs = SINCOSTAB[k + 3]!;
  const cor = fma(s, cs, fma(-c, sn, fma(s, ccs, ssn)));
  const res = sn + cor;
  return xold < 0 || Object.is(xold, -0) ? -Math.abs(res) : Math.abs(res);
}

/** reduce_sincos: x = n·π/2 + (a + da), returned as [n mod 4, a, da] in `out`. */
function reduceSincos(x: number, out: Float64Array): number {
  const t = fma(x, hpinv, toint);
  const xn = t - toint;
  const y = fma(-xn, mp2, fma(-xn, mp1, x));
  const n = xn & 3; // the low word of t is xn in two's complement
  const t2 = fma(-xn, pp3, y);
  let db = fma(-pp3, xn, y - t2);
  const b = fma(-xn, pp4, t2);
  db = db + fma(-xn, pp4, t2 - b);
  out[0] = b;
  out[1] = db;
  return n;
}

function doSincos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

const reduced = new Float64Array(2);

function tooLarge(x: number): never {
  throw new RangeError(`glibc sin/cos of |x| >= ${LIMIT} (${x}) needs __branred, which is not ported`);
}

/** sin(x), bit-identical to glibc's `sin` (x86-64, FMA variant) for |x| < 105414350. */
export function sin(x: number): number {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const t = hp0 - Math.abs(x);
    const r = Math.abs(doCos(t, hp1));
    return x < 0 ? -r : r;
  }
  if (k < 0x419921fb) {
    const n = reduceSincos(x, reduced);
    return doSincos(reduced[0]!, reduced[1]!, n);
  }
  if (k >= 0x7ff00000) return NaN;
  return tooLarge(x);
}

/** cos(x), bit-identical to glibc's `cos` (x86-64, FMA variant) for |x| < 105414350. */
export function cos(x: number): number {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = hp0 - Math.abs(x);
    const a = y + hp1;
    const da = y - a + hp1;
    return doSin(a, da);
  }
  if (k < 0x419921fb) {
    const n = reduceSincos(x, reduced);
    return doSincos(reduced[0]!, reduced[1]!, n + 1);
  }
  if (k >= 0x7ff00000) return NaN;
  return tooLarge(x);
}

/**
 * sin(x) and cos(x) of one argument, sharing the range reduction: the same values as `sin` and
 * `cos` (as glibc's `sincos`). Writes [sin, cos] to `out`.
 */
export function sincos(x: number, out: Float64Array): void {
  const k = highWord(x) & 0x7fffffff;
  if (k < 0x400368fd || k >= 0x419921fb) {
    out[0] = sin(x);
    out[1] = cos(x);
    return;
  }
  const n = reduceSincos(x, reduced);
  const a = reduced[0]!;
  const da = reduced[1]!;
  out[0] = doSincos(a, da, n);
  out[1] = doSincos(a, da, n + 1);
}
