// Argument readers shared by every lib: each either returns a well-typed value or throws
// Unservable with a sentence that names the argument. The oracle's get_int / get_size / ...
// (test/oracle/oracle.py) accept and refuse exactly the same shapes.

import { Unservable } from './errors';
import { MAX_DIGEST_VALUES, MAX_LIST_VALUES } from './limits';

export type Obj = Record<string, unknown>;

const DECIMAL = /^-?\d+$/;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function absent(obj: Obj, name: string): boolean {
  return !(name in obj) || obj[name] === null || obj[name] === undefined;
}

/** An integer: a JSON number (integral) or a decimal string, the protocol's big-int form. */
export function parseInt(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && DECIMAL.test(v)) return BigInt(v);
  return undefined;
}

export function bigIntArg(obj: Obj, name: string): bigint;
export function bigIntArg(obj: Obj, name: string, dflt: bigint): bigint;
export function bigIntArg(obj: Obj, name: string, dflt: null): bigint | null;
export function bigIntArg(obj: Obj, name: string, dflt?: bigint | null): bigint | null {
  if (absent(obj, name)) {
    if (dflt === undefined) throw new Unservable(`missing integer argument '${name}'`);
    return dflt;
  }
  const v = parseInt(obj[name]);
  if (v === undefined) throw new Unservable(`argument '${name}' must be an integer (a JSON number or a decimal string)`);
  return v;
}

/** An integer that must fit a double exactly (counts, sizes, small bounds). */
export function intArg(obj: Obj, name: string, dflt?: number): number {
  const v = dflt === undefined ? bigIntArg(obj, name) : bigIntArg(obj, name, BigInt(dflt));
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Unservable(`argument '${name}' is too large for this request`);
  }
  return Number(v);
}

const F64 = new Float64Array(1);
const F64_WORDS = new BigUint64Array(F64.buffer);

/** A float64: a JSON number or the 16-digit hex bits (exact values that decimal would blur). */
export function floatArg(obj: Obj, name: string, dflt?: number): number {
  if (absent(obj, name)) {
    if (dflt === undefined) throw new Unservable(`missing number argument '${name}'`);
    return dflt;
  }
  const v = obj[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^0x[0-9a-fA-F]{16}$/.test(v)) {
    F64_WORDS[0] = BigInt(v);
    return F64[0]!;
  }
  throw new Unservable(`argument '${name}' must be a number or a 16-digit float64 hex string`);
}

export function boolArg(obj: Obj, name: string, dflt: boolean): boolean {
  if (absent(obj, name)) return dflt;
  const v = obj[name];
  if (typeof v !== 'boolean') throw new Unservable(`argument '${name}' must be true or false`);
  return v;
}

/** `size`: a list of non-negative integers (C order); undefined when optional and absent. */
export function sizeArg(obj: Obj, required: true): number[];
export function sizeArg(obj: Obj, required: false): number[] | undefined;
export function sizeArg(obj: Obj, required: boolean): number[] | undefined {
  if (absent(obj, 'size')) {
    if (required) throw new Unservable("missing argument 'size' (a list of non-negative integers)");
    return undefined;
  }
  const size = obj['size'];
  if (!Array.isArray(size) || !size.every((d) => typeof d === 'number' && Number.isInteger(d))) {
    throw new Unservable("argument 'size' must be a list of integers");
  }
  if (size.some((d: number) => d < 0)) throw new Unservable("argument 'size' must not have negative dimensions");
  return size as number[];
}

export function numel(size: readonly number[]): number {
  let n = 1;
  for (const d of size) n *= d;
  return n;
}

export function dtypeArg<T extends string>(obj: Obj, allowed: readonly T[], dflt: T): T {
  if (absent(obj, 'dtype')) return dflt;
  const d = obj['dtype'];
  if (typeof d !== 'string' || !(allowed as readonly string[]).includes(d)) {
    throw new Unservable(`dtype ${JSON.stringify(d)} is not supported here; use one of ${allowed.join(', ')}`);
  }
  return d as T;
}

export function outArg(obj: Obj): 'sha256' | undefined {
  if (absent(obj, 'out')) return undefined;
  if (obj['out'] !== 'sha256') throw new Unservable('"out" must be "sha256" when present');
  return 'sha256';
}

/** Refuses results larger than the list or digest cap (limits.ts). */
export function checkCount(count: number, out: 'sha256' | undefined, what: string): void {
  const cap = out === 'sha256' ? MAX_DIGEST_VALUES : MAX_LIST_VALUES;
  if (count > cap) {
    const hint = out === 'sha256' ? '' : `; add "out": "sha256" for up to ${MAX_DIGEST_VALUES}`;
    throw new Unservable(`${what} would produce ${count} values, more than the cap of ${cap}${hint}`);
  }
}

/** A list of JSON numbers (weights). */
export function numberListArg(obj: Obj, name: string): number[] {
  const v = obj[name];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
    throw new Unservable(`'${name}' must be a list of numbers`);
  }
  return v as number[];
}

/**
 * `multinomial {weights, num_samples, replacement, dtype}`, checked alike for the CPU and CUDA
 * generators. `dtype` is the weights tensor's: `torch.tensor(list of floats)` is float32, the
 * library's default.
 */
export function multinomialArgs(call: Obj, out: 'sha256' | undefined): { weights: number[]; numSamples: number; replacement: boolean; dtype: 'float32' | 'float64' } {
  const weights = numberListArg(call, 'weights');
  if (weights.length === 0) throw new Unservable("argument 'weights' must be a non-empty list of numbers");
  if (weights.length > MAX_LIST_VALUES) throw new Unservable(`argument 'weights' has more than ${MAX_LIST_VALUES} entries`);
  const numSamples = intArg(call, 'num_samples');
  checkCount(Math.max(numSamples, 0), out, 'multinomial');
  return { weights, numSamples, replacement: boolArg(call, 'replacement', false), dtype: dtypeArg(call, ['float32', 'float64'] as const, 'float32') };
}
