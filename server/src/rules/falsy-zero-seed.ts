// RNG008: `if args.seed:` (or `seed and set_seed(seed)`, or `if not seed: return`) guards the
// seeding, so `--seed 0` silently means "unseeded".

import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { seedingFor, type SeedCall } from '../analysis/seeding';
import { enclosingScope, unparenthesize } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** The tested name, as written (`args.seed`). */
  name: string;
  negated: boolean;
}

/** Operands whose truthiness the condition tests: the whole condition, or `and` operands. */
function truthinessAtoms(condition: SyntaxNode): { node: SyntaxNode; atom: SyntaxNode; negated: boolean }[] {
  const c = unparenthesize(condition);
  if (c.type === 'identifier' || c.type === 'attribute') return [{ node: c, atom: c, negated: false }];
  if (c.type === 'not_operator') {
    const inner = c.childForFieldName('argument');
    const u = inner ? unparenthesize(inner) : undefined;
    if (u && (u.type === 'identifier' || u.type === 'attribute')) return [{ node: c, atom: u, negated: true }];
    return [];
  }
  if (c.type === 'boolean_operator' && c.childForFieldName('operator')?.text === 'and') {
    const left = c.childForFieldName('left');
    const right = c.childForFieldName('right');
    return [left, right].flatMap((n) => (n ? truthinessAtoms(n) : []));
  }
  return [];
}

/** True when the seeding call's value mentions `atom` (same dotted text, same scope binding). */
function usesName(seed: SeedCall, atom: SyntaxNode): boolean {
  const value = seed.value.kind === 'given' ? seed.value.value : undefined;
  if (!value) return false;
  const candidates = [value, ...value.descendantsOfType(['identifier', 'attribute'])];
  return candidates.some((n) => n.type === atom.type && n.text === atom.text && isWholeName(n));
}

/** `args.seed` inside `args.seed_offset` is not the same name: only full chains count. */
function isWholeName(n: SyntaxNode): boolean {
  const parent = n.parent;
  return !(parent?.type === 'attribute' && parent.childForFieldName('object')?.id === n.id);
}

function seedsIn(block: SyntaxNode, context: RuleContext): SeedCall[] {
  return seedingFor(context).within(block).filter((s) => s.kind !== 'heuristic');
}

function report(atomNode: SyntaxNode, atom: SyntaxNode, negated: boolean): Report<Data> {
  const replacement = negated ? `${atom.text} is None` : `${atom.text} is not None`;
  return {
    node: atomNode,
    data: { name: atom.text, negated },
    fix: { edits: [{ range: nodeRange(atomNode), newText: replacement }] },
  };
}

function checkIf(statement: SyntaxNode, context: RuleContext): Report<Data>[] {
  const condition = statement.childForFieldName('condition');
  const consequence = statement.childForFieldName('consequence');
  if (!condition || !consequence) return [];
  const reports: Report<Data>[] = [];
  for (const { node, atom, negated } of truthinessAtoms(condition)) {
    if (!negated) {
      if (seedsIn(consequence, context).some((s) => usesName(s, atom))) reports.push(report(node, atom, false));
      continue;
    }
    // `if not seed: return` (or raise / continue) in front of the seeding.
    if (statement.type !== 'if_statement' || statement.childrenForFieldName('alternative').length > 0) continue;
    const last = consequence.namedChildren.filter((c) => c.type !== 'comment').pop();
    if (!last || !['return_statement', 'raise_statement', 'continue_statement'].includes(last.type)) continue;
    const block = statement.parent;
    if (!block) continue;
    const after = block.namedChildren.filter((s) => s.startIndex > statement.endIndex);
    const seeded = after.some((s) => {
      const scopeBlock = s;
      return seedingFor(context)
        .all()
        .some((seed) => seed.kind !== 'heuristic' && seed.call.startIndex >= scopeBlock.startIndex && seed.call.endIndex <= scopeBlock.endIndex && enclosingScope(seed.call)?.id === enclosingScope(statement)?.id && usesName(seed, atom));
    });
    if (seeded) reports.push(report(node, atom, true));
  }
  return reports;
}

/** `seed and set_seed(seed)` as an expression statement. */
function checkShortCircuit(operator: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (operator.childForFieldName('operator')?.text !== 'and') return [];
  if (operator.parent?.type !== 'expression_statement') return [];
  const left = operator.childForFieldName('left');
  const right = operator.childForFieldName('right');
  if (!left || !right) return [];
  const call = unparenthesize(right);
  if (call.type !== 'call') return [];
  const seed = seedingFor(context).seedingCall(call);
  if (!seed || seed.kind === 'heuristic') return [];
  return truthinessAtoms(left)
    .filter((a) => !a.negated && usesName(seed, a.atom))
    .map((a) => report(a.node, a.atom, false));
}

const DOCS = `## What it does
Flags a truthiness test that decides whether the seed is applied: \`if args.seed:\`,
\`if seed:\`, \`seed and set_seed(seed)\`, or \`if not seed: return\` in front of the seeding call.

## Why is this bad?
\`0\` is false in Python ("Truth Value Testing" in the Python docs). With such a guard,
\`--seed 0\` silently means "do not seed", and the run that was meant to be reproducible with seed 0
is not. Tests of real booleans (\`if args.deterministic:\`) are not flagged: the tested name must
be the one passed to the seeding call.

## Example
\`\`\`python
import torch

if args.seed:
    torch.manual_seed(args.seed)
\`\`\`

Use instead:
\`\`\`python
import torch

if args.seed is not None:
    torch.manual_seed(args.seed)
\`\`\`

## Fix safety
The fix replaces the test with \`is not None\` (\`is None\` for the negated form). It is safe: only
the seed-0 case changes, and that is the intended change.

## References
- [Truth Value Testing](https://docs.python.org/3/library/stdtypes.html#truth-value-testing)
`;

export default defineRule<Data>({
  code: 'RNG008',
  name: 'falsy-zero-seed',
  severity: 'warning',
  fixAvailability: 'always',
  fixApplicability: 'safe',
  message: () => '`--seed 0` is treated as no seed',
  fixTitle: (d) => (d.negated ? 'Test `is None`' : 'Test `is not None`'),
  docs: DOCS,
  visit: {
    if_statement: checkIf,
    elif_clause: checkIf,
    boolean_operator: checkShortCircuit,
  },
});
