// Engine benchmarks, each a ratio against the real library measured in the same run on the same
// machine: /usr/bin/python3 times the torch / numpy / random call with time.perf_counter (best of
// N), the engine is timed in-process the same way (best of N, after a warm-up). Each row also
// checks that both produced the same values (SHA-256 of the int64 / float32 bytes).
//
//   npm run bench                      (or: node --import tsx bench/run.ts [--quick] [--engine-only | --lint-only])
//
// Then the linter (bench/lint.ts): throughput against Ruff's wasm build in the same process,
// and the time from a one-line edit to fresh diagnostics.
//   SEEDLINT_BENCH_PYTHON=/path/python3 picks another interpreter.

import { spawnSync } from 'node:child_process';
import { benchLint, coldPass, COLD_PASS_FLAG, RUFF_FOLDER_FLAG, ruffCheckFolder } from './lint';
import { digestValues, type Values, type ValueKind } from '../server/engine/src/protocol/encode';
import { defaultRng, randomState } from '../server/engine/src/numpy';
import { pythonRandom } from '../server/engine/src/python/random';
import { DataLoaderRun, distributedSamplerIndices } from '../server/engine/src/torch/data';
import { TorchGenerator } from '../server/engine/src/torch/generator';
import { randn } from '../server/engine/src/torch/normal';
import { randperm } from '../server/engine/src/torch/randperm';
import { torchGenerator, type TorchVersion } from '../server/engine/src/torch/seed';
import { rand } from '../server/engine/src/torch/uniform';

const PYTHON = process.env['SEEDLINT_BENCH_PYTHON'] ?? '/usr/bin/python3';
const QUICK = process.argv.includes('--quick');
const IMAGENET = 1_281_167;
const TEN_M = QUICK ? 1_000_000 : 10_000_000;
const ONE_M = QUICK ? 100_000 : 1_000_000;

interface Bench {
  name: string;
  /** Python statement(s) timed; `setup` runs before each repetition, outside the timer. */
  py: { setup: string; stmt: string; digest: string };
  engine: { setup?: () => unknown; run: (state: unknown) => Values | number[]; kind: ValueKind };
  reps: number;
  /** What bounds the ratio, for the README. */
  bound: string;
}

/** `result` in Python -> sha256 of its values as little-endian int64 / float32 bytes. */
const PY_DIGEST_INT = 'hashlib.sha256(np.asarray(result, dtype="<i8").tobytes()).hexdigest()';
const PY_DIGEST_F32 = 'hashlib.sha256(np.asarray(result, dtype="<f4").tobytes()).hexdigest()';

