// RNG110: a DistributedSampler-style sampler whose epoch loop never calls set_epoch, or calls
// it only under a guard that the sampler's construction does not have.

import { argumentValue, callee, methodName } from '../analysis/calls';
import { guardsOf, iteratedExpressions, type Guard } from '../analysis/flow';
import { assignedToEvaluationName } from '../analysis/loaders';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { heldSetEpochSamplers, loadersHolding, loaderUsesInLoops, setEpochCallsIn, type SamplerHolding } from '../analysis/set-epoch';
import { dottedText, enclosingScope, enclosingStatement, isInside, lineIndent } from '../analysis/syntax';
import { isLiteralFalsy, rangeLength } from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** How the code names the sampler: its variable, or `DistributedSampler(...)`. */
  sampler: string;
  /** The set_epoch call the fix inserts (a) or moves (b). */
  call: string;
  /** Case (b): the condition that guards every set_epoch call. */
  guard?: string;
}

function iteratesLoader(loop: SyntaxNode, loader: SyntaxNode, context: RuleContext): boolean {
  const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  return !!right && iteratedExpressions(context.model, right).some((e) => context.values.reaches(e, loader));
}

function runsAtMostOnce(loop: SyntaxNode, context: RuleContext): boolean {
  const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  if (right?.type !== 'call') return false;
  const length = rangeLength(right, context.model.calleeName(right) === 'builtins.range');
  return length !== undefined && length <= 1;
}

/** The loop body's expressions that iterate the loader or hand it to a function. */
function loaderUsesIn(loop: SyntaxNode, loader: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const body = loop.childForFieldName('body');
  if (!body) return [];
  const scope = enclosingScope(loop);
  return loaderUsesInLoops(loader, context).filter((u) => isInside(u, body) && enclosingScope(u)?.id === scope?.id);
}

/**
 * Loops that run one pass over the loader per iteration: for each use of the loader, the
 * nearest enclosing loop (in the same function) that is not the batch loop over it; then only
 * the innermost of those (an outer loop around the epoch loop, over runs or folds, is not it).
 */
function epochLoops(loader: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const candidates = new Map<number, SyntaxNode>();
  for (const use of loaderUsesInLoops(loader, context)) {
    let child = use;
    for (let a = use.parent; a; child = a, a = a.parent) {
      if (a.type === 'function_definition' || a.type === 'lambda' || a.type === 'class_definition') break;
      if (a.type !== 'for_statement' && a.type !== 'while_statement') continue;
      if (a.childForFieldName('body')?.id !== child.id) continue; // in the loop header
      if (iteratesLoader(a, loader, context) || runsAtMostOnce(a, context)) continue;
      candidates.set(a.id, a);
      break;
    }
  }
  const loops = [...candidates.values()];
  return loops.filter((loop) => !loops.some((other) => other.id !== loop.id && isInside(other, loop)));
}

function samplerLabel(sampler: SyntaxNode): string {
  const statement = sampler.parent;
  if (statement?.type === 'assignment' && statement.childForFieldName('right')?.id === sampler.id) {
    const left = statement.childForFieldName('left');
    const text = left && dottedText(left);
    if (text) return text;
  }
  return `${callee(sampler)?.text ?? 'sampler'}(...)`;
}

/** The text that reaches the sampler from inside the epoch loop, for the inserted call. */
function samplerExpressionAt(loop: SyntaxNode, sampler: SyntaxNode, use: SamplerHolding, loaderText: string, context: RuleContext): string {
  const label = samplerLabel(sampler);
  if (!label.includes('(')) {
    // Use the sampler's own name when the loop's scope bound it before the loop.
    const scope = enclosingScope(loop);
    const root = label.split('.')[0]!;
    const bound = context.model.names.bindingsIn(scope, root).some((b) => b.node.startIndex < loop.startIndex);
    if (bound && enclosingScope(sampler)?.id === scope?.id) return label;
  }
  return use.holding === 'sampler' ? `${loaderText}.sampler` : `${loaderText}.batch_sampler.sampler`;
}

function insertAtLoopStart(loop: SyntaxNode, statement: string, context: RuleContext): TextEdit[] | undefined {
  const body = loop.childForFieldName('body');
  const first = body?.child(0);
  if (!body || !first) return undefined;
  // A body on the `for` line (`for e in r: f()`) has no line of its own to insert before.
  if (first.startPosition.row === loop.startPosition.row) return undefined;
  const indent = lineIndent(context.text, first);
  const at = { line: first.startPosition.row, character: 0 };
  return [{ range: { start: at, end: at }, newText: `${indent}${statement}\n` }];
}

/** Moves the guarded call out of its `if` (fix for case b). */
function moveOutOfGuard(call: SyntaxNode, guard: Guard, context: RuleContext): TextEdit[] | undefined {
  const ifStatement = guard.holder;
  if (ifStatement.type !== 'if_statement' || guard.negated) return undefined;
  if (ifStatement.childrenForFieldName('alternative').length > 0) return undefined;
  const statement = enclosingStatement(call);
  if (statement.type !== 'expression_statement' || statement.parent?.parent?.id !== ifStatement.id) return undefined;
  const block = ifStatement.childForFieldName('consequence')!;
  const indent = lineIndent(context.text, ifStatement);
  const siblings = block.namedChildren.filter((c) => c.type !== 'comment');
  if (siblings.length === 1) {
    return [{ range: nodeRange(ifStatement), newText: statement.text }];
  }
  const lineStart = { line: statement.startPosition.row, character: 0 };
  const nextLine = { line: statement.endPosition.row + 1, character: 0 };
  const ifLine = { line: ifStatement.startPosition.row, character: 0 };
  return [
    { range: { start: ifLine, end: ifLine }, newText: `${indent}${statement.text}\n` },
    { range: { start: lineStart, end: nextLine }, newText: '' },
  ];
}

