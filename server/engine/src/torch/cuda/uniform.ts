// torch.rand on CUDA (aten/src/ATen/native/cuda/DistributionTemplates.h `uniform_kernel` through
// `uniform_and_transform`): float32 draws curand_uniform4 (4 values per block), float64
// curand_uniform2_double (2 per block), laid out by the grid-stride kernel (launch.ts). The
// value rand·(to-from)+from is u itself for [0, 1), and a u of exactly 1.0 (cuRAND's range is
// (0, 1]) becomes `from` = 0 ("reverse the bounds").

import type { CudaGenerator } from './generator';
import { blockOf, forEachBlock, launchGridStride, type CudaDevice, type GridStrideLaunch } from './launch';
import { curandUniform, curandUniformDouble } from './curand';

export type CudaFloatDtype = 'float32' | 'float64';

export interface CudaRandOptions {
  gen: CudaGenerator;
  n: number;
  dtype?: CudaFloatDtype;
  device: CudaDevice;
}

/** Lane `lane` of a block as torch.rand's value (reverse bound applied). */
function randLane(words: ArrayLike<number>, lane: number, dtype: CudaFloatDtype): number {
  const u = dtype === 'float32' ? curandUniform(words[lane]!) : curandUniformDouble(words[2 * lane]!, words[2 * lane + 1]!);
  return u === 1 ? 0 : u;
}

export function cudaRandLaunch(options: CudaRandOptions): GridStrideLaunch {
  return launchGridStride({ gen: options.gen, n: options.n, unroll: (options.dtype ?? 'float32') === 'float32' ? 4 : 2, device: options.device });
}

/** `torch.rand(n, dtype=dtype, device='cuda')` on the generator's current state. */
export function cudaRand(options: CudaRandOptions): Float32Array | Float64Array {
  const dtype = options.dtype ?? 'float32';
  const { n } = options;
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const launch = cudaRandLaunch(options);
  const { threads, unroll } = launch.layout;
  forEachBlock(launch, (words, base) => {
    for (let lane = 0, i = base; lane < unroll && i < n; lane++, i += threads) out[i] = randLane(words, lane, dtype);
  });
  return out;
}

/** Element `index` of a rand launch alone (lazy access; equals cudaRand's out[index]). */
export function cudaRandAt(launch: GridStrideLaunch, index: number, dtype: CudaFloatDtype = 'float32'): number {
  const words = new Uint32Array(4);
  const lane = blockOf(launch, index, words);
  return randLane(words, lane, dtype);
}
