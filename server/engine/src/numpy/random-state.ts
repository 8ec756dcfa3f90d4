// NumPy's legacy `np.random.RandomState` (numpy/random/mtrand.pyx) over MT19937 with legacy
// seeding (_mt19937.pyx `_legacy_seeding`): uniform doubles (res53), masked-rejection
// randint (_bounded_integers.pyx.in with use_masked=True), shuffle/permutation through
// random_interval, choice, and the polar-method normals with their cache
// (src/legacy/legacy-distributions.c legacy_gauss). The `np.random.*` functions are methods of
// one hidden RandomState, so `np.random.seed(s); np.random.f(...)` = `RandomState(s).f(...)`.

import type { NumpyBitGenerator } from '../bitgen/numpy-bitgen';
import { numpyMt19937Legacy, type NumpyMt19937 } from '../bitgen/numpy-mt19937';
import { boundedIntegers, shuffleInterval, type IntArray, type IntDtype } from './bounded';
import { checkProbabilities, choiceNoReplaceWithP, normalizedCdf, searchsortedRight, sizeCount, type Size } from './common';
import { log, sqrt } from './libm';

/** What RandomState(seed) accepts here: an int in [0, 2^32) or a non-empty list of them. */
export type LegacySeed = number | bigint | ReadonlyArray<number | bigint>;

/** A list that shuffle permutes in place: a JS array or any typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

export interface RandomStateState {
  /** The 624 MT words (get_state()[1]). */
  key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

export interface RandomState {
  /** `seed(s)`: reseeds and clears the Gaussian cache. */
  seed(seed: LegacySeed): void;
  /** `random_sample(size)` (= `random`, `sample`, `ranf`): res53 doubles in C order. */
  randomSample(size?: Size): Float64Array;
  /** `rand(d0, d1, ...)` = `random_sample(size=dims)`. */
  rand(...dims: number[]): Float64Array;
  /** `randn(d0, d1, ...)` = `standard_normal(size=dims)`. */
  randn(...dims: number[]): Float64Array;
  /** `standard_normal(size)`: polar method; the second value of each pair is cached across calls. */
  standardNormal(size?: Size): Float64Array;
  /** `normal(loc, scale, size)` = loc + scale * gauss. */
  normal(args?: { loc?: number; scale?: number; size?: Size }): Float64Array;
  /** `randint(low, high=None, size=None, dtype='int64')`: [low, high), or [0, low) without high. */
  randint(args: { low: number | bigint; high?: number | bigint | null; size?: Size; dtype?: IntDtype }): IntArray;
  /** `uniform(low=0, high=1, size)` = low + (high - low) * U. */
  uniform(args?: { low?: number; high?: number; size?: Size }): Float64Array;
  /** `shuffle(x)` for a 1-D array or list, in place. */
  shuffle<T>(x: MutableArrayLike<T>): void;
  /** `shuffle(x)` for an n-D array stored flat in C order: permutes the rows along axis 0. */
  shuffleRows<T>(args: { x: MutableArrayLike<T>; rowLength: number }): void;
  /** `permutation(n)`: a shuffled arange(n). */
  permutation(n: number): Int32Array;
  /** `choice(a, size=None, replace=True, p=None)` with a = population size: the chosen indices. */
  choice(args: { a: number; size?: Size; replace?: boolean; p?: ArrayLike<number> | null }): Float64Array;
  /** `get_state()` */
  getState(): RandomStateState;
  clone(): RandomState;
  /** The MT19937 bit generator underneath (`rs._bit_generator`). */
  readonly bitGenerator: NumpyMt19937;
}

class RandomStateImpl implements RandomState {
  constructor(
    public bitGenerator: NumpyMt19937,
    private hasGauss = false,
    private gaussValue = 0.0,
  ) {}

  seed(seed: LegacySeed): void {
    this.bitGenerator = numpyMt19937Legacy(seed);
    this.hasGauss = false;
    this.gaussValue = 0.0;
  }

