// Public API of the NumPy reproduction: legacy RandomState, Generator, and the bit generators.
export { randomState, type RandomState, type RandomStateState, type LegacySeed, type MutableArrayLike } from './random-state';
export { defaultRng, numpyGenerator, standardNormalZiggurat, type NumpyGenerator } from './generator';
export { isIntDtype, type IntArray, type IntDtype } from './bounded';
export { sizeCount, type Size } from './common';
export { seedSequence, type SeedSequence, type SeedEntropy } from '../bitgen/seed-sequence';
export { pcg64, pcg64Dxsm, Pcg64, Pcg64Dxsm } from '../bitgen/pcg64';
export { philox, Philox } from '../bitgen/philox';
export { sfc64, Sfc64 } from '../bitgen/sfc64';
export { numpyMt19937, numpyMt19937Legacy, NumpyMt19937 } from '../bitgen/numpy-mt19937';
export type { NumpyBitGenerator } from '../bitgen/numpy-bitgen';
