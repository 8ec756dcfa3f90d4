// Runs every rule fixture: lint each block with only that rule, compare the (line, rule) set
// with the inline markers, apply fixes and compare the whole file, and check that fixed code
// still parses (tree-sitter) and compiles (CPython, when available).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectModules } from '../../server/src/analysis/modules';
import type { PythonParser } from '../../server/src/analysis/parser';
import { RULES } from '../../server/src/rules/registry';
import type { ProjectFacts } from '../../server/src/rules/rule';
import { combineFixes } from '../../server/src/combine-fixes';
import { applyEdits } from '../helpers/apply-edits';
import { parseFixture } from '../helpers/fixtures';
import { testLinter } from '../helpers/linter';

const FIXTURES = join(__dirname);
const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

function compiles(code: string): string | undefined {
  if (!hasPython) return undefined;
  const r = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "<fixed>", "exec")'], { input: code, encoding: 'utf8' });
  return r.status === 0 ? undefined : r.stderr;
}

/**
 * `torch==1.8.1` -> declared torch `==1.8.1`, as a requirements file would declare it; the
 * block's sibling modules as an index seen from `/project/train.py`.
 */
function projectFacts(requirements: readonly string[], modules: ReadonlyMap<string, string>, parser: PythonParser): ProjectFacts {
  const declared = new Map<string, string>();
  for (const r of requirements) {
    const m = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(r);
    if (m) declared.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const files = new Map([...modules].map(([path, text]) => [`/project/${path}`, text]));
  const index = new ProjectModules(parser, { read: (file) => files.get(file) }, { root: '/project' }).indexFor('/project/train.py');
  return { declared, source: 'fixture requirements', modules: index };
}

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.md'))) {
  const ruleName = file.replace(/\.md$/, '');
  describe(`fixture ${file}`, () => {
    const rule = RULES.find((r) => r.name === ruleName);
    it('names a registered rule', () => assert.ok(rule, `no rule named ${ruleName}`));
    if (!rule) return;
    const blocks = parseFixture(readFileSync(join(FIXTURES, file), 'utf8'));
    it('has positive and negative cases', () => {
      assert.ok(blocks.some((b) => b.expected.length > 0), 'no block expects a finding');
      assert.ok(blocks.some((b) => b.expected.length === 0), 'no block expects silence');
    });
    for (const block of blocks) {
      it(`${block.section} (line ${block.markdownLine})`, async () => {
        const linter = await testLinter();
        const project = projectFacts(block.requirements, block.modules, linter.parser);
        const findings = linter.lint(block.code, { rules: [rule], project });
        const actual = findings.map((f) => `${f.range.start.line}:${f.name}`).sort();
        assert.deepEqual(actual, [...block.expected].sort(), `findings:\n${findings.map((f) => `${f.range.start.line}: ${f.message}`).join('\n')}`);
        const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
        if (block.fixed === undefined) {
          assert.equal(fixes.length, 0, 'a fix is offered: add a `py fixed` block with the expected output');
          return;
        }
        assert.ok(fixes.length > 0, 'a fixed block is given but no fix is offered');
        const fixed = applyEdits(block.code, combineFixes(fixes));
        assert.equal(fixed, block.fixed);
        const tree = linter.parser.parse(fixed);
        assert.equal(tree.rootNode.hasError, false, 'fixed code has syntax errors');
        tree.delete();
        assert.equal(compiles(fixed), undefined);
        assert.deepEqual(linter.lint(fixed, { rules: [rule], project }).map((f) => f.message), [], 'the fix leaves the finding in place');
      });
    }
  });
}
