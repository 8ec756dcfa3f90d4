// NumPy's SFC64 (numpy/random/_sfc64.pyx, src/sfc64/sfc64.{h,c}): Chris Doty-Humphrey's Small
// Fast Chaotic generator, 4 x 64-bit state as [hi, lo] u32 pairs.

import { Native64BitGenerator, splitU64, type NumpyBitGenerator } from './numpy-bitgen';
import { seedSequence, type SeedEntropy, type SeedSequence } from './seed-sequence';

export class Sfc64 extends Native64BitGenerator implements NumpyBitGenerator {
  /** s[0..3] as [hi, lo] pairs. */
  readonly s = new Uint32Array(8);

  next64(): void {
    const s = this.s;
    const s0h = s[0]!, s0l = s[1]!, s1h = s[2]!, s1l = s[3]!, s2h = s[4]!, s2l = s[5]!, s3h = s[6]!, s3l = s[7]!;
    // tmp = s0 + s1 + s3++
    let t = s0l + s1l + s3l;
    const tl = t >>> 0;
    const th = (s0h + s1h + s3h + Math.floor(t / 4294967296)) >>> 0;
    t = s3l + 1;
    s[7] = t >>> 0;
    s[6] = (s3h + (t > 0xffffffff ? 1 : 0)) >>> 0;
    // s0 = s1 ^ (s1 >> 11)
    s[0] = (s1h ^ (s1h >>> 11)) >>> 0;
    s[1] = (s1l ^ ((s1l >>> 11) | (s1h << 21))) >>> 0;
    // s1 = s2 + (s2 << 3)
    const shl = (s2l << 3) >>> 0;
    const shh = ((s2h << 3) | (s2l >>> 29)) >>> 0;
    t = s2l + shl;
    s[3] = t >>> 0;
    s[2] = (s2h + shh + (t > 0xffffffff ? 1 : 0)) >>> 0;
    // s2 = rotl(s2, 24) + tmp
    const rh = ((s2h << 24) | (s2l >>> 8)) >>> 0;
    const rl = ((s2l << 24) | (s2h >>> 8)) >>> 0;
    t = rl + tl;
    s[5] = t >>> 0;
    s[4] = (rh + th + (t > 0xffffffff ? 1 : 0)) >>> 0;
    this.words[0] = th;
    this.words[1] = tl;
  }

  clone(): Sfc64 {
    const o = new Sfc64();
    o.s.set(this.s);
    return this.copyBufferTo(o);
  }
}

/** `np.random.SFC64(seed)`: s0..s2 from `generate_state(3, uint64)`, s3 = 1, then 12 outputs discarded. */
export function sfc64(seed: SeedEntropy | SeedSequence): Sfc64 {
  const seq = typeof seed === 'object' && 'generateState64' in seed ? seed : seedSequence(seed as SeedEntropy);
  const v = seq.generateState64(3);
  const g = new Sfc64();
  for (let i = 0; i < 3; i++) {
    const [h, l] = splitU64(v[i]!);
    g.s[2 * i] = h;
    g.s[2 * i + 1] = l;
  }
  g.s[7] = 1;
  for (let i = 0; i < 12; i++) g.next64();
  return g;
}
