// NumPy's PCG64 and PCG64DXSM (numpy/random/_pcg64.pyx, src/pcg64/pcg64.h, pcg64.c):
// a 128-bit LCG with XSL-RR output (PCG64) or the DXSM output on the pre-step state with the
// cheap 64-bit multiplier (PCG64DXSM). The 128-bit state lives in four u32 words; the step
// multiplies by 16-bit limbs of the constant so every partial product is exact in a double.

import { Native64BitGenerator, type NumpyBitGenerator } from './numpy-bitgen';
import { seedSequence, type SeedEntropy, type SeedSequence } from './seed-sequence';
import { mulhi32 } from './wide-math';
import { PCG_BULK_BLOCK, PCG_BULK_OUT_WORD, pcgBulk } from './pcg64-wasm';

/** pcg64.h PCG_DEFAULT_MULTIPLIER_HIGH/LOW: 0x2360ED051FC65DA4_4385DF649FCCF645. */
export const PCG_DEFAULT_MULTIPLIER_128 = 0x2360ed051fc65da44385df649fccf645n;
/** pcg64.h PCG_CHEAP_MULTIPLIER_128. */
export const PCG_CHEAP_MULTIPLIER_128 = 0xda942042e4dd58b5n;
const MASK128 = (1n << 128n) - 1n;

// 24-bit limbs (least significant first) of the two multipliers. With 24-bit limbs every partial
// product is below 2^48 and every column sum below 2^53, so doubles hold them exactly, and the
// carry chain is six steps long; all stored limbs are small integers, which V8 keeps unboxed.
const M0 = limb24(PCG_DEFAULT_MULTIPLIER_128, 0), M1 = limb24(PCG_DEFAULT_MULTIPLIER_128, 1), M2 = limb24(PCG_DEFAULT_MULTIPLIER_128, 2);
const M3 = limb24(PCG_DEFAULT_MULTIPLIER_128, 3), M4 = limb24(PCG_DEFAULT_MULTIPLIER_128, 4), M5 = limb24(PCG_DEFAULT_MULTIPLIER_128, 5);
const C0 = limb24(PCG_CHEAP_MULTIPLIER_128, 0), C1 = limb24(PCG_CHEAP_MULTIPLIER_128, 1), C2 = limb24(PCG_CHEAP_MULTIPLIER_128, 2);
const CHEAP_HI = 0xda942042, CHEAP_LO = 0xe4dd58b5;
const T24 = 16777216;
const INV24 = 1 / 16777216;

function limb24(v: bigint, k: number): number {
  return Number((v >> BigInt(24 * k)) & 0xffffffn);
}

/**
 * The state of a 128-bit LCG as 24-bit limbs, least significant first: st[0..5] the state
 * (st[5] holds the top 8 bits), st[6..11] the increment.
 */
abstract class Lcg128 extends Native64BitGenerator {
  readonly st = new Int32Array(12);

  get state128(): bigint {
    return fromLimbs(this.st, 0);
  }
  set state128(v: bigint) {
    toLimbs(this.st, 0, v);
  }
  get inc128(): bigint {
    return fromLimbs(this.st, 6);
  }
  set inc128(v: bigint) {
    toLimbs(this.st, 6, v);
  }

