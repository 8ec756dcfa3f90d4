// The committed grammar, loaded with the pinned runtime exactly as the hosts load it.

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readParserAssets } from '../server/src/node-assets';
import { testLinter } from './helpers/linter';

const root = join(__dirname, '..');
const provenance = JSON.parse(readFileSync(join(root, 'grammars/provenance.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('grammar and parser', () => {
  it('the committed grammar matches its provenance checksum', () => {
    const bytes = readFileSync(join(root, 'grammars', provenance.grammar.file));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), provenance.grammar.sha256);
    assert.deepEqual(Buffer.from(readParserAssets().grammarWasm), bytes);
  });

  it('package.json pins the runtime and grammar versions named in the provenance', () => {
    assert.equal(manifest.dependencies['web-tree-sitter'], provenance.runtime.version);
    assert.equal(manifest.dependencies['tree-sitter-python'], provenance.grammar.version);
    const installed = JSON.parse(readFileSync(join(root, 'node_modules/web-tree-sitter/package.json'), 'utf8'));
    assert.equal(installed.version, provenance.runtime.version);
  });

  it('loads with the pinned runtime and reports the ABI it was built for', async () => {
    const { parser } = await testLinter();
    assert.equal(parser.language.abiVersion, provenance.grammar.abi);
  });

  for (const example of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.py'))) {
    it(`parses examples/${example} without ERROR nodes`, async () => {
      const { parser } = await testLinter();
      const tree = parser.parse(readFileSync(join(root, 'examples', example), 'utf8'));
      try {
        assert.equal(tree.rootNode.hasError, false);
        assert.ok(tree.rootNode.descendantsOfType('function_definition').length > 0, 'a realistic script has functions');
      } finally {
        tree.delete();
      }
    });
  }

  it('marks broken code with ERROR nodes (so the check above can fail)', async () => {
    const { parser } = await testLinter();
    const tree = parser.parse('def f(:\n    return\n');
    assert.equal(tree.rootNode.hasError, true);
    tree.delete();
  });
});
