// A rule's `callees` filter is only a shortcut: the linter skips calls the rule would reject
// anyway. Over every fixture snippet, each rule with a filter must find exactly what it finds
// when every call is handed to it.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRequirementsTxt } from '../../server/src/analysis/versions';
import { RULES } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';
import { parseFixture } from '../helpers/fixtures';
import { testLinter } from '../helpers/linter';

const blocks = readdirSync(__dirname)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => parseFixture(readFileSync(join(__dirname, f), 'utf8')));

describe('callee filters', function () {
  this.timeout(120000);
  const filtered = RULES.filter((r) => r.callees);

  it('exist on the name-filtered rules and are plain (no g or y flag: they are reused)', () => {
    assert.ok(filtered.length >= 10, `only ${filtered.length} rules have a callee filter`);
    for (const rule of filtered) assert.equal(rule.callees!.global || rule.callees!.sticky, false, rule.code);
  });

  for (const rule of filtered) {
    it(`${rule.code} finds the same with and without its filter on every fixture snippet`, async () => {
      const linter = await testLinter();
      const unfiltered: Rule = { ...rule };
      delete unfiltered.callees;
      let findings = 0;
      for (const block of blocks) {
        const project = block.requirements.length > 0 ? { declared: parseRequirementsTxt(block.requirements.join('\n')) } : undefined;
        const options = (r: Rule) => (project ? { rules: [r], project } : { rules: [r] });
        const expected = linter.lint(block.code, options(unfiltered));
        assert.deepEqual(linter.lint(block.code, options(rule)), expected, block.code);
        findings += expected.length;
      }
      assert.ok(findings > 0, 'the fixtures never trigger the rule: the comparison proves nothing');
    });
  }
});
