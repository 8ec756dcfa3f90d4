// Findings whose severity the spec lowers per case (§5.1): RNG004 recorded values (hint) and
// per-trial seeds (info); RNG009 with only a RandomSampler (info). The fixtures check lines only.

import { strict as assert } from 'node:assert';
import { ruleByCodeOrName } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

async function severities(code: string, rule: string): Promise<string[]> {
  const linter = await testLinter();
  return linter.lint(code, { rules: [ruleByCodeOrName(rule)!] }).map((f) => `${f.range.start.line}:${f.severity}`);
}

describe('per-finding severities of the seeding rules', () => {
  it('RNG004: unrecorded clock seed is a warning, a printed one a hint, a per-trial one info', async () => {
    const code = `import random
import time
import torch

torch.manual_seed(int(time.time()))
seed = random.randint(1, 10000)
print("seed", seed)
torch.manual_seed(seed)
for trial in range(20):
    s = random.randint(0, 10**6)
    torch.manual_seed(s)
`;
    assert.deepEqual(await severities(code, 'RNG004'), ['4:warning', '7:hint', '10:info']);
  });

  it('RNG004: a drawn fallback for a seed option, printed as a dotted name, is a hint (dcgan idiom)', async () => {
    const code = `import random
import numpy as np
import torch

if opt.manualSeed is None:
    opt.manualSeed = random.randint(1, 10000)
print("Random Seed: ", opt.manualSeed)
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)
if cfg.seed is None:
    cfg.seed = np.random.randint(1, 10000)
torch.manual_seed(cfg.seed)
`;
    assert.deepEqual(await severities(code, 'RNG004'), ['7:hint', '8:hint', '11:warning']);
  });

  it('RNG004: a generated seed logged right after it is drawn is a hint at every seeding call (detectron2 seed_all_rng)', async () => {
    const code = `import logging
import os
import numpy as np
import torch


def seed_all_rng(seed=None):
    if seed is None:
        seed = os.getpid() + int.from_bytes(os.urandom(2), "big")
        logger = logging.getLogger(__name__)
        logger.info("Using a generated random seed {}".format(seed))
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(str(seed))


def unlogged(seed=None):
    if seed is None:
        seed = os.getpid()
    np.random.seed(seed)
`;
    assert.deepEqual(await severities(code, 'RNG004'), ['11:hint', '12:hint', '14:hint', '20:warning']);
  });

  it('RNG004: a clock seed in a training loop stays a warning; only search loops (trials, configs) lower it to info', async () => {
    const code = `import time
import torch

for i in range(max_iterations):
    torch.manual_seed(int(time.time()))
    algo.train()
for cfg in configs:
    torch.manual_seed(int(time.time()))
    run(cfg)
for epoch in range(cfg.epochs):
    torch.manual_seed(int(time.time()))
`;
    assert.deepEqual(await severities(code, 'RNG004'), ['4:warning', '7:info', '10:warning']);
  });

  it('RNG009: DistributedSampler is a warning, RandomSampler only info', async () => {
    const code = `import numpy as np
from torch.utils.data import DataLoader, DistributedSampler

a = DataLoader(ds, sampler=DistributedSampler(ds))
b = DataLoader(ds, shuffle=True)
for epoch in range(3):
    np.random.seed(epoch)
    for x in a:
        pass
for epoch in range(3):
    np.random.seed(epoch)
    for x in b:
        pass
`;
    assert.deepEqual(await severities(code, 'RNG009'), ['6:warning', '10:info']);
  });
});
