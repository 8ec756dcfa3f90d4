// values.ts evaluate() against real CPython (expressions and argparse defaults computed live by
// /usr/bin/python3), and the seeding recogniser / consumers / entry points on small programs.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { ValueTracker } from '../../server/src/analysis/flow';
import { FileModel } from '../../server/src/analysis/model';
import type { SyntaxNode } from '../../server/src/analysis/parser';
import { consumersIn } from '../../server/src/analysis/consumers';
import { entryPointInfo, isLoopInvariant, mainExecutionOrder, spawnSites } from '../../server/src/analysis/entry-points';
import { seedingFor } from '../../server/src/analysis/seeding';
import { evaluate, formatValue, type PyValue } from '../../server/src/analysis/values';
import { testLinter } from '../helpers/linter';

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'pass']).status === 0;

async function withModel<T>(source: string, body: (context: { model: FileModel; values: ValueTracker }) => T): Promise<T> {
  const { parser } = await testLinter();
  const tree = parser.parse(source);
  try {
    const model = new FileModel(parser.mirror(tree, source), source, parser);
    return body({ model, values: new ValueTracker(model) });
  } finally {
    tree.delete();
  }
}

/** Python value -> a typed text both sides agree on: `int:42`, `float:0.5`, `str:abc`, `None`, `bool:True`. */
function typed(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return `bool:${value ? 'True' : 'False'}`;
  if (typeof value === 'bigint') return `int:${value}`;
  if (typeof value === 'string') return `str:${value}`;
  return `float:${formatValue(value)}`;
}

const PY_TYPED = `
def typed(v):
    if v is None: return "None"
    if isinstance(v, bool): return "bool:" + repr(v)
    if isinstance(v, int): return "int:" + str(v)
    if isinstance(v, str): return "str:" + v
    return "float:" + repr(v)
`;