  randomSample(size?: Size): Float64Array {
    const out = new Float64Array(sizeCount(size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = bg.nextDouble();
    return out;
  }

  rand(...dims: number[]): Float64Array {
    return this.randomSample(dims.length ? dims : null);
  }

  randn(...dims: number[]): Float64Array {
    return this.standardNormal(dims.length ? dims : null);
  }

  /** legacy_gauss */
  private gauss(): number {
    if (this.hasGauss) {
      const t = this.gaussValue;
      this.hasGauss = false;
      this.gaussValue = 0.0;
      return t;
    }
    const bg = this.bitGenerator;
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * bg.nextDouble() - 1.0;
      x2 = 2.0 * bg.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    // Polar method, a more efficient version of the Box-Muller approach.
    const f = sqrt((-2.0 * log(r2)) / r2);
    this.gaussValue = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  standardNormal(size?: Size): Float64Array {
    const out = new Float64Array(sizeCount(size));
    for (let i = 0; i < out.length; i++) out[i] = this.gauss();
    return out;
  }

  normal(args: { loc?: number; scale?: number; size?: Size } = {}): Float64Array {
    const loc = args.loc ?? 0.0;
    const scale = args.scale ?? 1.0;
    if (scale < 0) throw new RangeError('scale < 0');
    const out = new Float64Array(sizeCount(args.size));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.gauss();
    return out;
  }

  randint(args: { low: number | bigint; high?: number | bigint | null; size?: Size; dtype?: IntDtype }): IntArray {
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
      useMasked: true,
      closed: false,
    });
  }

  uniform(args: { low?: number; high?: number; size?: Size } = {}): Float64Array {
    const low = args.low ?? 0.0;
    const range = (args.high ?? 1.0) - low;
    if (!Number.isFinite(range)) throw new RangeError('Range exceeds valid bounds');
    const out = new Float64Array(sizeCount(args.size));
    const bg = this.bitGenerator;
    for (let i = 0; i < out.length; i++) out[i] = low + range * bg.nextDouble();
    return out;
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

  choice(args: { a: number; size?: Size; replace?: boolean; p?: ArrayLike<number> | null }): Float64Array {
    const popSize = args.a;
    const count = sizeCount(args.size);
    const replace = args.replace ?? true;
    const p = args.p ?? null;
    if (!Number.isInteger(popSize)) throw new RangeError('a must be 1-dimensional or an integer');
    if (popSize <= 0 && count !== 0) throw new RangeError('a must be greater than 0 unless no samples are taken');
    if (p !== null) checkProbabilities(p, popSize);
    if (replace) {
      if (p !== null) {
        const cdf = normalizedCdf(p);
        const u = this.randomSample(count);
        const out = new Float64Array(count);
        for (let i = 0; i < count; i++) out[i] = searchsortedRight(cdf, u[i]!);
        return out;
      }
      return Float64Array.from(this.randint({ low: 0, high: popSize, size: count }) as BigInt64Array, Number);
    }
    if (count > popSize) throw new RangeError("Cannot take a larger sample than population when 'replace=False'");
    if (p !== null) return choiceNoReplaceWithP({ p, size: count, uniforms: (n) => this.randomSample(n) });
    // A full permutation of the population, whatever the sample size.
    return Float64Array.from(this.permutation(popSize).subarray(0, count));
  }

  getState(): RandomStateState {
    const s = this.bitGenerator.mt.state();
    return { key: s.words, pos: s.index, hasGauss: this.hasGauss, gauss: this.gaussValue };
  }

  clone(): RandomState {
    return new RandomStateImpl(this.bitGenerator.clone(), this.hasGauss, this.gaussValue);
  }
}

/** The n-D shuffle path: rows along axis 0 swap with the same random_interval draws (skipping i == j). */
/**
 * `permutation(n)` of both RandomState and Generator: `arange(n)` shuffled in place with the
 * masked `random_interval` Fisher–Yates (`_shuffle_raw` in mtrand.pyx and _generator.pyx).
 */
export function permutationWith(bg: NumpyBitGenerator, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('negative dimensions are not allowed');
  if (n > 0x7fffffff) throw new RangeError('permutation sizes above 2^31 - 1 are not supported');
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInterval(bg, out);
  return out;
}

export function shuffleRowsWith<T>(bg: NumpyBitGenerator, x: MutableArrayLike<T>, rowLength: number): void {
  if (!Number.isInteger(rowLength) || rowLength <= 0 || x.length % rowLength !== 0) throw new RangeError('rowLength must divide the array length');
  const n = x.length / rowLength;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInterval(bg, order);
  const copy = Array.from({ length: x.length }, (_, i) => x[i]!);
  for (let r = 0; r < n; r++) {
    const src = order[r]! * rowLength;
    for (let c = 0; c < rowLength; c++) x[r * rowLength + c] = copy[src + c]!;
  }
}

/** `np.random.RandomState(seed)`: init_genrand for an int in [0, 2^32), init_by_array for a list. */
export function randomState(seed: LegacySeed): RandomState {
  return new RandomStateImpl(numpyMt19937Legacy(seed));
}
