// CPython's `random.Random`: reproduces Lib/random.py (seed, _randbelow_with_getrandbits,
// randrange, randint, choice, shuffle, sample, choices, uniform, gauss, normalvariate,
// expovariate) over the C core in Modules/_randommodule.c (random_seed, genrand_uint32,
// random_random, getrandbits). Checked against CPython 3.11.2 (Debian); the draws are the
// same from 3.9 to 3.13.

import { mt19937FromKey, mt19937FromWords, MT_N, type Mt19937 } from '../bitgen/mt19937';
import { sha512 } from '../util/sha512';
import { utf8Encode } from '../util/utf8';
import { cos, log, sin, sqrt } from './libm';

/**
 * What `random.seed(a)` accepts here: an int (any size, sign ignored; a JS number must be a safe
 * integer), a str, bytes, or `{ float: x }` for a Python float (seeded through hash(x), sign kept).
 */
export type PythonSeed = bigint | number | string | Uint8Array | { float: number };

/** A list that `shuffle` permutes in place: a JS array or any typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** Lib/random.py: `TWOPI = math.tau`. */
const TWOPI = 6.283185307179586;
/** Lib/random.py: `NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)`, bits 0x3ffb72cd3f331398. */
const NV_MAGICCONST = 1.7155277699214135;
const TWO_32 = 4294967296;

/** `random.Random(seed)` with the methods whose draws are reproduced bit for bit. */
export interface PythonRandom {
  /** `random()`: a double in [0, 1) from two 32-bit draws (res53). */
  random(): number;
  /** `getrandbits(k)`, k >= 0, as an unbounded integer. */
  getrandbits(k: number): bigint;
  /** `_randbelow(n)`, n >= 1: bigint in, bigint out; numbers (safe integers) in, number out. */
  randbelow(n: number): number;
  randbelow(n: bigint): bigint;
  /** `randrange(start, stop?, step?)`; throws RangeError where Python raises ValueError. */
  randrange(start: number, stop?: number | null, step?: number): number;
  randrange(start: bigint | number, stop?: bigint | number | null, step?: bigint | number): bigint | number;
  /** `randint(a, b)` = `randrange(a, b + 1)`. */
  randint(a: number, b: number): number;
  randint(a: bigint | number, b: bigint | number): bigint | number;
  /** `choice(seq)`: `seq[_randbelow(len(seq))]`; throws on an empty sequence (IndexError). */
  choice<T>(seq: ArrayLike<T>): T;
  /** `shuffle(x)` in place. */
  shuffle<T>(x: MutableArrayLike<T>): void;
  /** `sample(population, k, counts=None)`. */
  sample<T>(population: ArrayLike<T>, k: number, counts?: ArrayLike<number>): T[];
  /** `sample(range(n), k)`: the chosen indices, without building the population. */
  sampleIndices(n: number, k: number): number[];
  /** `choices(range(n), weights, cum_weights=, k=)`: the chosen indices. */
  choicesIndices(args: { n: number; weights?: ArrayLike<number>; cumWeights?: ArrayLike<number>; k?: number }): number[];
  /** `uniform(a, b)` = `a + (b - a) * random()`. */
  uniform(a: number, b: number): number;
  /** `gauss(mu, sigma)`: Box–Muller keeping the unscaled sin partner for the next call. */
  gauss(mu?: number, sigma?: number): number;
  /** `normalvariate(mu, sigma)`: Kinderman–Monahan, no cache. */
  normalvariate(mu?: number, sigma?: number): number;
  /** `expovariate(lambd)` = `-log(1 - random()) / lambd`. */
  expovariate(lambd?: number): number;
  clone(): PythonRandom;
  /** `getstate()`: the 624 words, the position and the cached gauss partner (null when empty). */
  getstate(): PythonRandomState;
}

export interface PythonRandomState {
  words: Uint32Array;
  index: number;
  gaussNext: number | null;
}

/** `abs(n)` as little-endian 32-bit words, `[0]` for zero: the key `random_seed` passes to init_by_array. */
export function intToKeyWords(n: bigint): Uint32Array {
  if (n < 0n) n = -n;
  const words: number[] = [];
  do {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);
  return Uint32Array.from(words);
}

