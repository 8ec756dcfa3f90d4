// Bit-exact ports of the two CUDA double-precision math functions PyTorch's CUDA random ops reach:
// `log` and `sincospi` from NVIDIA's libdevice (CUDA 13.0 nvvm/libdevice/libdevice.10.bc,
// `__nv_log` and `__nv_sincospi`, read from its LLVM disassembly). Both are straight-line FMA
// code on IEEE doubles, so a correctly rounded fma reproduces them, with one exception: `__nv_log`
// seeds a reciprocal with the hardware's approximate `rcp.approx.ftz.f64` (SASS MUFU.RCP64H) and
// refines it by one Newton step whose result still depends on the seed (measured: about 1.6e-4
// of cuRAND's u values give a different log with the neighbouring seed). The seed is reproduced
// from a table measured on an H100 (rcp64h-table.ts, test/oracle/cuda-rcp64h-table.py).
// The float functions `__logf`, `__sincosf` (hardware SFU approximations) are NOT reproducible and
// have no port here.

import { fma } from '../../libm/fma';
import { RCP64H_CEIL_COUNT, RCP64H_CEIL_DELTAS, RCP64H_RANGES } from './rcp64h-table';

/** A value the GPU computes with hardware approximations the engine cannot reproduce exactly. */
export class UnreproducibleError extends Error {}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function hiWord(x: number): number {
  f64[0] = x;
  return u32[1]! | 0;
}
function loWord(x: number): number {
  f64[0] = x;
  return u32[0]!;
}
function fromWords(hi: number, lo: number): number {
  u32[1] = hi;
  u32[0] = lo;
  return f64[0]!;
}

// __nv_log's constants (hex as in the bitcode).
const LOG_P0 = fromWords(0x3eb1380b, 0x3ae80f1e);
const LOG_P1 = fromWords(0x3ed0ee25, 0x8b7a8b04);
const LOG_P2 = fromWords(0x3ef3b266, 0x9f02676f);
const LOG_P3 = fromWords(0x3f1745cb, 0xa9ab0956);
const LOG_P4 = fromWords(0x3f3c71c7, 0x2d1b5154);
const LOG_P5 = fromWords(0x3f624924, 0x923be72d);
const LOG_P6 = fromWords(0x3f899999, 0x9999a3c4);
const LOG_P7 = fromWords(0x3fb55555, 0x55555554);
const LN2_HI = fromWords(0x3fe62e42, 0xfefa39ef);
const LN2_LO = fromWords(0x3c7abc9e, 0x3b39803f);
const TWO_54 = 2 ** 54;

let rcpCeil: Uint8Array | undefined;

