// NumPy's PCG64 and PCG64DXSM (numpy/random/_pcg64.pyx, src/pcg64/pcg64.h, pcg64.c):
// a 128-bit LCG with XSL-RR output (PCG64) or the DXSM output on the pre-step state with the
// cheap 64-bit multiplier (PCG64DXSM). The 128-bit state lives in four u32 words; the step
// multiplies by 16-bit limbs of the constant so every partial product is exact in a double.

import { Native64BitGenerator, type NumpyBitGenerator } from './numpy-bitgen';
import { seedSequence, type SeedEntropy, type SeedSequence } from './seed-sequence';
import { mulhi32 } from './wide-math';

/** pcg64.h PCG_DEFAULT_MULTIPLIER_HIGH/LOW: 0x2360ED051FC65DA4_4385DF649FCCF645. */
export const PCG_DEFAULT_MULTIPLIER_128 = 0x2360ed051fc65da44385df649fccf645n;
/** pcg64.h PCG_CHEAP_MULTIPLIER_128. */
export const PCG_CHEAP_MULTIPLIER_128 = 0xda942042e4dd58b5n;
const MASK128 = (1n << 128n) - 1n;

// 16-bit limbs of the default multiplier, least significant first.
const M0 = 0xf645, M1 = 0x9fcc, M2 = 0xdf64, M3 = 0x4385, M4 = 0x5da4, M5 = 0x1fc6, M6 = 0xed05, M7 = 0x2360;
// 16-bit limbs of the cheap multiplier.
const C0 = 0x58b5, C1 = 0xe4dd, C2 = 0x2042, C3 = 0xda94;
const CHEAP_HI = 0xda942042, CHEAP_LO = 0xe4dd58b5;
const TWO_16 = 65536;

/** The state of a 128-bit LCG as u32 words s0 (least significant) .. s3, and its increment. */
abstract class Lcg128 extends Native64BitGenerator {
  s0 = 0; s1 = 0; s2 = 0; s3 = 0;
  i0 = 0; i1 = 0; i2 = 0; i3 = 0;

  get state128(): bigint {
    return (BigInt(this.s3) << 96n) | (BigInt(this.s2) << 64n) | (BigInt(this.s1) << 32n) | BigInt(this.s0);
  }
  set state128(v: bigint) {
    this.s0 = Number(v & 0xffffffffn); this.s1 = Number((v >> 32n) & 0xffffffffn);
    this.s2 = Number((v >> 64n) & 0xffffffffn); this.s3 = Number((v >> 96n) & 0xffffffffn);
  }
  get inc128(): bigint {
    return (BigInt(this.i3) << 96n) | (BigInt(this.i2) << 64n) | (BigInt(this.i1) << 32n) | BigInt(this.i0);
  }
  set inc128(v: bigint) {
    this.i0 = Number(v & 0xffffffffn); this.i1 = Number((v >> 32n) & 0xffffffffn);
    this.i2 = Number((v >> 64n) & 0xffffffffn); this.i3 = Number((v >> 96n) & 0xffffffffn);
  }

  /** `state = state * m + inc (mod 2^128)` given the multiplier's 16-bit limbs: a column sum per 16 bits. */
  protected stepWith(m0: number, m1: number, m2: number, m3: number, m4: number, m5: number, m6: number, m7: number): void {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    // Partial products s_i (32 bits) * m_k (16 bits) < 2^48 land at bit 32i + 16k.
    let v = s0 * m0 + (this.i0 & 0xffff);
    const l0 = v % TWO_16; let c = (v - l0) / TWO_16;
    v = s0 * m1 + (this.i0 >>> 16) + c;
    const l1 = v % TWO_16; c = (v - l1) / TWO_16;
    v = s0 * m2 + s1 * m0 + (this.i1 & 0xffff) + c;
    const l2 = v % TWO_16; c = (v - l2) / TWO_16;
    v = s0 * m3 + s1 * m1 + (this.i1 >>> 16) + c;
    const l3 = v % TWO_16; c = (v - l3) / TWO_16;
    v = s0 * m4 + s1 * m2 + s2 * m0 + (this.i2 & 0xffff) + c;
    const l4 = v % TWO_16; c = (v - l4) / TWO_16;
    v = s0 * m5 + s1 * m3 + s2 * m1 + (this.i2 >>> 16) + c;
    const l5 = v % TWO_16; c = (v - l5) / TWO_16;
    v = s0 * m6 + s1 * m4 + s2 * m2 + s3 * m0 + (this.i3 & 0xffff) + c;
    const l6 = v % TWO_16; c = (v - l6) / TWO_16;
    v = s0 * m7 + s1 * m5 + s2 * m3 + s3 * m1 + (this.i3 >>> 16) + c;
    const l7 = v % TWO_16;
    this.s0 = l0 + l1 * TWO_16;
    this.s1 = l2 + l3 * TWO_16;
    this.s2 = l4 + l5 * TWO_16;
    this.s3 = l6 + l7 * TWO_16;
  }

  protected copyLcgTo<T extends Lcg128>(o: T): T {
    o.s0 = this.s0; o.s1 = this.s1; o.s2 = this.s2; o.s3 = this.s3;
    o.i0 = this.i0; o.i1 = this.i1; o.i2 = this.i2; o.i3 = this.i3;
    return this.copyBufferTo(o);
  }

