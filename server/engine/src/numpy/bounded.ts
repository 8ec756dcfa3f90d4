// NumPy's bounded integers and shuffling draws (numpy/random/src/distributions/distributions.c:
// random_interval, gen_mask, buffered_bounded_*, bounded_lemire_*, random_bounded_*_fill,
// random_bounded_uint64; front end numpy/random/_bounded_integers.pyx.in). RandomState uses
// the masked-rejection variants, Generator Lemire's; both share the decision tree below.

import { Native64BitGenerator, type NumpyBitGenerator } from '../bitgen/numpy-bitgen';
import { mul64x64, mulhi32, wide } from '../bitgen/wide-math';

export type IntDtype = 'int64' | 'int32' | 'int16' | 'int8' | 'uint64' | 'uint32' | 'uint16' | 'uint8' | 'bool';
export type IntArray = BigInt64Array | BigUint64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

const TWO_32 = 4294967296;

/** The smallest 2^m - 1 >= max for max < 2^32 (gen_mask). */
export function genMask32(max: number): number {
  let mask = max >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** `random_interval(max)`: a value in [0, max] by masked rejection (shuffle, permutation); max < 2^53. */
export function randomInterval(bg: NumpyBitGenerator, max: number): number {
  if (max === 0) return 0;
  if (max <= 0xffffffff) {
    const mask = genMask32(max);
    let v: number;
    while ((v = (bg.nextUint32() & mask) >>> 0) > max);
    return v;
  }
  const maxHi = Math.floor(max / TWO_32);
  const maskHi = genMask32(maxHi);
  for (;;) {
    bg.next64();
    const v = (bg.hi & maskHi) * TWO_32 + bg.lo;
    if (v <= max) return v;
  }
}

/**
 * The shuffle loop every NumPy shuffle runs (`_shuffle_raw`, legacy and Generator alike):
 * `for i = n-1 .. first: j = random_interval(i); swap x[i], x[j]`. The mask only changes at
 * powers of two, so it is tracked instead of recomputed.
 */
export function shuffleInterval<T>(bg: NumpyBitGenerator, x: { length: number; [i: number]: T }, first = 1): void {
  let i = x.length - 1;
  if (i > 0xffffffff) throw new RangeError('arrays longer than 2^32 are not supported');
  if (bg instanceof Native64BitGenerator) {
    bg.shuffleInterval(x, first);
    return;
  }
  let mask = genMask32(i);
  for (; i >= first && i > 0; i--) {
    if (i <= mask >>> 1) mask >>>= 1; // i dropped below a power of two
    let j: number;
    while ((j = (bg.nextUint32() & mask) >>> 0) > i);
    const t = x[i]!;
    x[i] = x[j]!;
    x[j] = t;
  }
}

/** Lemire's method on 32 bits (buffered_bounded_lemire_uint32), rng < 2^32 - 1; `threshold` = (2^32-1-rng) % (rng+1). */
function lemire32(bg: NumpyBitGenerator, rngExcl: number, threshold: number): number {
  let d = bg.nextUint32();
  let leftover = Math.imul(d, rngExcl) >>> 0;
  if (leftover < rngExcl) {
    while (leftover < threshold) {
      d = bg.nextUint32();
      leftover = Math.imul(d, rngExcl) >>> 0;
    }
  }
  return mulhi32(d, rngExcl);
}

/** `random_bounded_uint64(off=0, rng, mask=0, use_masked=False)` for rng < 2^53: Generator's choice/tail shuffle draw. */
export function boundedLemireSingle(bg: NumpyBitGenerator, rng: number): number {
  if (rng === 0) return 0;
  if (rng < 0xffffffff) {
    const rngExcl = rng + 1;
    return lemire32(bg, rngExcl, (0xffffffff - rng) % rngExcl);
  }
  if (rng === 0xffffffff) return bg.nextUint32();
  const r = BigInt(rng);
  lemire64(bg, r);
  return wide[3]! * TWO_32 + wide[2]!;
}

/** bounded_lemire_uint64 for 2^32 - 1 < rng < 2^64 - 1: the 64-bit result is left in wide[3] (hi), wide[2] (lo). */
function lemire64(bg: NumpyBitGenerator, rng: bigint, threshold?: bigint): void {
  const rngExcl = rng + 1n;
  const eh = Number(rngExcl >> 32n), el = Number(rngExcl & 0xffffffffn);
  bg.next64();
  mul64x64(bg.hi, bg.lo, eh, el);
  if (lessU64(wide[1]!, wide[0]!, eh, el)) {
    const t = threshold ?? (0xffffffffffffffffn - rng) % rngExcl;
    const th = Number(t >> 32n), tl = Number(t & 0xffffffffn);
    while (lessU64(wide[1]!, wide[0]!, th, tl)) {
      bg.next64();
      mul64x64(bg.hi, bg.lo, eh, el);
    }
  }
}

function lessU64(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al < bl);
}

