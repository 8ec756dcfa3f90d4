// Invariants of the rule registry: unique codes and names, one file and one fixture per rule,
// generated docs up to date, and each rule's documented example firing (and its fix not).

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRequirementsTxt } from '../../server/src/analysis/versions';
import { docExamples, rulePage, rulesIndex } from '../../server/src/rules/docs';
import { RULES } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

const ROOT = join(__dirname, '../..');

describe('rule registry', () => {
  it('has unique codes and names in the RNGnnn / kebab-case forms', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^RNG\d{3}$/);
      assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('has one rule file per rule, named after the rule', () => {
    const files = readdirSync(join(ROOT, 'server/src/rules')).filter((f) => f.endsWith('.ts') && !['rule.ts', 'registry.ts', 'docs.ts'].includes(f));
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), RULES.map((r) => r.name).sort());
  });

  it('has exactly one fixture per rule', () => {
    const fixtures = readdirSync(join(ROOT, 'test/rules')).filter((f) => f.endsWith('.md'));
    assert.deepEqual(fixtures.map((f) => f.replace(/\.md$/, '')).sort(), RULES.map((r) => r.name).sort());
  });

  it('has committed docs pages equal to the generated ones (run `npm run docs`)', () => {
    for (const r of RULES) {
      const path = join(ROOT, 'docs/rules', `${r.name}.md`);
      assert.ok(existsSync(path), `missing ${path}`);
      assert.equal(readFileSync(path, 'utf8'), rulePage(r), `docs/rules/${r.name}.md is stale`);
    }
    assert.equal(readFileSync(join(ROOT, 'docs/rules/README.md'), 'utf8'), rulesIndex(RULES));
  });

  for (const rule of RULES) {
    it(`${rule.code}: docs have the required sections, the example fires and "Use instead" does not`, async () => {
      for (const heading of ['## What it does', '## Why is this bad?', '## Example', 'Use instead:', '## References']) {
        assert.ok(rule.docs.includes(heading), `docs lack ${heading}`);
      }
      if (rule.fixAvailability !== 'none' && rule.fixApplicability === 'unsafe') assert.ok(rule.docs.includes('## Fix safety'));
      const { example, instead } = docExamples(rule);
      assert.ok(example && instead, 'both code blocks present');
      const linter = await testLinter();
      // Version-aware rules declare their example's dependencies: `<!-- requirements: torch==1.13.1 -->`.
      const requirements = /<!--\s*requirements:\s*(.+?)\s*-->/.exec(rule.docs)?.[1];
      const project = requirements ? { declared: parseRequirementsTxt(requirements.split(';').join('\n')) } : undefined;
      const options = project ? { rules: [rule], project } : { rules: [rule] };
      assert.ok(linter.lint(example, options).length > 0, 'the example does not trigger the rule');
      assert.deepEqual(linter.lint(instead, options), [], 'the "Use instead" code triggers the rule');
    });
  }
});

describe('editor settings', () => {
  it('package.json contributes.configuration is generated from the settings table (run `npm run docs`)', async () => {
    const { contributedConfiguration } = await import('../../server/src/settings');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration, contributedConfiguration());
  });
});
