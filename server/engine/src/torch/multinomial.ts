// torch.multinomial on CPU (aten/src/ATen/native/Distributions.cpp `multinomial_out`,
// aten/src/ATen/native/cpu/MultinomialKernel.cpp). Work in progress: signature is stable.

import type { TorchGenerator } from './generator';

export interface MultinomialOptions {
  gen: TorchGenerator;
  /** One row of non-negative weights (a 1-D tensor). */
  weights: ArrayLike<number>;
  numSamples: number;
  /** Default false, as in torch.multinomial (WeightedRandomSampler passes true by default). */
  replacement?: boolean;
  /** dtype of the weight tensor; WeightedRandomSampler always makes float64. Default float64. */
  dtype?: 'float32' | 'float64';
  /** PyTorch version: '2.x' (default) or '1.13'. */
  version?: '1.13' | '2.x';
}

/** Indices drawn by `torch.multinomial(weights, numSamples, replacement, generator=gen)`. */
export function multinomial(options: MultinomialOptions): Int32Array {
  void options;
  throw new Error('multinomial: not implemented yet');
}
