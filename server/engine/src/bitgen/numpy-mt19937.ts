// MT19937 as NumPy's bit generator (numpy/random/_mt19937.pyx, src/mt19937/mt19937.h): the
// legacy seeding RandomState uses (`_legacy_seeding`: init_genrand for an int, init_by_array
// for an array) and the SeedSequence seeding of `np.random.MT19937(seed)`.

import { mt19937FromKey, mt19937FromSeed, mt19937FromWords, MT_N, type Mt19937 } from './mt19937';
import type { NumpyBitGenerator } from './numpy-bitgen';
import { seedSequence, type SeedEntropy, type SeedSequence } from './seed-sequence';

export class NumpyMt19937 implements NumpyBitGenerator {
  /** [hi, lo] of the last next64 (a typed array: u32 object fields would allocate heap numbers). */
  private readonly words = new Uint32Array(2);
  constructor(readonly mt: Mt19937) {}

  get hi(): number {
    return this.words[0]!;
  }
  get lo(): number {
    return this.words[1]!;
  }

  /** mt19937_next64: the first 32-bit output is the high word. */
  next64(): void {
    this.words[0] = this.mt.nextUint32();
    this.words[1] = this.mt.nextUint32();
  }

  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** mt19937_next_double: res53, like CPython's random(). */
  nextDouble(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  next64Big(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  clone(): NumpyMt19937 {
    return new NumpyMt19937(this.mt.clone());
  }
}

/**
 * `MT19937()._legacy_seeding(seed)`: an int in [0, 2^32) goes through init_genrand; a
 * non-empty 1-D array of such ints through init_by_array (a 1-element *ndarray* squeezes to an
 * int first, a 1-element list does not: pass a number for the former).
 */
export function numpyMt19937Legacy(seed: number | bigint | ReadonlyArray<number | bigint>): NumpyMt19937 {
  const inRange = (v: number | bigint): number => {
    if (typeof v === 'number' && !Number.isInteger(v)) throw new TypeError('Cannot cast array data from dtype(\'float64\') to dtype(\'int64\') according to the rule \'safe\'');
    if (v < 0 || v > 0xffffffff) throw new RangeError('Seed must be between 0 and 2**32 - 1');
    return Number(v);
  };
  if (typeof seed === 'number' || typeof seed === 'bigint') return new NumpyMt19937(mt19937FromSeed(inRange(seed)));
  if (seed.length === 0) throw new RangeError('Seed must be non-empty');
  return new NumpyMt19937(mt19937FromKey(seed.map(inRange)));
}

/** `np.random.MT19937(seed)`: key[0] = 0x80000000, key[i] = generate_state(624)[i], pos = 623 (as the loop leaves it). */
export function numpyMt19937(seed: SeedEntropy | SeedSequence): NumpyMt19937 {
  const seq = typeof seed === 'object' && 'generateState32' in seed ? seed : seedSequence(seed as SeedEntropy);
  const key = seq.generateState32(MT_N);
  key[0] = 0x80000000;
  return new NumpyMt19937(mt19937FromWords(key, MT_N - 1));
}
