// `seedlint check` as users run it: the installed bin over the built bundle.

import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MISSING_SET_EPOCH, ROOT, seedlint } from '../helpers/cli';

const BUGGY = MISSING_SET_EPOCH;

describe('seedlint check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seedlint-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports findings as path:line:col: CODE message with a code frame, exit 1', () => {
    writeFileSync(join(dir, 'train.py'), BUGGY);
    const r = seedlint(['check', 'train.py'], dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'train.py:2:11: RNG110 `sampler` never gets `set_epoch`, so every epoch has the same order');
    assert.equal(lines[2], '2 | sampler = DistributedSampler(ds)');
    assert.equal(lines[3], '  |           ^^^^^^^^^^^^^^^^^^');
    assert.match(r.stdout, /help: Call `sampler.set_epoch\(epoch\)` at the start of each epoch \(unsafe\)/);
  });

  it('follows imports into the project\'s other modules and names them as it names files (§4.10)', () => {
    writeFileSync(join(dir, 'requirements.txt'), 'torch==1.8.1\n');
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'jitter.py'), 'import numpy as np\nfrom torch.utils.data import Dataset\n\nclass Jitter(Dataset):\n    def __getitem__(self, i):\n        return np.random.uniform()\n');
    mkdirSync(join(dir, 'tools'));
    writeFileSync(join(dir, 'tools', 'train.py'), 'from torch.utils.data import DataLoader\nfrom data.jitter import Jitter\n\nloader = DataLoader(Jitter(), num_workers=2)\n');
    // tools/train.py imports data.jitter from the folder above it (run from the project root).
    const r = seedlint(['check', 'tools/train.py', '--select', 'RNG101'], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout.split('\n')[0]!, /^tools\/train\.py:4:21: RNG101 .*`Jitter.__getitem__` in data\/jitter\.py \(line 6\) draws from it/);
  });

  it('walks folders, skips hidden and virtualenv folders, and exits 0 when clean', () => {
    writeFileSync(join(dir, 'ok.py'), 'import torch\ntorch.manual_seed(0)\n');
    const hidden = join(dir, '.venv');
    mkdirSync(join(hidden, 'lib'), { recursive: true });
    writeFileSync(join(hidden, 'lib', 'bad.py'), BUGGY);
    const r = seedlint(['check', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /All clear: 1 file checked/);
  });

  it('exits 2 on unreadable paths, with a clear message, after checking the rest', () => {
    writeFileSync(join(dir, 'train.py'), BUGGY);
    writeFileSync(join(dir, 'locked.py'), BUGGY);
    chmodSync(join(dir, 'locked.py'), 0o000);
    const r = seedlint(['check', 'missing.py', 'train.py', 'locked.py'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.py: no such file or directory/);
    assert.match(r.stdout, /^train\.py:2:11: RNG110/m);
    // root can read anything; only assert the permission error where it applies
    if (process.getuid?.() !== 0) assert.match(r.stderr, /locked\.py: cannot read/);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(seedlint(['check']).code, 2);
    const r = seedlint(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    assert.match(r.stderr, /Usage: seedlint/);
  });

  it('checks files that do not parse and says so', () => {
    writeFileSync(join(dir, 'half.py'), 'def broken(:\n    pass\n' + BUGGY);
    const r = seedlint(['check', 'half.py'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /half\.py: note: syntax errors/);
    assert.match(r.stdout, /^half\.py:4:11: RNG110/m);
  });

  it('finds the bundled examples\' mistakes (the README main command)', () => {
    const r = seedlint(['check', 'examples']);
    assert.equal(r.code, 1);
    const found = r.stdout.split('\n').filter((l) => /^examples\//.test(l)).map((l) => l.split(':').slice(0, 2).join(':') + ' ' + l.split(' ')[1]);
    // ddp_imagenet reseeds NumPy per epoch and calls set_epoch only under a guard: RNG009
    // reports it (and supersedes RNG110 there, as the catalogue says).
    assert.deepEqual(found, ['examples/ddp_imagenet.py:84 RNG009', 'examples/simclr_pretrain.py:24 RNG110']);
  });

  it('prints a rule\'s documentation', () => {
    const r = seedlint(['rule', 'RNG110']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^# RNG110 missing-set-epoch\n\n## What it does/);
    assert.equal(seedlint(['rule', 'RNG999']).code, 2);
  });

  describe('on several threads (--jobs)', () => {
    const TRACE = { SEEDLINT_TRACE_JOBS: '1' };
    /** Every kind of outcome: findings, a clean file, a syntax error, an invalid config, a missing path, stdin. */
    function project(): string[] {
      for (const name of readdirSync(join(ROOT, 'examples'))) {
        for (const copy of ['a', 'b']) {
          mkdirSync(join(dir, copy), { recursive: true });
          writeFileSync(join(dir, copy, name), readFileSync(join(ROOT, 'examples', name)));
        }
      }
      writeFileSync(join(dir, 'ok.py'), 'import torch\ntorch.manual_seed(0)\n');
      writeFileSync(join(dir, 'half.py'), 'def broken(:\n    pass\n' + BUGGY);
      mkdirSync(join(dir, 'bad-config'));
      writeFileSync(join(dir, 'bad-config', 'pyproject.toml'), '[tool.seedlint]\nselect = 5\n');
      writeFileSync(join(dir, 'bad-config', 'one.py'), BUGGY);
      writeFileSync(join(dir, 'bad-config', 'two.py'), BUGGY);
      return ['a', 'missing.py', 'half.py', 'bad-config', 'ok.py', 'b', '-', '--stdin-filename', 'piped.py'];
    }

    for (const format of [['--format', 'text'], ['--format', 'json'], ['--format', 'sarif'], ['--statistics']]) {
      it(`prints what one thread prints (${format.join(' ')})`, () => {
        const args = ['check', ...format, ...project()];
        const one = seedlint([...args, '--jobs', '1'], dir, BUGGY, TRACE);
        const three = seedlint([...args, '--jobs', '3'], dir, BUGGY, TRACE);
        assert.match(one.stderr, /^seedlint: 13 files on the main thread\n/);
        assert.match(three.stderr, /^seedlint: 13 files on 3 worker threads\n/);
        assert.equal(three.code, 2, three.stderr);
        assert.equal(three.code, one.code);
        assert.equal(three.stdout, one.stdout);
        assert.equal(three.stderr.replace(/^.*\n/, ''), one.stderr.replace(/^.*\n/, ''));
        // the run covered every outcome
        assert.match(one.stderr, /missing\.py: no such file or directory/);
        assert.match(one.stderr, /half\.py: note: syntax errors/);
        assert.equal(one.stderr.match(/pyproject\.toml \[tool\.seedlint\]: `select` must be/g)?.length, 2);
      });
    }

    it('uses no more threads than files, and rejects a bad --jobs', () => {
      writeFileSync(join(dir, 'one.py'), BUGGY);
      writeFileSync(join(dir, 'two.py'), BUGGY);
      const r = seedlint(['check', '--jobs', '8', '.'], dir, '', TRACE);
      assert.match(r.stderr, /^seedlint: 2 files on 2 worker threads\n/);
      assert.equal(r.code, 1);
      assert.equal(r.stdout.match(/RNG110/g)?.length, 2);
      for (const bad of ['0', 'two', '1.5']) {
        const rejected = seedlint(['check', '--jobs', bad, '.'], dir);
        assert.equal(rejected.code, 2);
        assert.match(rejected.stderr, /--jobs takes a whole number of at least 1/);
      }
    });

    it('keeps small runs on the main thread unless told otherwise', () => {
      writeFileSync(join(dir, 'one.py'), BUGGY);
      writeFileSync(join(dir, 'two.py'), BUGGY);
      assert.match(seedlint(['check', '.'], dir, '', TRACE).stderr, /^seedlint: 2 files on the main thread\n/);
    });
  });
});
