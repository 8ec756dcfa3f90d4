// cuRAND's Philox state as PyTorch's kernels use it: `curand_init(seed, subsequence, offset, &s)`
// with subsequence = the global thread id and offset = the generator's offset (cuRAND
// curand_kernel.h `curand_init` for curandStatePhilox4_32_10_t: key = seed, counter = 0, then
// skipahead_sequence adds `subsequence` to the counter's upper 64 bits and skipahead adds offset/4
// to its lower 64 bits). The it-th block a thread draws therefore has the counter
// subsequence·2^64 + offset/4 + it; `curand4` returns a whole block, `curand` one word of it.

import { Philox4x32 } from '../../bitgen/philox4x32';
import type { PhiloxCudaState } from './generator';

const TWO_32 = 4294967296;

/** Every thread's blocks for one kernel launch. */
export class CurandPhilox {
  private readonly philox: Philox4x32;
  private readonly baseLo: number;
  private readonly baseHi: number;
  private readonly counter = new Uint32Array(4);

  constructor(state: PhiloxCudaState) {
    this.philox = Philox4x32.fromSeed(state.seed);
    // PyTorch's offsets are multiples of 4: no lane cursor, whole blocks only.
    const blocks = BigInt.asUintN(64, state.offset) >> 2n;
    this.baseLo = Number(blocks & 0xffffffffn);
    this.baseHi = Number(blocks >> 32n);
  }

  /** Block `index` of thread `subsequence` (both non-negative safe integers) into `out`. */
  block(subsequence: number, index: number, out: Uint32Array): void {
    const c = this.counter;
    const lo = this.baseLo + (index % TWO_32);
    const hi = this.baseHi + Math.floor(index / TWO_32) + (lo >= TWO_32 ? 1 : 0);
    c[0] = lo;
    c[1] = hi;
    // A carry out of the lower 64 bits moves into the subsequence half, as in a 128-bit add.
    const z = (subsequence % TWO_32) + (hi >= TWO_32 ? 1 : 0);
    c[2] = z;
    c[3] = Math.floor(subsequence / TWO_32) + (z >= TWO_32 ? 1 : 0);
    this.philox.block(c, out);
  }
}

/** One thread's `curand()` sequence: words x, y, z, w of each block in turn. */
export class CurandThread {
  private readonly words = new Uint32Array(4);
  private next = 4;
  private index = 0;

  constructor(
    private readonly stream: CurandPhilox,
    private readonly subsequence: number,
  ) {}

  /** `curand(&state)`: the next 32-bit word. */
  curand(): number {
    if (this.next === 4) {
      this.stream.block(this.subsequence, this.index++, this.words);
      this.next = 0;
    }
    return this.words[this.next++]!;
  }
}
