// Integer draws of PyTorch's CPU generator: `Tensor.random_()` on int64 and `torch.randint`.
// Reproduces aten/src/ATen/core/TransformationHelper.h (uniform_int, uniform_int_from_to),
// aten/src/ATen/core/DistributionsHelper.h and aten/src/ATen/native/cpu/DistributionTemplates.h
// (random_kernel, random_from_to_kernel). See shared/spec/torch-cpu.md §2.1–2.2.

import type { TorchGenerator } from './generator';
import { isTorch113, PythonRaiseError, type TorchVersion } from './seed';

/** Words drawn per bulk `gen.fill`: big enough to amortise the call, small enough to stay in cache. */
const CHUNK_WORDS = 1 << 16;

/** A tensor shape as the protocol sends it (a list) or a plain element count. */
export type TensorSize = number | readonly number[];

export function sizeNumel(size: TensorSize): number {
  if (typeof size === 'number') return checkDim(size);
  let count = 1;
  for (const d of size) count *= checkDim(d);
  return count;
}

function checkDim(d: number): number {
  if (!Number.isSafeInteger(d) || d < 0) {
    throw new PythonRaiseError({ raises: 'RuntimeError', error: `Trying to create tensor with negative dimension ${d}: [${d}]` });
  }
  return d;
}

/**
 * One `torch.empty((), dtype=torch.int64).random_(generator=gen)`: `random64() mod 2**63`, i.e. the
 * top bit of the FIRST (high) word dropped. DataLoader's `_base_seed` and RandomSampler's seed.
 */
