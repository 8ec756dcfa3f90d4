// Bad input never breaks the linter: every rule runs over broken and mangled versions of every
// fixture snippet (truncated anywhere, spans deleted, tokens spliced in) without throwing, every
// finding's range lies inside the document, and fix edits never overlap (they can be applied).

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { selectRules, mergeSettings } from '../../server/src/settings';
import { RULES } from '../../server/src/rules/registry';
import { applyEdits } from '../helpers/apply-edits';
import { parseFixture } from '../helpers/fixtures';
import { testLinter } from '../helpers/linter';

const snippets = readdirSync(join(__dirname))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => parseFixture(readFileSync(join(__dirname, f), 'utf8')).map((b) => b.code));

const TOKENS = ['(', ')', ':', '\n', '    ', '"""', "'", '\\', 'for ', 'if ', 'def f(', 'import torch as ', '=', ',', '😀', 'é', '\r\n', '\t', '#', 'lambda'];
const everyRule = selectRules(RULES, mergeSettings({ select: ['ALL'] }));

function lines(text: string): string[] {
  return text.split('\n');
}

describe('robustness: every rule on mangled code', function () {
  this.timeout(300000);

  it('never throws, keeps ranges inside the document, and offers fixes that apply cleanly', async () => {
    const linter = await testLinter();
    assert.ok(snippets.length > 400, `expected the fixture corpus, found ${snippets.length} snippets`);
    const mangled = fc.tuple(
      fc.constantFrom(...snippets),
      fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
          fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
          fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), token: fc.constantFrom(...TOKENS) }),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    );
    let total = 0;
    fc.assert(
      fc.property(mangled, ([snippet, edits]) => {
        let text = snippet;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          if (e.kind === 'truncate') text = text.slice(0, at);
          else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
          else text = text.slice(0, at) + e.token + text.slice(at);
        }
        const findings = linter.lint(text, { selection: everyRule });
        total += findings.length;
        const docLines = lines(text);
        for (const f of findings) {
          for (const p of [f.range.start, f.range.end]) {
            assert.ok(p.line >= 0 && p.line < docLines.length, `${f.code} line ${p.line} outside the document`);
            assert.ok(p.character >= 0 && p.character <= docLines[p.line]!.length, `${f.code} column outside line ${p.line}`);
          }
          if (f.fix) assert.doesNotThrow(() => applyEdits(text, f.fix!.edits), `${f.code}: fix edits overlap`);
        }
      }),
      { numRuns: 1500, seed: 20261127 },
    );
    // The mangled snippets still trigger rules, so the property exercised them.
    assert.ok(total > 100, `only ${total} findings over 1500 mangled snippets`);
  });
});