interface DtypeInfo {
  bits: 64 | 32 | 16 | 8 | 1;
  min: bigint;
  max: bigint;
}

const DTYPES: Record<IntDtype, DtypeInfo> = {
  int64: { bits: 64, min: -(2n ** 63n), max: 2n ** 63n - 1n },
  int32: { bits: 32, min: -(2n ** 31n), max: 2n ** 31n - 1n },
  int16: { bits: 16, min: -(2n ** 15n), max: 2n ** 15n - 1n },
  int8: { bits: 8, min: -128n, max: 127n },
  uint64: { bits: 64, min: 0n, max: 2n ** 64n - 1n },
  uint32: { bits: 32, min: 0n, max: 2n ** 32n - 1n },
  uint16: { bits: 16, min: 0n, max: 65535n },
  uint8: { bits: 8, min: 0n, max: 255n },
  bool: { bits: 1, min: 0n, max: 1n },
};

export function isIntDtype(d: string): d is IntDtype {
  return Object.prototype.hasOwnProperty.call(DTYPES, d);
}

function allocate(dtype: IntDtype, n: number): IntArray {
  switch (dtype) {
    case 'int64': return new BigInt64Array(n);
    case 'uint64': return new BigUint64Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
  }
}

/**
 * `_rand_<dtype>(low, high, size, use_masked, closed)` for scalar bounds: validates like NumPy
 * (RangeError where it raises ValueError), then fills `count` values. `closed` is Generator's
 * `endpoint=True`; RandomState's randint is half-open. A zero count draws nothing.
 */
export function boundedIntegers(args: {
  bg: NumpyBitGenerator;
  low: bigint;
  high: bigint;
  count: number;
  dtype: IntDtype;
  useMasked: boolean;
  closed: boolean;
}): IntArray {
  const { bg, low, count, dtype, useMasked } = args;
  const info = DTYPES[dtype];
  // _bounded_integers.pyx.in returns an empty array for a zero-sized `size` before any check.
  if (count === 0) return allocate(dtype, 0);
  const high = args.closed ? args.high : args.high - 1n;
  if (low < info.min) throw new RangeError(`low is out of bounds for ${dtype}`);
  if (high > info.max) throw new RangeError(`high is out of bounds for ${dtype}`);
  if (low > high) throw new RangeError(args.closed ? 'low > high' : 'low >= high');
  const out = allocate(dtype, count);
  const rng = high - low;
  const off = Number(BigInt.asUintN(32, low));
  if (info.bits === 64) {
    fill64({ bg, out: new Uint32Array(out.buffer, out.byteOffset, 2 * count), low, rng, useMasked });
    return out;
  }
  const r = Number(rng);
  const vals = new Uint32Array(count);
  if (info.bits === 32) fill32(bg, vals, r, useMasked);
  else if (info.bits === 16) fillSmall(bg, vals, r, useMasked, 16);
  else if (info.bits === 8) fillSmall(bg, vals, r, useMasked, 8);
  else fillBool(bg, vals, r);
  // (off + v) mod 2^width: storing into the dtype's typed array wraps exactly like the C cast.
  const narrow = out as Int32Array;
  for (let i = 0; i < count; i++) narrow[i] = (off + vals[i]!) | 0;
  return out;
}

/** random_bounded_uint32_fill (without the offset). */
function fill32(bg: NumpyBitGenerator, out: Uint32Array, rng: number, useMasked: boolean): void {
  const n = out.length;
  if (rng === 0) return;
  if (rng === 0xffffffff) {
    for (let i = 0; i < n; i++) out[i] = bg.nextUint32();
  } else if (useMasked) {
    const mask = genMask32(rng);
    for (let i = 0; i < n; i++) {
      let v: number;
      while ((v = (bg.nextUint32() & mask) >>> 0) > rng);
      out[i] = v;
    }
  } else {
    const rngExcl = rng + 1;
    const threshold = (0xffffffff - rng) % rngExcl;
    for (let i = 0; i < n; i++) out[i] = lemire32(bg, rngExcl, threshold);
  }
}