  /** `state = state * m + inc (mod 2^128)`, column by column over 24-bit limbs. */
  protected stepWith(m0: number, m1: number, m2: number, m3: number, m4: number, m5: number): void {
    const st = this.st;
    const a0 = st[0]!, a1 = st[1]!, a2 = st[2]!, a3 = st[3]!, a4 = st[4]!, a5 = st[5]!;
    let v = a0 * m0 + st[6]!;
    let c = Math.floor(v * INV24);
    st[0] = v - c * T24;
    v = a0 * m1 + a1 * m0 + st[7]! + c;
    c = Math.floor(v * INV24);
    st[1] = v - c * T24;
    v = a0 * m2 + a1 * m1 + a2 * m0 + st[8]! + c;
    c = Math.floor(v * INV24);
    st[2] = v - c * T24;
    v = a0 * m3 + a1 * m2 + a2 * m1 + a3 * m0 + st[9]! + c;
    c = Math.floor(v * INV24);
    st[3] = v - c * T24;
    v = a0 * m4 + a1 * m3 + a2 * m2 + a3 * m1 + a4 * m0 + st[10]! + c;
    c = Math.floor(v * INV24);
    st[4] = v - c * T24;
    v = a0 * m5 + a1 * m4 + a2 * m3 + a3 * m2 + a4 * m1 + a5 * m0 + st[11]! + c;
    st[5] = v - Math.floor(v * (1 / 256)) * 256;
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

function fromLimbs(a: Int32Array, at: number): bigint {
  let v = 0n;
  for (let k = 5; k >= 0; k--) v = (v << 24n) | BigInt(a[at + k]!);
  return v;
}

function toLimbs(a: Int32Array, at: number, v: bigint): void {
  for (let k = 0; k < 6; k++) a[at + k] = limb24(v, k);
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
    this.stepWith(M0, M1, M2, M3, M4, M5);
    // XSL-RR: rotr64(hi ^ lo, hi >> 58), on the state's u32 words s3..s0
    const st = this.st;
    const w = this.words;
    const b1 = st[1]!, b2 = st[2]!;
    const s0 = st[0]! | (b1 << 24);
    const s1 = (b1 >>> 8) | (b2 << 16);
    const s2 = (b2 >>> 16) | (st[3]! << 8);
    const s3 = st[4]! | (st[5]! << 24);
    const xh = s3 ^ s1;
    const xl = s2 ^ s0;
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

  /**
   * The shuffle loop of the base class, drawing from blocks of outputs made by the WebAssembly
   * step (pcg64-wasm.ts) when it is available. After the loop the state is set to exactly as many
   * steps as were consumed, so the stream and the 32-bit buffer end as with the plain loop.
   */
  override shuffleInterval<T>(x: { length: number; [i: number]: T }, first: number): void {
    const bulk = x.length > 4096 ? pcgBulk() : null;
    if (bulk === null) {
      super.shuffleInterval(x, first);
      return;
    }
    const w = bulk.words;
    const st = this.st;
    // Local copies: imported bindings compile to property getters in CommonJS bundles, which
    // would run on every draw of the hot loop below.
    const BLOCK = PCG_BULK_BLOCK;
    const OUT = PCG_BULK_OUT_WORD;
    // state and inc as u32 words, from the 24-bit limbs
    for (let at = 0; at <= 6; at += 6) {
      const b1 = st[at + 1]!, b2 = st[at + 2]!;
      const o = at === 0 ? 0 : 4;
      w[o] = st[at]! | (b1 << 24);
      w[o + 1] = (b1 >>> 8) | (b2 << 16);
      w[o + 2] = (b2 >>> 16) | (st[at + 3]! << 8);
      w[o + 3] = st[at + 4]! | (st[at + 5]! << 24);
    }
    const blockStart = new Uint32Array(4);
    let pos = BLOCK;
    let filled = false;
    let have = this.hasUint32;
    let buf = this.uinteger;
    let i = x.length - 1;
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
          if (pos === BLOCK) {
            blockStart[0] = w[0]!; blockStart[1] = w[1]!; blockStart[2] = w[2]!; blockStart[3] = w[3]!;
            bulk.fill(BLOCK);
            pos = 0;
            filled = true;
          }
          d = w[OUT + 2 * pos]!;
          buf = w[OUT + 2 * pos + 1]!;
          pos++;
          have = true;
        }
        j = (d & mask) >>> 0;
      } while (j > i);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
    if (filled) {
      // rewind to the last block's start and step exactly the outputs consumed from it
      w[0] = blockStart[0]!; w[1] = blockStart[1]!; w[2] = blockStart[2]!; w[3] = blockStart[3]!;
      bulk.fill(pos);
      this.state128 = (BigInt(w[3]!) << 96n) | (BigInt(w[2]!) << 64n) | (BigInt(w[1]!) << 32n) | BigInt(w[0]!);
    }
    this.hasUint32 = have;
    this.uinteger = buf;
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
    const b1 = st[1]!, b2 = st[2]!;
    let hh = (st[4]! | (st[5]! << 24)) >>> 0, hl = ((b2 >>> 16) | (st[3]! << 8)) >>> 0;
    const lh = ((b1 >>> 8) | (b2 << 16)) >>> 0, ll = (st[0]! | (b1 << 24) | 1) >>> 0;
    hl = (hl ^ hh) >>> 0; // hi ^= hi >> 32
    mullo(hh, hl, CHEAP_HI, CHEAP_LO, this.tmp);
    hh = this.tmp[0]!; hl = this.tmp[1]!;
    hl = (hl ^ (hh >>> 16)) >>> 0; // hi ^= hi >> 48
    mullo(hh, hl, lh, ll, this.tmp);
    this.words[0] = this.tmp[0]!;
    this.words[1] = this.tmp[1]!;
    this.stepWith(C0, C1, C2, 0, 0, 0);
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
