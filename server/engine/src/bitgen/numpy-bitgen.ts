// NumPy's `bitgen_t` (numpy/random/bit_generator.pxd, src/*/*.h): what every NumPy
// distribution draws from. 64-bit outputs are carried as two unsigned 32-bit halves so that
// hot loops never allocate BigInts.

/** 2^-53, the scale of `next_double` = `(next64 >> 11) * 2^-53` (_common.pxd `uint64_to_double`). */
const TWO_M53 = 1.0 / 9007199254740992.0;
const TWO_21 = 2097152;

/** The draws a NumPy distribution can ask of a bit generator. */
export interface NumpyBitGenerator {
  /** Draws one 64-bit output; read it from `hi` and `lo` (unsigned 32-bit halves) before the next draw. */
  next64(): void;
  readonly hi: number;
  readonly lo: number;
  /** `next_uint32`: for the 64-bit generators, halves of one 64-bit output, low half first (`has_uint32` buffer). */
  nextUint32(): number;
  /** `next_double`. */
  nextDouble(): number;
  /** One 64-bit output as a bigint (off hot paths: tests, state dumps). */
  next64Big(): bigint;
  clone(): NumpyBitGenerator;
}

/**
 * The common part of PCG64, PCG64DXSM, Philox and SFC64: a native 64-bit step plus the
 * `has_uint32`/`uinteger` half-buffer of src/pcg64/pcg64.h `pcg64_next32` (same in philox.h,
 * sfc64.h). The buffer belongs to the generator state and survives between API calls.
 */
export abstract class Native64BitGenerator implements NumpyBitGenerator {
  /**
   * [hi, lo, uinteger]. u32 values above 2^30 are not small integers in V8, so object fields
   * holding them would allocate a heap number per store; a typed array does not.
   */
  protected readonly words = new Uint32Array(3);
  hasUint32 = false;

  get hi(): number {
    return this.words[0]!;
  }
  get lo(): number {
    return this.words[1]!;
  }
  get uinteger(): number {
    return this.words[2]!;
  }
  set uinteger(v: number) {
    this.words[2] = v;
  }

  abstract next64(): void;
  abstract clone(): NumpyBitGenerator;

  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    const w = this.words;
    w[2] = w[0]!;
    return w[1]!;
  }

  nextDouble(): number {
    this.next64();
    const w = this.words;
    return (w[0]! * TWO_21 + (w[1]! >>> 11)) * TWO_M53;
  }

  next64Big(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /**
   * distributions.c random_interval applied by `_shuffle_raw` (i = n-1 .. first), with the
   * 32-bit half-buffer kept in locals: same draws as calling nextUint32 in the loop, fewer
   * memory round trips. For arrays shorter than 2^32 (every draw is a next_uint32).
   */
  shuffleInterval<T>(x: { length: number; [i: number]: T }, first: number): void {
    const w = this.words;
    let have = this.hasUint32;
    let buf = w[2]!;
    let i = x.length - 1;
    // One flat loop (the mask halves when i drops below it): no inner loop whose first run
    // would deoptimize the on-stack-replaced code.
    let mask = i;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (; i >= first && i > 0; i--) {
      if (i <= mask >>> 1) mask >>>= 1;
      let j: number;
      do {
        let d: number;
        if (have) {
          d = buf;
          have = false;
        } else {
          this.next64();
          d = w[1]!;
          buf = w[0]!;
          have = true;
        }
        j = (d & mask) >>> 0;
      } while (j > i);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
    this.hasUint32 = have;
    w[2] = buf;
  }

  protected copyBufferTo<T extends Native64BitGenerator>(other: T): T {
    other.hasUint32 = this.hasUint32;
    other.words.set(this.words);
    return other;
  }
}

/** bigint -> [hi, lo] unsigned 32-bit halves of its low 64 bits. */
export function splitU64(v: bigint): [number, number] {
  return [Number((v >> 32n) & 0xffffffffn), Number(v & 0xffffffffn)];
}
