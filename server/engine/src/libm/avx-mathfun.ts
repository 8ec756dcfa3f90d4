/*
   AVX implementation of sin, cos, sincos, exp and log

   Based on "sse_mathfun.h", by Julien Pommier
   http://gruntthepeon.free.fr/ssemath/

   Copyright (C) 2012 Giovanni Garberoglio
   Interdisciplinary Laboratory for Computational Science (LISC)
   Fondazione Bruno Kessler and University of Trento
   via Sommarive, 18
   I-38123 Trento (Italy)

  This software is provided 'as-is', without any express or implied
  warranty.  In no event will the authors be held liable for any damages
  arising from the use of this software.

  Permission is granted to anyone to use this software for any purpose,
  including commercial applications, and to alter it and redistribute it
  freely, subject to the following restrictions:

  1. The origin of this software must not be misrepresented; you must not
     claim that you wrote the original software. If you use this software
     in a product, an acknowledgment in the product documentation would be
     appreciated but is not required.
  2. Altered source versions must be plainly marked as such, and must not be
     misrepresented as being the original software.
  3. This notice may not be removed or altered from any source distribution.

  (this is the zlib license)
*/
// Altered source: a one-lane TypeScript port of `log256_ps` and `sincos256_ps` as PyTorch ships
// them in aten/src/ATen/native/cpu/avx_mathfun.h (Cephes polynomials in float32). PyTorch's
// AVX2 `normal_fill_16_AVX2` uses them for float32 randn/normal_ on tensors of >= 16 elements.
// The source writes separate _mm256_mul_ps/_mm256_add_ps; GCC (-O2 -mfma, builds of PyTorch on
// x86-64 Linux) contracts some pairs into FMAs. fmaf() marks exactly those (see
// shared/spec/torch-cpu.md §3.3, established by disassembly); every other step rounds to float32.

import { fmaf } from './fma';

const f32 = Math.fround;

const SQRTHF = f32(0.707106781186547524);
const LOG_P0 = f32(7.0376836292e-2);
const LOG_P1 = f32(-1.1514610310e-1);
const LOG_P2 = f32(1.1676998740e-1);
const LOG_P3 = f32(-1.2420140846e-1);
const LOG_P4 = f32(1.4249322787e-1);
const LOG_P5 = f32(-1.6668057665e-1);
const LOG_P6 = f32(2.0000714765e-1);
const LOG_P7 = f32(-2.4999993993e-1);
const LOG_P8 = f32(3.3333331174e-1);
const LOG_Q1 = f32(-2.12194440e-4);
const LOG_Q2 = f32(0.693359375);

const MINUS_DP1 = f32(-0.78515625);
const MINUS_DP2 = f32(-2.4187564849853515625e-4);
const MINUS_DP3 = f32(-3.77489497744594108e-8);
const SINCOF_P0 = f32(-1.9515295891e-4);
const SINCOF_P1 = f32(8.3321608736e-3);
const SINCOF_P2 = f32(-1.6666654611e-1);
const COSCOF_P0 = f32(2.443315711809948e-5);
const COSCOF_P1 = f32(-1.388731625493765e-3);
const COSCOF_P2 = f32(4.166664568298827e-2);
const FOPI = f32(1.27323954473516); // 4 / M_PI

const MIN_NORM_POS = 1.1754943508222875e-38; // 2^-126

const fScratch = new Float32Array(1);
const uScratch = new Uint32Array(fScratch.buffer);

