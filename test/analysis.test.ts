// Name resolution, positions and error tolerance of the analysis layer.

import { strict as assert } from 'node:assert';
import { FileModel } from '../server/src/analysis/model';
import { pointAt, offsetAt, pointToPosition } from '../server/src/analysis/positions';
import { testLinter } from './helpers/linter';

async function calleeNames(source: string): Promise<(string | undefined)[]> {
  const { parser } = await testLinter();
  const tree = parser.parse(source);
  try {
    const model = new FileModel(parser.mirror(tree, source), source, parser);
    return model.calls.map((c) => model.calleeName(c));
  } finally {
    tree.delete();
  }
}

describe('name resolution', () => {
  it('resolves module aliases and from-imports to canonical qualified names', async () => {
    const names = await calleeNames(
      [
        'import torch.utils.data as tud',
        'from torch.utils.data.distributed import DistributedSampler as DS',
        'from torch.utils import data',
        'import numpy.random as npr',
        'from numpy import random as nr',
        'import torch',
        'tud.DistributedSampler(x)',
        'DS(x)',
        'data.DataLoader(x)',
        'npr.seed(0)',
        'nr.seed(0)',
        'torch.utils.data.dataloader.DataLoader(x)',
      ].join('\n') + '\n',
    );
    assert.deepEqual(names, [
      'torch.utils.data.distributed.DistributedSampler',
      'torch.utils.data.distributed.DistributedSampler',
      'torch.utils.data.DataLoader',
      'numpy.random.seed',
      'numpy.random.seed',
      'torch.utils.data.DataLoader',
    ]);
  });

  it('lets a local rebinding shadow an import', async () => {
    const names = await calleeNames(
      [
        'import random',
        'from torch.utils.data import DataLoader',
        'def f(random):',
        '    random.seed(1)',
        'class DataLoader:',
        '    pass',
        'DataLoader(x)',
        'def g():',
        '    random = make()',
        '    random.seed(2)',
        'random.seed(3)',
      ].join('\n') + '\n',
    );
    // Unbound names resolve to `builtins.<name>` (here `make`), locals to nothing.
    assert.deepEqual(names, [undefined, undefined, 'builtins.make', undefined, 'random.seed']);
  });

  it('follows module-level order: a use before the rebinding still sees the import', async () => {
    const names = await calleeNames(['import random', 'random.seed(0)', 'random = None', ''].join('\n'));
    assert.deepEqual(names, ['random.seed']);
  });

  it('leaves names from star imports unresolved', async () => {
    const names = await calleeNames('from torch.utils.data import *\nDataLoader(x)\n');
    assert.deepEqual(names, [undefined]);
  });
});

describe('positions', () => {
  it('maps tree-sitter columns to UTF-16 code units on non-ASCII lines', async () => {
    const { parser } = await testLinter();
    const source = 's = "é😀"; t = DistributedSampler(x)\n';
    const tree = parser.parse(source);
    const call = tree.rootNode.descendantsOfType('call')[0]!;
    const position = pointToPosition(call.startPosition);
    assert.equal(position.character, source.indexOf('DistributedSampler'));
    assert.equal(offsetAt(source, position), source.indexOf('DistributedSampler'));
    assert.deepEqual(pointAt(source, source.indexOf('DistributedSampler')), call.startPosition);
    tree.delete();
  });
});

describe('error tolerance', () => {
  it('still finds RNG110 in a file with a syntax error elsewhere', async () => {
    const linter = await testLinter();
    const source = [
      'from torch.utils.data import DataLoader, DistributedSampler',
      'def broken(:',
      '    pass',
      'sampler = DistributedSampler(ds)',
      'loader = DataLoader(ds, sampler=sampler)',
      'for epoch in range(3):',
      '    for b in loader:',
      '        step(b)',
      '',
    ].join('\n');
    const findings = linter.lint(source);
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['RNG110', 3]]);
  });

  it('terminates on deeply nested code and very long files', async () => {
    const linter = await testLinter();
    const deep = 'x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n';
    assert.deepEqual(linter.lint(deep), []);
    const long = 'import torch\n' + 'torch.manual_seed(0)\n'.repeat(20000);
    assert.deepEqual(linter.lint(long), []);
  });
});
