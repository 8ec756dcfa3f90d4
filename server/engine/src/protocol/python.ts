// `lib: "python"`: `r = random.Random(seed)`, calls applied in order (Lib/random.py over
// Modules/_randommodule.c, reproduced in ../python/random.ts). Seeds: an int (number or decimal
// string), {"str": s}, {"bytes": hex} or {"float": x} (x a number or 16-digit float64 hex).

import { pythonRandom, type PythonRandom, type PythonSeed } from '../python/random';
import { bigIntArg, checkCount, floatArg, intArg, isObj, type Obj, outArg } from './args';
import { encodeInt, encodeScalar, encodeValues, type Json } from './encode';
import { LibraryRaise, Unservable } from './errors';
import { MAX_DIGEST_VALUES, MAX_GETRANDBITS } from './limits';
import { callsArg } from './torch';

export const PYTHON_FNS = ['random', 'getrandbits', 'randrange', 'randint', 'shuffle', 'sample', 'choice', 'uniform', 'gauss'] as const;
type PythonFn = (typeof PYTHON_FNS)[number];
type Out = 'sha256' | undefined;

const HANDLERS: Record<PythonFn, (r: PythonRandom, call: Obj, out: Out) => Json> = {
  random: (r, _call, out) => encodeScalar(r.random(), 'f64', out),
  getrandbits: (r, call, out) => {
    const k = intArg(call, 'k');
    if (k > MAX_GETRANDBITS) throw new Unservable(`getrandbits k is capped at ${MAX_GETRANDBITS}`);
    if (k < 0) throw new LibraryRaise('ValueError', 'number of bits must be non-negative');
    const v = r.getrandbits(k);
    if (out === 'sha256') throw new Unservable('"out": "sha256" needs int64 values; getrandbits answers a single integer');
    return encodeInt(v);
  },
  randrange: (r, call, out) => {
    const start = bigIntArg(call, 'start');
    const stop = bigIntArg(call, 'stop', null);
    const step = bigIntArg(call, 'step', 1n);
    return encodeScalar(r.randrange(start, stop, step), 'int', out);
  },
  randint: (r, call, out) => encodeScalar(r.randint(bigIntArg(call, 'a'), bigIntArg(call, 'b')), 'int', out),
  shuffle: (r, call, out) => {
    const n = intArg(call, 'n');
    checkCount(Math.max(n, 0), out, 'shuffle');
    const x = new Float64Array(Math.max(n, 0));
    for (let i = 0; i < x.length; i++) x[i] = i;
    r.shuffle(x);
    return encodeValues(x, 'int', out);
  },
  sample: (r, call, out) => {
    const n = intArg(call, 'n');
    const k = intArg(call, 'k');
    checkCount(Math.max(k, 0), out, 'sample');
    if (n > MAX_DIGEST_VALUES) throw new Unservable(`sample population is capped at ${MAX_DIGEST_VALUES}`);
    // sample(range(n), k) with n < 0 is an empty population.
    if (k < 0 || k > Math.max(n, 0)) throw new LibraryRaise('ValueError', 'Sample larger than population or is negative');
    return encodeValues(r.sampleIndices(Math.max(n, 0), k), 'int', out);
  },
  choice: (r, call, out) => {
    const n = intArg(call, 'n');
    if (n <= 0) throw new LibraryRaise('IndexError', 'Cannot choose from an empty sequence');
    return encodeScalar(r.randbelow(n), 'int', out);
  },
  uniform: (r, call, out) => encodeScalar(r.uniform(floatArg(call, 'a'), floatArg(call, 'b')), 'f64', out),
  gauss: (r, call, out) => encodeScalar(r.gauss(floatArg(call, 'mu', 0), floatArg(call, 'sigma', 1)), 'f64', out),
};

function pythonSeedArg(req: Obj): PythonSeed {
  const s = req['seed'];
  if (s === 'default') {
    throw new Unservable('seed "default" on python is not reproducible: random.Random() seeds from os.urandom');
  }
  if (isObj(s) && Object.keys(s).length === 1) {
    if (typeof s['str'] === 'string') return s['str'];
    if ('float' in s) {
      const x = floatArg(s, 'float');
      // hash(nan) depends on the object's id since CPython 3.10: no reproducible stream.
      if (Number.isNaN(x)) throw new Unservable('seed {"float": nan} is not reproducible: hash(nan) depends on the object identity');
      return { float: x };
    }
    if (typeof s['bytes'] === 'string') {
      const hex = s['bytes'];
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Unservable("seed {'bytes': ...} must hold an even-length hex string");
      const bytes = new Uint8Array(hex.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return bytes;
    }
  }
  try {
    return bigIntArg(req, 'seed');
  } catch {
    throw new Unservable('python seed must be an integer (number or decimal string), {"str": "..."}, {"bytes": "hex"} or {"float": x}');
  }
}

/** Lib/random.py raises ValueError where ../python/random.ts throws RangeError. */
function asPythonError(e: unknown): unknown {
  if (e instanceof RangeError) return new LibraryRaise('ValueError', e.message);
  if (e instanceof TypeError) return new LibraryRaise('TypeError', e.message);
  return e;
}

export function answerPython(req: Obj): Json[] {
  const r = pythonRandom(pythonSeedArg(req));
  return callsArg(req).map((call) => {
    const fn = call['fn'];
    if (typeof fn !== 'string' || !(PYTHON_FNS as readonly string[]).includes(fn)) {
      throw new Unservable(`unknown fn ${JSON.stringify(fn)} for python; known: ${PYTHON_FNS.join(', ')}`);
    }
    try {
      return HANDLERS[fn as PythonFn](r, call, outArg(call));
    } catch (e) {
      throw asPythonError(e);
    }
  });
}
