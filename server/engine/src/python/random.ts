// CPython's `random.Random`: reproduces Lib/random.py (class Random, _randbelow_with_getrandbits,
// shuffle, sample, choice, choices, uniform, gauss, normalvariate) over the C core in
// Modules/_randommodule.c (random_seed, genrand_uint32, random_random, getrandbits).
// Checked against CPython 3.11.2 (Debian); the algorithms are unchanged from 3.9 to 3.13.

import { mt19937FromKey, mt19937FromWords, MT_N, type Mt19937 } from '../bitgen/mt19937';

/** What `random.seed(a)` accepts here: an int (any size, sign ignored), a str or bytes. */
export type PythonSeed = bigint | number | string | Uint8Array;

/** `random.Random(seed)` with the methods whose draws are reproduced bit for bit. */
export interface PythonRandom {
  /** `random()`: a double in [0, 1) from two 32-bit draws (res53). */
  random(): number;
  /** `getrandbits(k)`, k >= 0, as an unbounded integer. */
  getrandbits(k: number): bigint;
  clone(): PythonRandom;
  /** `getstate()`: the 624 words, the position and the cached gauss partner (null when empty). */
  getstate(): { words: Uint32Array; index: number; gaussNext: number | null };
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

function toBigInt(seed: bigint | number): bigint {
  if (typeof seed === 'bigint') return seed;
  if (!Number.isInteger(seed)) throw new TypeError(`an int seed must be an integer, got ${seed}`);
  return BigInt(seed);
}

class PythonRandomImpl implements PythonRandom {
  constructor(
    readonly mt: Mt19937,
    public gaussNext: number | null,
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

  clone(): PythonRandom {
    return new PythonRandomImpl(this.mt.clone(), this.gaussNext);
  }

  getstate(): { words: Uint32Array; index: number; gaussNext: number | null } {
    const s = this.mt.state();
    return { words: s.words, index: s.index, gaussNext: this.gaussNext };
  }
}

/** `random.Random(seed)`. Ints of any size; negative ints seed like their absolute value. */
export function pythonRandom(seed: PythonSeed): PythonRandom {
  if (typeof seed === 'string' || seed instanceof Uint8Array) throw new TypeError('str/bytes seeds: not yet');
  return new PythonRandomImpl(mt19937FromKey(intToKeyWords(toBigInt(seed))), null);
}

/** A generator resumed from `getstate()` output. */
export function pythonRandomFromState(state: { words: Uint32Array; index: number; gaussNext?: number | null }): PythonRandom {
  return new PythonRandomImpl(mt19937FromWords(state.words, state.index ?? MT_N), state.gaussNext ?? null);
}
