// NumPy's `np.random.Generator` (numpy/random/_generator.pyx) over any NumPy bit generator,
// PCG64 by default (`default_rng`): random (float64/float32), integers (Lemire, with the
// bit generator's 32-bit half-buffer shared across calls), shuffle/permutation (masked
// random_interval, like RandomState), choice (Floyd or tail shuffle; cdf with p), and
// standard_normal (the 256-layer ziggurat of src/distributions/distributions.c).

import type { NumpyBitGenerator } from '../bitgen/numpy-bitgen';
import { pcg64 } from '../bitgen/pcg64';
import type { SeedEntropy, SeedSequence } from '../bitgen/seed-sequence';
import { boundedIntegers, boundedLemireSingle, shuffleInterval, type IntArray, type IntDtype } from './bounded';
import { checkProbabilities, choiceNoReplaceWithP, normalizedCdf, searchsortedRight, sizeCount, type Size } from './common';
import { exp, log1p } from './libm';
import { permutationWith, shuffleRowsWith, type MutableArrayLike } from './random-state';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './ziggurat-constants';

const TWO_23 = 8388608;
const TWO_M24 = 1.0 / 16777216.0;

export interface NumpyGenerator {
  /** `random(size)`: (next64 >> 11) * 2^-53. */
  random(size?: Size): Float64Array;
  /** `random(size, dtype=np.float32)`: (next32 >> 8) * 2^-24, through the 32-bit half-buffer. */
  randomFloat32(size?: Size): Float32Array;
  /** `integers(low, high=None, size=None, dtype=np.int64, endpoint=False)`. */
  integers(args: { low: number | bigint; high?: number | bigint | null; size?: Size; dtype?: IntDtype; endpoint?: boolean }): IntArray;
  /** `shuffle(x)` for a 1-D array or list, in place (masked random_interval, not Lemire). */
  shuffle<T>(x: MutableArrayLike<T>): void;
  /** `shuffle(x)` along axis 0 of an n-D array stored flat in C order. */
  shuffleRows<T>(args: { x: MutableArrayLike<T>; rowLength: number }): void;
  /** `permutation(n)`: a shuffled arange(n). */
  permutation(n: number): Int32Array;
  /** `choice(a, size=None, replace=True, p=None, shuffle=True)` with a = population size: the chosen indices. */
  choice(args: { a: number; size?: Size; replace?: boolean; p?: ArrayLike<number> | null; shuffle?: boolean }): Float64Array;
  /** `standard_normal(size)`: the ziggurat. */
  standardNormal(size?: Size): Float64Array;
  /** `normal(loc, scale, size)` = loc + scale * z. */
  normal(args?: { loc?: number; scale?: number; size?: Size }): Float64Array;
  /** `uniform(low=0, high=1, size)` = low + (high - low) * next_double. */
  uniform(args?: { low?: number; high?: number; size?: Size }): Float64Array;
  readonly bitGenerator: NumpyBitGenerator;
  clone(): NumpyGenerator;
}

/** distributions.c random_standard_normal. */
export function standardNormalZiggurat(bg: NumpyBitGenerator): number {
  for (;;) {
    bg.next64();
    const hi = bg.hi, lo = bg.lo;
    const idx = lo & 0xff;
    const sign = (lo >>> 8) & 1;
    // rabs = (r >> 9) & 0x000fffffffffffff: bits 9..60, below 2^52 so exact as a double.
    const rabs = (hi & 0x1fffffff) * TWO_23 + (lo >>> 9);
    let x = rabs * WI_DOUBLE[idx]!;
    if (sign) x = -x;
    if (rabs < KI_DOUBLE[idx]!) return x; // 99.3% of the time return here
    if (idx === 0) {
      for (;;) {
        // Switch to 1.0 - U to avoid log(0.0), see GH 13361
        const xx = -ZIGGURAT_NOR_INV_R * log1p(-bg.nextDouble());
        const yy = -log1p(-bg.nextDouble());
        if (yy + yy > xx * xx) return (Math.floor(rabs / 256) & 1) ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
      }
    } else if ((FI_DOUBLE[idx - 1]! - FI_DOUBLE[idx]!) * bg.nextDouble() + FI_DOUBLE[idx]! < exp(-0.5 * x * x)) {
      return x;
    }
  }
}

class GeneratorImpl implements NumpyGenerator {
  constructor(readonly bitGenerator: NumpyBitGenerator) {}