/** Decodes the table: 1 where the hardware rounds 1/x up on its 21-bit grid. */
function rcpCeilTable(): Uint8Array {
  if (rcpCeil) return rcpCeil;
  const table = new Uint8Array(1 << 20);
  const bytes = base64Bytes(RCP64H_CEIL_DELTAS);
  let pos = -1;
  let count = 0;
  for (let i = 0; i < bytes.length; ) {
    let delta = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[i++]!;
      delta += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    pos += delta;
    table[pos] = 1;
    count++;
  }
  if (count !== RCP64H_CEIL_COUNT) throw new Error('rcp64h-table.ts is corrupt');
  rcpCeil = table;
  return table;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Bytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * PTX `rcp.approx.ftz.f64` for a positive normal double, as measured on sm_90: only the 20 high
 * mantissa bits count; the result is floor(1/x) or, for the table's mantissas, ceil(1/x) on a
 * 21-bit grid (low word zero). Throws UnreproducibleError outside the table's ranges.
 */
export function rcpApproxF64(x: number): number {
  const hi = hiWord(x);
  const mant = hi & 0xfffff;
  const exp = (hi >>> 20) & 0x7ff;
  if (!RCP64H_RANGES.some(([a, b]) => mant >= a && mant < b) || exp === 0 || exp === 0x7ff || x < 0) {
    throw new UnreproducibleError(`rcp.approx.ftz.f64(${x}) is outside the measured table of the GPU's reciprocal approximation`);
  }
  const den = 0x100000 + mant;
  let q = Math.floor(2 ** 41 / den);
  if (q * den > 2 ** 41) q--;
  else if ((q + 1) * den <= 2 ** 41) q++;
  const k = q + rcpCeilTable()[mant]!;
  return k * 2 ** -21 * 2 ** (1023 - exp);
}

/** The part of __nv_log after the reciprocal: f = m - 1, rcp ≈ 1/(m + 1), e the exponent. */
function logTail(f: number, rcp: number, e: number): number {
  const q = f * rcp;
  const u = q + q;
  const u2 = u * u;
  let p = fma(LOG_P0, u2, LOG_P1);
  p = fma(p, u2, LOG_P2);
  p = fma(p, u2, LOG_P3);
  p = fma(p, u2, LOG_P4);
  p = fma(p, u2, LOG_P5);
  p = fma(p, u2, LOG_P6);
  p = fma(p, u2, LOG_P7);
  const t = 2 * (f - u);
  const corr = rcp * fma(-u, f, t);
  const lo = fma(p * u2, u, corr);
  const hi = fma(e, LN2_HI, u);
  const back = fma(-e, LN2_HI, hi) - u;
  return hi + fma(e, LN2_LO, lo - back);
}

/** libdevice `__nv_log(a)` (double natural logarithm), bit for bit. */
export function nvLog(a: number): number {
  let x = a;
  let hi = hiWord(x);
  let lo = loWord(x);
  let e = -1023;
  if (hi < 0x00100000) {
    x *= TWO_54;
    e -= 54;
    hi = hiWord(x);
    lo = loWord(x);
  }
  if (!(hi > 0 && hi < 0x7ff00000)) {
    // Zero -> -inf; negative, NaN -> NaN; +inf -> +inf (fma(a, inf, inf) in the original).
    if ((hi & 0x7fffffff) === 0 && x === 0) return -Infinity;
    return x * Infinity + Infinity;
  }
  e += hi >>> 20;
  let mhi = (hi & 0x800fffff) | 0x3ff00000;
  if (mhi > 0x3ff6a09e) {
    mhi -= 0x00100000;
    e += 1;
  }
  const m = fromWords(mhi, lo);
  const f = m - 1;
  const d = m + 1;
  // rcp.approx.ftz.f64, then e = 1 - d·r; e = e + e·e; r = r + r·e, all as FMAs.
  const r = rcpApproxF64(d);
  const e1 = fma(-d, r, 1);
  const e2 = fma(e1, e1, e1);
  return logTail(f, fma(e2, r, r), e);
}

// __nv_sincospi's constants.
const PI_HI = fromWords(0x400921fb, 0x54442d18);
const PI_LO = fromWords(0x3ca1a626, 0x33145c07);
const COS_C = [
  fromWords(0xbda8ff83, 0x20fd8164),
  fromWords(0x3e21eea7, 0xc1ef8528),
  fromWords(0xbe927e4f, 0x8e06e6d9),
  fromWords(0x3efa01a0, 0x19ddbce9),
  fromWords(0xbf56c16c, 0x16c15d47),
  fromWords(0x3fa55555, 0x55555551),
  -0.5,
  1,
] as const;
const SIN_C = [
  fromWords(0x3de5db65, 0xf9785eba),
  fromWords(0xbe5ae5f1, 0x2cb0d246),
  fromWords(0x3ec71de3, 0x69ace392),
  fromWords(0xbf2a01a0, 0x19db62a1),
  fromWords(0x3f811111, 0x11110818),
  fromWords(0xbfc55555, 0x55555554),
  0,
] as const;

/** sincospi's results: [sin(pi·a), cos(pi·a)] of the last call. */
export const sincospiOut = new Float64Array(2);

/** Round half to even (PTX cvt.rni.f64.f64, what llvm.nvvm.round.d lowers to). */
function roundHalfEven(x: number): number {
  const r = Math.round(x); // half up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** libdevice `__nv_sincospi(a, &s, &c)`, bit for bit; results in `sincospiOut`. */
export function nvSincospi(a: number): void {
  let x = a;
  const hi = hiWord(x);
  if (((hi + hi) >>> 0) > 0x86800000) x = x * 0; // |a| >= 2^53, inf, NaN
  // 2a by incrementing the exponent field, as the original does (also for zero and subnormals).
  const twice = fromWords((hiWord(x) + 0x00100000) | 0, loWord(x));
  const q = roundHalfEven(twice);
  const quadrant = q | 0; // fptosi to i64, then the low 32 bits
  const t = fma(-q, 0.5, x);
  const r = fma(t, PI_HI, t * PI_LO);
  const r2 = r * r;
  let c = fma(COS_C[0], r2, COS_C[1]);
  for (let i = 2; i < COS_C.length; i++) c = fma(c, r2, COS_C[i]!);
  let s = fma(SIN_C[0], r2, SIN_C[1]);
  for (let i = 2; i < SIN_C.length; i++) s = fma(s, r2, SIN_C[i]!);
  s = fma(s, r, r);
  if (quadrant & 1) {
    const sin = c;
    c = -s;
    s = sin;
  }
  if (quadrant & 2) {
    s = -s;
    c = -c;
  }
  c = c + 0;
  if (x === Math.trunc(x)) s = x * 0;
  sincospiOut[0] = s;
  sincospiOut[1] = c;
}