/** random_bounded_uint16_fill / uint8_fill: chunks of one next_uint32, lowest first, buffer local to the call. */
function fillSmall(bg: NumpyBitGenerator, out: Uint32Array, rng: number, useMasked: boolean, bits: 16 | 8): void {
  const n = out.length;
  if (rng === 0) return;
  const chunkMask = bits === 16 ? 0xffff : 0xff;
  const perWord = 32 / bits;
  let buf = 0;
  let bcnt = 0;
  const draw = (): number => {
    if (bcnt === 0) {
      buf = bg.nextUint32();
      bcnt = perWord - 1;
    } else {
      buf >>>= bits;
      bcnt--;
    }
    return buf & chunkMask;
  };
  if (rng === chunkMask) {
    for (let i = 0; i < n; i++) out[i] = draw();
  } else if (useMasked) {
    const mask = genMask32(rng);
    for (let i = 0; i < n; i++) {
      let v: number;
      while ((v = draw() & mask) > rng);
      out[i] = v;
    }
  } else {
    // buffered_bounded_lemire_uint16/8: products fit in 32 bits
    const rngExcl = rng + 1;
    const threshold = (chunkMask - rng) % rngExcl;
    for (let i = 0; i < n; i++) {
      let m = draw() * rngExcl;
      let leftover = m & chunkMask;
      if (leftover < rngExcl) {
        while (leftover < threshold) {
          m = draw() * rngExcl;
          leftover = m & chunkMask;
        }
      }
      out[i] = m >>> bits;
    }
  }
}

/** random_bounded_bool_fill: one bit per value from next_uint32, least significant first. */
function fillBool(bg: NumpyBitGenerator, out: Uint32Array, rng: number): void {
  if (rng === 0) return;
  let buf = 0;
  let bcnt = 0;
  for (let i = 0; i < out.length; i++) {
    if (bcnt === 0) {
      buf = bg.nextUint32();
      bcnt = 31;
    } else {
      buf >>>= 1;
      bcnt--;
    }
    out[i] = buf & 1;
  }
}

/** random_bounded_uint64_fill, writing (low + v) mod 2^64 as little-endian u32 pairs. */
function fill64(args: { bg: NumpyBitGenerator; out: Uint32Array; low: bigint; rng: bigint; useMasked: boolean }): void {
  const { bg, out, rng, useMasked } = args;
  const n = out.length / 2;
  const offU = BigInt.asUintN(64, args.low);
  const offHi = Number(offU >> 32n), offLo = Number(offU & 0xffffffffn);
  const put = (i: number, vh: number, vl: number): void => {
    const lo = offLo + vl;
    out[2 * i] = lo >>> 0;
    out[2 * i + 1] = (offHi + vh + (lo >= TWO_32 ? 1 : 0)) >>> 0;
  };
  if (rng === 0n) {
    for (let i = 0; i < n; i++) put(i, 0, 0);
  } else if (rng <= 0xffffffffn) {
    const vals = new Uint32Array(n);
    fill32(bg, vals, Number(rng), useMasked);
    for (let i = 0; i < n; i++) put(i, 0, vals[i]!);
  } else if (rng === 0xffffffffffffffffn) {
    for (let i = 0; i < n; i++) {
      bg.next64();
      put(i, bg.hi, bg.lo);
    }
  } else if (useMasked) {
    const rh = Number(rng >> 32n), rl = Number(rng & 0xffffffffn);
    const mh = genMask32(rh);
    for (let i = 0; i < n; i++) {
      let vh: number, vl: number;
      do {
        bg.next64();
        vh = (bg.hi & mh) >>> 0;
        vl = bg.lo;
      } while (vh > rh || (vh === rh && vl > rl));
      put(i, vh, vl);
    }
  } else {
    const threshold = (0xffffffffffffffffn - rng) % (rng + 1n);
    for (let i = 0; i < n; i++) {
      lemire64(bg, rng, threshold);
      put(i, wide[3]!, wide[2]!);
    }
  }
}
