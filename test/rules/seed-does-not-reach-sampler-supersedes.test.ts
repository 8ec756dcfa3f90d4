// RNG009 over RNG110: when both fire for the same sampler and loop, only RNG009 is reported
// (spec §5.1, RNG009 traps). Each rule alone still reports (the fixtures lint one rule at a time).

import { strict as assert } from 'node:assert';
import { ruleByCodeOrName } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

const CODE = `import numpy as np
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler

sampler = DistributedSampler(train_set)
loader = DataLoader(train_set, batch_size=64, sampler=sampler)
for epoch in range(10):
    np.random.seed(epoch)
    for batch in loader:
        step(batch)
`;

describe('RNG009 supersedes RNG110', () => {
  const both = [ruleByCodeOrName('RNG009')!, ruleByCodeOrName('RNG110')!];

  it('reports only RNG009 when both rules are enabled', async () => {
    const linter = await testLinter();
    const codes = linter.lint(CODE, { rules: both }).map((f) => `${f.range.start.line}:${f.code}`);
    assert.deepEqual(codes, ['7:RNG009']);
  });

  it('keeps RNG110 when RNG009 is disabled', async () => {
    const linter = await testLinter();
    const codes = linter.lint(CODE, { rules: [both[1]!] }).map((f) => `${f.range.start.line}:${f.code}`);
    assert.deepEqual(codes, ['4:RNG110']);
  });

  it('keeps RNG110 for another sampler in the same loop', async () => {
    const linter = await testLinter();
    const code = CODE.replace('for batch in loader:', 'for batch, extra in zip(loader, other_loader):').replace(
      'loader = DataLoader(train_set, batch_size=64, sampler=sampler)',
      'loader = DataLoader(train_set, batch_size=64, sampler=sampler)\nother_loader = DataLoader(extra_set, sampler=DistributedSampler(extra_set))',
    );
    const codes = linter.lint(code, { rules: both }).map((f) => `${f.range.start.line}:${f.code}`);
    assert.deepEqual(codes.sort(), ['6:RNG110', '8:RNG009'].sort());
  });
});