  /** `pcg64_advance`: jump ahead by `delta` steps (mod 2^128), clearing the 32-bit buffer. */
  advance(delta: bigint, multiplier: bigint): void {
    // pcg_advance_lcg_128 (O(log delta) square-and-multiply)
    let curMult = multiplier, curPlus = this.inc128, accMult = 1n, accPlus = 0n;
    delta &= MASK128;
    while (delta > 0n) {
      if (delta & 1n) {
        accMult = (accMult * curMult) & MASK128;
        accPlus = (accPlus * curMult + curPlus) & MASK128;
      }
      curPlus = ((curMult + 1n) * curPlus) & MASK128;
      curMult = (curMult * curMult) & MASK128;
      delta >>= 1n;
    }
    this.state128 = (accMult * this.state128 + accPlus) & MASK128;
    this.hasUint32 = false;
    this.uinteger = 0;
  }
}

/** `pcg_setseq_128_srandom_r` with the full 128-bit multiplier (both PCG64 and PCG64DXSM seed this way). */
function seededStateAndInc(seq: SeedSequence): { state: bigint; inc: bigint } {
  const v = seq.generateState64(4);
  const initstate = (v[0]! << 64n) | v[1]!;
  const initseq = (v[2]! << 64n) | v[3]!;
  const inc = ((initseq << 1n) | 1n) & MASK128;
  let state = (0n * PCG_DEFAULT_MULTIPLIER_128 + inc) & MASK128;
  state = (state + initstate) & MASK128;
  state = (state * PCG_DEFAULT_MULTIPLIER_128 + inc) & MASK128;
  return { state, inc };
}

export class Pcg64 extends Lcg128 implements NumpyBitGenerator {
  next64(): void {
    this.stepWith(M0, M1, M2, M3, M4, M5, M6, M7);
    // XSL-RR: rotr64(hi ^ lo, hi >> 58)
    const xh = (this.s3 ^ this.s1) >>> 0;
    const xl = (this.s2 ^ this.s0) >>> 0;
    const rot = this.s3 >>> 26;
    if (rot === 0) {
      this.hi = xh; this.lo = xl;
    } else if (rot < 32) {
      this.hi = ((xh >>> rot) | (xl << (32 - rot))) >>> 0;
      this.lo = ((xl >>> rot) | (xh << (32 - rot))) >>> 0;
    } else if (rot === 32) {
      this.hi = xl; this.lo = xh;
    } else {
      const r = rot - 32;
      this.hi = ((xl >>> r) | (xh << (32 - r))) >>> 0;
      this.lo = ((xh >>> r) | (xl << (32 - r))) >>> 0;
    }
  }

  clone(): Pcg64 {
    return this.copyLcgTo(new Pcg64());
  }

  /** `PCG64.advance(delta)`. */
  advanceBy(delta: bigint): void {
    this.advance(delta, PCG_DEFAULT_MULTIPLIER_128);
  }
}

export class Pcg64Dxsm extends Lcg128 implements NumpyBitGenerator {
  private readonly tmp = new Uint32Array(2);

  next64(): void {
    // pcg_cm_random_r: DXSM on the pre-iterated state, then the cheap-multiplier step.
    let hh = this.s3, hl = this.s2;
    const lh = this.s1, ll = (this.s0 | 1) >>> 0;
    hl = (hl ^ hh) >>> 0; // hi ^= hi >> 32
    mullo(hh, hl, CHEAP_HI, CHEAP_LO, this.tmp);
    hh = this.tmp[0]!; hl = this.tmp[1]!;
    hl = (hl ^ (hh >>> 16)) >>> 0; // hi ^= hi >> 48
    mullo(hh, hl, lh, ll, this.tmp);
    this.hi = this.tmp[0]!;
    this.lo = this.tmp[1]!;
    this.stepWith(C0, C1, C2, C3, 0, 0, 0, 0);
  }

  clone(): Pcg64Dxsm {
    return this.copyLcgTo(new Pcg64Dxsm());
  }

  advanceBy(delta: bigint): void {
    this.advance(delta, PCG_CHEAP_MULTIPLIER_128);
  }
}

function mullo(ah: number, al: number, bh: number, bl: number, out: Uint32Array): void {
  out[0] = (mulhi32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) >>> 0;
  out[1] = Math.imul(al, bl) >>> 0;
}

function seqOf(seed: SeedEntropy | SeedSequence): SeedSequence {
  return typeof seed === 'object' && seed !== null && 'generateState32' in seed ? seed : seedSequence(seed as SeedEntropy);
}

/** `np.random.PCG64(seed)`: seed is SeedSequence entropy (non-negative int or list of them) or a SeedSequence. */
export function pcg64(seed: SeedEntropy | SeedSequence): Pcg64 {
  const { state, inc } = seededStateAndInc(seqOf(seed));
  const g = new Pcg64();
  g.state128 = state;
  g.inc128 = inc;
  return g;
}

/** `np.random.PCG64DXSM(seed)`. */
export function pcg64Dxsm(seed: SeedEntropy | SeedSequence): Pcg64Dxsm {
  const { state, inc } = seededStateAndInc(seqOf(seed));
  const g = new Pcg64Dxsm();
  g.state128 = state;
  g.inc128 = inc;
  return g;
}

export { seqOf as toSeedSequence };
