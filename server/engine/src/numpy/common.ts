// Small pieces shared by RandomState and Generator (numpy/random/_common.pyx, mtrand.pyx,
// _generator.pyx): sizes, cdf lookup, the probability checks of choice.

/** NumPy's `size`: an int, a shape, or null/undefined for one value (NumPy then returns a scalar). */
export type Size = number | readonly number[] | null | undefined;

/** The number of values `size` asks for. */
export function sizeCount(size: Size): number {
  if (size === null || size === undefined) return 1;
  const dims = typeof size === 'number' ? [size] : size;
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError('negative dimensions are not allowed');
    n *= d;
  }
  return n;
}

/** `cdf = p.cumsum(); cdf /= cdf[-1]` (cumsum adds left to right). */
export function normalizedCdf(p: ArrayLike<number>): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s = i === 0 ? p[0]! : s + p[i]!;
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** `cdf.searchsorted(u, side='right')`: the number of entries <= u. */
export function searchsortedRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cdf[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** _common.pyx kahan_sum. */
function kahanSum(p: ArrayLike<number>): number {
  if (p.length === 0) return 0;
  let sum = p[0]!;
  let c = 0;
  for (let i = 1; i < p.length; i++) {
    const y = p[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

const SQRT_EPS = Math.sqrt(2.220446049250313e-16);

/** choice's checks on p (RangeError where NumPy raises ValueError). */
export function checkProbabilities(p: ArrayLike<number>, popSize: number): void {
  if (p.length !== popSize) throw new RangeError('a and p must have same size');
  const pSum = kahanSum(p);
  if (Number.isNaN(pSum)) throw new RangeError('Probabilities contain NaN');
  for (let i = 0; i < p.length; i++) if (p[i]! < 0) throw new RangeError('probabilities are not non-negative');
  if (Math.abs(pSum - 1) > SQRT_EPS) throw new RangeError('probabilities do not sum to 1');
}

/**
 * choice without replacement with p (same loop in mtrand.pyx and _generator.pyx): draw
 * `size - found` uniforms, zero the found entries of p, look the uniforms up in the
 * renormalised cdf, keep new indices in order of first occurrence.
 */
export function choiceNoReplaceWithP(args: { p: ArrayLike<number>; size: number; uniforms: (n: number) => Float64Array }): Float64Array {
  const { size } = args;
  const p = Float64Array.from(args.p);
  let positive = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) positive++;
  if (positive < size) throw new RangeError('Fewer non-zero entries in p than size');
  const found = new Float64Array(size);
  let nUniq = 0;
  while (nUniq < size) {
    const x = args.uniforms(size - nUniq);
    for (let i = 0; i < nUniq; i++) p[found[i]!] = 0;
    const cdf = normalizedCdf(p);
    const seen = new Set<number>();
    for (let i = 0; i < x.length; i++) {
      const v = searchsortedRight(cdf, x[i]!);
      if (!seen.has(v)) {
        seen.add(v);
        found[nUniq++] = v;
      }
    }
  }
  return found;
}
