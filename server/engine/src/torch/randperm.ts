// `torch.randperm(n, generator=gen)` on CPU, both algorithms, plus an O(k) lazy prefix.
// Reproduces aten/src/ATen/native/TensorFactories.cpp (randperm_cpu, randperm_out_cpu).
// See shared/spec/torch-cpu.md §2.3.
//
// Result type: an Int32Array whenever n <= 2**31 (every value n - 1 fits), a Float64Array above
// that (exact up to 2**53). Both hold int64 values exactly; callers index them the same way.

import type { TorchGenerator } from './generator';
import { mod64, modSmall } from './integers';
import { isTorch113, PythonRaiseError, type TorchVersion } from './seed';

export type PermutationArray = Int32Array | Float64Array;

/**
 * 2.x switches to the inside-out, 64-bit-draw algorithm at `n >= uint32 max / 20` (integer
 * division in C++): 214,748,364. 1.13 has only the forward Fisher–Yates.
 */
export const RANDPERM_LARGE_N_THRESHOLD = Math.floor(0xffffffff / 20);

const CHUNK_WORDS = 1 << 16;
const INT32_LIMIT = 2 ** 31;

function checkN(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    // at::empty(n) rejects it before randperm_out_cpu's own check does.
    throw new PythonRaiseError({ raises: 'RuntimeError', error: `Trying to create tensor with negative dimension ${n}: [${n}]` });
  }
}

/** Whether `randperm(n)` takes the 2.x inside-out path (not lazy, 2 words per element). */
export function randpermUsesLargePath(options: { n: number; version?: TorchVersion }): boolean {
  return !isTorch113(options.version) && options.n >= RANDPERM_LARGE_N_THRESHOLD;
}

/** How many 32-bit words `randperm(n)` consumes: n - 1 (small path) or 2n (large path). */
export function randpermWordCount(options: { n: number; version?: TorchVersion }): number {
  if (randpermUsesLargePath(options)) return 2 * options.n;
  return Math.max(options.n - 1, 0);
}

/** Room for `length` values below `n`: Int32Array when they all fit, else Float64Array. */
function allocate(length: number, n = length): PermutationArray {
  return n <= INT32_LIMIT ? new Int32Array(length) : new Float64Array(length);
}

/** `torch.randperm(n, generator=gen)` (int64 values; any dtype draws the same). */
export function randperm(options: { gen: TorchGenerator; n: number; version?: TorchVersion }): PermutationArray {
  const { gen, n } = options;
  checkN(n);
  const out = allocate(n);
  if (randpermUsesLargePath(options)) insideOutShuffle(gen, out);
  else forwardShuffle(gen, out);
  return out;
}

/** Small-n path: a = 0..n-1; for i < n-1: z = random() % (n - i); swap(a[i], a[i + z]). */
function forwardShuffle(gen: TorchGenerator, a: PermutationArray): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = i;
  const steps = Math.max(n - 1, 0);
  const words = new Uint32Array(Math.max(1, Math.min(CHUNK_WORDS, steps)));
  for (let i = 0; i < steps; ) {
    const take = Math.min(steps - i, words.length);
    const view = take === words.length ? words : words.subarray(0, take);
    gen.fill(view);
    for (let k = 0; k < take; k++, i++) {
      // uint32 % int64: for n - i > 2**32 (1.13 only) the remainder is the word itself.
      const j = i + modSmall(view[k]!, n - i);
      const saved = a[i]!;
      a[i] = a[j]!;
      a[j] = saved;
    }
  }
}

/** Large-n path (2.x): for i < n: z = random64() % (i + 1); a[i] = a[z]; a[z] = i. */
function insideOutShuffle(gen: TorchGenerator, a: PermutationArray): void {
  const n = a.length;
  if (n >= 2 ** 37) throw new RangeError('randperm: n >= 2**37 is beyond what this engine can hold');
  const words = new Uint32Array(Math.max(2, Math.min(CHUNK_WORDS, 2 * n)));
  for (let i = 0; i < n; ) {
    const take = Math.min(n - i, words.length >>> 1);
    const view = take * 2 === words.length ? words : words.subarray(0, take * 2);
    gen.fill(view);
    for (let k = 0; k < take; k++, i++) {
      const z = mod64(view[2 * k]!, view[2 * k + 1]!, i + 1);
      a[i] = a[z]!;
      a[z] = i;
    }
  }
}

/** Draws and drops `count` words: what the skipped part of a call would have consumed. */
export function skipWords(gen: TorchGenerator, count: number): void {
  if (count <= 0) return;
  const scratch = new Uint32Array(Math.min(CHUNK_WORDS, count));
  for (let left = count; left > 0; ) {
    const take = Math.min(left, scratch.length);
    gen.fill(take === scratch.length ? scratch : scratch.subarray(0, take));
    left -= take;
  }
}

/**
 * A permutation read one position at a time. On the small path position i is final after step
 * i, so the first k values cost k draws and a sparse map of the displaced slots (O(k) time and
 * memory). On the 2.x large path every position depends on all 2n draws, so the whole
 * permutation is computed at construction (NOT lazy; see `lazy`).
 */
export class LazyRandperm {
  readonly n: number;
  /** False on the 2.x large path, where the full permutation is computed up front. */
  readonly lazy: boolean;
  private readonly gen: TorchGenerator;
  private readonly full: PermutationArray | undefined;
  /** Slot -> value for slots whose value is not their own index (forward Fisher–Yates). */
  private readonly moved = new Map<number, number>();
  private position = 0;
  private wordsDrawn = 0;

  constructor(options: { gen: TorchGenerator; n: number; version?: TorchVersion }) {
    checkN(options.n);
    this.n = options.n;
    this.gen = options.gen;
    this.lazy = !randpermUsesLargePath(options);
    this.full = this.lazy ? undefined : randperm(options);
  }

  /** How many values have been read. */
  get index(): number {
    return this.position;
  }

  /** The value at the next position; undefined once all n were read. */
  next(): number | undefined {
    const i = this.position;
    if (i >= this.n) return undefined;
    this.position++;
    if (this.full) return this.full[i]!;
    const here = this.moved.get(i) ?? i;
    if (i === this.n - 1) return here; // the last step draws nothing
    const j = i + modSmall(this.gen.random(), this.n - i);
    this.wordsDrawn++;
    const landing = this.moved.get(j) ?? j;
    if (j !== i) this.moved.set(j, here);
    this.moved.delete(i);
    return landing;
  }

  /** Draws and drops the words the unread steps would consume, leaving `gen` as the full call does. */
  finish(): void {
    if (!this.full) skipWords(this.gen, Math.max(this.n - 1, 0) - this.wordsDrawn);
    this.position = this.n;
  }
}

/**
 * The first k values of `randperm(n, generator=gen)` in O(k) time and memory (small path; on the
 * 2.x large path, n >= 214,748,364, it computes the full permutation and slices it).
 * Generator state afterwards: with `finish: true` exactly as after the full call (the remaining
 * n-1-k words are drawn and dropped, O(n) time, O(1) memory); by default it has consumed only
 * min(k, n-1) words, i.e. NOT the full call's state.
 */
export function randpermPrefix(options: {
  gen: TorchGenerator;
  n: number;
  k: number;
  version?: TorchVersion;
  finish?: boolean;
}): PermutationArray {
  const perm = new LazyRandperm(options);
  const k = Math.max(0, Math.min(options.k, options.n));
  const out = allocate(k, options.n);
  for (let i = 0; i < k; i++) out[i] = perm.next()!;
  if (options.finish) perm.finish();
  return out;
}