/** Only samplers that a loader holds can miss set_epoch: the shared analysis lists them. */
function checkFile(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  return heldSetEpochSamplers(context).flatMap((sampler) => check(sampler, context));
}

/** One sampler with set_epoch semantics. */
function check(sampler: SyntaxNode, context: RuleContext): Report<Data>[] {
  const shuffle = argumentValue(sampler, { keyword: 'shuffle', position: 3 });
  if (shuffle && isLiteralFalsy(shuffle)) return [];
  // An evaluation sampler (shuffle left at its default) repeats its order harmlessly.
  if (assignedToEvaluationName(sampler)) return [];
  const samplerGuarded = guardsOf(sampler).length > 0;
  for (const use of loadersHolding(sampler, context)) {
    if (assignedToEvaluationName(use.loader)) continue;
    for (const loop of epochLoops(use.loader, context)) {
      const target = { sampler, loader: use.loader };
      const calls = setEpochCallsIn(loop, target, context);
      if (calls.length === 0) {
        const loaderText = loaderUsesIn(loop, use.loader, context)[0]?.text ?? 'loader';
        const epoch = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
        const epochText = epoch?.type === 'identifier' ? epoch.text : undefined;
        const expression = samplerExpressionAt(loop, sampler, use, loaderText, context);
        const call = `${expression}.set_epoch(${epochText ?? 'epoch'})`;
        const edits = epochText ? insertAtLoopStart(loop, call, context) : undefined;
        const report: Report<Data> = { node: callee(sampler) ?? sampler, data: { sampler: samplerLabel(sampler), call } };
        if (edits) report.fix = { edits };
        return [report];
      }
      // Case (b): every call is guarded, while the sampler exists unconditionally.
      const unguarded = calls.some((c) => c.guards.length === 0);
      if (!unguarded && !samplerGuarded && !use.guarded) {
        const first = calls[0]!;
        const guard = first.guards[first.guards.length - 1]!;
        const data: Data = { sampler: samplerLabel(sampler), call: first.call.text, guard: guard.condition.text };
        const edits = first.guards.length === 1 && methodName(first.call) === 'set_epoch' ? moveOutOfGuard(first.call, guard, context) : undefined;
        const report: Report<Data> = { node: callee(sampler) ?? sampler, data };
        if (edits) report.fix = { edits };
        return [report];
      }
    }
  }
  return [];
}

const DOCS = `## What it does
Flags a \`DistributedSampler\` (or another sampler that reshuffles only through \`set_epoch\`:
mmengine's \`DefaultSampler\`, repeated-augmentation \`RASampler\`s, same-file classes that define
\`set_epoch\`) whose loader is iterated by an epoch loop that never calls
\`sampler.set_epoch(epoch)\`, or calls it only under a condition the sampler itself does not have
(typically \`if args.distributed:\` while the sampler is built for every run).

## Why is this bad?
A \`DistributedSampler\` draws its permutation from a private generator seeded with
\`seed + epoch\`. Nothing else changes that order: not \`torch.manual_seed\`, not
\`np.random.seed(epoch)\`, not \`random.seed(epoch)\`. Without \`set_epoch\`, every epoch visits the
samples in exactly the same order (pytorch/pytorch#31771), which silently weakens training. When
the call sits under \`if args.distributed:\` but the sampler is always built, single-process runs
see one permutation for the whole training.

Frameworks that call \`set_epoch\` for you (the Lightning Trainer and Fabric, accelerate's prepared
loaders, the transformers \`Trainer\`) are not flagged, nor are samplers with \`shuffle=False\`,
evaluation samplers and loaders (assigned to names such as \`eval_sampler\` or \`val_loader\`:
their order changes no metric), or a single epoch.

## Example
\`\`\`python
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler

sampler = DistributedSampler(train_set, shuffle=True)
loader = DataLoader(train_set, sampler=sampler, batch_size=64)
for epoch in range(10):
    for batch in loader:
        train_step(batch)
\`\`\`

Use instead:
\`\`\`python
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler

sampler = DistributedSampler(train_set, shuffle=True)
loader = DataLoader(train_set, sampler=sampler, batch_size=64)
for epoch in range(10):
    sampler.set_epoch(epoch)
    for batch in loader:
        train_step(batch)
\`\`\`

## Fix safety
The fix inserts \`sampler.set_epoch(epoch)\` as the first statement of the epoch loop, or moves an
existing call out of the mismatched guard. It is unsafe: every epoch after the first then visits
the data in a new order, so the run computes different numbers than before (which is the point).
There is no fix for \`while\` loops or loops whose target is not a plain name.

## References
- [DistributedSampler](https://pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler):
  "calling the set_epoch() method at the beginning of each epoch before creating the DataLoader
  iterator is necessary to make shuffling work properly across multiple epochs."
- pytorch/pytorch#31771
`;

export default defineRule<Data>({
  code: 'RNG110',
  name: 'missing-set-epoch',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.guard
      ? `\`${d.sampler}\` gets \`set_epoch\` only when \`${d.guard}\`; otherwise every epoch has the same order`
      : `\`${d.sampler}\` never gets \`set_epoch\`, so every epoch has the same order`,
  fixTitle: (d) =>
    d.guard
      ? `Move \`${d.call}\` out of the \`if ${d.guard}:\` guard (unsafe)`
      : `Call \`${d.call}\` at the start of each epoch (unsafe)`,
  docs: DOCS,
  visit: { module: checkFile },
});