function benches(torchVersion: TorchVersion): Bench[] {
  const gen = () => new TorchGenerator(0n);
  return [
    {
      name: `torch.randperm(${TEN_M.toLocaleString('en')})`,
      py: { setup: 'g = torch.Generator(); g.manual_seed(0)', stmt: `result = torch.randperm(${TEN_M}, generator=g)`, digest: PY_DIGEST_INT },
      engine: { setup: gen, run: (g) => randperm({ gen: g as TorchGenerator, n: TEN_M, version: torchVersion }), kind: 'int' },
      reps: 5,
      bound: 'both run the same forward Fisher–Yates over one MT19937 stream (n-1 draws, a modulo and a swap each); memory-bound random swaps',
    },
    {
      name: `torch.rand(${TEN_M.toLocaleString('en')})`,
      py: { setup: 'g = torch.Generator(); g.manual_seed(0)', stmt: `result = torch.rand(${TEN_M}, generator=g)`, digest: PY_DIGEST_F32 },
      engine: { setup: gen, run: (g) => rand({ gen: g as TorchGenerator, size: TEN_M }), kind: 'f32' },
      reps: 5,
      bound: 'one MT19937 word per value; PyTorch fills with a single thread (the generator lock) in C++, the engine in JS',
    },
    {
      name: `torch.randn(${TEN_M.toLocaleString('en')})`,
      py: { setup: 'g = torch.Generator(); g.manual_seed(0)', stmt: `result = torch.randn(${TEN_M}, generator=g)`, digest: PY_DIGEST_F32 },
      engine: { setup: gen, run: (g) => randn({ gen: g as TorchGenerator, size: TEN_M, version: torchVersion }), kind: 'f32' },
      reps: 5,
      bound: 'PyTorch uses AVX2/AVX-512 Box–Muller (8 or 16 lanes); the engine emulates those lanes one float32 at a time, with exact float32 FMA',
    },
    {
      name: `DistributedSampler n=${IMAGENET.toLocaleString('en')}, all 8 ranks`,
      py: {
        setup: '',
        stmt: `result = [i for r in range(8) for i in list(torch.utils.data.DistributedSampler(range(${IMAGENET}), num_replicas=8, rank=r, shuffle=True, seed=0))]`,
        digest: PY_DIGEST_INT,
      },
      engine: {
        run: () => {
          const parts = Array.from({ length: 8 }, (_, rank) => distributedSamplerIndices({ n: IMAGENET, numReplicas: 8, rank, seed: 0, version: torchVersion }));
          const out = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
          let at = 0;
          for (const p of parts) for (let i = 0; i < p.length; i++) out[at++] = p[i]!;
          return out;
        },
        kind: 'int',
      },
      reps: 3,
      bound: 'each rank recomputes randperm(n) in both; PyTorch then builds Python lists (tolist, padding, slicing)',
    },
    {
      name: `DataLoader first batch (n=${IMAGENET.toLocaleString('en')}, shuffle, bs=256)`,
      py: {
        setup: `g = torch.Generator(); g.manual_seed(0); loader = torch.utils.data.DataLoader(range(${IMAGENET}), batch_size=256, shuffle=True, generator=g, collate_fn=list)`,
        stmt: 'result = next(iter(loader))',
        digest: PY_DIGEST_INT,
      },
      engine: {
        run: () => {
          const run = new DataLoaderRun({ n: IMAGENET, batchSize: 256, shuffle: true, version: torchVersion }, { loaderGen: torchGenerator(0, torchVersion), globalGen: new TorchGenerator() });
          run.startEpoch();
          return run.nextBatch()!;
        },
        kind: 'int',
      },
      reps: 200,
      bound: 'PyTorch draws the whole randperm(n) (n-1 words) before yielding the first index; the lazy prefix draws 2 + 256 words and touches 256 slots: O(batch) against O(n)',
    },
    {
      name: `np.random.RandomState(0).permutation(${TEN_M.toLocaleString('en')})`,
      py: { setup: 'rs = np.random.RandomState(0)', stmt: `result = rs.permutation(${TEN_M})`, digest: PY_DIGEST_INT },
      engine: { setup: () => randomState(0), run: (rs) => (rs as ReturnType<typeof randomState>).permutation(TEN_M), kind: 'int' },
      reps: 5,
      bound: 'same Fisher–Yates with masked rejection on MT19937 in both; NumPy in C',
    },
    {
      name: `np.random.default_rng(0).permutation(${TEN_M.toLocaleString('en')})`,
      py: { setup: 'rng = np.random.default_rng(0)', stmt: `result = rng.permutation(${TEN_M})`, digest: PY_DIGEST_INT },
      engine: { setup: () => defaultRng(0), run: (rng) => (rng as ReturnType<typeof defaultRng>).permutation(TEN_M), kind: 'int' },
      reps: 5,
      bound: 'PCG64 needs 128-bit multiplies: native in C, four 32-bit limbs in JS',
    },
    {
      name: `random.Random(0).shuffle(list(range(${ONE_M.toLocaleString('en')})))`,
      py: { setup: `r = random.Random(0); result = list(range(${ONE_M}))`, stmt: 'r.shuffle(result)', digest: PY_DIGEST_INT },
      engine: {
        setup: () => {
          const x = new Int32Array(ONE_M);
          for (let i = 0; i < ONE_M; i++) x[i] = i;
          return { r: pythonRandom(0), x };
        },
        run: (s) => {
          const { r, x } = s as { r: ReturnType<typeof pythonRandom>; x: Int32Array };
          r.shuffle(x);
          return x;
        },
        kind: 'int',
      },
      reps: 5,
      bound: 'CPython runs _randbelow in interpreted Python per element; the engine inlines it over typed arrays',
    },
  ];
}