/**
 * The integer `random.seed(a)` (version 2) reduces `a` to: ints as they are (their sign is
 * dropped later), str as its UTF-8 bytes and bytes as they are, each followed by their SHA-512
 * digest and read big-endian.
 */
export function seedToInt(seed: PythonSeed): bigint {
  if (typeof seed === 'bigint') return seed;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new TypeError(`an int seed must be a safe integer (pass a bigint), got ${seed}`);
    return BigInt(seed);
  }
  if (!(typeof seed === 'string' || seed instanceof Uint8Array)) return floatSeedToInt(seed.float);
  const bytes = typeof seed === 'string' ? utf8Encode(seed) : seed;
  const digest = sha512(bytes);
  let hex = '0x0';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return BigInt(hex);
}

const HASH_MODULUS = (1n << 61n) - 1n; // _PyHASH_MODULUS, 2^61 - 1
const HASH_INF = 314159n; // _PyHASH_INF

/** Python's `hash(x)` for a float (Python/pyhash.c _Py_HashDouble): the rational value mod 2^61 - 1. */
export function pythonFloatHash(x: number): bigint {
  if (Number.isNaN(x)) throw new RangeError('hash(nan) depends on the object identity (Python 3.10+): not reproducible');
  if (!Number.isFinite(x)) return x > 0 ? HASH_INF : -HASH_INF;
  if (x === 0) return 0n;
  // x = mant * 2^exp exactly, with mant a 53-bit integer
  const f = new Float64Array([Math.abs(x)]);
  const w = new Uint32Array(f.buffer);
  const biased = (w[1]! >>> 20) & 0x7ff;
  let mant = (BigInt(w[1]! & 0xfffff) << 32n) | BigInt(w[0]!);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  // 2^61 = 1 (mod 2^61 - 1), so 2^exp = 2^(exp mod 61) for negative exponents too
  const e = ((exp % 61) + 61) % 61;
  let h = ((mant % HASH_MODULUS) << BigInt(e)) % HASH_MODULUS;
  if (x < 0) h = -h;
  return h === -1n ? -2n : h;
}

/** random_seed on a float: hash(x) read as an unsigned 64-bit number (no abs). */
function floatSeedToInt(x: number): bigint {
  return BigInt.asUintN(64, pythonFloatHash(x));
}

function bitLengthNumber(n: number): number {
  return n < TWO_32 ? 32 - Math.clz32(n) : 64 - Math.clz32(Math.floor(n / TWO_32));
}