export function randomInt64Scalar(gen: TorchGenerator): bigint {
  const hi = gen.random() & 0x7fffffff;
  const lo = gen.random();
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * `torch.empty(size, dtype=torch.int64).random_(generator=gen)`: two words per element. Written
 * through a little-endian 32-bit view of the result (low word first), so no BigInt per element.
 */
export function randomInt64(options: { gen: TorchGenerator; size: TensorSize }): BigInt64Array {
  const count = sizeNumel(options.size);
  const out = new BigInt64Array(count);
  const halves = new Uint32Array(out.buffer, out.byteOffset, 2 * count);
  const words = new Uint32Array(Math.max(2, Math.min(CHUNK_WORDS, 2 * count)));
  for (let done = 0; done < count; ) {
    const take = Math.min(count - done, words.length >>> 1);
    const view = take * 2 === words.length ? words : words.subarray(0, take * 2);
    options.gen.fill(view);
    for (let k = 0; k < take; k++) {
      halves[2 * (done + k)] = view[2 * k + 1]!; // the second draw is the low half
      halves[2 * (done + k) + 1] = view[2 * k]! & 0x7fffffff; // mod 2**63 drops the first draw's top bit
    }
    done += take;
  }
  return out;
}

export type RandintDtype = 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'float64' | 'float32' | 'bfloat16';

/** dtypes that took the 64-bit draw in 1.13 when the range reached 2**32 (random_from_to_kernel). */
const WIDE_DTYPES_113: ReadonlySet<RandintDtype> = new Set(['int64', 'float64', 'float32', 'bfloat16']);

/**
 * Whether `randint` draws `random64()` (two words) instead of `random()` per element.
 * 1.13: range >= 2**32 and a 64-bit-capable dtype. 2.x (open-source builds, likely since 2.7):
 * range >= 2**28 for every dtype ("allow approx 5% skew"); fbcode builds keep the old rule.
 */
export function randintIsWide(options: { range: bigint; dtype?: RandintDtype; version?: TorchVersion }): boolean {
  if (isTorch113(options.version)) return options.range >= 1n << 32n && WIDE_DTYPES_113.has(options.dtype ?? 'int64');
  return options.range >= 1n << 28n;
}

export interface RandintOptions {
  gen: TorchGenerator;
  /** Inclusive lower bound, default 0. */
  low?: number | bigint;
  /** Exclusive upper bound. */
  high: number | bigint;
  size: TensorSize;
  /** Only the width rule (1.13) and float32 rounding depend on it. Default int64. */
  dtype?: RandintDtype;
  version?: TorchVersion;
}

/**
 * `torch.randint(low, high, size, generator=gen)`: per element in row-major order,
 * `(draw mod range) + low` with a 32- or 64-bit draw (see randintIsWide).
 * Returns a Float64Array when every possible value is a safe integer (|v| < 2**53), else a
 * BigInt64Array. Throws PythonRaiseError(RuntimeError) when low >= high, as torch does.
 */
export function randint(options: RandintOptions): Float64Array | BigInt64Array {
  const low = BigInt(options.low ?? 0);
  const high = BigInt(options.high);
  if (low >= high) {
    throw new PythonRaiseError({
      raises: 'RuntimeError',
      error: `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
    });
  }
  const range = high - low;
  const count = sizeNumel(options.size);
  const wide = randintIsWide({ range, dtype: options.dtype ?? 'int64', version: options.version ?? '2' });
  const safe = -(2n ** 53n) < low && high <= 2n ** 53n;
  if (!safe || (wide && range >= 1n << 37n)) return randintBig({ gen: options.gen, low, range, count, wide });
  const out = new Float64Array(count);
  const lowN = Number(low);
  const rangeN = Number(range);
  if (wide) fillWideModulo(options.gen, out, rangeN, lowN);
  else fillNarrowModulo(options.gen, out, rangeN, lowN);
  if (options.dtype === 'float32') for (let k = 0; k < count; k++) out[k] = Math.fround(out[k]!);
  return out;
}

/** `W() mod range + low`; range < 2**32 here, so the remainder is exact in doubles. */
function fillNarrowModulo(gen: TorchGenerator, out: Float64Array, range: number, low: number): void {
  const words = new Uint32Array(Math.min(CHUNK_WORDS, out.length));
  for (let done = 0; done < out.length; ) {
    const take = Math.min(out.length - done, words.length);
    const view = take === words.length ? words : words.subarray(0, take);
    gen.fill(view);
    for (let k = 0; k < take; k++) out[done + k] = modSmall(view[k]!, range) + low;
    done += take;
  }
}

/** `D() mod range + low` for range < 2**37 without BigInt: Horner over 16-bit limbs stays < 2**53. */
function fillWideModulo(gen: TorchGenerator, out: Float64Array, range: number, low: number): void {
  const words = new Uint32Array(Math.min(CHUNK_WORDS, 2 * out.length));
  for (let done = 0; done < out.length; ) {
    const take = Math.min(out.length - done, words.length >>> 1);
    const view = take * 2 === words.length ? words : words.subarray(0, take * 2);
    gen.fill(view);
    for (let k = 0; k < take; k++) out[done + k] = mod64(view[2 * k]!, view[2 * k + 1]!, range) + low;
    done += take;
  }
}

/**
 * `x mod m` for integers 0 <= x < 2**53 and 1 <= m, with x / m < 2**47 (so the rounded quotient is
 * off by at most one). Division and a correction are several times faster than `%` on doubles,
 * which V8 sends to fmod whenever a uint32 does not fit an int32.
 */
export function modSmall(x: number, m: number): number {
  const r = x - Math.floor(x / m) * m;
  return r < 0 ? r + m : r >= m ? r - m : r;
}

/** `(hi * 2**32 + lo) mod m` exactly, for 1 <= m < 2**37: Horner over 16-bit limbs stays < 2**53. */
export function mod64(hi: number, lo: number, m: number): number {
  let r = modSmall(hi, m);
  r = modSmall(r * 65536 + (lo >>> 16), m);
  return modSmall(r * 65536 + (lo & 0xffff), m);
}

/** The general (slow) path: BigInt arithmetic for huge ranges or bounds beyond 2**53. */
function randintBig(options: { gen: TorchGenerator; low: bigint; range: bigint; count: number; wide: boolean }): BigInt64Array {
  const { gen, low, range, count, wide } = options;
  const out = new BigInt64Array(count);
  for (let k = 0; k < count; k++) {
    const draw = wide ? gen.random64() : BigInt(gen.random());
    // uniform_int_from_to: static_cast<int64_t>((val % range) + base), wrapping like C++.
    out[k] = BigInt.asIntN(64, (draw % range) + low);
  }
  return out;
}
