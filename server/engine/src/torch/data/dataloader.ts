// DataLoader epochs over `range(n)`: the index order each `iter(loader)` yields and the random
// draws it makes, from torch/utils/data/dataloader.py (`DataLoader.__iter__`,
// `_BaseDataLoaderIter.__init__`, `_MultiProcessingDataLoaderIter._reset`), identical in 1.13 and
// 2.x (2.x adds `in_order`, default True, which keeps sampler order). See spec §5.4.
//
// Per `iter(loader)`, in this order:
//   1. `_base_seed = random_(int64)` on `loader.generator`, or on the global generator when it is
//      None: two words, EVEN WITH num_workers=0. Persistent workers draw it only on the first
//      `iter()` and are never reseeded.
//   2. The sampler (RandomSampler when shuffle=True, else SequentialSampler) runs lazily; a pass
//      that runs to the end also draws RandomSampler's trailing randperm (see samplers.ts).
// Worker k mod W gets batch k, but with in_order the loader yields batches in sampler order, so
// the order does not depend on num_workers.

import type { TorchGenerator } from '../generator';
import { randomInt64Scalar } from '../integers';
import type { PermutationArray } from '../randperm';
import { PythonRaiseError, torchGenerator, torchGlobalGenerator, type SeedInput, type TorchVersion } from '../seed';
import { batchIndices, checkBatchSize, checkRandomSampler, randomSamplerIndices } from './samplers';
import { randomSamplerStream, sequentialStream, type IndexStream } from './streams';
import { workerSeed, type WorkerSeed } from './worker-seeds';

/** A DataLoader over `range(n)` as built by `DataLoader(range(n), batch_size, shuffle, ...)`. */
export interface DataLoaderConfig {
  n: number;
  batchSize: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** `RandomSampler(replacement=...)` behind shuffle=True; DataLoader itself never sets it. Default false. */
  replacement?: boolean;
  /** `RandomSampler(num_samples=...)`; default n. */
  numSamples?: number | null;
  numWorkers?: number;
  persistentWorkers?: boolean;
  version?: TorchVersion;
}

/** The generators a loader touches; both are advanced in place, exactly as PyTorch advances them. */
export interface DataLoaderGenerators {
  /** `DataLoader(generator=...)`, or null. */
  loaderGen: TorchGenerator | null;
  /** torch's default generator (used when loaderGen is null). */
  globalGen: TorchGenerator;
}

/** One `iter(loader)` and, when run to the end, its full index order. */
export interface DataLoaderEpoch {
  /** `_base_seed` of the iterator, or undefined when persistent workers reused the previous one. */
  baseSeed: bigint | undefined;
  /** Worker seeding for this epoch: empty without workers or when persistent workers were reused. */
  workers: WorkerSeed[];
}

function checkConfig(config: DataLoaderConfig): void {
  checkBatchSize(config.batchSize);
  if (config.shuffle) checkRandomSampler({ n: config.n, numSamples: config.numSamples ?? null });
  if (config.persistentWorkers && !(config.numWorkers && config.numWorkers > 0)) {
    throw new PythonRaiseError({ raises: 'ValueError', error: 'persistent_workers option needs num_workers > 0' });
  }
}

/**
 * A DataLoader driven epoch by epoch over shared generators. `startEpoch()` is `iter(loader)`;
 * then either `fullEpoch()` (the whole order, fast dense path) or `nextBatch()`/`finishEpoch()`
 * (lazy: O(batch) per batch on the randperm small path).
 */
export class DataLoaderRun {
  private epochsStarted = 0;
  private stream: IndexStream | undefined;
  private readonly config: DataLoaderConfig;
  private readonly gens: DataLoaderGenerators;

  constructor(config: DataLoaderConfig, gens: DataLoaderGenerators) {
    checkConfig(config);
    this.config = config;
    this.gens = gens;
  }

  /** `iter(loader)`: draws `_base_seed` (unless persistent workers are reused) and readies the sampler. */
  startEpoch(): DataLoaderEpoch {
    const { numWorkers = 0, persistentWorkers = false } = this.config;
    if (this.stream) this.stream = undefined; // an abandoned iterator draws nothing more
    const reuse = persistentWorkers && numWorkers > 0 && this.epochsStarted > 0;
    this.epochsStarted++;
    this.stream = this.makeStream();
    if (reuse) return { baseSeed: undefined, workers: [] };
    const baseSeed = randomInt64Scalar(this.gens.loaderGen ?? this.gens.globalGen);
    const workers: WorkerSeed[] = [];
    for (let workerId = 0; workerId < numWorkers; workerId++) workers.push(workerSeed({ baseSeed, workerId }));
    return { baseSeed, workers };
  }

  private makeStream(): IndexStream {
    const { n, shuffle, replacement = false, numSamples = null, version = '2' } = this.config;
    if (!shuffle) return sequentialStream(n);
    return randomSamplerStream({ n, replacement, numSamples, gen: this.gens.loaderGen, globalGen: this.gens.globalGen, version });
  }

