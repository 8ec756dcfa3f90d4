// `lib: "torch" | "torch.global" | "torch.cuda"`: one PyTorch generator, calls applied in order.
// "torch" is `g = torch.Generator(); g.manual_seed(seed)`; "torch.global" is `torch.manual_seed(seed)`
// then calls without `generator=` (the same CPU stream, but `int(seed)` first as torch/random.py
// does); "torch.cuda" (Philox, cuRAND) is answered by ./torch-cuda.

import type { TorchGenerator } from '../torch/generator';
import { randint, randomInt64, type RandintDtype } from '../torch/integers';
import { bernoulli } from '../torch/bernoulli';
import { multinomial } from '../torch/multinomial';
import { randn } from '../torch/normal';
import { randperm } from '../torch/randperm';
import { rand } from '../torch/uniform';
import { torchGenerator, torchGlobalGenerator, type TorchVersion } from '../torch/seed';
import { bigIntArg, checkCount, dtypeArg, floatArg, intArg, isObj, multinomialArgs, numel, type Obj, outArg, sizeArg } from './args';
import { encodeScalar, encodeValues, type Json } from './encode';
import { LibraryRaise, notImplemented, Unservable } from './errors';
import { answerTorchCuda } from './torch-cuda';
import { MAX_CALLS } from './limits';

type Out = 'sha256' | undefined;

interface TorchCallContext {
  gen: TorchGenerator;
  version: TorchVersion;
  call: Obj;
  out: Out;
}

type TorchHandler = (ctx: TorchCallContext) => Json;

const FLOAT_DTYPES = ['float32', 'float64'] as const;
const INT_DTYPES = ['int64', 'int32', 'int16', 'int8', 'uint8'] as const;

/** Every fn of the torch libs, in the protocol's order; absent entries answer "not implemented yet". */
export const TORCH_FNS = ['randperm', 'rand', 'randn', 'randint', 'random_int64', 'bernoulli', 'multinomial', 'initial_seed'] as const;

