// RNG301: a value that can exceed 32 bits passed to NumPy's legacy seeding (`np.random.seed`,
// `RandomState(...)`, `<RandomState>.seed`), which raises ValueError outside 0 .. 2**32-1 (F12).

import { argumentValue, methodName, receiver } from '../analysis/calls';
import { guardsOf } from '../analysis/flow';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { unparenthesize } from '../analysis/syntax';
import { evaluate } from '../analysis/values';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  expr: string;
  /** Why it may not fit: `torch.initial_seed()` is 64-bit, or the literal's value. */
  reason: string;
}

const LEGACY_SEED = /^numpy\.random(\.mtrand)?\.seed$/;
const RANDOM_STATE = /^numpy\.random(\.mtrand)?\.RandomState$/;
/** 64-bit seeds: the torch seed (main process or worker) and the worker info seed. */
const WIDE_SEED_CALLS = /^torch(\.random)?\.(initial_seed|seed)$|^torch\.cuda(\.random)?\.(initial_seed|seed)$/;
const WORKER_INFO = /^torch\.utils\.data(\._utils\.worker|\.dataloader)?\.get_worker_info$/;

const TWO_32 = 2n ** 32n;
const MAX_DEPTH = 5;

/**
 * The calls that may be legacy NumPy seeding, in document order: the library functions by name
 * (what LEGACY_SEED and RANDOM_STATE match) and every `x.seed(...)`, from the model's indexes.
 */
function candidates(context: RuleContext): SyntaxNode[] {
  const { model } = context;
  const names = ['numpy.random.seed', 'numpy.random.mtrand.seed', 'numpy.random.RandomState', 'numpy.random.mtrand.RandomState'];
  const byId = new Map<number, SyntaxNode>();
  for (const call of [...names.flatMap((n) => model.callsTo(n)), ...model.callsToMethod('seed')]) byId.set(call.id, call);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The seed argument of a legacy NumPy seeding call, or undefined for other calls. */
function legacySeedArgument(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const { model, values } = context;
  const name = model.calleeName(call);
  if (name && (LEGACY_SEED.test(name) || RANDOM_STATE.test(name))) return argumentValue(call, { keyword: 'seed', position: 0 });
  // `rs.seed(x)` on a RandomState object.
  if (methodName(call) === 'seed') {
    const target = receiver(call);
    const isState = !!target && values.origins(target).some((o) => o.node.type === 'call' && RANDOM_STATE.test(model.calleeName(o.node) ?? ''));
    if (isState) return argumentValue(call, { keyword: 'seed', position: 0 });
  }
  return undefined;
}

function isWorkerInfo(node: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const n = unparenthesize(node);
  const candidates = n.type === 'call' ? [n] : values.origins(n).map((o) => o.node);
  return candidates.some((c) => c.type === 'call' && WORKER_INFO.test(model.calleeName(c) ?? ''));
}

/** Why `node` may be outside NumPy's range, or undefined when it fits or is unknown. */
function wideness(node: SyntaxNode, context: RuleContext, depth: number): string | undefined {
  if (depth <= 0) return undefined;
  const n = unparenthesize(node);
  switch (n.type) {
    case 'call': {
      const name = context.model.calleeName(n) ?? '';
      if (WIDE_SEED_CALLS.test(name)) return `\`${n.text}\` is a 64-bit value`;
      if (name === 'builtins.int' || name === 'builtins.abs') {
        const inner = argumentValue(n, { keyword: 'x', position: 0 });
        return inner ? wideness(inner, context, depth - 1) : undefined;
      }
      return undefined;
    }
    case 'attribute': {
      const object = n.childForFieldName('object');
      if (n.childForFieldName('attribute')?.text === 'seed' && object && isWorkerInfo(object, context)) return `\`${n.text}\` is the worker's 64-bit seed`;
      return literalReason(n, context) ?? originReason(n, context, depth);
    }
    case 'identifier':
      return literalReason(n, context) ?? (reducedInPlace(n, context) ? undefined : originReason(n, context, depth));
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!left || !right) return undefined;
      if (op === '%' || op === '&' || op === '>>' || op === '//') {
        // A reduction: fits when the bound does; anything else is unknown, not a finding.
        return literalReason(n, context);
      }
      if (op === '+' || op === '-' || op === '*' || op === '^' || op === '|') {
        return wideness(left, context, depth - 1) ?? wideness(right, context, depth - 1) ?? literalReason(n, context);
      }
      return undefined;
    }
    default:
      return literalReason(n, context);
  }
}

/** A value we can evaluate (literals, constants, argparse defaults) that is negative or ≥ 2**32. */
function literalReason(node: SyntaxNode, context: RuleContext): string | undefined {
  const result = evaluate(node, context);
  if (!result || typeof result.value !== 'bigint') return undefined;
  const v = result.value;
  if (v >= 0n && v < TWO_32) return undefined;
  const assumed = result.assumptions.length > 0 ? ` (${result.assumptions.join('; ')})` : '';
  return `it is ${v}${assumed}`;
}

/** Operators that bring a value into a range (the bound is not checked, as for the operands above). */
const REDUCING = new Set(['%', '&', '>>', '//']);