  /** The next batch of the current epoch (lazy), or undefined at its end (the pass is then complete). */
  nextBatch(): number[] | undefined {
    const stream = this.requireStream();
    const batch: number[] = [];
    while (batch.length < this.config.batchSize) {
      const index = stream.next();
      if (index === undefined) break;
      batch.push(index);
    }
    if (batch.length === 0 || (batch.length < this.config.batchSize && this.config.dropLast)) {
      stream.finish();
      return undefined;
    }
    return batch;
  }

  /** Runs the current epoch to its end without yielding the rest (generators as after a full epoch). */
  finishEpoch(): void {
    this.requireStream().finish();
    this.stream = undefined;
  }

  /** The rest of the current epoch's indices, in the order the loader yields them (after drop_last). */
  fullEpoch(): PermutationArray {
    this.requireStream();
    this.stream = undefined;
    const { n, shuffle, replacement = false, numSamples = null, version = '2', batchSize, dropLast } = this.config;
    let order: PermutationArray;
    if (shuffle) {
      order = randomSamplerIndices({ n, replacement, numSamples, gen: this.gens.loaderGen, globalGen: this.gens.globalGen, version });
    } else {
      order = n <= 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    }
    return dropLast ? order.subarray(0, order.length - (order.length % batchSize)) : order;
  }

  private requireStream(): IndexStream {
    if (!this.stream) throw new Error('DataLoaderRun: call startEpoch() first');
    return this.stream;
  }
}

/** The protocol's loader fields: seeds instead of generator objects. */
export interface DataLoaderRequest extends DataLoaderConfig {
  /** `generator=torch.Generator().manual_seed(S)`, or null for none. */
  generatorSeed?: SeedInput | null;
  /** `torch.manual_seed(G)` before the loader is built. Required when generatorSeed is null. */
  globalSeed?: SeedInput | null;
  epochs: number;
}

function generatorsFor(request: DataLoaderRequest): DataLoaderGenerators {
  const version = request.version ?? '2';
  const loaderGen = request.generatorSeed == null ? null : torchGenerator(request.generatorSeed, version);
  if (request.globalSeed == null && loaderGen === null) {
    throw new Error('an unseeded global generator is unpredictable: give globalSeed or generatorSeed');
  }
  // With a loader generator the global one is never touched, so its seed does not matter.
  const globalGen = torchGlobalGenerator(request.globalSeed ?? 0, version);
  return { loaderGen, globalGen };
}

/** Per epoch, the flat index order the loader yields (drop_last applied): fast, for digests and benchmarks. */
export function dataLoaderEpochIndices(request: DataLoaderRequest, gens: DataLoaderGenerators = generatorsFor(request)): PermutationArray[] {
  const run = new DataLoaderRun(request, gens);
  const epochs: PermutationArray[] = [];
  for (let e = 0; e < request.epochs; e++) {
    run.startEpoch();
    epochs.push(run.fullEpoch());
  }
  return epochs;
}

/** The protocol's `DataLoader` answer: `[epoch][batch][index]`, each epoch one fresh `iter(loader)` run to the end. */
export function dataLoaderEpochs(request: DataLoaderRequest, gens: DataLoaderGenerators = generatorsFor(request)): number[][][] {
  return dataLoaderEpochIndices(request, gens).map((order) =>
    batchIndices({ indices: order, batchSize: request.batchSize, dropLast: request.dropLast ?? false }),
  );
}

/**
 * The first `batches` batches of every epoch, in O(batches · batch_size) on the randperm small path.
 * Every epoch but the last is run to its end by skipping draws (O(n) time, O(1) memory; needed only
 * when the loader has a generator, whose state carries into the next epoch). The last epoch is left
 * abandoned, as a `break` after the first batches would leave it, unless `finishLastEpoch` is set:
 * then the generators end as after full epochs.
 */
export function dataLoaderPreview(
  request: DataLoaderRequest & { batches: number; finishLastEpoch?: boolean },
  gens: DataLoaderGenerators = generatorsFor(request),
): number[][][] {
  const run = new DataLoaderRun(request, gens);
  const epochs: number[][][] = [];
  for (let e = 0; e < request.epochs; e++) {
    run.startEpoch();
    const batches: number[][] = [];
    for (let b = 0; b < request.batches; b++) {
      const batch = run.nextBatch();
      if (!batch) break;
      batches.push(batch);
    }
    if (e < request.epochs - 1 || request.finishLastEpoch) run.finishEpoch();
    epochs.push(batches);
  }
  return epochs;
}

/**
 * The protocol's `worker_seeds` answer: per epoch, per worker id, the worker's seeding. Each epoch
 * is run to its end (its sampler draws matter for the next epoch's `_base_seed` when the loader
 * has a generator). With persistent workers the workers are seeded once: later epochs repeat the
 * first epoch's seeding (the same processes continue their streams; nothing is reseeded).
 */
export function workerSeeds(request: DataLoaderRequest, gens: DataLoaderGenerators = generatorsFor(request)): WorkerSeed[][] {
  const run = new DataLoaderRun(request, gens);
  const epochs: WorkerSeed[][] = [];
  let first: WorkerSeed[] = [];
  for (let e = 0; e < request.epochs; e++) {
    const epoch = run.startEpoch();
    if (epoch.baseSeed !== undefined) first = epoch.workers;
    epochs.push(epoch.baseSeed !== undefined ? epoch.workers : first);
    run.finishEpoch();
  }
  return epochs;
}
