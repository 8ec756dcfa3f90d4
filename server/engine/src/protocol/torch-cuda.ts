// `lib: "torch.cuda"`: `torch.cuda.manual_seed(seed)` on device 0, then the calls on the default
// CUDA generator of a GPU with `sm_count` SMs and `max_threads_per_sm` threads per SM (default
// 2048). Engine: server/engine/src/torch/cuda/. Calls whose GPU result depends on hardware
// approximations (float32 randn, float32 multinomial races) are refused with ok:false.

import { isPythonRaise, isTorch113, PythonRaiseError, torchManualSeedValue, type TorchVersion } from '../torch/seed';
import {
  CudaGenerator,
  cudaBernoulli,
  cudaMultinomial,
  cudaRand,
  cudaRandint,
  cudaRandnDouble,
  cudaRandomInt64,
  cudaRandperm,
  MULTINOMIAL_FLOAT32_RACE_REFUSAL,
  MultinomialUnmodelledError,
  RANDN_FLOAT32_REFUSAL,
  UnreproducibleError,
  type CudaDevice,
  type CudaIntDtype,
} from '../torch/cuda';
import { bigIntArg, checkCount, dtypeArg, floatArg, intArg, multinomialArgs, numel, type Obj, outArg, sizeArg } from './args';
import { encodeScalar, encodeValues, type Json } from './encode';
import { LibraryRaise, Unservable } from './errors';

const FLOAT_DTYPES = ['float32', 'float64'] as const;
const INT_DTYPES = ['int64', 'int32', 'int16', 'int8', 'uint8'] as const;
export const TORCH_CUDA_FNS = ['randperm', 'rand', 'randn', 'randint', 'random_int64', 'bernoulli', 'multinomial', 'initial_seed'] as const;
type Fn = (typeof TORCH_CUDA_FNS)[number];

interface Ctx {
  gen: CudaGenerator;
  device: CudaDevice;
  call: Obj;
  out: 'sha256' | undefined;
}

/**
 * Why the engine refuses a torch.cuda call by design (its GPU result depends on hardware
 * approximations), or undefined. The golden test lists such cases as excluded with this reason.
 */
export function torchCudaRefusal(call: Obj): string | undefined {
  const dtype = call['dtype'] ?? 'float32';
  if (call['fn'] === 'randn' && dtype === 'float32') return RANDN_FLOAT32_REFUSAL;
  if (call['fn'] === 'multinomial' && dtype === 'float32' && (call['replacement'] !== true || call['num_samples'] === 1)) return MULTINOMIAL_FLOAT32_RACE_REFUSAL;
  return undefined;
}