  random(size?: Size): Float64Array {
    const out = new Float64Array(sizeCount(size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = bg.nextDouble();
    return out;
  }

  randomFloat32(size?: Size): Float32Array {
    const out = new Float32Array(sizeCount(size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = (bg.nextUint32() >>> 8) * TWO_M24;
    return out;
  }

  integers(args: { low: number | bigint; high?: number | bigint | null; size?: Size; dtype?: IntDtype; endpoint?: boolean }): IntArray {
    let low = BigInt(args.low);
    let high: bigint;
    if (args.high === undefined || args.high === null) {
      high = low;
      low = 0n;
    } else {
      high = BigInt(args.high);
    }
    return boundedIntegers({
      bg: this.bitGenerator,
      low,
      high,
      count: sizeCount(args.size),
      dtype: args.dtype ?? 'int64',
      useMasked: false,
      closed: args.endpoint ?? false,
    });
  }

  shuffle<T>(x: MutableArrayLike<T>): void {
    shuffleInterval(this.bitGenerator, x);
  }

  shuffleRows<T>(args: { x: MutableArrayLike<T>; rowLength: number }): void {
    shuffleRowsWith(this.bitGenerator, args.x, args.rowLength);
  }

  permutation(n: number): Int32Array {
    return permutationWith(this.bitGenerator, n);
  }

  choice(args: { a: number; size?: Size; replace?: boolean; p?: ArrayLike<number> | null; shuffle?: boolean }): Float64Array {
    const popSize = args.a;
    const size = sizeCount(args.size);
    const replace = args.replace ?? true;
    const p = args.p ?? null;
    if (!Number.isSafeInteger(popSize)) throw new RangeError('a must be a sequence or an integer');
    if (popSize <= 0 && size !== 0) throw new RangeError('a must be a positive integer unless no samples are taken');
    if (p !== null) checkProbabilities(p, popSize);
    const bg = this.bitGenerator;
    if (replace) {
      if (p !== null) {
        const cdf = normalizedCdf(p);
        const u = this.random(size);
        const out = new Float64Array(size);
        for (let i = 0; i < size; i++) out[i] = searchsortedRight(cdf, u[i]!);
        return out;
      }
      return Float64Array.from(this.integers({ low: 0, high: popSize, size }) as BigInt64Array, Number);
    }
    if (size > popSize) throw new RangeError('Cannot take a larger sample than population when replace is False');
    if (p !== null) return choiceNoReplaceWithP({ p, size, uniforms: (n) => this.random(n) });
    const cutoff = (args.shuffle ?? true) ? 50 : 20;
    if (popSize > 10000 && size > Math.floor(popSize / cutoff)) {
      // Tail shuffle: _shuffle_int over arange(pop) from the end down to max(pop - size, 1).
      if (popSize > 0x7fffffff) throw new RangeError('populations above 2^31 - 1 are not supported by the tail shuffle');
      const idx = new Int32Array(popSize);
      for (let i = 0; i < popSize; i++) idx[i] = i;
      const first = Math.max(popSize - size, 1);
      for (let i = popSize - 1; i >= first; i--) {
        const j = boundedLemireSingle(bg, i);
        const t = idx[j]!;
        idx[j] = idx[i]!;
        idx[i] = t;
      }
      return Float64Array.from(idx.subarray(popSize - size));
    }
    // Floyd's algorithm; the C hash table only acts as a set.
    const out = new Float64Array(size);
    const seen = new Set<number>();
    for (let j = popSize - size; j < popSize; j++) {
      const val = boundedLemireSingle(bg, j);
      const pick = seen.has(val) ? j : val;
      seen.add(pick);
      out[j - popSize + size] = pick;
    }
    if (args.shuffle ?? true) {
      for (let i = size - 1; i >= 1; i--) {
        const k = boundedLemireSingle(bg, i);
        const t = out[k]!;
        out[k] = out[i]!;
        out[i] = t;
      }
    }
    return out;
  }

  standardNormal(size?: Size): Float64Array {
    const out = new Float64Array(sizeCount(size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = standardNormalZiggurat(bg);
    return out;
  }

  normal(args: { loc?: number; scale?: number; size?: Size } = {}): Float64Array {
    const loc = args.loc ?? 0.0;
    const scale = args.scale ?? 1.0;
    if (scale < 0) throw new RangeError('scale < 0');
    const out = new Float64Array(sizeCount(args.size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * standardNormalZiggurat(bg);
    return out;
  }

  uniform(args: { low?: number; high?: number; size?: Size } = {}): Float64Array {
    const low = args.low ?? 0.0;
    const range = (args.high ?? 1.0) - low;
    if (!Number.isFinite(range)) throw new RangeError('high - low range exceeds valid bounds');
    if (range < 0) throw new RangeError('high - low < 0');
    const out = new Float64Array(sizeCount(args.size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = low + range * bg.nextDouble();
    return out;
  }

  clone(): NumpyGenerator {
    return new GeneratorImpl(this.bitGenerator.clone());
  }
}

/** `np.random.Generator(bit_generator)`. */
export function numpyGenerator(bitGenerator: NumpyBitGenerator): NumpyGenerator {
  return new GeneratorImpl(bitGenerator);
}

/** `np.random.default_rng(seed)` = Generator(PCG64(SeedSequence(seed))); seed: non-negative int(s). */
export function defaultRng(seed: SeedEntropy | SeedSequence): NumpyGenerator {
  return new GeneratorImpl(pcg64(seed));
}
