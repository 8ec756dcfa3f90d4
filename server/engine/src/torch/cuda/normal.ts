// torch.randn on CUDA (aten/src/ATen/native/cuda/DistributionTemplates.h `normal_kernel`,
// `normal_and_transform`). float64: curand_normal2_double, one Box-Muller pair per block, lanes
// (s·sin, s·cos), then `val * std + mean` = val + 0 for randn. Bit-exact through the libdevice
// ports (libdevice.ts). float32 goes through curand_normal4, whose `__sincosf` is the GPU's
// special-function-unit approximation: not reproducible, so there is no float32 path here.

import type { CudaGenerator } from './generator';
import { forEachBlock, launchGridStride, type CudaDevice } from './launch';
import { curandBoxMullerDouble } from './curand';

/** Why float32 randn on CUDA is refused, for the protocol's ok:false answer. */
export const RANDN_FLOAT32_REFUSAL =
  'torch.randn with float32 on CUDA is not reproducible bit for bit: cuRAND computes it with __sincosf, ' +
  "the GPU's hardware sine/cosine approximation (SFU), which the engine cannot emulate exactly; use dtype float64";

/** `torch.randn(n, dtype=torch.float64, device='cuda')`. May throw UnreproducibleError (see libdevice.ts). */
export function cudaRandnDouble(options: { gen: CudaGenerator; n: number; device: CudaDevice }): Float64Array {
  const { n } = options;
  const out = new Float64Array(n);
  const pair = new Float64Array(2);
  const launch = launchGridStride({ gen: options.gen, n, unroll: 2, device: options.device });
  const { threads } = launch.layout;
  forEachBlock(launch, (w, first) => {
    curandBoxMullerDouble(w, pair);
    out[first] = pair[0]! + 0;
    if (first + threads < n) out[first + threads] = pair[1]! + 0;
  });
  return out;
}
