// `x.bernoulli_(p)` with a scalar p on CUDA (aten/src/ATen/native/cuda/DistributionTemplates.h
// `bernoulli_kernel(self, double p, gen)`): the uniform path of torch.rand, a float uniform
// (curand_uniform4) for every dtype but float64, which draws curand_uniform2_double; the result is
// u < p with p cast to that accumulate type (TransformationHelper.h `bernoulli`).

import type { CudaGenerator } from './generator';
import { forEachBlock, launchGridStride, type CudaDevice } from './launch';
import { curandUniform, curandUniformDouble } from './curand';

export interface CudaBernoulliOptions {
  gen: CudaGenerator;
  n: number;
  p: number;
  /** Whether the output tensor is float64 (double accumulate type); every other dtype draws floats. */
  doubleAccumulate: boolean;
  device: CudaDevice;
}

/** The 0/1 mask `torch.empty(n, dtype).bernoulli_(p)` holds. */
export function cudaBernoulli(options: CudaBernoulliOptions): Uint8Array {
  const { n, doubleAccumulate } = options;
  const out = new Uint8Array(n);
  const p = doubleAccumulate ? options.p : Math.fround(options.p);
  const launch = launchGridStride({ gen: options.gen, n, unroll: doubleAccumulate ? 2 : 4, device: options.device });
  const { threads, unroll } = launch.layout;
  forEachBlock(launch, (w, first) => {
    for (let lane = 0, i = first; lane < unroll && i < n; lane++, i += threads) {
      const u = doubleAccumulate ? curandUniformDouble(w[2 * lane]!, w[2 * lane + 1]!) : curandUniform(w[lane]!);
      out[i] = u < p ? 1 : 0;
    }
  });
  return out;
}
