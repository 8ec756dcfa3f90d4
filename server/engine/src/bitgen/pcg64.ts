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

/**
 * The state of a 128-bit LCG as u32 words, least significant first: st[0..3] the state,
 * st[4..7] the increment (a typed array: u32 object fields would allocate heap numbers).
 */
abstract class Lcg128 extends Native64BitGenerator {
  readonly st = new Uint32Array(8);

  get state128(): bigint {
    return words128(this.st, 0);
  }
  set state128(v: bigint) {
    setWords128(this.st, 0, v);
  }
  get inc128(): bigint {
    return words128(this.st, 4);
  }
  set inc128(v: bigint) {
    setWords128(this.st, 4, v);
  }

  /** `state = state * m + inc (mod 2^128)` given the multiplier's 16-bit limbs: a column sum per 16 bits. */
  protected stepWith(m0: number, m1: number, m2: number, m3: number, m4: number, m5: number, m6: number, m7: number): void {
    const st = this.st;
    const s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    const i0 = st[4]!, i1 = st[5]!, i2 = st[6]!, i3 = st[7]!;
    // Partial products s_i (32 bits) * m_k (16 bits) < 2^48 land at bit 32i + 16k; each column
    // sum stays below 2^53, and the carry moves up 16 bits at a time.
    let v = s0 * m0 + (i0 & 0xffff);
    let c = Math.floor(v / TWO_16);
    const l0 = v - c * TWO_16;
    v = s0 * m1 + (i0 >>> 16) + c;
    c = Math.floor(v / TWO_16);
    const l1 = v - c * TWO_16;
    v = s0 * m2 + s1 * m0 + (i1 & 0xffff) + c;
    c = Math.floor(v / TWO_16);
    const l2 = v - c * TWO_16;
    v = s0 * m3 + s1 * m1 + (i1 >>> 16) + c;
    c = Math.floor(v / TWO_16);
    const l3 = v - c * TWO_16;
    v = s0 * m4 + s1 * m2 + s2 * m0 + (i2 & 0xffff) + c;
    c = Math.floor(v / TWO_16);
    const l4 = v - c * TWO_16;
    v = s0 * m5 + s1 * m3 + s2 * m1 + (i2 >>> 16) + c;
    c = Math.floor(v / TWO_16);
    const l5 = v - c * TWO_16;
    v = s0 * m6 + s1 * m4 + s2 * m2 + s3 * m0 + (i3 & 0xffff) + c;
    c = Math.floor(v / TWO_16);
    const l6 = v - c * TWO_16;
    v = s0 * m7 + s1 * m5 + s2 * m3 + s3 * m1 + (i3 >>> 16) + c;
    const l7 = v - Math.floor(v / TWO_16) * TWO_16;
    st[0] = l0 + l1 * TWO_16;
    st[1] = l2 + l3 * TWO_16;
    st[2] = l4 + l5 * TWO_16;
    st[3] = l6 + l7 * TWO_16;
  }

  protected copyLcgTo<T extends Lcg128>(o: T): T {
    o.st.set(this.st);
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

function words128(a: Uint32Array, at: number): bigint {
  return (BigInt(a[at + 3]!) << 96n) | (BigInt(a[at + 2]!) << 64n) | (BigInt(a[at + 1]!) << 32n) | BigInt(a[at]!);
}

function setWords128(a: Uint32Array, at: number, v: bigint): void {
  for (let k = 0; k < 4; k++) a[at + k] = Number((v >> BigInt(32 * k)) & 0xffffffffn);
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
    const st = this.st;
    const w = this.words;
    const s3 = st[3]!;
    const xh = s3 ^ st[1]!;
    const xl = st[2]! ^ st[0]!;
    const rot = s3 >>> 26;
    if (rot === 0) {
      w[0] = xh; w[1] = xl;
    } else if (rot < 32) {
      w[0] = (xh >>> rot) | (xl << (32 - rot));
      w[1] = (xl >>> rot) | (xh << (32 - rot));
    } else if (rot === 32) {
      w[0] = xl; w[1] = xh;
    } else {
      const r = rot - 32;
      w[0] = (xl >>> r) | (xh << (32 - r));
      w[1] = (xh >>> r) | (xl << (32 - r));
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
    const st = this.st;
    let hh = st[3]!, hl = st[2]!;
    const lh = st[1]!, ll = (st[0]! | 1) >>> 0;
    hl = (hl ^ hh) >>> 0; // hi ^= hi >> 32
    mullo(hh, hl, CHEAP_HI, CHEAP_LO, this.tmp);
    hh = this.tmp[0]!; hl = this.tmp[1]!;
    hl = (hl ^ (hh >>> 16)) >>> 0; // hi ^= hi >> 48
    mullo(hh, hl, lh, ll, this.tmp);
    this.words[0] = this.tmp[0]!;
    this.words[1] = this.tmp[1]!;
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
