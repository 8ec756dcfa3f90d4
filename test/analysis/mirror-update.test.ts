// The mirror after an edit (mirror.ts `update`: unchanged top-level statements kept and shifted,
// only those around the edit read from the new tree) must equal a mirror built from scratch
// from the same tree, node for node, for any edit. So must the mirror made from a parse of the
// statements around the edit alone (`updateStatements`), against a full parse of the new text.
// And the session path must give the same findings as linting the new text from scratch.

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

const TOKENS = ['#', ' ', '    ', '\t', '\n', '\n\n', '\r\n', '\r', 'x', '(', ')', ':', '"', "'''", 'def f():\n', 'if x:\n    ', 'import torch\n', 'x = 1\n', 'for i in r:\n    pass\n', '@d\n', 'else:\n', '\\', ',', ';', '😀', ''];
const edits = fc.array(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...TOKENS) }),
  { minLength: 1, maxLength: 8 },
);

const toPosition = (p: { row: number; column: number }) => ({ line: p.row, character: p.column });

function sameMirror(actual: SyntaxTree, expected: SyntaxTree): void {
  assert.equal(actual.size, expected.size, 'node count');
  assert.equal(actual.syntaxError, expected.syntaxError, 'syntaxError');
  assert.deepEqual(actual.lineStarts, expected.lineStarts, 'lineStarts');
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

  it('from the statements around the edit parsed alone, equals a full parse wherever it answers', async () => {
    const { parser } = await testLinter();
    const incremental = new MirrorBuilder(parser.language);
    const scratch = new MirrorBuilder(parser.language);
    const parseAlone = (source: string) => parser.parse(source);
    let answered = 0;
    let declined = 0;
    fc.assert(
      fc.property(files, edits, (file, steps) => {
        let text = file;
        const first = parser.parse(text);
        let mirror = incremental.build(first, text);
        first.delete();
        for (const step of steps) {
          const start = Math.floor(step.at * text.length);
          const oldEnd = Math.min(text.length, start + step.remove);
          const next = text.slice(0, start) + step.insert + text.slice(oldEnd);
          const quick = incremental.updateStatements(mirror, next, { start, oldEnd, newEnd: start + step.insert.length }, parseAlone);
          const full = parser.parse(next);
          try {
            const expected = scratch.build(full, next);
            if (quick) {
              answered++;
              sameMirror(quick, expected);
            } else declined++;
            // Go on from the right mirror either way, so that later steps start from both kinds.
            mirror = quick ?? expected;
          } finally {
            full.delete();
          }
          text = next;
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 1000), seed: Number(process.env.SEED ?? 20261128) },
    );
    // Both ways must be exercised: the shortcut where it applies, and declining where it may not.
    assert.ok(answered > 300 && declined > 300, `answered ${answered}, declined ${declined}`);
    if (process.env.RUNS) console.log(`answered ${answered}, declined ${declined}`);
  });

  it('through the session (shortcut or reparse, trees settled or left behind), equals a full parse after every change', async () => {
    const { parser } = await testLinter();
    const scratch = new MirrorBuilder(parser.language);
    const steps = fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...TOKENS), settle: fc.boolean(), together: fc.boolean() }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(files, steps, (file, changes) => {
        const session = new Session(parser);
        try {
          let doc = session.open('file:///p.py', 1, file);
          let text = file;
          let batch: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
          for (const [i, step] of changes.entries()) {
            // A change's range is in the text after the batch's earlier changes (LSP order).
            const start = Math.floor(step.at * text.length);
            const oldEnd = Math.min(text.length, start + step.remove);
            const range = { start: toPosition(pointAt(text, start)), end: toPosition(pointAt(text, oldEnd)) };
            batch.push({ range, text: step.insert });
            text = text.slice(0, start) + step.insert + text.slice(oldEnd);
            if (step.together && i < changes.length - 1) continue; // several changes in one notification
            doc = session.change('file:///p.py', i + 2, batch)!;
            batch = [];
            assert.equal(doc.text, text);
            const full = parser.parse(text);
            try {
              sameMirror(doc.syntax, scratch.build(full, text));
            } finally {
              full.delete();
            }
            if (step.settle) session.settle('file:///p.py');
          }
        } finally {
          session.dispose();
        }
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('through the session (reparse, then mirror), lints the same as the new text from scratch', async () => {
    const linter = await testLinter();
    const session = new Session(linter.parser);
    const text = examples.join('\n');
    let doc = session.open('file:///a.py', 1, text);
    linter.lint(doc.text, { syntax: doc.syntax });
    const lines = text.split('\n');
    for (let i = 0; i < 40; i++) {
      const line = (i * 37) % lines.length;
      const at = { line, character: 0 };
      doc = session.change('file:///a.py', i + 2, [{ range: { start: at, end: at }, text: i % 3 === 0 ? '#' : i % 3 === 1 ? ' ' : 'import random\n' }])!;
      assert.deepEqual(linter.lint(doc.text, { syntax: doc.syntax }), linter.lint(doc.text), `after edit ${i} at line ${line}`);
    }
    session.dispose();
  });
});
