// MT19937, the generator shared by PyTorch's CPU generator, CPython's `random` and NumPy's
// legacy RandomState. Reproduces the reference implementation by Matsumoto and Nishimura as
// found in aten/src/ATen/core/MT19937RNGEngine.h, Modules/_randommodule.c and
// numpy/random/src/mt19937/mt19937.c: all three share init_genrand, the in-place twist and the
// tempering; they differ only in how a seed becomes the state (init_genrand vs init_by_array)
// and in when the first twist happens, which `index` captures.

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A Mersenne Twister state: 624 words and the read position (624 means "twist next"). */
export interface Mt19937 {
  /** The next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number;
  /** Fills `out` with consecutive outputs: the same values as calling nextUint32() in a loop. */
  fill(out: Uint32Array): void;
  clone(): Mt19937;
  /** A copy of the 624 state words and the read position. */
  state(): { words: Uint32Array; index: number };
}

/** `init_genrand(s)`: only the low 32 bits of `seed` enter the state. */
export function initGenrandWords(seed: number): Uint32Array {
  const mt = new Uint32Array(MT_N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
  }
  return mt;
}

/** `init_by_array(key)` as CPython and NumPy use it (key words are u32, key non-empty). */
export function initByArrayWords(key: ArrayLike<number>): Uint32Array {
  const mt = initGenrandWords(19650218);
  const keyLength = key.length;
  let i = 1;
  let j = 0;
  for (let k = Math.max(MT_N, keyLength); k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j]! >>> 0) + j) >>> 0;
    i++;
    j++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
    if (j >= keyLength) j = 0;
  }
  for (let k = MT_N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
    i++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
  return mt;
}

/** The standard in-place twist over all 624 words, in index order. */
function twist(mt: Uint32Array): void {
  let k = 0;
  for (; k < MT_N - MT_M; k++) {
    const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
    mt[k] = mt[k + MT_M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; k < MT_N - 1; k++) {
    const y = (mt[k]! & UPPER_MASK) | (mt[k + 1]! & LOWER_MASK);
    mt[k] = mt[k + MT_M - MT_N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = (mt[MT_N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
  mt[MT_N - 1] = mt[MT_M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}

function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

class Mt19937Impl implements Mt19937 {
  constructor(
    private readonly mt: Uint32Array,
    private index: number,
  ) {}

  nextUint32(): number {
    if (this.index >= MT_N) {
      twist(this.mt);
      this.index = 0;
    }
    return temper(this.mt[this.index++]!);
  }

  fill(out: Uint32Array): void {
    const mt = this.mt;
    let index = this.index;
    for (let o = 0; o < out.length; ) {
      if (index >= MT_N) {
        twist(mt);
        index = 0;
      }
      const end = Math.min(MT_N, index + (out.length - o));
      while (index < end) {
        // temper() inlined by hand, without its final >>> 0: the Uint32Array store wraps anyway
        let y = mt[index++]!;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        out[o++] = y ^ (y >>> 18);
      }
    }
    this.index = index;
  }

  clone(): Mt19937 {
    return new Mt19937Impl(this.mt.slice(), this.index);
  }

  state(): { words: Uint32Array; index: number } {
    return { words: this.mt.slice(), index: this.index };
  }
}

/** A generator over the given words; `index` 624 (the default) twists before the first output. */
export function mt19937FromWords(words: Uint32Array, index = MT_N): Mt19937 {
  if (words.length !== MT_N) throw new RangeError(`MT19937 needs ${MT_N} state words, got ${words.length}`);
  return new Mt19937Impl(words.slice(), index);
}

/** init_genrand seeding: PyTorch's `manual_seed` and NumPy's `RandomState(int)`. */
export function mt19937FromSeed(seed: number): Mt19937 {
  return new Mt19937Impl(initGenrandWords(seed), MT_N);
}

/** init_by_array seeding: CPython's `random.seed(int)` and NumPy's `RandomState([..])`. */
export function mt19937FromKey(key: ArrayLike<number>): Mt19937 {
  if (key.length === 0) throw new RangeError('init_by_array needs at least one key word');
  return new Mt19937Impl(initByArrayWords(key), MT_N);
}
