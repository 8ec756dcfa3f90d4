// The DistributedSampler hover preview shows exactly what PyTorch yields (checked against the
// live library), and says what is missing instead of guessing.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { testLinter } from './helpers/linter';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

async function previewOf(source: string, line: number): Promise<string | undefined> {
  const linter = await testLinter();
  const tree = linter.parser.parse(source);
  try {
    const character = source.split('\n')[line]!.indexOf('DistributedSampler') + 3;
    return linter.previewAt(linter.parser.mirror(tree, source), { line, character })?.markdown;
  } finally {
    tree.delete();
  }
}

/** `list(DistributedSampler(range(1000), num_replicas=3, rank=r, seed=1234, drop_last=True))` after set_epoch(e), per [epoch][rank]. */
function torchOrders(): number[][][] {
  const script = [
    'import json',
    'from torch.utils.data.distributed import DistributedSampler as D',
    'out = []',
    'for e in range(3):',
    '    row = []',
    '    for r in range(3):',
    '        s = D(range(1000), num_replicas=3, rank=r, seed=1234, drop_last=True)',
    '        s.set_epoch(e)',
    '        row.append(list(s))',
    '    out.append(row)',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as number[][][];
}

describe('DistributedSampler preview', () => {
  it('matches live torch for every epoch and rank shown', async function () {
    if (!hasTorch) {
      if (process.env['CI'] === 'true') assert.fail(`${PYTHON} cannot import torch (CI=true)`);
      this.skip();
    }
    const source = [
      'from torch.utils.data.distributed import DistributedSampler',
      'N = 1000',
      'sampler = DistributedSampler(range(N), num_replicas=3, seed=1234, drop_last=True)',
      '',
    ].join('\n');
    const markdown = await previewOf(source, 2);
    assert.ok(markdown, 'a preview');
    const orders = torchOrders();
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let rank = 0; rank < 3; rank++) {
        const expected = orders[epoch]![rank]!;
        const shown = `epoch ${epoch}, rank ${rank}: [${expected.slice(0, 8).join(', ')}, …] (${expected.length} samples)`;
        assert.ok(markdown.includes(shown), `missing or different: ${shown}\n${markdown}`);
      }
    }
    assert.match(markdown, /seed 1234, 3 replicas, shuffle=True, drop_last=True/);
  });

  it('asks for the dataset length and world size instead of guessing', async () => {
    const source = ['from torch.utils.data import DistributedSampler', 'sampler = DistributedSampler(train_set, num_replicas=world_size)', ''].join('\n');
    const markdown = await previewOf(source, 1);
    assert.match(markdown!, /Unknown: the dataset length \(add `# seedlint: len=N`.*the world size/);
    assert.doesNotMatch(markdown!, /epoch 0/);
  });

  it('takes the length and world size from a hint comment', async () => {
    const source = ['from torch.utils.data import DistributedSampler', 'sampler = DistributedSampler(train_set, rank=0)  # seedlint: len=50 world_size=2', ''].join('\n');
    const markdown = await previewOf(source, 1);
    assert.match(markdown!, /epoch 0, rank 0: \[/);
    assert.match(markdown!, /n = 50 from the hint comment/);
  });
});