const HANDLERS: Record<Fn, (ctx: Ctx) => Json> = {
  initial_seed: ({ gen, out }) => encodeScalar(gen.initialSeed(), 'int', out),

  randperm: ({ gen, device, call, out }) => {
    const n = intArg(call, 'n');
    checkCount(Math.max(n, 0), out, 'randperm');
    if (n < 0) throw new LibraryRaise('RuntimeError', `Trying to create tensor with negative dimension ${n}: [${n}]`);
    return encodeValues(cudaRandperm({ gen, n, device }), 'int', out);
  },

  rand: ({ gen, device, call, out }) => {
    const size = sizeArg(call, true);
    const n = numel(size);
    checkCount(n, out, 'rand');
    const dtype = dtypeArg(call, FLOAT_DTYPES, 'float32');
    return encodeValues(cudaRand({ gen, n, dtype, device }), dtype === 'float32' ? 'f32' : 'f64', out);
  },

  randn: ({ gen, device, call, out }) => {
    const size = sizeArg(call, true);
    const n = numel(size);
    checkCount(n, out, 'randn');
    const dtype = dtypeArg(call, FLOAT_DTYPES, 'float32');
    if (dtype === 'float32') throw new Unservable(RANDN_FLOAT32_REFUSAL);
    return encodeValues(cudaRandnDouble({ gen, n, device }), 'f64', out);
  },

  randint: ({ gen, device, call, out }) => {
    const low = bigIntArg(call, 'low', 0n);
    const high = bigIntArg(call, 'high');
    const size = sizeArg(call, true);
    const n = numel(size);
    checkCount(n, out, 'randint');
    const dtype: CudaIntDtype = dtypeArg(call, INT_DTYPES, 'int64');
    return encodeValues(cudaRandint({ gen, low, high, n, dtype, device }), 'int', out);
  },

  random_int64: ({ gen, device, call, out }) => {
    const size = sizeArg(call, true);
    const n = numel(size);
    checkCount(n, out, 'random_int64');
    return encodeValues(cudaRandomInt64({ gen, n, device }), 'int', out);
  },

  bernoulli: ({ gen, device, call, out }) => {
    const size = sizeArg(call, true);
    const n = numel(size);
    checkCount(n, out, 'bernoulli');
    const p = floatArg(call, 'p', 0.5);
    const dtype = dtypeArg(call, [...FLOAT_DTYPES, ...INT_DTYPES, 'bool'] as const, 'float32');
    if (!(p >= 0 && p <= 1)) throw new LibraryRaise('RuntimeError', `bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    const mask = cudaBernoulli({ gen, n, p, doubleAccumulate: dtype === 'float64', device });
    if (dtype === 'float32') return encodeValues(Float32Array.from(mask), 'f32', out);
    if (dtype === 'float64') return encodeValues(Float64Array.from(mask), 'f64', out);
    return encodeValues(mask, 'int', out);
  },

  multinomial: ({ gen, device, call, out }) => {
    const { weights, numSamples, replacement, dtype } = multinomialArgs(call, out);
    return encodeValues(cudaMultinomial({ gen, weights, numSamples, replacement, dtype, device }), 'int', out);
  },
};

function positiveInt(req: Obj, name: string, dflt?: number): number {
  const v = intArg(req, name, dflt);
  if (!(v >= 1)) throw new Unservable(`"${name}" must be a positive integer`);
  return v;
}

/** The GPU the request emulates. */
export function cudaDeviceArg(req: Obj): CudaDevice {
  const smCount = positiveInt(req, 'sm_count');
  const maxThreadsPerSm = positiveInt(req, 'max_threads_per_sm', 2048);
  if (maxThreadsPerSm < 256) throw new Unservable('"max_threads_per_sm" must be at least 256 (one 256-thread block per SM)');
  return { smCount, maxThreadsPerSm };
}

export function answerTorchCuda(options: { req: Obj; version: TorchVersion; readCalls: (req: Obj) => Obj[] }): Json[] {
  const { req, readCalls } = options;
  const device = cudaDeviceArg(req);
  if (isTorch113(options.version)) {
    throw new Unservable(
      "torch.cuda follows PyTorch 2.x in the engine; 1.13's CUDA streams differ (randperm below 30,000 used the CPU generator, randint's 64-bit threshold was 2**32) and are not modelled",
    );
  }
  const seed = req['seed'];
  if (seed === 'default') {
    throw new Unservable('seed "default" on torch.cuda is not reproducible: an unseeded process seeds its CUDA generator from std::random_device');
  }
  if (!(typeof seed === 'number' && Number.isInteger(seed)) && !(typeof seed === 'string' && /^-?\d+$/.test(seed))) {
    throw new Unservable('seed must be an integer (a JSON number or a decimal string) or "default"');
  }
  // torch.cuda.manual_seed: int(seed), then the same uint64 unpacking as Generator.manual_seed.
  const unpacked = torchManualSeedValue(typeof seed === 'number' ? BigInt(seed) : seed);
  if (isPythonRaise(unpacked)) throw new PythonRaiseError(unpacked);
  const gen = new CudaGenerator(unpacked);
  return readCalls(req).map((call) => {
    const fn = call['fn'];
    if (typeof fn !== 'string' || !(TORCH_CUDA_FNS as readonly string[]).includes(fn)) {
      throw new Unservable(`unknown fn ${JSON.stringify(fn)} for torch.cuda; known: ${TORCH_CUDA_FNS.join(', ')}`);
    }
    try {
      return HANDLERS[fn as Fn]({ gen, device, call, out: outArg(call) });
    } catch (e) {
      if (e instanceof UnreproducibleError || e instanceof MultinomialUnmodelledError) throw new Unservable(e.message);
      throw e;
    }
  });
}
