// `lib: "numpy.legacy"` (`rs = np.random.RandomState(seed)`) and `lib: "numpy"`
// (`rng = np.random.default_rng(seed)`, PCG64), calls applied in order, served by ../numpy/*.
// Without `size` (or with `size: []`, a 0-d array) NumPy answers a scalar, and so do we.

import { defaultRng, type IntDtype, type NumpyGenerator, randomState, type RandomState } from '../numpy';
import { bigIntArg, boolArg, checkCount, dtypeArg, floatArg, intArg, isObj, numel, type Obj, outArg, parseInt, sizeArg } from './args';
import { encodeScalar, encodeValues, type Json, type ValueKind, type Values } from './encode';
import { LibraryRaise, notImplemented, Unservable } from './errors';
import { callsArg } from './torch';

export const NUMPY_LEGACY_FNS = ['rand', 'randn', 'randint', 'permutation', 'shuffle', 'choice', 'uniform'] as const;
export const NUMPY_FNS = ['random', 'integers', 'permutation', 'shuffle', 'choice', 'standard_normal'] as const;
type LegacyFn = (typeof NUMPY_LEGACY_FNS)[number];
type GeneratorFn = (typeof NUMPY_FNS)[number];
type Out = 'sha256' | undefined;

const INT_DTYPES: readonly IntDtype[] = ['int64', 'int32', 'int16', 'int8', 'uint64', 'uint32', 'uint16', 'uint8', 'bool'];

/** The call's size: undefined means "answer a scalar" (no size, or the 0-d shape []). */
function npSize(call: Obj, out: Out, what: string): number[] | undefined {
  const size = sizeArg(call, false);
  checkCount(size === undefined ? 1 : numel(size), out, what);
  return size === undefined || size.length === 0 ? undefined : size;
}

function result(values: Values, kind: ValueKind, size: number[] | undefined | 'list', out: Out): Json {
  if (size === undefined) return encodeScalar((values as ArrayLike<number | bigint>)[0]!, kind, out);
  return encodeValues(values, kind, out);
}

function arange(n: number): Float64Array {
  const a = new Float64Array(Math.max(n, 0));
  for (let i = 0; i < a.length; i++) a[i] = i;
  return a;
}

function nArg(call: Obj, out: Out, what: string): number {
  const n = intArg(call, 'n');
  checkCount(Math.max(n, 0), out, what);
  return n;
}

function choiceArgs(call: Obj, out: Out) {
  const n = intArg(call, 'n');
  const size = npSize(call, out, 'choice');
  return { a: n, size: size ?? null, replace: boolArg(call, 'replace', true), scalar: size === undefined };
}

const LEGACY: Record<LegacyFn, (rs: RandomState, call: Obj, out: Out) => Json> = {
  rand: (rs, call, out) => {
    const size = npSize(call, out, 'rand');
    return result(rs.randomSample(size ?? null), 'f64', size, out);
  },
  randn: (rs, call, out) => {
    const size = npSize(call, out, 'randn');
    return result(rs.standardNormal(size ?? null), 'f64', size, out);
  },
  randint: (rs, call, out) => {
    const size = npSize(call, out, 'randint');
    const dtype = dtypeArg(call, INT_DTYPES, 'int64');
    return result(rs.randint({ low: bigIntArg(call, 'low'), high: bigIntArg(call, 'high', null), size: size ?? null, dtype }), 'int', size, out);
  },
  permutation: (rs, call, out) => encodeValues(rs.permutation(nArg(call, out, 'permutation')), 'int', out),
  shuffle: (rs, call, out) => {
    const a = arange(nArg(call, out, 'shuffle'));
    rs.shuffle(a);
    return encodeValues(a, 'int', out);
  },
  choice: (rs, call, out) => {
    const c = choiceArgs(call, out);
    return result(rs.choice(c), 'int', c.scalar ? undefined : 'list', out);
  },
  uniform: (rs, call, out) => {
    const size = npSize(call, out, 'uniform');
    return result(rs.uniform({ low: floatArg(call, 'low', 0), high: floatArg(call, 'high', 1), size: size ?? null }), 'f64', size, out);
  },
};

