// `lib: "torch.data"`: whole torch.utils.data objects over `range(n)` (DataLoader epochs, worker
// seeds, samplers, random_split), served by ../torch/data/*. One object described, one result:
// `results: [R]`. With `out: "sha256"` the index lists are digested flattened in order.

import {
  dataLoaderEpochIndices,
  dataLoaderEpochs,
  distributedSamplerIndices,
  type FloatSum,
  randomSamplerIndices,
  randomSplit,
  subsetRandomSamplerIndices,
  weightedRandomSamplerIndices,
  workerSeeds,
} from '../torch/data';
import type { TorchGenerator } from '../torch/generator';
import { torchGenerator, torchGlobalGenerator, type TorchVersion } from '../torch/seed';
import { bigIntArg, boolArg, checkCount, intArg, isObj, numberListArg, type Obj, outArg } from './args';
import { encodeF64, encodeInt, encodeValues, type IntValues, type Json } from './encode';
import { notImplemented, Unservable } from './errors';
import { MAX_DIGEST_VALUES, MAX_EPOCHS, MAX_WORKERS } from './limits';
import { torchVersion } from './torch';

export const DATA_KINDS = ['DataLoader', 'worker_seeds', 'DistributedSampler', 'random_split', 'RandomSampler', 'SubsetRandomSampler', 'WeightedRandomSampler'] as const;
type DataKind = (typeof DATA_KINDS)[number];
type Out = 'sha256' | undefined;

interface Ctx {
  req: Obj;
  version: TorchVersion;
  out: Out;
}

/** A seed argument as the engine's seed helpers take it (decimal string keeps big ints exact). */
function seedField(req: Obj, name: string): string | null {
  const v = bigIntArg(req, name, null);
  return v === null ? null : v.toString();
}

/**
 * `torch.manual_seed(global_seed)` then `torch.Generator().manual_seed(generator_seed)`, as the
 * oracle does before building the object; at least one is needed for a reproducible answer.
 */
function generators(ctx: Ctx): { gen: TorchGenerator | null; globalGen: TorchGenerator; generatorSeed: string | null; globalSeed: string | null } {
  const globalSeed = seedField(ctx.req, 'global_seed');
  const generatorSeed = seedField(ctx.req, 'generator_seed');
  if (globalSeed === null && generatorSeed === null) {
    throw new Unservable('give generator_seed or global_seed: without either the order depends on the unseeded global generator, which is not reproducible');
  }
  const globalGen = torchGlobalGenerator(globalSeed ?? '0', ctx.version);
  const gen = generatorSeed === null ? null : torchGenerator(generatorSeed, ctx.version);
  return { gen, globalGen, generatorSeed, globalSeed };
}

function nArg(req: Obj): number {
  const n = intArg(req, 'n');
  if (n > MAX_DIGEST_VALUES) throw new Unservable(`n is capped at ${MAX_DIGEST_VALUES}`);
  return n;
}

function concat(lists: readonly IntValues[]): Float64Array {
  const total = lists.reduce((a, l) => a + l.length, 0);
  const flat = new Float64Array(total);
  let at = 0;
  for (const l of lists) for (let i = 0; i < l.length; i++) flat[at++] = Number(l[i]!);
  return flat;
}

function intLists(lists: readonly IntValues[], out: Out): Json {
  if (out === 'sha256') return encodeValues(concat(lists), 'int', out);
  return lists.map((l) => encodeValues(l, 'int', undefined) as Json[]);
}

function loaderRequest(ctx: Ctx) {
  const n = nArg(ctx.req);
  const batchSize = intArg(ctx.req, 'batch_size');
  const { generatorSeed, globalSeed } = generators(ctx);
  const epochs = intArg(ctx.req, 'epochs', 1);
  if (epochs < 0 || epochs > MAX_EPOCHS) throw new Unservable(`epochs must be in [0, ${MAX_EPOCHS}]`);
  return {
    n,
    batchSize,
    shuffle: boolArg(ctx.req, 'shuffle', false),
    dropLast: boolArg(ctx.req, 'drop_last', false),
    generatorSeed,
    globalSeed,
    epochs,
    version: ctx.version,
  };
}

/** CPython 3.12 made `sum()` of floats compensated; random_split's fraction test depends on it. */
function floatSum(req: Obj): FloatSum {
  const v = req['version'];
  const py = isObj(v) ? v['python'] : undefined;
  if (typeof py === 'string' && /^3\.(\d|1[01])(\.|$)/.test(py)) return 'naive';
  return 'compensated';
}

