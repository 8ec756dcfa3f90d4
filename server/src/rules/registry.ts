// Every rule, one line each. Order is the catalogue's order (by code).

import missingSetEpoch from './missing-set-epoch';
import falsyZeroSeed from './falsy-zero-seed';
import benchmarkDefeatsDeterminism from './benchmark-defeats-determinism';
import misspelledBackendFlag from './misspelled-backend-flag';
import deterministicWithoutCublasWorkspace from './deterministic-without-cublas-workspace';
import cudaOnlySeed from './cuda-only-seed';
import cudnnDeterministicOnly from './cudnn-deterministic-only';
import redundantCudaSeed from './redundant-cuda-seed';
import runtimePythonhashseed from './runtime-pythonhashseed';
import nondeterministicSeedValue from './nondeterministic-seed-value';
import constantReseedInLoop from './constant-reseed-in-loop';
import numpySeedOutOfRange from './numpy-seed-out-of-range';
import numpyGlobalRngInWorkersPre19 from './numpy-global-rng-in-workers-pre-1-9';
import sharedRngObjectInDataset from './shared-rng-object-in-dataset';
import epochInvariantWorkerSeed from './epoch-invariant-worker-seed';
import shuffleWithoutGenerator from './shuffle-without-generator';
import iterableDatasetNotSharded from './iterable-dataset-not-sharded';
import dataloaderOutOfOrder from './dataloader-out-of-order';
import threadWorkerGlobalRng from './thread-worker-global-rng';
import constantSeedPerSample from './constant-seed-per-sample';
import ineffectiveSetEpoch from './ineffective-set-epoch';
import samplerWithShuffle from './sampler-with-shuffle';
import rankDependentSamplerSeed from './rank-dependent-sampler-seed';
import rankDivergentDataSplit from './rank-divergent-data-split';
import unseededRandomSplit from './unseeded-random-split';
import unseededTorchGenerator from './unseeded-torch-generator';
import seedDoesNotReachSampler from './seed-does-not-reach-sampler';
import unseededNumpyGenerator from './unseeded-numpy-generator';
import unseededRandomInstance from './unseeded-random-instance';
import optionalSeed from './optional-seed';
import legacyNumpyRandom from './legacy-numpy-random';
import sklearnMissingRandomState from './sklearn-missing-random-state';
import unseededAugmentationLibrary from './unseeded-augmentation-library';
import seedAfterRngUse from './seed-after-rng-use';
import evalLoaderConsumesGlobalRng from './eval-loader-consumes-global-rng';
import sameWorkerStreamsOnEveryRank from './same-worker-streams-on-every-rank';
import missingSeed from './missing-seed';
import partiallySeededLibraries from './partially-seeded-libraries';
import seedBeforeSpawn from './seed-before-spawn';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  missingSeed,
  seedAfterRngUse,
  constantReseedInLoop,
  nondeterministicSeedValue,
  optionalSeed,
  partiallySeededLibraries,
  seedBeforeSpawn,
  falsyZeroSeed,
  seedDoesNotReachSampler,
  numpyGlobalRngInWorkersPre19,
  sharedRngObjectInDataset,
  epochInvariantWorkerSeed,
  shuffleWithoutGenerator,
  iterableDatasetNotSharded,
  dataloaderOutOfOrder,
  threadWorkerGlobalRng,
  constantSeedPerSample,
  missingSetEpoch,
  ineffectiveSetEpoch,
  samplerWithShuffle,
  rankDependentSamplerSeed,
  rankDivergentDataSplit,
  unseededRandomSplit,
  unseededTorchGenerator,
  benchmarkDefeatsDeterminism,
  misspelledBackendFlag,
  deterministicWithoutCublasWorkspace,
  cudaOnlySeed,
  numpySeedOutOfRange,
  unseededNumpyGenerator,
  runtimePythonhashseed,
  unseededRandomInstance,
  sklearnMissingRandomState,
  unseededAugmentationLibrary,
  evalLoaderConsumesGlobalRng,
  sameWorkerStreamsOnEveryRank,
  cudnnDeterministicOnly,
  legacyNumpyRandom,
  redundantCudaSeed,
];

export function ruleByCodeOrName(key: string): Rule | undefined {
  const upper = key.toUpperCase();
  return RULES.find((r) => r.code === upper || r.name === key);
}
