// The mirror after an edit (mirror.ts `update`: unchanged top-level statements kept and shifted,
// only those around the edit read from the new tree) must equal a mirror built from scratch
// from the same tree, node for node, for any edit. And the session path (reparse, then mirror)
// must give the same findings as linting the new text from scratch.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Edit, type Tree } from 'web-tree-sitter';
import { MirrorBuilder, type SyntaxTree } from '../../server/src/analysis/mirror';
import { pointAt } from '../../server/src/analysis/positions';
import { Session } from '../../server/src/session';
import { parseFixture } from '../helpers/fixtures';
import { testLinter } from '../helpers/linter';

const ROOT = join(__dirname, '../..');
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.py'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));
const snippets = readdirSync(join(ROOT, 'test/rules'))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => parseFixture(readFileSync(join(ROOT, 'test/rules', f), 'utf8')).map((b) => b.code));
/** Files of a few hundred lines: several snippets and an example, so edits land among many statements. */
const stitched = fc.tuple(fc.constantFrom(...examples), fc.array(fc.constantFrom(...snippets), { minLength: 2, maxLength: 6 })).map(([e, s]) => [...s, e].join('\n'));
/** Also the same code as one long function, where edits land inside a single top-level statement. */
const files = fc.oneof(stitched, stitched.map((text) => `def main():\n${text.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')}\n`));

const TOKENS = ['#', ' ', '    ', '\n', '\n\n', 'x', '(', ')', ':', '"', "'''", 'def f():\n', 'if x:\n    ', 'import torch\n', '\\', ',', '😀', ''];
const edits = fc.array(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...TOKENS) }),
  { minLength: 1, maxLength: 8 },
);

function sameMirror(actual: SyntaxTree, expected: SyntaxTree): void {
  assert.equal(actual.size, expected.size, 'node count');
  for (const field of ['types', 'starts', 'ends', 'fields', 'parents', 'missing', 'childStart', 'childList', 'subtreeEnd', 'errorInside'] as const) {
    assert.deepEqual(actual[field], expected[field], field);
  }
}

describe('mirror update after an edit', function () {
  this.timeout(120000);

  it('equals a mirror built from scratch, for random edits of multi-statement files', async () => {
    const { parser } = await testLinter();
    const incremental = new MirrorBuilder(parser.language);
    const scratch = () => new MirrorBuilder(parser.language);
    let updated = 0;
    let fellBack = 0;
    fc.assert(
      fc.property(files, edits, (file, steps) => {
        let text = file;
        let tree: Tree = parser.parse(text);
        let mirror = incremental.build(tree, text);
        try {
          for (const step of steps) {
            const start = Math.floor(step.at * text.length);
            const oldEnd = Math.min(text.length, start + step.remove);
            const next = text.slice(0, start) + step.insert + text.slice(oldEnd);
            const newEnd = start + step.insert.length;
            const edited = tree.copy();
            edited.edit(new Edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: pointAt(text, start), oldEndPosition: pointAt(text, oldEnd), newEndPosition: pointAt(next, newEnd) }));
            const fresh = parser.parse(next, edited);
            const changed = edited.getChangedRanges(fresh);
            edited.delete();
            tree.delete();
            tree = fresh;
            text = next;
            const update = incremental.update(mirror, tree, text, { start, oldEnd, newEnd }, changed);
            if (update) updated++;
            else fellBack++;
            mirror = update ?? incremental.build(tree, text);
            sameMirror(mirror, scratch().build(tree, text));
          }
        } finally {
          tree.delete();
        }
      }),
      { numRuns: 150, seed: 20261127 },
    );
    // The property must exercise the update path, not only the fallback.
    assert.ok(updated > 5 * fellBack, `updated ${updated}, fell back ${fellBack}`);
  });

  it('through the session (reparse, then mirror), lints the same as the new text from scratch', async () => {
    const linter = await testLinter();
    const session = new Session(linter.parser);
    const text = examples.join('\n');
    let doc = session.open('file:///a.py', 1, text);
    linter.lint(doc.text, { tree: doc.tree });
    const lines = text.split('\n');
    for (let i = 0; i < 40; i++) {
      const line = (i * 37) % lines.length;
      const at = { line, character: 0 };
      doc = session.change('file:///a.py', i + 2, [{ range: { start: at, end: at }, text: i % 3 === 0 ? '#' : i % 3 === 1 ? ' ' : 'import random\n' }])!;
      assert.deepEqual(linter.lint(doc.text, { tree: doc.tree }), linter.lint(doc.text), `after edit ${i} at line ${line}`);
    }
    session.dispose();
  });
});
