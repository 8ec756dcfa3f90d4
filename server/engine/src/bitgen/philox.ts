// NumPy's Philox (Philox4x64-10; numpy/random/_philox.pyx, src/philox/philox.h): a counter-based
// generator whose block of four 64-bit outputs is buffered. Words are [hi, lo] u32 pairs.

import { Native64BitGenerator, splitU64, type NumpyBitGenerator } from './numpy-bitgen';
import { seedSequence, type SeedEntropy, type SeedSequence } from './seed-sequence';
import { mul64x64, wide } from './wide-math';

// philox.h PHILOX_M4x64_0/1 and PHILOX_W64_0/1 (the Weyl key bumps).
const M0_HI = 0xd2e7470e, M0_LO = 0xe14c6c93;
const M1_HI = 0xca5a8263, M1_LO = 0x95121157;
const W0_HI = 0x9e3779b9, W0_LO = 0x7f4a7c15;
const W1_HI = 0xbb67ae85, W1_LO = 0x84caa73b;
const PHILOX_BUFFER_SIZE = 4;
const ROUNDS = 10;

export class Philox extends Native64BitGenerator implements NumpyBitGenerator {
  /** Counter: four u64 words as [hi, lo] pairs, c[0..1] = word 0. */
  readonly ctr = new Uint32Array(8);
  /** Key: two u64 words as [hi, lo] pairs. */
  readonly key = new Uint32Array(4);
  /** Output block as [hi, lo] pairs. */
  readonly buffer = new Uint32Array(8);
  bufferPos = PHILOX_BUFFER_SIZE;

  next64(): void {
    if (this.bufferPos < PHILOX_BUFFER_SIZE) {
      this.words[0] = this.buffer[2 * this.bufferPos]!;
      this.words[1] = this.buffer[2 * this.bufferPos + 1]!;
      this.bufferPos++;
      return;
    }
    // Increment the 256-bit counter first (word 0 least significant), then encrypt it.
    const c = this.ctr;
    for (let w = 0; w < 4; w++) {
      c[2 * w + 1] = (c[2 * w + 1]! + 1) >>> 0;
      if (c[2 * w + 1] !== 0) break;
      c[2 * w] = (c[2 * w]! + 1) >>> 0;
      if (c[2 * w] !== 0) break;
    }
    let c0h = c[0]!, c0l = c[1]!, c1h = c[2]!, c1l = c[3]!, c2h = c[4]!, c2l = c[5]!, c3h = c[6]!, c3l = c[7]!;
    let k0h = this.key[0]!, k0l = this.key[1]!, k1h = this.key[2]!, k1l = this.key[3]!;
    for (let r = 0; r < ROUNDS; r++) {
      if (r > 0) {
        // _philox4x64bumpkey
        let t = k0l + W0_LO;
        k0h = (k0h + W0_HI + (t > 0xffffffff ? 1 : 0)) >>> 0;
        k0l = t >>> 0;
        t = k1l + W1_LO;
        k1h = (k1h + W1_HI + (t > 0xffffffff ? 1 : 0)) >>> 0;
        k1l = t >>> 0;
      }
      // _philox4x64round: out = {hi1^c1^k0, lo1, hi0^c3^k1, lo0}
      mul64x64(M0_HI, M0_LO, c0h, c0l);
      const lo0l = wide[0]!, lo0h = wide[1]!, hi0l = wide[2]!, hi0h = wide[3]!;
      mul64x64(M1_HI, M1_LO, c2h, c2l);
      const lo1l = wide[0]!, lo1h = wide[1]!, hi1l = wide[2]!, hi1h = wide[3]!;
      const n0h = (hi1h ^ c1h ^ k0h) >>> 0, n0l = (hi1l ^ c1l ^ k0l) >>> 0;
      const n2h = (hi0h ^ c3h ^ k1h) >>> 0, n2l = (hi0l ^ c3l ^ k1l) >>> 0;
      c0h = n0h; c0l = n0l; c1h = lo1h; c1l = lo1l; c2h = n2h; c2l = n2l; c3h = lo0h; c3l = lo0l;
    }
    const b = this.buffer;
    b[0] = c0h; b[1] = c0l; b[2] = c1h; b[3] = c1l; b[4] = c2h; b[5] = c2l; b[6] = c3h; b[7] = c3l;
    this.bufferPos = 1;
    this.words[0] = c0h;
    this.words[1] = c0l;
  }

  clone(): Philox {
    const o = new Philox();
    o.ctr.set(this.ctr);
    o.key.set(this.key);
    o.buffer.set(this.buffer);
    o.bufferPos = this.bufferPos;
    return this.copyBufferTo(o);
  }
}

/** `int_to_array(value, bits, 64)`: little-endian u64 words of a non-negative int. */
function toWords(value: bigint, words: number, out: Uint32Array): void {
  for (let w = 0; w < words; w++) {
    const [h, l] = splitU64(value >> BigInt(64 * w));
    out[2 * w] = h;
    out[2 * w + 1] = l;
  }
}

/**
 * `np.random.Philox(seed, counter=None, key=None)`: the key comes from
 * `SeedSequence(seed).generate_state(2, uint64)` unless given; the counter defaults to 0.
 */
export function philox(seed: SeedEntropy | SeedSequence | null, options: { counter?: bigint; key?: bigint } = {}): Philox {
  const g = new Philox();
  if (options.key !== undefined) {
    toWords(options.key, 2, g.key);
  } else {
    if (seed === null) throw new TypeError('Philox needs a seed or a key');
    const seq = typeof seed === 'object' && 'generateState64' in seed ? seed : seedSequence(seed as SeedEntropy);
    const k = seq.generateState64(2);
    toWords(k[0]!, 1, g.key);
    const [h, l] = splitU64(k[1]!);
    g.key[2] = h;
    g.key[3] = l;
  }
  if (options.counter !== undefined) toWords(options.counter, 4, g.ctr);
  return g;
}
