// What each DataLoader worker process is seeded with, before `worker_init_fn` runs.
// Reproduces torch/utils/data/_utils/worker.py (`_worker_loop`, `_generate_state`), identical in
// 1.13 and 2.x; NumPy per-worker seeding exists since PyTorch 1.9. See shared/spec/torch-cpu.md §5.5.

import { initByArrayWords } from '../../bitgen/mt19937';
import { pythonRandom } from '../../python/random';

// Constants of `_generate_state`, named as upstream (NumPy's SeedSequence hashmix).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/**
 * `_generate_state(base_seed, worker_id)`: four uint32 words, equal to
 * `np.random.SeedSequence([worker_id, base_seed]).generate_state(4)`; the worker then calls
 * `np.random.seed(words)` (legacy global RandomState, init_by_array).
 */
export function generateState(baseSeed: bigint, workerId: number): Uint32Array {
  const entropy = [workerId >>> 0, Number(baseSeed & 0xffffffffn), Number((baseSeed >> 32n) & 0xffffffffn), 0];
  let hashConstA = INIT_A;
  const hash = (value: number): number => {
    value = (value ^ hashConstA) >>> 0;
    hashConstA = Math.imul(hashConstA, MULT_A) >>> 0;
    value = Math.imul(value, hashConstA) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (result ^ (result >>> XSHIFT)) >>> 0;
  };
  const pool = entropy.map(hash);
  for (let src = 0; src < 4; src++) {
    for (let dst = 0; dst < 4; dst++) if (src !== dst) pool[dst] = mix(pool[dst]!, hash(pool[src]!));
  }
  let hashConstB = INIT_B;
  const state = new Uint32Array(4);
  for (let dst = 0; dst < 4; dst++) {
    let value = (pool[dst]! ^ hashConstB) >>> 0;
    hashConstB = Math.imul(hashConstB, MULT_B) >>> 0;
    value = Math.imul(value, hashConstB) >>> 0;
    state[dst] = (value ^ (value >>> XSHIFT)) >>> 0;
  }
  return state;
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
