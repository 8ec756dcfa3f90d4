// Argument lookup (server/src/analysis/calls.ts) answers from a per-call table; it must agree
// with a plain left-to-right scan of the argument list, whatever the mix of positional and
// keyword arguments, splats, comments and parentheses.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { callArguments, lookupArgument, type ArgumentLookup, type ArgumentSpec } from '../../server/src/analysis/calls';
import type { SyntaxNode } from '../../server/src/analysis/parser';
import { unparenthesize } from '../../server/src/analysis/syntax';
import { testLinter } from '../helpers/linter';

/** The reference: scan left to right; the first keyword or position that matches wins. */
function scan(call: SyntaxNode, spec: ArgumentSpec): ArgumentLookup {
  let position = 0;
  let splat = false;
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === spec.keyword) {
        const value = arg.childForFieldName('value');
        return value ? { kind: 'given', value: unparenthesize(value) } : { kind: 'unknown' };
      }
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      splat = true;
    } else {
      if (!splat && spec.position === position) return { kind: 'given', value: unparenthesize(arg) };
      position++;
    }
  }
  return splat ? { kind: 'unknown' } : { kind: 'absent' };
}

const shown = (found: ArgumentLookup) => (found.kind === 'given' ? `given ${found.value.text}` : found.kind);

async function lookups(source: string, spec: ArgumentSpec): Promise<{ table: string; reference: string }> {
  const { parser } = await testLinter();
  const tree = parser.parse(source);
  try {
    const mirror = parser.mirror(tree, source);
    const call = mirror.nodesOfType('call')[0]!;
    return { table: shown(lookupArgument(call, spec)), reference: shown(scan(call, spec)) };
  } finally {
    tree.delete();
  }
}

describe('argument lookup', () => {
  const seed: ArgumentSpec = { keyword: 'seed', position: 0 };
  const cases: [string, ArgumentSpec, string][] = [
    ['f(1, seed=2)', seed, 'given 1'],
    ['f(seed=(2))', seed, 'given 2'],
    ['f(*a, seed=3)', seed, 'given 3'],
    ['f(*a)', seed, 'unknown'],
    ['f(**kw)', { keyword: 'seed' }, 'unknown'],
    ['f()', seed, 'absent'],
    ['f(x, *a, y)', { keyword: 'seed', position: 1 }, 'unknown'],
    ['f(x, # the seed\n  y)', { keyword: 'seed', position: 1 }, 'given y'],
    ['f(x)', { keyword: 'seed' }, 'absent'],
  ];
  for (const [source, spec, expected] of cases) {
    it(`${source.replace(/\n.*/s, ' …')} -> ${expected}`, async () => {
      assert.equal((await lookups(source, spec)).table, expected);
    });
  }

  it('agrees with a left-to-right scan on random argument lists', async () => {
    const argument = fc.constantFrom('x', '(y)', '1', 'seed=2', 'seed=(s)', 'other=3', '*rest', '**kw', 'g(seed=4)', 'lambda: 5');
    const spec = fc.record({ keyword: fc.constantFrom('seed', 'other', 'missing'), position: fc.option(fc.nat({ max: 4 }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(fc.array(argument, { maxLength: 7 }), spec, async (args, wanted) => {
        const { keyword, position } = wanted;
        const { table, reference } = await lookups(`f(${args.join(', ')})\n`, position === undefined ? { keyword } : { keyword, position });
        assert.equal(table, reference);
      }),
      { numRuns: 300 },
    );
  });
});
