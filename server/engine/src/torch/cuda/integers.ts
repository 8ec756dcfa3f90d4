// torch.randint / random_ on CUDA (aten/src/ATen/native/cuda/DistributionTemplates.h
// `random_from_to_kernel`, `random_kernel`; transforms in aten/src/ATen/core/TransformationHelper.h
// `uniform_int_from_to`, `uniform_int`; range checks in aten/src/ATen/native/DistributionTemplates.h
// `random_from_to_impl`). Ranges >= 2^28 draw 64-bit values (x<<32 | y, z<<32 | w: 2 per block),
// smaller ones one 32-bit word per lane (4 per block); value = (r mod range) + from, wrapped to int64.

import { PythonRaiseError } from '../seed';
import { mod64, modSmall } from '../integers';
import type { CudaGenerator } from './generator';
import { forEachBlock, launchGridStride, type CudaDevice } from './launch';

export type CudaIntDtype = 'int64' | 'int32' | 'int16' | 'int8' | 'uint8';

const DTYPE_BOUNDS: Record<CudaIntDtype, [bigint, bigint]> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  int16: [-(1n << 15n), (1n << 15n) - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
};

/** random_from_to_impl's 2.x width rule (open-source builds): 64-bit draws from range 2^28 on. */
export const WIDE_RANGE = 1n << 28n;

export interface CudaRandintOptions {
  gen: CudaGenerator;
  low: bigint;
  high: bigint;
  n: number;
  dtype?: CudaIntDtype;
  device: CudaDevice;
}

function runtimeError(error: string): PythonRaiseError {
  return new PythonRaiseError({ raises: 'RuntimeError', error });
}

/**
 * `torch.randint(low, high, (n,), dtype=dtype, device='cuda')`. Float64Array when every value is
 * a safe integer, else BigInt64Array. Raises (PythonRaiseError) where torch does.
 */
export function cudaRandint(options: CudaRandintOptions): Float64Array | BigInt64Array {
  const { low, high, n } = options;
  const dtype = options.dtype ?? 'int64';
  if (low >= high) throw runtimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const [min, max] = DTYPE_BOUNDS[dtype];
  if (low < min || low > max) throw runtimeError(`from is out of bounds for ${dtype}`);
  if (high - 1n < min || high - 1n > max) throw runtimeError(`to - 1 is out of bounds for ${dtype}`);
  const range = BigInt.asUintN(64, high - low);
  const wide = range >= WIDE_RANGE;
  const launch = launchGridStride({ gen: options.gen, n, unroll: wide ? 2 : 4, device: options.device });
  const { threads, unroll } = launch.layout;
  const safe = -(2n ** 53n) < low && high <= 2n ** 53n;
  if (safe && range < 1n << 37n) {
    const out = new Float64Array(n);
    const r = Number(range);
    const base = Number(low);
    forEachBlock(launch, (w, first) => {
      for (let lane = 0, i = first; lane < unroll && i < n; lane++, i += threads) {
        out[i] = (wide ? mod64(w[2 * lane]!, w[2 * lane + 1]!, r) : modSmall(w[lane]!, r)) + base;
      }
    });
    return out;
  }
  const out = new BigInt64Array(n);
  forEachBlock(launch, (w, first) => {
    for (let lane = 0, i = first; lane < unroll && i < n; lane++, i += threads) {
      const draw = wide ? (BigInt(w[2 * lane]!) << 32n) | BigInt(w[2 * lane + 1]!) : BigInt(w[lane]!);
      out[i] = BigInt.asIntN(64, (draw % range) + low);
    }
  });
  return out;
}

/**
 * `torch.empty(n, dtype=int64, device='cuda').random_()`: the 64-bit path, value = r mod 2^63
 * (uniform_int for int64).
 */
export function cudaRandomInt64(options: { gen: CudaGenerator; n: number; device: CudaDevice }): BigInt64Array {
  const { n } = options;
  const out = new BigInt64Array(n);
  const launch = launchGridStride({ gen: options.gen, n, unroll: 2, device: options.device });
  const { threads } = launch.layout;
  forEachBlock(launch, (w, first) => {
    for (let lane = 0, i = first; lane < 2 && i < n; lane++, i += threads) {
      out[i] = (BigInt(w[2 * lane]! & 0x7fffffff) << 32n) | BigInt(w[2 * lane + 1]!);
    }
  });
  return out;
}
