// Cross-module resolution (spec §4.10): how imports name project modules, which files the index
// reads, and what it caches. The rules' use of it is tested by the fixtures (`py module` blocks).

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileModel } from '../../server/src/analysis/model';
import { importedCallee, importedDefinition, ProjectModules } from '../../server/src/analysis/modules';
import { ModuleFiles } from '../../server/src/module-files';
import { testLinter } from '../helpers/linter';

/** An in-memory project whose reader records every file it is asked for. */
async function project(files: Record<string, string>, root = '/p') {
  const { parser } = await testLinter();
  const reads: string[] = [];
  const modules = new ProjectModules(
    parser,
    {
      read: (file) => {
        reads.push(file);
        return files[file];
      },
    },
    { root },
  );
  return { modules, reads, parser };
}

/** The top-level def or class a name resolves to, as "path:name", or undefined. */
function resolved(qualified: string, index: ReturnType<ProjectModules['indexFor']>): string | undefined {
  const found = importedDefinition(qualified, index);
  return found ? `${found.module.path}:${found.definition.childForFieldName('name')!.text}` : undefined;
}

describe('cross-module resolution', () => {
  it('spells relative imports with one dot per level', async () => {
    const { parser } = await testLinter();
    const source = 'from . import a\nfrom .pkg import b\nfrom .. import c\nfrom ..up.mod import d\na(); b(); c(); d()\n';
    const tree = parser.parse(source);
    try {
      const model = new FileModel(parser.mirror(tree, source), source, parser);
      assert.deepEqual(
        model.calls.map((call) => model.calleeName(call)),
        ['.a', '.pkg.b', '..c', '..up.mod.d'],
      );
    } finally {
      tree.delete();
    }
  });

  it('resolves relative imports from the importing file\'s package', async () => {
    const { modules } = await project({
      '/p/pkg/__init__.py': 'def init_fn(): pass\n',
      '/p/pkg/util.py': 'def helper(): pass\n',
      '/p/pkg/sub/tools.py': 'class Tool: pass\n',
      '/p/top.py': 'def up(): pass\n',
    });
    const index = modules.indexFor('/p/pkg/sub/train.py');
    assert.equal(resolved('.tools.Tool', index), 'pkg/sub/tools.py:Tool');
    assert.equal(resolved('..util.helper', index), 'pkg/util.py:helper');
    assert.equal(resolved('..init_fn', index), 'pkg/__init__.py:init_fn');
    assert.equal(resolved('.missing.x', index), undefined);
  });

  it('searches absolute imports from the file\'s folder up to the root, not above it', async () => {
    const { modules } = await project({
      '/p/utils/seed.py': 'def set_seed(s): pass\n',
      '/p/tools/local.py': 'def near(): pass\n',
      '/outside.py': 'def far(): pass\n',
    });
    const index = modules.indexFor('/p/tools/train.py');
    assert.equal(resolved('local.near', index), 'tools/local.py:near');
    assert.equal(resolved('utils.seed.set_seed', index), 'utils/seed.py:set_seed');
    assert.equal(resolved('outside.far', index), undefined);
  });

  it('follows one re-export through a package __init__, and no further', async () => {
    const { modules } = await project({
      '/p/data/__init__.py': 'from .build import build_dataset\nfrom .chain import chained\n',
      '/p/data/build.py': 'def build_dataset(cfg): pass\n',
      '/p/data/chain.py': 'from .build import build_dataset as chained\n',
    });
    const index = modules.indexFor('/p/train.py');
    assert.equal(resolved('data.build_dataset', index), 'data/build.py:build_dataset');
    assert.equal(resolved('data.chained', index), undefined);
  });

  it('never reads library modules, reads each project file once, and again after clear()', async () => {
    const { modules, reads, parser } = await project({ '/p/utils.py': 'def set_seed(s): pass\n' });
    const source = 'import torch\nimport numpy as np\nfrom utils import set_seed\ntorch.manual_seed(0)\nnp.random.seed(0)\nset_seed(0)\nset_seed(1)\n';
    const tree = parser.parse(source);
    try {
      const model = new FileModel(parser.mirror(tree, source), source, parser, modules.indexFor('/p/train.py'));
      const names = model.calls.map((call) => importedCallee(call, model)?.definition.childForFieldName('name')?.text);
      assert.deepEqual(names, [undefined, undefined, 'set_seed', 'set_seed']);
      assert.deepEqual(reads, ['/p/utils.py']);
      modules.clear();
      importedCallee(model.calls[2]!, model);
      assert.deepEqual(reads, ['/p/utils.py', '/p/utils.py']);
    } finally {
      tree.delete();
    }
  });

  it('names the files to lint again when one module changes, through re-exports too', async () => {
    const { modules } = await project({
      '/p/utils/__init__.py': 'from .seeding import prepare\n',
      '/p/utils/seeding.py': 'def prepare(seed): pass\n',
      '/p/other.py': 'def unrelated(): pass\n',
    });
    assert.equal(resolved('utils.prepare', modules.indexFor('/p/train.py')), 'utils/seeding.py:prepare');
    assert.equal(resolved('other.unrelated', modules.indexFor('/p/tools/eval.py')), 'other.py:unrelated');
    assert.equal(resolved('missing.thing', modules.indexFor('/p/tools/eval.py')), undefined);
    assert.deepEqual([...modules.forget('/p/utils/seeding.py')].sort(), ['/p/train.py', '/p/utils/__init__.py']);
    assert.deepEqual([...modules.forget('/p/other.py')], ['/p/tools/eval.py']);
    // A module that did not exist when looked up: creating it (opening it) concerns that importer.
    assert.deepEqual([...modules.forget('/p/tools/missing.py')], ['/p/tools/eval.py']);
    assert.deepEqual([...modules.forget('/p/nobody.py')], []);
  });

  describe('on disk (the Node hosts)', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'seedlint-modules-'));
      mkdirSync(join(root, '.git'));
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'helpers.py'), 'def set_seed(s): pass\n');
      writeFileSync(join(root, 'huge.py'), `def big(): pass\n${'#'.repeat(1_100_000)}\n`);
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('searches up to the repository root, names files relative to it, and skips files over 1 MB', async () => {
      const { parser } = await testLinter();
      const index = new ModuleFiles(parser).indexFor(join(root, 'src', 'train.py'));
      assert.equal(resolved('helpers.set_seed', index), 'helpers.py:set_seed');
      assert.equal(resolved('huge.big', index), undefined);
    });

    it('names files as the host asks (the CLI: relative to its working folder)', async () => {
      const { parser } = await testLinter();
      const index = new ModuleFiles(parser, (file) => `shown:${file.slice(root.length + 1)}`).indexFor(join(root, 'train.py'));
      assert.equal(resolved('helpers.set_seed', index), 'shown:helpers.py:set_seed');
    });
  });
});
