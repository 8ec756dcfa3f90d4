// The floating-point half of the PyTorch CPU engine against real torch: rand/uniform_, randn/
// normal_ (scalar Box–Muller with the generator's cached value; the vectorised paths for >= 16
// elements), bernoulli_/bernoulli/dropout, exponential_, multinomial.
// * Live: /usr/bin/python3 with Debian's torch 1.13 (a GCC 12 build whose kernels run the AVX2
//   path; torch 1.13 has no torch.backends.cpu.get_cpu_capability(), so the test reads
//   torch.__config__.show()'s "CPU capability usage"). Cases are compared as the hex of the
//   tensors' little-endian bytes, so every bit counts.
// * Golden: test/engine/vectors/torch-2.11-floats.json, made with the official torch 2.11 wheel
//   by test/engine/py/torch_floats.py (see the file's header), for version '2.x'.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TorchGenerator } from '../../server/engine/src/torch/generator';
import { rand, uniform } from '../../server/engine/src/torch/uniform';
import { normal, randn } from '../../server/engine/src/torch/normal';
import { bernoulli, bernoulliTensor, dropout } from '../../server/engine/src/torch/bernoulli';
import { exponential } from '../../server/engine/src/torch/exponential';
import { multinomial } from '../../server/engine/src/torch/multinomial';
import { PythonRaiseError, unpackSeed, type TorchVersion } from '../../server/engine/src/torch/seed';
import { caseRng, requirePython, runPython } from './live-python';
import { log256, normalFill16Avx2, sincos256 } from '../../server/engine/src/libm/avx-mathfun';
import { fmaf } from '../../server/engine/src/libm/fma';
import { buildCases, type FloatCase, type FloatOp } from './torch-floats-cases';

type Answer = string | { raises: string; error: string };

const ORACLE = readFileSync(join(__dirname, 'py', 'torch_floats.py'), 'utf8');
const GOLDEN_211 = join(__dirname, 'vectors', 'torch-2.11-floats.json');

function hexOf(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('hex');
}

function runOp(gen: TorchGenerator, op: FloatOp, version: TorchVersion): string {
  switch (op.op) {
    case 'rand':
      return hexOf(rand({ gen, size: op.size, dtype: op.dtype }));
    case 'uniform':
      return hexOf(uniform({ gen, size: op.size, dtype: op.dtype, from: op.from, to: op.to }));
    case 'randn':
      return hexOf(randn({ gen, size: op.size, dtype: op.dtype, version }));
    case 'normal':
      return hexOf(normal({ gen, size: op.size, dtype: op.dtype, mean: op.mean, std: op.std, version }));
    case 'bernoulli':
      return hexOf(bernoulli({ gen, size: op.size, p: op.p }));
    case 'bernoulliTensor':
      return hexOf(bernoulliTensor({ gen, p: op.p, pDtype: op.dtype }));
    case 'dropout':
      return hexOf(dropout({ gen, input: op.input, p: op.p, dtype: op.dtype }));
    case 'exponential':
      return hexOf(exponential({ gen, size: op.size, dtype: op.dtype, lambd: op.lambd, version }));
    case 'multinomial': {
      const idx = multinomial({ gen, weights: op.weights, numSamples: op.n, replacement: op.replacement, dtype: op.dtype, version });
      return hexOf(BigInt64Array.from(idx, (v) => BigInt(v)));
    }
  }
}

function runCase(c: FloatCase, version: TorchVersion): Answer[] {
  const seed = unpackSeed(c.seed, version);
  if (typeof seed !== 'bigint') throw new Error(`bad seed ${c.seed}`);
  const gen = new TorchGenerator(seed);
  return c.ops.map((op) => {
    try {
      return runOp(gen, op, version);
    } catch (e) {
      if (e instanceof PythonRaiseError) return { raises: e.raises, error: e.error };
      throw e;
    }
  });
}

/** Compares every op of every case; reports the first few differences with their case. */
function compareAll(cases: FloatCase[], answers: Answer[][], version: TorchVersion): number {
  const failures: string[] = [];
  let ops = 0;
  cases.forEach((c, i) => {
    const mine = runCase(c, version);
    c.ops.forEach((op, j) => {
      ops++;
      const want = answers[i]![j]!;
      let got = mine[j]!;
      if (typeof want === 'string' && want.startsWith('sha256:') && typeof got === 'string') {
        got = `sha256:${createHash('sha256').update(got).digest('hex')}`;
      }
      const same = typeof want === 'string' ? got === want : typeof got !== 'string' && got.raises === want.raises;
      if (!same && failures.length < 8) {
        failures.push(`seed ${c.seed} op ${j} ${JSON.stringify(op).slice(0, 200)}\n  want ${JSON.stringify(want).slice(0, 160)}\n  got  ${JSON.stringify(got).slice(0, 160)}`);
      }
    });
  });
  assert.equal(failures.length, 0, failures.join('\n'));
  return ops;
}

