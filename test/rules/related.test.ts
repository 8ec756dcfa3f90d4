// Findings with a cause elsewhere carry it as related information (LSP relatedInformation,
// "note:" lines in the CLI): the earlier draw for RNG002, the unseeded draw for RNG006, and the
// place in another module for findings about imported worker code (§4.10).

import { strict as assert } from 'node:assert';
import { ProjectModules } from '../../server/src/analysis/modules';
import { fileUri, toDiagnostic } from '../../server/src/handlers/diagnostics';
import { ruleByCodeOrName } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

const SEED_AFTER_USE = ['import torch', '', 'x = torch.randn(3)', 'torch.manual_seed(0)', ''].join('\n');
const PARTIAL = ['import random', 'import torch', '', 'if __name__ == "__main__":', '    torch.manual_seed(0)', '    k = random.randint(0, 9)', '    train(k)', ''].join('\n');

describe('related information', () => {
  it('RNG002 points at the draw that came before the seed', async () => {
    const linter = await testLinter();
    const [finding] = linter.lint(SEED_AFTER_USE, { rules: [ruleByCodeOrName('RNG002')!] });
    assert.ok(finding, 'RNG002 fires');
    assert.equal(finding.related?.length, 1);
    assert.equal(finding.related![0]!.range.start.line, 2);
    assert.match(finding.related![0]!.message, /draws from the torch RNG here, before it is seeded/);
    const diagnostic = toDiagnostic(finding, 'file:///t.py', 1);
    assert.deepEqual(diagnostic.relatedInformation?.[0]?.location, { uri: 'file:///t.py', range: finding.related![0]!.range });
  });

  it('RNG006 points at the unseeded draw', async () => {
    const linter = await testLinter();
    const [finding] = linter.lint(PARTIAL, { rules: [ruleByCodeOrName('RNG006')!] });
    assert.ok(finding, 'RNG006 fires');
    assert.equal(finding.related?.[0]?.range.start.line, 5);
    assert.equal(finding.related?.[0]?.message, 'unseeded `random` draw');
  });

  it('imported worker code points into its module: RNG101 at the draw, RNG102 at the RNG, RNG103 at the seed', async () => {
    const linter = await testLinter();
    const module = [
      'import numpy as np',
      'from torch.utils.data import Dataset',
      '',
      'class Jitter(Dataset):',
      '    def __init__(self):',
      '        self.rng = np.random.default_rng(0)',
      '',
      '    def __getitem__(self, i):',
      '        return self.rng.uniform() + np.random.uniform()',
      '',
      'def worker_init_fn(worker_id):',
      '    np.random.seed(7 + worker_id)',
      '',
    ].join('\n');
    const files: Record<string, string> = { '/proj/data_set/jitter.py': module };
    const modules = new ProjectModules(linter.parser, { read: (f) => files[f] }, { root: '/proj' }).indexFor('/proj/train.py');
    const text = [
      'from torch.utils.data import DataLoader',
      'from data_set.jitter import Jitter, worker_init_fn',
      '',
      'loader = DataLoader(Jitter(), num_workers=2)',
      'other = DataLoader(Jitter(), num_workers=2, worker_init_fn=worker_init_fn)',
      '',
    ].join('\n');
    const project = { declared: new Map([['torch', '==1.8.1']]), modules };
    const first = (code: string) => {
      const [finding] = linter.lint(text, { rules: [ruleByCodeOrName(code)!], project });
      assert.ok(finding, `${code} fires`);
      return finding;
    };
    const rng101 = first('RNG101');
    const place = rng101.related?.[0];
    assert.deepEqual([place?.file, place?.path, place?.range.start.line, place?.message], ['/proj/data_set/jitter.py', 'data_set/jitter.py', 8, 'global NumPy draw in worker code']);
    assert.equal(first('RNG102').related?.[0]?.range.start.line, 5);
    assert.equal(first('RNG103').related?.[0]?.range.start.line, 11);
    const diagnostic = toDiagnostic(rng101, 'file:///proj/train.py', 1);
    assert.equal(diagnostic.relatedInformation?.[0]?.location.uri, 'file:///proj/data_set/jitter.py');
  });

  it('spells other modules\' URIs as VS Code does', () => {
    assert.equal(fileUri('/proj/data set/x.py'), 'file:///proj/data%20set/x.py');
    assert.equal(fileUri('C:/proj/x.py'), 'file:///C%3A/proj/x.py');
  });
});
