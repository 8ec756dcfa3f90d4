// The mirror answers the web-tree-sitter Node API the analysis uses exactly as web-tree-sitter
// does: every node of the examples and of a sample of fixture snippets (broken ones included)
// is compared property by property, navigation included.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node as WasmNode } from 'web-tree-sitter';
import type { SyntaxNode } from '../../server/src/analysis/parser';
import { parseFixture } from '../helpers/fixtures';
import { testLinter } from '../helpers/linter';

const ROOT = join(__dirname, '../..');
const sources = [
  ...readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.py'))
    .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8')),
  ...readdirSync(join(ROOT, 'test/rules'))
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => parseFixture(readFileSync(join(ROOT, 'test/rules', f), 'utf8')).map((b) => b.code))
    .filter((_, i) => i % 3 === 0),
  'def f(:\n    x = (1,\nclass C\n  y = "é😀"\n',
];

describe('mirror: the web-tree-sitter Node API', function () {
  this.timeout(120000);

  it('answers like web-tree-sitter for every node', async () => {
    const { parser } = await testLinter();
    let nodes = 0;
    for (const source of sources) {
      const tree = parser.parse(source);
      const mirror = parser.mirror(tree, source);
      // Pair the nodes by a parallel preorder walk.
      const pairs: [WasmNode, SyntaxNode][] = [];
      const byWasmId = new Map<number, SyntaxNode>();
      const walk = (w: WasmNode, m: SyntaxNode) => {
        pairs.push([w, m]);
        byWasmId.set(w.id, m);
        assert.equal(m.childCount, w.childCount, `${w.type} child count`);
        for (let i = 0; i < w.childCount; i++) walk(w.child(i)!, m.child(i)!);
      };
      walk(tree.rootNode, mirror.rootNode);
      const same = (m: SyntaxNode | null, w: WasmNode | null, what: string) => {
        if (!w) return assert.equal(m, null, what);
        assert.ok(m, `${what}: mirror has none`);
        assert.equal(m.id, byWasmId.get(w.id)!.id, what);
      };
      for (const [w, m] of pairs) {
        const at = `${w.type} at ${w.startIndex}`;
        assert.equal(m.type, w.type, at);
        assert.equal(m.isNamed, w.isNamed, `${at} isNamed`);
        assert.equal(m.isMissing, w.isMissing, `${at} isMissing`);
        assert.equal(m.hasError, w.hasError, `${at} hasError`);
        assert.equal(m.startIndex, w.startIndex, `${at} startIndex`);
        assert.equal(m.endIndex, w.endIndex, `${at} endIndex`);
        assert.deepEqual(m.startPosition, w.startPosition, `${at} startPosition`);
        assert.deepEqual(m.endPosition, w.endPosition, `${at} endPosition`);
        assert.equal(m.text, w.text, `${at} text`);
        assert.equal(m.namedChildCount, w.namedChildCount, `${at} namedChildCount`);
        assert.deepEqual(m.namedChildren.map((c) => c.id), w.namedChildren.map((c) => byWasmId.get(c!.id)!.id), `${at} namedChildren`);
        same(m.parent, w.parent, `${at} parent`);
        same(m.nextSibling, w.nextSibling, `${at} nextSibling`);
        same(m.previousSibling, w.previousSibling, `${at} previousSibling`);
        same(m.nextNamedSibling, w.nextNamedSibling, `${at} nextNamedSibling`);
        same(m.previousNamedSibling, w.previousNamedSibling, `${at} previousNamedSibling`);
        for (let i = 0; i < w.childCount; i++) {
          const field = w.fieldNameForChild(i);
          assert.equal(m.fieldNameForChild(i), field, `${at} field of child ${i}`);
          if (field) {
            same(m.childForFieldName(field), w.childForFieldName(field), `${at} childForFieldName(${field})`);
            assert.deepEqual(m.childrenForFieldName(field).map((c) => c.id), w.childrenForFieldName(field).map((c) => byWasmId.get(c!.id)!.id), `${at} childrenForFieldName(${field})`);
          }
        }
        nodes++;
      }
      tree.delete();
    }
    assert.ok(nodes > 5000, `compared ${nodes} nodes`);
  });

  it('finds the node at every offset as a scan of each level\'s children does', async () => {
    const { parser } = await testLinter();
    // The reference: at each level, the last child that starts at or before the offset and ends after it.
    const reference = (root: SyntaxNode, offset: number): SyntaxNode => {
      let current = root;
      for (;;) {
        let next: SyntaxNode | undefined;
        for (const c of current.children) {
          if (c.startIndex > offset) break;
          if (offset < c.endIndex) next = c;
        }
        if (!next) return current;
        current = next;
      }
    };
    let checked = 0;
    for (const source of sources) {
      const tree = parser.parse(source);
      const mirror = parser.mirror(tree, source);
      for (let offset = 0; offset <= source.length; offset++) {
        const point = mirror.point(offset);
        assert.equal(mirror.rootNode.descendantForPosition(point).id, reference(mirror.rootNode, mirror.offset(point)).id, `offset ${offset}`);
        checked++;
      }
      tree.delete();
    }
    assert.ok(checked > 10000);
  });
});