interface PyResult {
  best_s: number;
  sha256: string;
}

function runPython(list: Bench[]): { versions: Record<string, string>; results: PyResult[] } {
  const script = `
import hashlib, json, random, sys, time
import numpy as np, torch
benches = json.load(sys.stdin)
out = []
for b in benches:
    best = float("inf")
    for _ in range(b["reps"]):
        exec(b["setup"], globals())
        t = time.perf_counter(); exec(b["stmt"], globals()); dt = time.perf_counter() - t
        best = min(best, dt)
    out.append({"best_s": best, "sha256": eval(b["digest"])})
import platform
print(json.dumps({"versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
    "torch_threads": str(torch.get_num_threads()), "cpu_capability": getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", lambda: "n/a")()}, "results": out}))
`;
  const input = JSON.stringify(list.map((b) => ({ ...b.py, reps: Math.min(b.reps, 5) })));
  const r = spawnSync(PYTHON, ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${PYTHON} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { versions: Record<string, string>; results: PyResult[] };
}

function timeEngine(b: Bench): { best: number; sha256: string } {
  let best = Infinity;
  let last: Values | number[] = [];
  for (let i = 0; i < b.reps + 1; i++) {
    const state = b.engine.setup?.();
    const t = performance.now();
    last = b.engine.run(state);
    const dt = (performance.now() - t) / 1000;
    if (i > 0) best = Math.min(best, dt); // the first run warms the JIT
  }
  return { best, sha256: digestValues(last, b.engine.kind).sha256 };
}

function fmt(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(2)} s` : seconds >= 1e-3 ? `${(seconds * 1e3).toFixed(1)} ms` : `${(seconds * 1e6).toFixed(0)} µs`;
}

function engineBenchmarks(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`${PYTHON} cannot import torch: the benchmarks need the real library to compare against`);
  const torchVersion: TorchVersion = probe.stdout.trim().startsWith('1.') ? '1.13' : '2';
  const list = benches(torchVersion);
  const py = runPython(list);
  const rows = list.map((b, i) => {
    const e = timeEngine(b);
    const p = py.results[i]!;
    const ratio = p.best_s / e.best;
    return { name: b.name, py: fmt(p.best_s), engine: fmt(e.best), ratio: ratio >= 10 ? `${Math.round(ratio)}x faster` : ratio >= 1 ? `${ratio.toFixed(2)}x faster` : `${(1 / ratio).toFixed(2)}x slower`, same: e.sha256 === p.sha256 ? 'yes' : 'NO' };
  });
  const header = ['benchmark', 'real library', 'engine', 'engine vs library', 'same values'];
  const table = [header, ...rows.map((r) => [r.name, r.py, r.engine, r.ratio, r.same])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(`real library: ${PYTHON}, ${Object.entries(py.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; engine: node ${process.version}${QUICK ? ' (--quick sizes)' : ''}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
  if (rows.some((r) => r.same !== 'yes')) process.exitCode = 1;
}

async function main(): Promise<void> {
  // A child process of bench/lint.ts's one-shot measurement: one pass, its time on stdout.
  const cold = process.argv.indexOf(COLD_PASS_FLAG);
  if (cold > 0) return coldPass(process.argv[cold + 1]);
  const folder = process.argv.indexOf(RUFF_FOLDER_FLAG);
  if (folder > 0) return ruffCheckFolder(process.argv[folder + 1]!);
  // The linter first: its edit latency is about a language-server process, whose heap does not
  // hold the engine benchmarks' 10-million-element arrays (after them the same edits measured
  // about 20% slower, garbage collection scanning a larger old generation).
  if (!process.argv.includes('--engine-only')) {
    await benchLint();
    console.log('');
  }
  if (!process.argv.includes('--lint-only')) engineBenchmarks();
}

void main();
