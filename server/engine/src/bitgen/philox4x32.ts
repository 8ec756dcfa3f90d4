// Philox4x32-10, the counter-based generator behind cuRAND's curandStatePhilox4_32_10_t and so behind
// every random op of PyTorch on CUDA. Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy
// as 1, 2, 3" (SC'11); Random123 `philox.h` (philox4x32round, philox4x32bumpkey), cuRAND
// `curand_philox4x32_x.h` (_philox4x32round, _philox4x32_10). A block is a pure function of a
// 128-bit counter and a 64-bit key: four 32-bit words.

import { mulhi32 } from './wide-math';

// Random123 names: the round multipliers and the Weyl key increments.
const PHILOX_M4x32_0 = 0xd2511f53;
const PHILOX_M4x32_1 = 0xcd9e8d57;
const PHILOX_W32_0 = 0x9e3779b9;
const PHILOX_W32_1 = 0xbb67ae85;

/** The key (k0 = low word of cuRAND's 64-bit seed) and one block function. */
export class Philox4x32 {
  constructor(
    readonly key0: number,
    readonly key1: number,
  ) {}

  /** From a 64-bit seed as curand_init takes it: the low word is k0, the high word k1. */
  static fromSeed(seed: bigint): Philox4x32 {
    const s = BigInt.asUintN(64, seed);
    return new Philox4x32(Number(s & 0xffffffffn), Number(s >> 32n));
  }

  /**
   * Ten rounds on `counter` (c0 = least significant word), the result in `out`
   * (x, y, z, w = out[0..3]). `out` may be `counter` itself.
   */
  block(counter: ArrayLike<number>, out: Uint32Array): void {
    let c0 = counter[0]! >>> 0;
    let c1 = counter[1]! >>> 0;
    let c2 = counter[2]! >>> 0;
    let c3 = counter[3]! >>> 0;
    let k0 = this.key0;
    let k1 = this.key1;
    for (let round = 0; round < 10; round++) {
      if (round > 0) {
        k0 = (k0 + PHILOX_W32_0) >>> 0;
        k1 = (k1 + PHILOX_W32_1) >>> 0;
      }
      const hi0 = mulhi32(PHILOX_M4x32_0, c0);
      const lo0 = Math.imul(PHILOX_M4x32_0, c0) >>> 0;
      const hi1 = mulhi32(PHILOX_M4x32_1, c2);
      const lo1 = Math.imul(PHILOX_M4x32_1, c2) >>> 0;
      c0 = (hi1 ^ c1 ^ k0) >>> 0;
      c1 = lo1;
      c2 = (hi0 ^ c3 ^ k1) >>> 0;
      c3 = lo0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }
}
