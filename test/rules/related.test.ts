// Findings with a cause elsewhere carry it as related information (LSP relatedInformation,
// "note:" lines in the CLI): the earlier draw for RNG002, the unseeded draw for RNG006.

import { strict as assert } from 'node:assert';
import { toDiagnostic } from '../../server/src/handlers/diagnostics';
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
});