const HANDLERS: Record<DataKind, (ctx: Ctx) => Json> = {
  DataLoader: (ctx) => {
    const r = loaderRequest(ctx);
    checkCount(r.n * r.epochs, ctx.out, 'DataLoader');
    if (ctx.out === 'sha256') return intLists(dataLoaderEpochIndices(r), ctx.out);
    return dataLoaderEpochs(r).map((epoch) => epoch.map((batch) => encodeValues(batch, 'int', undefined) as Json[]));
  },

  worker_seeds: (ctx) => {
    if (ctx.out !== undefined) throw new Unservable('"out": "sha256" does not apply to worker_seeds');
    const r = loaderRequest(ctx);
    const numWorkers = intArg(ctx.req, 'num_workers');
    if (numWorkers < 1 || numWorkers > MAX_WORKERS) throw new Unservable(`num_workers must be in [1, ${MAX_WORKERS}]`);
    return workerSeeds({ ...r, numWorkers }).map((epoch) =>
      epoch.map((w) => ({ torch: encodeInt(w.torch), numpy: w.numpy.map(encodeInt), python: encodeF64(w.python) })),
    );
  },

  DistributedSampler: (ctx) => {
    const n = nArg(ctx.req);
    const indices = distributedSamplerIndices({
      n,
      numReplicas: intArg(ctx.req, 'num_replicas'),
      rank: intArg(ctx.req, 'rank'),
      shuffle: boolArg(ctx.req, 'shuffle', true),
      seed: bigIntArg(ctx.req, 'seed', 0n),
      dropLast: boolArg(ctx.req, 'drop_last', false),
      epoch: intArg(ctx.req, 'epoch', 0),
      version: ctx.version,
    });
    checkCount(indices.length, ctx.out, 'DistributedSampler');
    return encodeValues(indices, 'int', ctx.out);
  },

  random_split: (ctx) => {
    const n = nArg(ctx.req);
    const lengths = numberListArg(ctx.req, 'lengths');
    checkCount(n, ctx.out, 'random_split');
    const { gen, globalGen } = generators(ctx);
    const split = randomSplit({ n, lengths, gen: gen ?? globalGen, version: ctx.version, floatSum: floatSum(ctx.req) });
    return intLists(split.subsets, ctx.out);
  },

  RandomSampler: (ctx) => {
    const n = nArg(ctx.req);
    const m = ctx.req['num_samples'] === undefined || ctx.req['num_samples'] === null ? null : intArg(ctx.req, 'num_samples');
    if (m !== null && m > MAX_DIGEST_VALUES) throw new Unservable(`num_samples is capped at ${MAX_DIGEST_VALUES}`);
    checkCount(m === null ? n : Math.max(m, 0), ctx.out, 'RandomSampler');
    const { gen, globalGen } = generators(ctx);
    const indices = randomSamplerIndices({ n, replacement: boolArg(ctx.req, 'replacement', false), numSamples: m, gen, globalGen, version: ctx.version });
    return encodeValues(indices, 'int', ctx.out);
  },

  SubsetRandomSampler: (ctx) => {
    const idx = ctx.req['indices'];
    if (!Array.isArray(idx) || !idx.every((i) => typeof i === 'number' && Number.isSafeInteger(i))) {
      throw new Unservable("'indices' must be a list of integers");
    }
    checkCount(idx.length, ctx.out, 'SubsetRandomSampler');
    const { gen, globalGen } = generators(ctx);
    return encodeValues(subsetRandomSamplerIndices({ indices: idx as number[], gen: gen ?? globalGen, version: ctx.version }), 'int', ctx.out);
  },

  WeightedRandomSampler: (ctx) => {
    const weights = numberListArg(ctx.req, 'weights');
    const numSamples = intArg(ctx.req, 'num_samples');
    checkCount(Math.max(numSamples, 0), ctx.out, 'WeightedRandomSampler');
    const { gen, globalGen } = generators(ctx);
    const indices = weightedRandomSamplerIndices({ weights, numSamples, replacement: boolArg(ctx.req, 'replacement', true), gen: gen ?? globalGen, version: ctx.version });
    return encodeValues(indices, 'int', ctx.out);
  },
};

const PROBES: Record<DataKind, Obj> = {
  DataLoader: { n: 3, batch_size: 2, shuffle: true, generator_seed: 0 },
  worker_seeds: { n: 3, batch_size: 2, shuffle: true, generator_seed: 0, num_workers: 1 },
  DistributedSampler: { n: 3, num_replicas: 1, rank: 0 },
  random_split: { n: 3, lengths: [1, 2], generator_seed: 0 },
  RandomSampler: { n: 3, generator_seed: 0 },
  SubsetRandomSampler: { indices: [1, 2], generator_seed: 0 },
  WeightedRandomSampler: { weights: [1, 2], num_samples: 2, generator_seed: 0 },
};

/** Whether `kind` is served: wired here and its engine functions are not stubs (probe call). */
export function dataKindImplemented(kind: string): boolean {
  if (!(kind in HANDLERS)) return false;
  try {
    answerData({ lib: 'torch.data', kind, ...PROBES[kind as DataKind] });
    return true;
  } catch (e) {
    return !(e instanceof Error && /not implemented/i.test(e.message));
  }
}

export function answerData(req: Obj): Json[] {
  const kind = req['kind'];
  if (typeof kind !== 'string' || !(DATA_KINDS as readonly string[]).includes(kind)) {
    throw new Unservable(`unknown kind ${JSON.stringify(kind)} for torch.data; known: ${DATA_KINDS.join(', ')}`);
  }
  const handler = HANDLERS[kind as DataKind];
  if (!handler) throw notImplemented(`torch.data ${kind}`);
  return [handler({ req, version: torchVersion(req), out: outArg(req) })];
}