/**
 * A reduction of the name itself reaches `use`: `s %= 2**32`, or `s = s % 2**32` under a check
 * of `s` itself (`if s >= 2**32:`), which leaves `s` unreduced only when it already fits. The
 * value tracker sees neither (it follows plain assignments, and a guarded one as a mere
 * alternative), so it would report the unreduced value (3D-ResNets' `worker_init_fn`).
 */
function reducedInPlace(use: SyntaxNode, context: RuleContext): boolean {
  const names = context.model.names;
  const binding = names.lookup(use);
  if (!binding) return false;
  const all = names.bindingsIn(binding.scope, use.text);
  for (let i = all.length - 1; i >= 0; i--) {
    const b = all[i]!;
    if (b.node.startIndex >= use.startIndex) continue;
    const statement = b.node.parent;
    const guards = guardsOf(b.node);
    const checksName = guards.length > 0 && guards.every((g) => g.condition.descendantsOfType('identifier').some((id) => id.text === use.text));
    if (statement?.type === 'augmented_assignment' && statement.childForFieldName('left')?.id === b.node.id) {
      const op = statement.childForFieldName('operator')?.text.slice(0, -1) ?? '';
      if (REDUCING.has(op) && (guards.length === 0 || checksName)) return true;
    } else if (statement?.type === 'assignment' && statement.childForFieldName('left')?.id === b.node.id) {
      const right = unparenthesize(statement.childForFieldName('right') ?? b.node);
      const left = right.type === 'binary_operator' ? right.childForFieldName('left') : undefined;
      if (left?.text === use.text && REDUCING.has(right.childForFieldName('operator')?.text ?? '') && checksName) return true;
      // An unconditional assignment before: what the value tracker finds from here stands.
      if (guards.length === 0) return false;
    }
  }
  return false;
}

/** Follow a local name to what was assigned to it (`s = torch.initial_seed()`). */
function originReason(node: SyntaxNode, context: RuleContext, depth: number): string | undefined {
  for (const origin of context.values.origins(node)) {
    if (origin.node.id === node.id || origin.node.type === 'identifier') continue;
    const why = wideness(origin.node, context, depth - 1);
    if (why) return why;
  }
  return undefined;
}

/** Operands that bind tighter than `%` can take ` % 2**32` as they are. */
const PRIMARY = new Set(['identifier', 'attribute', 'call', 'integer', 'subscript', 'parenthesized_expression', 'unary_operator']);

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const argument = legacySeedArgument(call, context);
  if (!argument) return [];
  const reason = wideness(argument, context, MAX_DEPTH);
  if (!reason) return [];
  const n = unparenthesize(argument);
  const text = PRIMARY.has(argument.type) && !(argument.type === 'unary_operator' && n.text.includes('**')) ? `${argument.text} % 2**32` : `(${argument.text}) % 2**32`;
  return [{ node: argument, data: { expr: argument.text, reason }, fix: { edits: [{ range: nodeRange(argument), newText: text }] } }];
}

const DOCS = `## What it does
Flags NumPy's legacy seeding (\`np.random.seed(x)\`, \`np.random.RandomState(x)\`, \`rs.seed(x)\`)
when \`x\` can fall outside 0 … 2**32 − 1: \`torch.initial_seed()\`, \`torch.seed()\`,
\`get_worker_info().seed\` (also through a local variable or with \`+ k\` added), or a value that
evaluates to a negative number or one of 2**32 or more (literals, constants, argparse defaults).
A \`% 2**32\` or \`& 0xFFFFFFFF\` reduction anywhere on the way silences it, also one made in
place (\`s %= 2**32\`) or under a check of the value itself (\`if s >= 2**32: s = s % 2**32\`);
a reduction under some other condition does not.

## Why is this bad?
The legacy seeding functions accept only 32-bit seeds and raise \`ValueError\` otherwise. Torch's
seeds are 64-bit: inside a DataLoader worker \`torch.initial_seed()\` is the worker's base seed plus
its id, a 63-bit draw that almost never fits, and in the main process it is a 64-bit entropy value
unless torch was seeded with a small number. So the script can pass a quick test and crash in
another configuration. The PyTorch docs' \`worker_init_fn\` recipe reduces with \`% 2**32\` for this
reason. Python's \`random.seed\`, \`np.random.default_rng\` and \`torch.manual_seed\` accept the full
value and are not reported.

## Example
\`\`\`python
import numpy as np
import torch

def worker_init_fn(worker_id):
    np.random.seed(torch.initial_seed())
\`\`\`

Use instead:
\`\`\`python
import numpy as np
import torch

def worker_init_fn(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)
\`\`\`

## Fix safety
The fix appends \`% 2**32\`. It is safe: values already in range are unchanged, and only the
values that used to raise now seed NumPy.

## References
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
- [numpy.random.seed](https://numpy.org/doc/stable/reference/random/generated/numpy.random.seed.html)
`;

export default defineRule<Data>({
  code: 'RNG301',
  name: 'numpy-seed-out-of-range',
  severity: 'error',
  fixAvailability: 'always',
  fixApplicability: 'safe',
  message: (d) => `NumPy's legacy seed must be below 2**32; \`${d.expr}\` can be out of range: ${d.reason}`,
  fixTitle: () => 'Reduce with `% 2**32`',
  docs: DOCS,
  // Visits the candidate calls (document order) rather than every call.
  visit: { module: (_module, context) => candidates(context).flatMap((call) => check(call, context)) },
});
