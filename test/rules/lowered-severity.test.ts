// Findings whose severity the spec lowers below the rule's default (the fixture format checks
// lines and rule names only): RNG204 when torch.manual_seed sits elsewhere in the file, RNG401 in
// a launcher that starts Python children.

import { strict as assert } from 'node:assert';
import { RULES } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

async function severities(name: string, code: string): Promise<string[]> {
  const linter = await testLinter();
  const rule = RULES.find((r) => r.name === name)!;
  return linter.lint(code, { rules: [rule] }).map((f) => `${f.range.start.line}:${f.severity}`);
}

describe('lowered severities', () => {
  it('RNG204: info when torch.manual_seed is called elsewhere, warning otherwise', async () => {
    assert.deepEqual(await severities('cuda-only-seed', 'import torch\ndef a(s):\n    torch.cuda.manual_seed_all(s)\ntorch.manual_seed(0)\n'), ['2:info']);
    assert.deepEqual(await severities('cuda-only-seed', 'import torch\ndef a(s):\n    torch.cuda.manual_seed_all(s)\n'), ['2:warning']);
  });
  it('RNG401: info in a launcher, warning otherwise', async () => {
    assert.deepEqual(await severities('runtime-pythonhashseed', 'import os, subprocess\nos.environ["PYTHONHASHSEED"] = "0"\nsubprocess.run(["python", "train.py"])\n'), ['1:info']);
    assert.deepEqual(await severities('runtime-pythonhashseed', 'import os\nos.environ["PYTHONHASHSEED"] = "0"\n'), ['1:warning']);
  });
  it('RNG114: info in a module without an entry point (callers may seed), warning in a script', async () => {
    const library = 'import numpy as np\nfrom torch.utils.data import DistributedSampler\n\ndef split(files):\n    files = np.random.permutation(files)\n    return DistributedSampler(make(files))\n';
    assert.deepEqual(await severities('rank-divergent-data-split', library), ['4:info']);
    const script = library + '\nif __name__ == "__main__":\n    split(FILES)\n';
    assert.deepEqual(await severities('rank-divergent-data-split', script), ['4:warning']);
  });
  it('RNG102: info for a Dataset no loader in the file uses, warning when a loader with workers does', async () => {
    const dataset = 'import numpy as np\nfrom torch.utils.data import DataLoader, Dataset\n\nclass D(Dataset):\n    def __init__(self):\n        self.rng = np.random.default_rng(0)\n\n    def __getitem__(self, i):\n        return self.rng.random()\n';
    assert.deepEqual(await severities('shared-rng-object-in-dataset', dataset), ['5:info']);
    assert.deepEqual(await severities('shared-rng-object-in-dataset', dataset + '\nloader = DataLoader(D(), num_workers=4)\n'), ['5:warning']);
  });
  it('RNG003: a hint for generator=torch.manual_seed(k) in a function a loop calls, a warning in the loop itself', async () => {
    const viaCall = 'import torch\n\ndef evaluate(cfg):\n    return sample(generator=torch.manual_seed(cfg.seed))\n\nfor epoch in range(9):\n    evaluate(cfg)\n';
    assert.deepEqual(await severities('constant-reseed-in-loop', viaCall), ['3:hint']);
    assert.deepEqual(await severities('constant-reseed-in-loop', 'import torch\n\nfor epoch in range(9):\n    sample(generator=torch.manual_seed(0))\n'), ['3:warning']);
  });
});