const HANDLERS: Partial<Record<(typeof TORCH_FNS)[number], TorchHandler>> = {
  initial_seed: ({ gen, out }) => encodeScalar(gen.initialSeed(), 'int', out),

  randperm: ({ gen, version, call, out }) => {
    const n = intArg(call, 'n');
    checkCount(Math.max(n, 0), out, 'randperm');
    return encodeValues(randperm({ gen, n, version }), 'int', out);
  },

  rand: ({ gen, call, out }) => {
    const size = sizeArg(call, true);
    checkCount(numel(size), out, 'rand');
    const dtype = dtypeArg(call, FLOAT_DTYPES, 'float32');
    return encodeValues(rand({ gen, size, dtype }), dtype === 'float32' ? 'f32' : 'f64', out);
  },

  randn: ({ gen, version, call, out }) => {
    const size = sizeArg(call, true);
    checkCount(numel(size), out, 'randn');
    const dtype = dtypeArg(call, FLOAT_DTYPES, 'float32');
    return encodeValues(randn({ gen, size, dtype, version }), dtype === 'float32' ? 'f32' : 'f64', out);
  },

  bernoulli: ({ gen, call, out }) => {
    const size = sizeArg(call, true);
    checkCount(numel(size), out, 'bernoulli');
    const p = floatArg(call, 'p', 0.5);
    const dtype = dtypeArg(call, [...FLOAT_DTYPES, ...INT_DTYPES, 'bool'] as const, 'float32');
    if (!(p >= 0 && p <= 1)) throw new LibraryRaise('RuntimeError', `bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    const mask = bernoulli({ gen, size, p });
    if (dtype === 'float32') return encodeValues(Float32Array.from(mask), 'f32', out);
    if (dtype === 'float64') return encodeValues(Float64Array.from(mask), 'f64', out);
    return encodeValues(mask, 'int', out);
  },

  randint: ({ gen, version, call, out }) => {
    const low = bigIntArg(call, 'low', 0n);
    const high = bigIntArg(call, 'high');
    const size = sizeArg(call, true);
    checkCount(numel(size), out, 'randint');
    const dtype: RandintDtype = dtypeArg(call, INT_DTYPES, 'int64');
    return encodeValues(randint({ gen, low, high, size, dtype, version }), 'int', out);
  },

  random_int64: ({ gen, call, out }) => {
    const size = sizeArg(call, true);
    checkCount(numel(size), out, 'random_int64');
    return encodeValues(randomInt64({ gen, size }), 'int', out);
  },

  multinomial: ({ gen, version, call, out }) => {
    const { weights, numSamples, replacement, dtype } = multinomialArgs(call, out);
    const w = dtype === 'float32' ? Float32Array.from(weights) : Float64Array.from(weights);
    return encodeValues(multinomial({ gen, weights: w, numSamples, replacement, dtype, version: version === '1.13' ? '1.13' : '2.x' }), 'int', out);
  },
};

/**
 * Whether `fn` is wired AND its engine function is more than a stub: a tiny probe call must not
 * answer "not implemented yet" (engine stubs throw that until their implementation lands).
 */
export function torchFnImplemented(fn: string): boolean {
  if (!(fn in HANDLERS)) return false;
  try {
    answerTorch({ lib: 'torch', seed: 0, calls: [{ fn, ...PROBE_ARGS[fn as (typeof TORCH_FNS)[number]] }] }, 'torch');
    return true;
  } catch (e) {
    return !(e instanceof Error && /not implemented/i.test(e.message));
  }
}

const PROBE_ARGS: Record<(typeof TORCH_FNS)[number], Obj> = {
  randperm: { n: 3 },
  rand: { size: [2] },
  randn: { size: [2] },
  randint: { high: 3, size: [2] },
  random_int64: { size: [2] },
  bernoulli: { size: [2] },
  multinomial: { weights: [1, 2], num_samples: 1 },
  initial_seed: {},
};

export function torchVersion(req: Obj): TorchVersion {
  const v = req['version'];
  if (v === undefined || v === null) return '2';
  if (!isObj(v)) throw new Unservable('"version" must be an object such as {"torch": "1.13"}');
  const t = v['torch'];
  if (t === undefined || t === null) return '2';
  if (typeof t !== 'string' || !/^\d+\.\d+/.test(t)) throw new Unservable('"version.torch" must be a version string such as "1.13" or "2.11"');
  return t.startsWith('1.') ? '1.13' : '2';
}

function seedArg(req: Obj): string | 'default' {
  const s = req['seed'];
  if (s === 'default') return s;
  const v = typeof s === 'number' ? (Number.isInteger(s) ? BigInt(s) : undefined) : typeof s === 'string' && /^-?\d+$/.test(s) ? BigInt(s) : undefined;
  if (v === undefined) throw new Unservable('seed must be an integer (a JSON number or a decimal string) or "default"');
  return v.toString();
}

export function callsArg(req: Obj): Obj[] {
  const calls = req['calls'];
  if (!Array.isArray(calls) || !calls.every(isObj)) throw new Unservable("'calls' must be a list of objects, each with a 'fn'");
  if (calls.length > MAX_CALLS) throw new Unservable(`a request may hold at most ${MAX_CALLS} calls`);
  return calls;
}

export function answerTorch(req: Obj, lib: 'torch' | 'torch.global' | 'torch.cuda'): Json[] {
  if (lib === 'torch.cuda') return answerTorchCuda({ req, version: torchVersion(req), readCalls: callsArg });
  const version = torchVersion(req);
  const seed = seedArg(req);
  let gen: TorchGenerator;
  if (lib === 'torch') {
    gen = torchGenerator(seed, version);
  } else {
    if (seed === 'default') {
      throw new Unservable('seed "default" on torch.global is not reproducible: an unseeded process seeds its global generator from /dev/urandom');
    }
    gen = torchGlobalGenerator(seed, version);
  }
  const calls = callsArg(req);
  return calls.map((call) => {
    const fn = call['fn'];
    if (typeof fn !== 'string' || !(TORCH_FNS as readonly string[]).includes(fn)) {
      throw new Unservable(`unknown fn ${JSON.stringify(fn)} for ${lib}; known: ${TORCH_FNS.join(', ')}`);
    }
    const handler = HANDLERS[fn as (typeof TORCH_FNS)[number]];
    if (!handler) throw notImplemented(`torch.${fn}`);
    return handler({ gen, version, call, out: outArg(call) });
  });
}

