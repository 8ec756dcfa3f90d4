// What each DataLoader worker process is seeded with, before `worker_init_fn` runs.
// Reproduces torch/utils/data/_utils/worker.py (`_worker_loop`, `_generate_state`), identical in
// 1.13 and 2.x; NumPy per-worker seeding exists since PyTorch 1.9. See shared/spec/torch-cpu.md §5.5.

import { initByArrayWords } from '../../bitgen/mt19937';
import { seedSequence } from '../../bitgen/seed-sequence';
import { pythonRandom } from '../../python/random';

/**
 * `_generate_state(base_seed, worker_id)`: four uint32 words. PyTorch's Python function re-implements
 * NumPy's SeedSequence hashing over the entropy `[worker_id, base_seed low, base_seed high, 0]`,
 * which is exactly `np.random.SeedSequence([worker_id, base_seed]).generate_state(4)` (tested
 * against both). The worker then calls `np.random.seed(words)` (legacy global RandomState,
 * init_by_array).
 */
export function generateState(baseSeed: bigint, workerId: number): Uint32Array {
  return seedSequence([workerId >>> 0, baseSeed & 0xffffffffffffffffn]).generateState32(4);
}

/** One worker's RNG seeding, as observed inside the worker right after seeding. */
export interface WorkerSeed {
  workerId: number;
  /** `torch.initial_seed()` in the worker = `get_worker_info().seed` = base_seed + worker_id. */
  torch: bigint;
  /** The first four words of `np.random.get_state()[1]` (the MT19937 key after init_by_array; [0] is 0x80000000). */
  numpy: [number, number, number, number];
  /** `random.random()` as the worker's first Python draw (`random.seed(base_seed + worker_id)`). */
  python: number;
}

/** The seeding of worker `workerId` of a DataLoader iterator whose `_base_seed` is `baseSeed`. */
export function workerSeed(options: { baseSeed: bigint; workerId: number }): WorkerSeed {
  const { baseSeed, workerId } = options;
  const seed = baseSeed + BigInt(workerId);
  const words = initByArrayWords(generateState(baseSeed, workerId));
  return {
    workerId,
    torch: seed,
    numpy: [words[0]!, words[1]!, words[2]!, words[3]!],
    python: pythonRandom(seed).random(),
  };
}
