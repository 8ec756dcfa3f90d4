// Lazy, one-index-at-a-time versions of the samplers in ./samplers.ts, for previews that need
// only the first batches of a large shuffled dataset: O(indices read) time and memory on the
// randperm small path (n < 214,748,364 in 2.x, any n in 1.13). `finish()` then draws and drops
// what the rest of the pass would have drawn, so a generator shared across epochs stays exact.

import type { TorchGenerator } from '../generator';
import { randint, randintIsWide } from '../integers';
import { LazyRandperm, skipWords } from '../randperm';
import { PythonRaiseError, type TorchVersion } from '../seed';
import { checkRandomSampler, RANDOM_SAMPLER_CHUNK, randomSamplerGenerator, type RandomSamplerOptions } from './samplers';

/** An index sampler read lazily. */
export interface IndexStream {
  /** The next index, or undefined when the pass is over (drawing whatever Python draws on exhaustion). */
  next(): number | undefined;
  /** Runs the pass to its end without materialising it; the generators end up as after `list(sampler)`. */
  finish(): void;
}

export function sequentialStream(n: number): IndexStream {
  let i = 0;
  return {
    next: () => (i < n ? i++ : undefined),
    finish: () => {
      i = n;
    },
  };
}

/** RandomSampler's `__iter__` as a stream; like the Python generator function, it draws nothing until the first next(). */
export function randomSamplerStream(options: RandomSamplerOptions): IndexStream {
  const numSamples = checkRandomSampler(options);
  const version = options.version ?? '2';
  let gen: TorchGenerator | undefined;
  const start = (): TorchGenerator => (gen ??= randomSamplerGenerator(options));
  return options.replacement
    ? replacementStream({ start, n: options.n, numSamples, version })
    : permutationStream({ start, n: options.n, numSamples, version });
}

function permutationStream(options: { start: () => TorchGenerator; n: number; numSamples: number; version: TorchVersion }): IndexStream {
  const { n, numSamples, version } = options;
  if (n === 0) throw new PythonRaiseError({ raises: 'ZeroDivisionError', error: 'integer division or modulo by zero' });
  // Stages 0 .. wholePasses-1 yield whole permutations; stage wholePasses yields randperm(n)[:N % n],
  // and Python draws that permutation in full as soon as the stage is entered, even for N % n == 0.
  const wholePasses = Math.floor(numSamples / n);
  const quota = (stage: number): number => (stage < wholePasses ? n : numSamples - wholePasses * n);
  let stage = -1;
  let current: LazyRandperm | undefined;
  let done = false;
  const enterNextStage = (): boolean => {
    current?.finish();
    stage++;
    if (stage > wholePasses) {
      done = true;
      current = undefined;
      return false;
    }
    current = new LazyRandperm({ gen: options.start(), n, version });
    return true;
  };
  return {
    next() {
      if (done) return undefined;
      while (!current || current.index >= quota(stage)) if (!enterNextStage()) return undefined;
      return current.next();
    },
    finish() {
      while (!done) enterNextStage();
    },
  };
}

function replacementStream(options: { start: () => TorchGenerator; n: number; numSamples: number; version: TorchVersion }): IndexStream {
  const { n, numSamples, version } = options;
  let chunk: ArrayLike<number | bigint> = [];
  let chunkPos = 0;
  let drawnElements = 0;
  let finalChunkDrawn = false;
  const nextChunk = (): boolean => {
    if (finalChunkDrawn) return false;
    // Whole chunks of 32 while at least 32 remain, then one chunk of N % 32 (possibly empty).
    const left = numSamples - drawnElements;
    const size = left >= RANDOM_SAMPLER_CHUNK ? RANDOM_SAMPLER_CHUNK : left;
    if (size < RANDOM_SAMPLER_CHUNK) finalChunkDrawn = true;
    chunk = randint({ gen: options.start(), high: n, size, version });
    chunkPos = 0;
    drawnElements += size;
    return true;
  };
  return {
    next() {
      while (chunkPos >= chunk.length) if (!nextChunk()) return undefined;
      return Number(chunk[chunkPos++]!);
    },
    finish() {
      chunkPos = chunk.length;
      if (finalChunkDrawn) return;
      if (n <= 0) {
        nextChunk(); // raises like torch.randint(high=0)
        return;
      }
      // Every element costs the same one or two words, so the rest of the pass is one skip.
      const perElement = randintIsWide({ range: BigInt(n), version }) ? 2 : 1;
      skipWords(options.start(), (numSamples - drawnElements) * perElement);
      drawnElements = numSamples;
      finalChunkDrawn = true;
    },
  };
}