function bitLengthBig(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Python's `bisect_right(a, x, lo, hi)`. */
function bisectRight(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < a[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's `(a // b)` on ints. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

class PythonRandomImpl implements PythonRandom {
  constructor(
    private readonly mt: Mt19937,
    private gaussNext: number | null,
  ) {}

  random(): number {
    // random_random: a = genrand >> 5, b = genrand >> 6; (a*67108864 + b) / 9007199254740992.
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) * (1.0 / 9007199254740992.0);
  }

  getrandbits(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) throw new RangeError('number of bits must be non-negative');
    if (k === 0) return 0n;
    if (k <= 32) return BigInt(this.mt.nextUint32() >>> (32 - k));
    // Least significant word first; only the last word is shortened, keeping its top bits.
    let result = 0n;
    for (let i = 0; k > 0; i++, k -= 32) {
      let r = this.mt.nextUint32();
      if (k < 32) r >>>= 32 - k;
      result |= BigInt(r) << BigInt(32 * i);
    }
    return result;
  }

  randbelow(n: number): number;
  randbelow(n: bigint): bigint;
  randbelow(n: number | bigint): number | bigint {
    if (typeof n === 'bigint') {
      if (n <= 0n) throw new RangeError('randbelow needs n > 0');
      if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(this.randbelowNumber(Number(n)));
      const k = bitLengthBig(n);
      let r = this.getrandbits(k);
      while (r >= n) r = this.getrandbits(k);
      return r;
    }
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`randbelow needs a safe integer n > 0, got ${n}`);
    return this.randbelowNumber(n);
  }

  /** `_randbelow_with_getrandbits` for 1 <= n < 2^53, with getrandbits(k) done on numbers. */
  private randbelowNumber(n: number): number {
    const mt = this.mt;
    const k = bitLengthNumber(n);
    if (k <= 32) {
      const shift = 32 - k;
      let r = mt.nextUint32() >>> shift;
      while (r >= n) r = mt.nextUint32() >>> shift;
      return r;
    }
    const shift = 64 - k;
    for (;;) {
      const lo = mt.nextUint32();
      const r = (mt.nextUint32() >>> shift) * TWO_32 + lo;
      if (r < n) return r;
    }
  }

  randrange(start: number, stop?: number | null, step?: number): number;
  randrange(start: bigint | number, stop?: bigint | number | null, step?: bigint | number): bigint | number;
  randrange(start: bigint | number, stop?: bigint | number | null, step: bigint | number = 1): bigint | number {
    const asNumbers = typeof start === 'number' && typeof stop !== 'bigint' && typeof step === 'number';
    const back = (v: bigint): bigint | number => (asNumbers ? Number(v) : v);
    const istart = toInt(start, 'start');
    if (stop === undefined || stop === null) {
      if (toInt(step, 'step') !== 1n) throw new TypeError('Missing a non-None stop argument');
      if (istart > 0n) return back(this.randbelow(istart));
      throw new RangeError('empty range for randrange()');
    }
    const istop = toInt(stop, 'stop');
    const width = istop - istart;
    const istep = toInt(step, 'step');
    if (istep === 1n) {
      if (width > 0n) {
        if (asNumbers && Number.isSafeInteger(Number(width))) return (start as number) + this.randbelowNumber(Number(width));
        return back(istart + this.randbelow(width));
      }
      throw new RangeError(`empty range for randrange() (${istart}, ${istop}, ${width})`);
    }
    let n: bigint;
    if (istep > 0n) n = floorDiv(width + istep - 1n, istep);
    else if (istep < 0n) n = floorDiv(width + istep + 1n, istep);
    else throw new RangeError('zero step for randrange()');
    if (n <= 0n) throw new RangeError('empty range for randrange()');
    return back(istart + istep * this.randbelow(n));
  }

  randint(a: number, b: number): number;
  randint(a: bigint | number, b: bigint | number): bigint | number;
  randint(a: bigint | number, b: bigint | number): bigint | number {
    if (typeof a === 'number' && typeof b === 'number') return this.randrange(a, b + 1);
    return this.randrange(toInt(a, 'a'), toInt(b, 'b') + 1n);
  }

  choice<T>(seq: ArrayLike<T>): T {
    if (!seq.length) throw new RangeError('Cannot choose from an empty sequence');
    return seq[this.randbelowNumber(seq.length)]!;
  }

  shuffle<T>(x: MutableArrayLike<T>): void {
    // for i in reversed(range(1, len(x))): j = _randbelow(i + 1), with _randbelow's
    // getrandbits(k) inlined as one 32-bit draw shifted right by clz32(i + 1).
    const mt = this.mt;
    if (x.length - 1 >= 0xffffffff) throw new RangeError('shuffle of more than 2^32 items is not supported');
    for (let i = x.length - 1; i >= 1; i--) {
      const m = i + 1;
      const shift = Math.clz32(m);
      let j = mt.nextUint32() >>> shift;
      while (j >= m) j = mt.nextUint32() >>> shift;
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }

  sample<T>(population: ArrayLike<T>, k: number, counts?: ArrayLike<number>): T[] {
    if (counts !== undefined) {
      if (counts.length !== population.length) throw new RangeError('The number of counts does not match the population');
      const cum: number[] = [];
      let total = 0;
      for (let i = 0; i < counts.length; i++) {
        if (!Number.isInteger(counts[i])) throw new TypeError('Counts must be integers');
        cum.push((total += counts[i]!));
      }
      cum.pop();
      if (total <= 0) throw new RangeError('Total of counts must be greater than zero');
      return this.sampleIndices(total, k).map((s) => population[bisectRight(cum, s, 0, cum.length)]!);
    }
    return this.sampleIndices(population.length, k).map((j) => population[j]!);
  }

  sampleIndices(n: number, k: number): number[] {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`population size must be a non-negative integer, got ${n}`);
    if (!Number.isInteger(k) || !(0 <= k && k <= n)) throw new RangeError('Sample larger than population or is negative');
    const result = new Array<number>(k);
    if (n <= sampleSetSize(k)) {
      // The pool strategy: a shrinking copy of the population.
      const pool = new Float64Array(n);
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = this.randbelowNumber(n - i);
        result[i] = pool[j]!;
        pool[j] = pool[n - i - 1]!;
      }
    } else {
      // The set strategy: redraw indices already taken.
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelowNumber(n);
        while (selected.has(j)) j = this.randbelowNumber(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  choicesIndices(args: { n: number; weights?: ArrayLike<number>; cumWeights?: ArrayLike<number>; k?: number }): number[] {
    const { n, weights, cumWeights } = args;
    const k = args.k ?? 1;
    const result = new Array<number>(k);
    if (cumWeights === undefined && weights === undefined) {
      // population[floor(random() * n)], n as a float
      for (let i = 0; i < k; i++) result[i] = Math.floor(this.random() * n);
      return result;
    }
    if (cumWeights !== undefined && weights !== undefined) throw new TypeError('Cannot specify both weights and cumulative weights');
    let cum: ArrayLike<number>;
    if (weights !== undefined) {
      const acc = new Float64Array(weights.length);
      let s = 0;
      for (let i = 0; i < weights.length; i++) acc[i] = s = i === 0 ? weights[0]! : s + weights[i]!;
      cum = acc;
    } else {
      cum = cumWeights!;
    }
    if (cum.length !== n) throw new RangeError('The number of weights does not match the population');
    const total = cum[n - 1]! + 0.0;
    if (!(total > 0.0)) throw new RangeError('Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new RangeError('Total of weights must be finite');
    const hi = n - 1;
    for (let i = 0; i < k; i++) result[i] = bisectRight(cum, this.random() * total, 0, hi);
    return result;
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  gauss(mu = 0.0, sigma = 1.0): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = sqrt(-2.0 * log(1.0 - this.random()));
      z = cos(x2pi) * g2rad;
      this.gaussNext = sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  normalvariate(mu = 0.0, sigma = 1.0): number {
    for (;;) {
      const u1 = this.random();
      const u2 = 1.0 - this.random();
      const z = (NV_MAGICCONST * (u1 - 0.5)) / u2;
      const zz = (z * z) / 4.0;
      if (zz <= -log(u2)) return mu + z * sigma;
    }
  }

  expovariate(lambd = 1.0): number {
    return -log(1.0 - this.random()) / lambd;
  }

  clone(): PythonRandom {
    return new PythonRandomImpl(this.mt.clone(), this.gaussNext);
  }

  getstate(): PythonRandomState {
    const s = this.mt.state();
    return { words: s.words, index: s.index, gaussNext: this.gaussNext };
  }
}

function toInt(v: bigint | number, name: string): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isInteger(v)) throw new TypeError(`non-integer ${name} for randrange(): ${v}`);
  return BigInt(v);
}

/**
 * `sample`'s switch: `21 + 4 ** ceil(log(3k, 4))` when k > 5. 3k is never a power of 4, so
 * the smallest power of 4 above 3k is the float expression's value (for any practical k).
 */
export function sampleSetSize(k: number): number {
  let setsize = 21;
  if (k > 5) {
    let p = 1;
    while (p < 3 * k) p *= 4;
    setsize += p;
  }
  return setsize;
}

/** `random.Random(seed)`: ints of any size (negative ones seed like their absolute value), str, bytes. */
export function pythonRandom(seed: PythonSeed): PythonRandom {
  return new PythonRandomImpl(mt19937FromKey(intToKeyWords(seedToInt(seed))), null);
}

/** A generator resumed from `getstate()` output (`setstate`). */
export function pythonRandomFromState(state: { words: Uint32Array; index?: number; gaussNext?: number | null }): PythonRandom {
  return new PythonRandomImpl(mt19937FromWords(state.words, state.index ?? MT_N), state.gaussNext ?? null);
}