/** One lane of `log256_ps(x)` for a float32 x (NaN for x <= 0). */
export function log256(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < MIN_NORM_POS) x = MIN_NORM_POS; // "cut off denormalized stuff"
  fScratch[0] = x;
  const bits = uScratch[0]!;
  uScratch[0] = (bits & ~0x7f800000) | 0x3f000000; // keep the fraction, exponent of 0.5
  let m = fScratch[0]!;
  let e = (bits >>> 23) - 127 + 1;
  const tmp = m < SQRTHF ? m : 0;
  if (m < SQRTHF) e -= 1;
  m = f32(m - 1 + tmp); // m - 1 is exact
  const z = f32(m * m);
  let y = fmaf(LOG_P0, m, LOG_P1);
  y = fmaf(y, m, LOG_P2);
  y = fmaf(y, m, LOG_P3);
  y = fmaf(y, m, LOG_P4);
  y = fmaf(y, m, LOG_P5);
  y = fmaf(y, m, LOG_P6);
  y = fmaf(y, m, LOG_P7);
  y = fmaf(y, m, LOG_P8);
  y = f32(y * m);
  y = fmaf(y, z, f32(e * LOG_Q1));
  y = f32(y - z * 0.5);
  const r = f32(m + y);
  return fmaf(e, LOG_Q2, r);
}

/** One lane of `sincos256_ps(x)`: writes [sin, cos] to `out`. */
export function sincos256(x: number, out: Float32Array | Float64Array): void {
  const negative = x < 0 || Object.is(x, -0);
  x = Math.abs(x);
  let j = Math.trunc(f32(x * FOPI)) | 0; // _mm256_cvttps_epi32
  j = (j + 1) & ~1;
  const yj = j;
  const swapSignSin = (j & 4) !== 0;
  const sinPolyFirst = (j & 2) === 0;
  x = fmaf(yj, MINUS_DP1, x);
  x = fmaf(yj, MINUS_DP2, x);
  x = fmaf(yj, MINUS_DP3, x);
  const negateCos = ((j - 2) & 4) === 0;
  const negateSin = negative !== swapSignSin;
  const z = f32(x * x);
  let yc = fmaf(fmaf(COSCOF_P0, z, COSCOF_P1), z, COSCOF_P2);
  yc = f32(yc * z);
  yc = fmaf(yc, z, -(z * 0.5));
  yc = f32(yc + 1);
  let ys = fmaf(fmaf(SINCOF_P0, z, SINCOF_P1), z, SINCOF_P2);
  ys = f32(ys * z);
  ys = fmaf(ys, x, x);
  // The masked selection adds a zero to the chosen polynomial: -0 becomes +0 there.
  const s = (sinPolyFirst ? ys : yc) + 0;
  const c = (sinPolyFirst ? yc : ys) + 0;
  out[0] = negateSin ? -s : s;
  out[1] = negateCos ? -c : c;
}

// ---- the hot path of torch.randn(float32, >= 16 elements) ----------------------------------

/** The rare half of an inlined fmaf: s = RN64(a·b + c) is exactly a float32 midpoint between r and other. */
function fmafTie(a: number, b: number, c: number, s: number, r: number, d: number, other: number): number {
  const p = a * b;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return r;
  return err > 0 === d > 0 ? other : r;
}

const LOG_P = [f32(7.0376836292e-2), f32(-1.1514610310e-1), f32(1.1676998740e-1), f32(-1.2420140846e-1), f32(1.4249322787e-1), f32(-1.6668057665e-1), f32(2.0000714765e-1), f32(-2.4999993993e-1), f32(3.3333331174e-1)];
const MINUS_DP = [f32(-0.78515625), f32(-2.4187564849853515625e-4), f32(-3.77489497744594108e-8)];
const SINCOF = [f32(-1.9515295891e-4), f32(8.3321608736e-3), f32(-1.6666654611e-1)];
const COSCOF = [f32(2.443315711809948e-5), f32(-1.388731625493765e-3), f32(4.166664568298827e-2)];
const TWO_PI_F = f32(2 * Math.PI);
/** 2^(c - 32) for c = clz32 of an integer in [1, 2^24]. */
const SCALE = Float64Array.from({ length: 33 }, (_, c) => 2 ** (c - 32));

/**
 * `normal_fill_16_AVX2` (aten/src/ATen/native/cpu/DistributionTemplates.h) on data[b .. b+15]:
 * lanes j = b..b+7 pair u1 = 1 - data[j] with u2 = data[j + 8]; writes radius·cos·std + mean to
 * data[j] and radius·sin·std + mean to data[j + 8]. The data must be U24 uniforms (k·2^-24), as
 * normal_fill_AVX2 draws them. This is log256 and sincos256 above, specialised and inlined by
 * hand for speed (fmaf's common exit inline, its rare halfway case in fmafTie); the tests check
 * both against torch and against each other.
 */
