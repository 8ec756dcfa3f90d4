// NumPy's SeedSequence (numpy/random/bit_generator.pyx: _coerce_to_uint32_array, hashmix, mix,
// SeedSequence.mix_entropy / get_assembled_entropy / generate_state / spawn). Runs once per
// seeding, so it favours clarity; all arithmetic is on u32 words with Math.imul.

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16; // 4 * 8 / 2 for 32-bit words
export const DEFAULT_POOL_SIZE = 4;

/** Entropy as NumPy accepts it here: a non-negative int, or a flat sequence of them. */
export type SeedEntropy = bigint | number | ReadonlyArray<bigint | number>;

/** `_coerce_to_uint32_array`: each non-negative int becomes its little-endian u32 words ([0] for 0). */
export function coerceToUint32Array(entropy: SeedEntropy): number[] {
  const items = typeof entropy === 'bigint' || typeof entropy === 'number' ? [entropy] : entropy;
  const words: number[] = [];
  for (const item of items) {
    let v: bigint;
    if (typeof item === 'number') {
      if (!Number.isSafeInteger(item)) throw new TypeError(`SeedSequence expects integers, got ${item}`);
      v = BigInt(item);
    } else {
      v = item;
    }
    if (v < 0n) throw new RangeError('expected non-negative integer');
    do {
      words.push(Number(v & 0xffffffffn));
      v >>= 32n;
    } while (v > 0n);
  }
  return words;
}

export interface SeedSequence {
  readonly entropy: SeedEntropy;
  readonly spawnKey: readonly number[];
  readonly poolSize: number;
  /** The mixed pool (`ss.pool`). */
  readonly pool: Uint32Array;
  /** `generate_state(n, np.uint32)`. */
  generateState32(nWords: number): Uint32Array;
  /** `generate_state(n, np.uint64)`: pairs of u32 words joined little-endian, as bigints. */
  generateState64(nWords: number): bigint[];
  /** `spawn(n)`: children with spawn_key + (i,), advancing the counter. */
  spawn(nChildren: number): SeedSequence[];
}

class SeedSequenceImpl implements SeedSequence {
  readonly pool: Uint32Array;
  private nChildrenSpawned = 0;

  constructor(
    readonly entropy: SeedEntropy,
    readonly spawnKey: readonly number[],
    readonly poolSize: number,
  ) {
    if (poolSize < DEFAULT_POOL_SIZE) throw new RangeError(`The size of the entropy pool should be at least ${DEFAULT_POOL_SIZE}`);
    this.pool = mixEntropy(poolSize, this.assembledEntropy());
  }

  private assembledEntropy(): number[] {
    const run = coerceToUint32Array(this.entropy);
    const spawn = coerceToUint32Array(this.spawnKey);
    if (spawn.length > 0 && run.length < this.poolSize) while (run.length < this.poolSize) run.push(0);
    return run.concat(spawn);
  }

  generateState32(nWords: number): Uint32Array {
    const out = new Uint32Array(nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < nWords; i++) {
      let v = this.pool[i % this.poolSize]!;
      v = (v ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      v = (v ^ (v >>> XSHIFT)) >>> 0;
      out[i] = v;
    }
    return out;
  }

  generateState64(nWords: number): bigint[] {
    const w = this.generateState32(2 * nWords);
    const out: bigint[] = [];
    for (let i = 0; i < nWords; i++) out.push((BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!));
    return out;
  }

  spawn(nChildren: number): SeedSequence[] {
    const out: SeedSequence[] = [];
    for (let i = this.nChildrenSpawned; i < this.nChildrenSpawned + nChildren; i++) {
      out.push(new SeedSequenceImpl(this.entropy, [...this.spawnKey, i], this.poolSize));
    }
    this.nChildrenSpawned += nChildren;
    return out;
  }
}

/** `SeedSequence.mix_entropy`: one running hash constant shared by every hashmix, in order. */
function mixEntropy(poolSize: number, entropy: number[]): Uint32Array {
  const mixer = new Uint32Array(poolSize);
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  for (let i = 0; i < poolSize; i++) mixer[i] = hashmix(i < entropy.length ? entropy[i]! : 0);
  for (let src = 0; src < poolSize; src++) {
    for (let dst = 0; dst < poolSize; dst++) {
      if (src !== dst) mixer[dst] = mix(mixer[dst]!, hashmix(mixer[src]!));
    }
  }
  for (let src = poolSize; src < entropy.length; src++) {
    for (let dst = 0; dst < poolSize; dst++) mixer[dst] = mix(mixer[dst]!, hashmix(entropy[src]!));
  }
  return mixer;
}

/** `np.random.SeedSequence(entropy, spawn_key=(), pool_size=4)`. */
export function seedSequence(
  entropy: SeedEntropy,
  options: { spawnKey?: readonly number[]; poolSize?: number } = {},
): SeedSequence {
  return new SeedSequenceImpl(entropy, options.spawnKey ?? [], options.poolSize ?? DEFAULT_POOL_SIZE);
}
