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