export function normalFill16Avx2(data: Float32Array, b: number, mean: number, std: number): void {
  for (let j = b; j < b + 8; j++) {
    // ---- radius = sqrt(-2 log(u1)), u1 = 1 - data[j] = m·2^-24 with m an integer in [1, 2^24]
    const m = 16777216 - data[j]! * 16777216;
    const clz = Math.clz32(m);
    let e = 8 - clz; // exponent field - 127 + 1
    let x = m * SCALE[clz]!; // mantissa in [0.5, 1)
    if (x < SQRTHF) {
      e -= 1;
      x = f32(x - 1 + x);
    } else {
      x = x - 1;
    }
    const z = f32(x * x);
    let y = LOG_P[0]!;
    for (let k = 1; k < 9; k++) {
      const cc = LOG_P[k]!;
      const s = y * x + cc;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(y, x, cc, s, r, d, o);
      }
      y = v;
    }
    y = f32(y * x);
    {
      const cc = f32(e * LOG_Q1);
      const s = y * z + cc;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(y, z, cc, s, r, d, o);
      }
      y = v;
    }
    y = f32(y - z * 0.5);
    let lg = f32(x + y);
    {
      const s = e * LOG_Q2 + lg;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(e, LOG_Q2, lg, s, r, d, o);
      }
      lg = v;
    }
    const radius = f32(Math.sqrt(-2 * lg));

    // ---- sincos(theta), theta = 2π·u2 >= 0
    let t = f32(TWO_PI_F * data[j + 8]!);
    let q = Math.trunc(f32(t * FOPI)) | 0;
    q = (q + 1) & ~1;
    for (let k = 0; k < 3; k++) {
      const cc = MINUS_DP[k]!;
      const s = q * cc + t;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(q, cc, t, s, r, d, o);
      }
      t = v;
    }
    const zz = f32(t * t);
    // cosine polynomial: ((C0 z + C1) z + C2) z, then ·z - z/2, + 1
    let yc = COSCOF[0]!;
    let ys = SINCOF[0]!;
    for (let k = 1; k < 3; k++) {
      const cc = COSCOF[k]!;
      const s = yc * zz + cc;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(yc, zz, cc, s, r, d, o);
      }
      yc = v;
      const cs = SINCOF[k]!;
      const s2 = ys * zz + cs;
      const r2 = f32(s2);
      const d2 = s2 - r2;
      let v2 = r2;
      if (d2 !== 0) {
        const o = r2 + 2 * d2;
        if (f32(o) === o) v2 = fmafTie(ys, zz, cs, s2, r2, d2, o);
      }
      ys = v2;
    }
    yc = f32(yc * zz);
    ys = f32(ys * zz);
    {
      const cc = -(zz * 0.5);
      const s = yc * zz + cc;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(yc, zz, cc, s, r, d, o);
      }
      yc = f32(v + 1);
    }
    {
      const s = ys * t + t;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(ys, t, t, s, r, d, o);
      }
      ys = v;
    }
    const sinFirst = (q & 2) === 0;
    let sn = (sinFirst ? ys : yc) + 0;
    let cs = (sinFirst ? yc : ys) + 0;
    if ((q & 4) !== 0) sn = -sn;
    if (((q - 2) & 4) === 0) cs = -cs;

    // ---- outputs: fma(radius·cos, std, mean), fma(radius·sin, std, mean)
    const n1 = f32(radius * cs);
    const n2 = f32(radius * sn);
    {
      const s = n1 * std + mean;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(n1, std, mean, s, r, d, o);
      }
      data[j] = v;
    }
    {
      const s = n2 * std + mean;
      const r = f32(s);
      const d = s - r;
      let v = r;
      if (d !== 0) {
        const o = r + 2 * d;
        if (f32(o) === o) v = fmafTie(n2, std, mean, s, r, d, o);
      }
      data[j + 8] = v;
    }
  }
}
