// The engine's answer to a torch_live.py case, in torch_live's JSON encoding (ints as numbers or
// decimal strings, floats as float.hex(), digests as {len, sha256}), so a case answered by the
// real torch and by the engine can be compared with one deepEqual.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { TorchGenerator } from '../../../server/engine/src/torch/generator';
import {
  dataLoaderEpochs,
  distributedSamplerIndices,
  isPythonRaise,
  PythonRaiseError,
  randint,
  randomInt64,
  randomInt64Scalar,
  randomSamplerIndices,
  randomSplit,
  randperm,
  subsetRandomSamplerIndices,
  torchGenerator,
  torchGlobalGenerator,
  torchManualSeedValue,
  unpackSeed,
  weightedRandomSamplerIndices,
  workerSeeds,
  type FloatSum,
  type RandintDtype,
  type TorchVersion,
} from '../../../server/engine/src/torch/index';
import { floatHex, type Answer } from './torch-live';

/** A case as torch_live.py reads it. */
export type TorchCase = { op: string } & Record<string, unknown>;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export function encInt(v: bigint | number): number | string {
  const b = BigInt(v);
  return b <= SAFE && b >= -SAFE ? Number(b) : b.toString();
}

function digest(values: ArrayLike<number | bigint>): { len: number; sha256: string } {
  const bytes = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = BigInt(values[i]!);
  return { len: values.length, sha256: createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex') };
}

function list(values: ArrayLike<number | bigint>, c: TorchCase): unknown {
  return c['digest'] ? digest(values) : Array.from(values, encInt);
}

type Seed = string | number;
const seedOf = (c: TorchCase, key = 'seed'): Seed | null => (c[key] ?? null) as Seed | null;

/** `torch_live.gen`: null, a fresh Generator() for 'default', else manual_seed. */
function gen(seed: Seed | null, version: TorchVersion): TorchGenerator | null {
  return seed === null ? null : torchGenerator(seed, version);
}

const next64 = (g: TorchGenerator | null): number | string | null => (g ? encInt(randomInt64Scalar(g)) : null);

/** What torch_live.run returns for `c`, computed by the engine (throws PythonRaiseError where torch raises). */
export function engineRun(c: TorchCase, version: TorchVersion, floatSum: FloatSum): unknown {
  const globalGen = (): TorchGenerator => torchGlobalGenerator((c['global_seed'] ?? 0) as Seed, version);
  switch (c.op) {
    case 'seed': {
      const raw = c['value'] as Seed;
      const value = typeof raw === 'string' && raw.startsWith('f:') ? parseFloatHex(raw.slice(2)) : raw;
      const r = c['api'] === 'G' ? unpackSeed(value, version) : torchManualSeedValue(value, version);
      if (isPythonRaise(r)) throw new PythonRaiseError(r);
      return encInt(r);
    }
    case 'randperm': {
      const g = gen(seedOf(c), version)!;
      const perm = randperm({ gen: g, n: c['n'] as number, version });
      return { perm: list(perm, c), next: next64(g) };
    }
    case 'randint': {
      const g = gen(seedOf(c), version)!;
      const values = randint({
        gen: g, low: BigInt(c['low'] as Seed), high: BigInt(c['high'] as Seed), size: c['size'] as number[],
        dtype: (c['dtype'] ?? 'int64') as RandintDtype, version,
      });
      return { values: Array.from(values as ArrayLike<number | bigint>, encInt), next: next64(g) };
    }
    case 'random_int64': {
      const g = gen(seedOf(c), version)!;
      return { values: Array.from(randomInt64({ gen: g, size: c['size'] as number[] }), encInt), next: next64(g) };
    }
    case 'RandomSampler': {
      const glob = globalGen();
      const g = gen(seedOf(c), version);
      const values = randomSamplerIndices({
        n: c['n'] as number, replacement: (c['replacement'] ?? false) as boolean, numSamples: (c['num_samples'] ?? null) as number | null,
        gen: g, globalGen: glob, version,
      });
      return { values: list(values, c), next: next64(g), next_global: next64(glob) };
    }
    case 'SubsetRandomSampler': {
      const glob = globalGen();
      const g = gen(seedOf(c), version);
      const values = subsetRandomSamplerIndices({ indices: c['indices'] as number[], gen: g ?? glob, version });
      return { values: Array.from(values), next: next64(g), next_global: next64(glob) };
    }
    case 'WeightedRandomSampler': {
      const glob = globalGen();
      const g = gen(seedOf(c), version);
      const values = weightedRandomSamplerIndices({
        weights: c['weights'] as number[], numSamples: c['num_samples'] as number, replacement: (c['replacement'] ?? true) as boolean,
        gen: g ?? glob, version,
      });
      return { values: Array.from(values), next: next64(g), next_global: next64(glob) };
    }
    case 'DistributedSampler': {
      const values = distributedSamplerIndices({
        n: c['n'] as number, numReplicas: c['num_replicas'] as number, rank: c['rank'] as number, shuffle: (c['shuffle'] ?? true) as boolean,
        seed: (c['seed'] ?? 0) as Seed, dropLast: (c['drop_last'] ?? false) as boolean, epoch: (c['epoch'] ?? 0) as number, version,
      });
      return list(values, c);
    }
    case 'random_split': {
      const glob = globalGen();
      const g = gen(seedOf(c), version);
      const r = randomSplit({ n: c['n'] as number, lengths: c['lengths'] as number[], gen: g ?? glob, version, floatSum });
      return { subsets: r.subsets.map((s) => Array.from(s)), warnings: r.warnings, next: next64(g), next_global: next64(glob) };
    }
    case 'DataLoader':
    case 'worker_seeds': {
      const glob = globalGen();
      const g = gen(seedOf(c), version);
      const request = {
        n: c['n'] as number, batchSize: c['batch_size'] as number, shuffle: (c['shuffle'] ?? true) as boolean,
        dropLast: (c['drop_last'] ?? false) as boolean, epochs: c['epochs'] as number, numWorkers: (c['num_workers'] ?? 0) as number,
        persistentWorkers: (c['persistent_workers'] ?? false) as boolean, version,
      };
      const gens = { loaderGen: g, globalGen: glob };
      if (c.op === 'DataLoader') {
        let epochs = dataLoaderEpochs(request, gens);
        if (c['first_batches'] != null) epochs = epochs.map((e) => e.slice(0, c['first_batches'] as number));
        return { epochs, next: next64(g), next_global: next64(glob) };
      }
      const seeds = workerSeeds(request, gens).map((epoch) =>
        epoch.map((w) => ({ worker: w.workerId, torch: w.torch.toString(), info_seed: w.torch.toString(), numpy: w.numpy, python: floatHex(w.python) })),
      );
      return { epochs: seeds, next: next64(g), next_global: next64(glob) };
    }
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

/** `engineRun` wrapped like torch_live.main: {ok} or {raises, error}. */
export function engineAnswer(c: TorchCase, version: TorchVersion, floatSum: FloatSum = 'compensated'): Answer {
  try {
    return { ok: engineRun(c, version, floatSum) };
  } catch (e) {
    if (e instanceof PythonRaiseError) return { raises: e.raises, error: e.error };
    throw e;
  }
}

/** Python's float.fromhex for normal numbers. */
function parseFloatHex(text: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(text);
  if (!m) throw new Error(`bad float hex ${text}`);
  const mant = parseInt(m[2]! + m[3]!, 16) / 16 ** m[3]!.length;
  return (m[1] ? -1 : 1) * mant * 2 ** Number(m[4]);
}


/** The committed torch 2.x answers (see test/engine/py/torch_golden.py for how they were made). */
export interface TorchGolden {
  meta: { torch: string; numpy: string; python: string; made_by: string };
  cases: TorchCase[];
  answers: Answer[];
}

export function readGolden(): TorchGolden {
  const url = new URL('../vectors/torch-2.11-integers-data.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as TorchGolden;
}

/** Cases so large (randperm at the 2**31/20 threshold: ~1 GB, a minute or more) that they run only with SEEDLINT_SLOW=1. */
export function isHugeCase(c: TorchCase): boolean {
  return typeof c['n'] === 'number' && c['n'] > 50_000_000;
}