/** Evaluates each expression (with the module prelude) in CPython. */
function pythonValues(prelude: string, expressions: string[]): string[] {
  const program = `${PY_TYPED}\n${prelude}\nimport json\nprint(json.dumps([typed(e) for e in [${expressions.join(', ')}]]))`;
  const r = spawnSync(PYTHON, ['-c', program], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

/** Our evaluation of `__probe_<i> = <expr>` lines appended to the prelude. */
async function ourValues(prelude: string, expressions: string[]): Promise<(string | undefined)[]> {
  const source = `${prelude}\n${expressions.map((e, i) => `print(${e})  # ${i}`).join('\n')}\n`;
  return withModel(source, (context) => {
    const prints = context.model.calls.filter((c) => context.model.calleeName(c) === 'builtins.print' && c.startPosition.row >= prelude.split('\n').length);
    return prints.map((call) => {
      const arg = call.childForFieldName('arguments')!.namedChildren[0]!;
      const result = evaluate(arg, context);
      return result ? typed(result.value) : undefined;
    });
  });
}

// Floats print through JS String(); keep float cases to values whose shortest repr agrees (no 1e16+).
const ARITHMETIC = [
  '2**32', '2**64 - 1', '0xFFFF_FFFF', '0o17', '0b101', '1_000_000', '-7 // 2', '-7 % 3', '7 % -3', '7 // -2',
  '~5', '1 << 40', '(2**64 - 1) & 0xFF', '(2**63) >> 3', '5 ^ 3', '6 | 9', '3 / 2', '7 / 7', '2 ** -1', '1.5e3',
  'int("42")', 'int(" -7 ")', 'int(3.9)', 'int(-3.9)', 'int(True)', 'len(range(10))', 'len(range(2, 11, 3))',
  'len(range(10, 0, -3))', 'len(range(5, 5))', 'len(range(-4))', 'len([1, 2, 3])', '"ab" + "cd"', 'SEED * 2 + 1',
  'SEED % 2**32', 'BASE + OFFSET', 'True + 1', '-(2**63)', '+5', '10 - 2.5', '2**10 // 3 * 3',
];

const MODULE_PRELUDE = 'SEED = 2**40 + 17\nBASE = 1000\nOFFSET = -1';

describe('values.evaluate against CPython', () => {
  before(function () {
    if (!hasPython) this.skip();
  });

  it(`evaluates ${ARITHMETIC.length} literal / arithmetic / builtin expressions exactly as CPython`, async () => {
    const expected = pythonValues(MODULE_PRELUDE, ARITHMETIC);
    const actual = await ourValues(MODULE_PRELUDE, ARITHMETIC);
    ARITHMETIC.forEach((e, i) => assert.equal(actual[i], expected[i], e));
  });

  it('reads argparse defaults as argparse.parse_args([]) does (type conversion of string defaults, dest, None)', async () => {
    const prelude = [
      'import argparse',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--seed", type=int, default="42")',
      'parser.add_argument("--data-seed", type=int, default=7)',
      'parser.add_argument("--other-seed", type=int)',
      'group = parser.add_argument_group("g")',
      'group.add_argument("--base", dest="base_seed", type=int, default=2**31)',
      'parser.add_argument("-s", type=int, default=3)',
      'args = parser.parse_args([])',
    ].join('\n');
    const expressions = ['args.seed', 'args.data_seed', 'args.other_seed', 'args.base_seed', 'args.s', 'args.seed + args.data_seed'];
    const expected = pythonValues(prelude, expressions);
    const actual = await ourValues(prelude, expressions);
    expressions.forEach((e, i) => assert.equal(actual[i], expected[i], e));
  });

  it('reads os.environ.get / os.getenv defaults when the variable is unset', async () => {
    const prelude = 'import os';
    const expressions = ['int(os.environ.get("SEEDLINT_TEST_UNSET_SEED", "5"))', 'os.getenv("SEEDLINT_TEST_UNSET_SEED")', 'os.environ.get("SEEDLINT_TEST_UNSET_SEED", 11)'];
    const expected = pythonValues(prelude, expressions);
    const actual = await ourValues(prelude, expressions);
    expressions.forEach((e, i) => assert.equal(actual[i], expected[i], e));
  });

  it('reads dataclass field defaults unless the constructor passes the field', async () => {
    const prelude = ['from dataclasses import dataclass, field', '@dataclass', 'class Cfg:', '    lr: float = 0.1', '    seed: int = 13', '    other: int = field(default=99)'].join('\n');
    const expressions = ['Cfg().seed', 'Cfg(seed=5).seed', 'Cfg(0.5, 6).seed', 'Cfg().other'];
    const expected = pythonValues(prelude, expressions);
    const actual = await ourValues(prelude, expressions);
    expressions.forEach((e, i) => assert.equal(actual[i], expected[i], e));
  });

  it('states assumptions in words', async () => {
    const source = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--seed", type=int, default=42)\nargs = p.parse_args()\nprint(args.seed)\n';
    const result = await withModel(source, (context) => {
      const call = context.model.calls.find((c) => context.model.calleeName(c) === 'builtins.print')!;
      return evaluate(call.childForFieldName('arguments')!.namedChildren[0]!, context);
    });
    assert.deepEqual(result, { value: 42n, assumptions: ['assuming `--seed` default 42'] });
  });

  it('never guesses: reassigned names, assigned attributes, draws, unknown calls, conditional constants', async () => {
    const prelude = [
      'import argparse, random',
      'X = 1',
      'X += 1',
      'p = argparse.ArgumentParser()',
      'p.add_argument("--seed", type=int, default=1)',
      'args = p.parse_args()',
      'args.seed = 5',
      'if flag:',
      '    Y = 3',
      'def f(s=1):',
      '    return s',
      'f(2)',
      'f()',
    ].join('\n');
    const unknown = ['X', 'args.seed', 'random.randint(0, 9)', 'g(3)', 'Y', 'len(range(n))', 'undefined_name', '1 // 0', 'int("4.5")'];
    const actual = await ourValues(prelude, unknown);
    unknown.forEach((e, i) => assert.equal(actual[i], undefined, e));
  });
});

describe('seeding recogniser', () => {
  const PROGRAM = `import random
import numpy as np
import numpy.random as npr
import torch as T
import lightning as L
from transformers import set_seed as hf_seed
from accelerate.utils import set_seed
from utils import init_seeds, get_seed


def seed_all(s=7):
    random.seed(s)
    np.random.seed(s)
    T.manual_seed(s)


T.manual_seed(1)
T.cuda.manual_seed_all(2)
npr.seed(3)
random.seed()
T.seed()
L.seed_everything(workers=True)
hf_seed(4)
set_seed(5, device_specific=True)
init_seeds(6)
get_seed()
seed_all(8)
seed_all()
T.Generator().manual_seed(9)
np.random.RandomState(10)
`;

  it('recognises direct, helper, framework and heuristic seeding with their libraries and values', async () => {
    const rows = await withModel(PROGRAM, (context) =>
      seedingFor(context)
        .all()
        .map((s) => `${s.call.startPosition.row}:${s.kind}:${[...s.libraries].sort().join('+')}:${s.value.kind === 'given' ? s.value.value.text : s.value.kind}:${s.effectiveValue?.text ?? '-'}:${s.entropy ? 'entropy' : ''}`),
    );
    assert.deepEqual(rows, [
      '11:direct:random:s:s:',
      '12:direct:numpy:s:s:',
      '13:direct:cuda+torch:s:s:',
      '16:direct:cuda+torch:1:1:',
      '17:direct:cuda:2:2:',
      '18:direct:numpy:3:3:',
      '19:direct:random:absent:-:entropy',
      '20:direct:cuda+torch:absent:-:entropy',
      '21:framework:cuda+numpy+random+torch:absent:-:',
      '22:framework:cuda+numpy+random+torch:4:4:',
      '23:framework:cuda+numpy+random+torch:5:5:',
      '24:heuristic:cuda+numpy+random+torch:6:-:',
      '26:helper:cuda+numpy+random+torch:8:8:',
      '27:helper:cuda+numpy+random+torch:absent:7:',
    ]);
  });

  it('reports framework facts (Lightning workers, accelerate per-rank)', async () => {
    const facts = await withModel(PROGRAM, (context) =>
      seedingFor(context)
        .all()
        .filter((s) => s.framework)
        .map((s) => `${s.framework!.framework}:${s.framework!.workers ?? '-'}:${s.framework!.perRank ?? '-'}`),
    );
    assert.deepEqual(facts, ['lightning:true:-', 'transformers:-:-', 'accelerate:-:true']);
  });

  it('does not take a shadowed name for the library', async () => {
    const rows = await withModel('def run(torch, random):\n    torch.manual_seed(0)\n    random.seed(1)\n', (context) => seedingFor(context).all().length);
    assert.equal(rows, 0);
  });
});

describe('consumers, entry points, loops', () => {
  it('finds global-RNG consumers in order, and not loader construction, generator= draws or fork_rng blocks', async () => {
    const source = `import random
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, random_split


class Net(nn.Module):
    pass


loader = DataLoader(ds, shuffle=True)
model = Net()
x = torch.randn(3)
y = torch.randn(3, generator=g)
a, b = random_split(ds, [5, 5])
c, d = random_split(ds, [5, 5], generator=g)
with torch.random.fork_rng():
    z = torch.rand(2)
np.random.shuffle(items)
state = np.random.get_state()
random.choice(items)
for batch in loader:
    pass
`;
    const rows = await withModel(source, (context) => consumersIn(context.model.tree.rootNode, context).map((c) => `${c.node.startPosition.row}:${c.library}:${c.kind}`));
    assert.deepEqual(rows, ['12:torch:model', '13:torch:draw', '15:torch:split', '19:numpy:draw', '21:random:draw', '22:torch:loader-iteration']);
  });

  it('detects entry points and orders the main process through main() and its callees', async () => {
    const source = `import torch


def helper():
    torch.manual_seed(0)


def main():
    a = 1
    helper()
    b = 2


if __name__ == "__main__":
    main()
`;
    const { evidence, order } = await withModel(source, (context) => ({
      evidence: entryPointInfo(context).evidence,
      order: mainExecutionOrder(context).map((s) => s.statement.startPosition.row),
    }));
    assert.deepEqual(evidence, ['main-guard']);
    assert.deepEqual(order, [0, 13, 14, 8, 9, 4, 10]);
  });

  it('treats a library module as no entry point, and finds spawn targets', async () => {
    const library = await withModel('from torch.utils.data import DataLoader\n\ndef make(ds):\n    return DataLoader(ds, shuffle=True)\n', (context) => entryPointInfo(context).isEntryPoint);
    assert.equal(library, false);
    const targets = await withModel('import torch.multiprocessing as mp\n\ndef work(rank):\n    pass\n\nmp.spawn(work, nprocs=2)\n', (context) => spawnSites(context).map((s) => s.target?.childForFieldName('name')?.text));
    assert.deepEqual(targets, ['work']);
  });

  it('tells loop-invariant seeds from loop-variant ones', async () => {
    const source = `for epoch in range(3):
    s = base + epoch
    f(args.seed)
    f(args.seed + epoch)
    f(s)
    f(self.seed)
    f(int(args.seed))
    f(random.randint(0, 9))
`;
    const rows = await withModel(source, (context) => {
      const loop = context.model.loops[0]!;
      return context.model.calls
        .filter((c) => c.childForFieldName('function')?.text === 'f')
        .map((c) => isLoopInvariant(c.childForFieldName('arguments')!.namedChildren[0] as SyntaxNode, loop, context));
    });
    assert.deepEqual(rows, [true, false, false, false, true, false]);
  });
});