describe('torch floating-point draws (live torch 1.13)', function () {
  this.timeout(600_000);
  before(function () {
    requirePython(this, 'torch');
  });

  it('the live torch runs the AVX2 kernels this engine reproduces', () => {
    const info = runPython<{ show: string }>('import torch\nout = {"show": torch.__config__.show()}', null);
    assert.match(info.show, /CPU capability usage: AVX2/);
  });

  it('matches torch 1.13 bit for bit on every case', () => {
    const cases = buildCases();
    const answer = runPython<{ torch: string; cases: Answer[][] }>(ORACLE, cases);
    assert.match(answer.torch, /^1\.13/);
    const ops = compareAll(cases, answer.cases, '1.13');
    assert.ok(ops > 2000, `only ${ops} ops`);
  });

  it('matches torch 1.13 on long tensors (2M float32 randn, 300k float64 and 1M float32 normal_)', () => {
    const script = `
import torch, hashlib
out = []
for seed in data:
    torch.manual_seed(seed); a = torch.randn(2_000_000)
    torch.manual_seed(seed); b = torch.empty(300_003, dtype=torch.float64).normal_(0.5, 2.0)
    torch.manual_seed(seed); c = torch.empty(1_000_001).normal_(-1.5, 0.25)
    out.append([hashlib.sha256(t.numpy().tobytes()).hexdigest() for t in (a, b, c)])
`;
    const seeds = [3, 2 ** 40 + 1];
    const want = runPython<string[][]>(script, seeds);
    const sha = (x: ArrayBufferView): string => createHash('sha256').update(Buffer.from(x.buffer, x.byteOffset, x.byteLength)).digest('hex');
    seeds.forEach((seed, i) => {
      const gen = (): TorchGenerator => new TorchGenerator(BigInt(seed));
      const got = [
        sha(randn({ gen: gen(), size: 2_000_000, version: '1.13' })),
        sha(normal({ gen: gen(), size: 300_003, dtype: 'float64', mean: 0.5, std: 2, version: '1.13' })),
        sha(normal({ gen: gen(), size: 1_000_001, mean: -1.5, std: 0.25, version: '1.13' })),
      ];
      assert.deepEqual(got, want[i], `seed ${seed}`);
    });
  });
});

describe('AVX2 float32 normal kernel', () => {
  it('the inlined block transform equals the lane functions log256/sincos256 on random blocks', () => {
    const rng = caseRng(99);
    const lane = new Float32Array(2);
    for (let t = 0; t < 20_000; t++) {
      const mean = t % 3 === 0 ? 0 : Math.fround((rng() - 0.5) * 8);
      const std = t % 3 === 0 ? 1 : Math.fround(rng() * 3);
      const block = Float32Array.from({ length: 16 }, (_, i) => (t < 64 && i === 0 ? t : Math.floor(rng() * 2 ** 24)) * 2 ** -24);
      const expected = new Float32Array(16);
      for (let j = 0; j < 8; j++) {
        const radius = Math.fround(Math.sqrt(-2 * log256(1 - block[j]!)));
        sincos256(Math.fround(Math.fround(2 * Math.PI) * block[j + 8]!), lane);
        expected[j] = fmaf(Math.fround(radius * lane[1]!), std, mean);
        expected[j + 8] = fmaf(Math.fround(radius * lane[0]!), std, mean);
      }
      normalFill16Avx2(block, 0, mean, std);
      assert.deepEqual(block, expected);
    }
  });
});

describe('torch.multinomial tie order', () => {
  it('refuses, rather than guesses, the order of equal keys (zero weights beyond the positive ones)', () => {
    // torch 1.13 here answers [1, 4, 2, 3, 0] for seed 0: libstdc++'s nth_element order
    const gen = new TorchGenerator(0n);
    assert.throws(() => multinomial({ gen, weights: [0, 9.5, 0, 0, 2.07], numSamples: 5 }), RangeError);
    assert.deepEqual([...multinomial({ gen: new TorchGenerator(0n), weights: [0, 9.5, 0, 0, 2.07], numSamples: 2 })].sort(), [1, 4]);
  });
});

describe('torch floating-point draws (golden torch 2.11)', () => {
  it('matches the torch 2.11 vectors bit for bit', function () {
    if (!existsSync(GOLDEN_211)) this.skip();
    const golden = JSON.parse(readFileSync(GOLDEN_211, 'utf8')) as { torch: string; cases: FloatCase[]; answers: Answer[][] };
    assert.match(golden.torch, /^2\./);
    compareAll(golden.cases, golden.answers, '2.x');
  });
});