const GENERATOR: Record<GeneratorFn, (rng: NumpyGenerator, call: Obj, out: Out) => Json> = {
  random: (rng, call, out) => {
    const size = npSize(call, out, 'random');
    const dtype = dtypeArg(call, ['float64', 'float32'] as const, 'float64');
    if (dtype === 'float32') return result(rng.randomFloat32(size ?? null), 'f32', size, out);
    return result(rng.random(size ?? null), 'f64', size, out);
  },
  standard_normal: (rng, call, out) => {
    const size = npSize(call, out, 'standard_normal');
    const dtype = dtypeArg(call, ['float64', 'float32'] as const, 'float64');
    if (dtype === 'float32') throw notImplemented('numpy standard_normal(dtype=float32) (the float32 ziggurat)');
    return result(rng.standardNormal(size ?? null), 'f64', size, out);
  },
  integers: (rng, call, out) => {
    const size = npSize(call, out, 'integers');
    const dtype = dtypeArg(call, INT_DTYPES, 'int64');
    const args = { low: bigIntArg(call, 'low'), high: bigIntArg(call, 'high', null), size: size ?? null, dtype, endpoint: boolArg(call, 'endpoint', false) };
    return result(rng.integers(args), 'int', size, out);
  },
  permutation: (rng, call, out) => encodeValues(rng.permutation(nArg(call, out, 'permutation')), 'int', out),
  shuffle: (rng, call, out) => {
    const a = arange(nArg(call, out, 'shuffle'));
    rng.shuffle(a);
    return encodeValues(a, 'int', out);
  },
  choice: (rng, call, out) => {
    const c = choiceArgs(call, out);
    return result(rng.choice(c), 'int', c.scalar ? undefined : 'list', out);
  },
};

export function numpyFnImplemented(lib: 'numpy' | 'numpy.legacy', fn: string): boolean {
  return fn in (lib === 'numpy' ? GENERATOR : LEGACY);
}

/** Seeds: an int (number or decimal string) or a list of them; NumPy itself rejects bad values. */
function seedArg(req: Obj, lib: string): bigint | bigint[] {
  const s = req['seed'];
  if (s === 'default') throw new Unservable(`seed "default" on ${lib} is not reproducible: an unseeded generator draws OS entropy`);
  if (Array.isArray(s)) {
    const list = s.map(parseInt);
    if (list.every((v): v is bigint => v !== undefined)) return list;
  } else if (!isObj(s)) {
    const v = parseInt(s);
    if (v !== undefined) return v;
  }
  throw new Unservable(`${lib} seed must be an integer (a JSON number or a decimal string) or a list of them`);
}

/** NumPy raises ValueError where ../numpy throws RangeError, TypeError where it throws TypeError. */
function asNumpyError(e: unknown): unknown {
  if (e instanceof RangeError) return new LibraryRaise('ValueError', e.message);
  if (e instanceof TypeError) return new LibraryRaise('TypeError', e.message);
  return e;
}

export function answerNumpy(req: Obj, lib: 'numpy' | 'numpy.legacy'): Json[] {
  const fns: readonly string[] = lib === 'numpy' ? NUMPY_FNS : NUMPY_LEGACY_FNS;
  const seed = seedArg(req, lib);
  const calls = callsArg(req);
  let run: (fn: string, call: Obj) => Json;
  try {
    if (lib === 'numpy') {
      const rng = defaultRng(seed);
      run = (fn, call) => GENERATOR[fn as GeneratorFn](rng, call, outArg(call));
    } else {
      const rs = randomState(seed);
      run = (fn, call) => LEGACY[fn as LegacyFn](rs, call, outArg(call));
    }
  } catch (e) {
    throw asNumpyError(e);
  }
  return calls.map((call) => {
    const fn = call['fn'];
    if (typeof fn !== 'string' || !fns.includes(fn)) {
      throw new Unservable(`unknown fn ${JSON.stringify(fn)} for ${lib}; known: ${fns.join(', ')}`);
    }
    try {
      return run(fn, call);
    } catch (e) {
      throw asNumpyError(e);
    }
  });
}
