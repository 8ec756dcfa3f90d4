// RNG110: a DistributedSampler-style sampler whose epoch loop never calls set_epoch, or calls
// it only under a guard that the sampler's construction does not have.

import { argumentValue, callee, methodName, receiver } from '../analysis/calls';
import { guardsOf, iteratedExpressions, type Guard } from '../analysis/flow';
import { BATCH_SAMPLER, DATA_LOADER, DISTRIBUTED_SAMPLER } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
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

/** Library samplers whose order is `seed + epoch`: they only reshuffle through set_epoch. */
const SET_EPOCH_SAMPLERS = new Set([DISTRIBUTED_SAMPLER, 'mmengine.dataset.DefaultSampler']);

/** Builtins that take a loader without starting a pass over it (`len(loader)`, `print(loader)`). */
const BUILTIN_USES = /^builtins\.(len|print|str|repr|isinstance|hasattr|getattr|type|id)$/;

function isSetEpochSampler(call: SyntaxNode, context: RuleContext): boolean {
  const name = context.model.calleeName(call);
  if (name && SET_EPOCH_SAMPLERS.has(name)) return true;
  // Repeated-augmentation samplers (DeiT, timm forks) copy DistributedSampler's epoch logic.
  if (name && !name.startsWith('builtins.') && /(^|\.)RASampler$/.test(name)) return true;
  const definition = context.model.localDefinition(call);
  if (definition?.type !== 'class_definition') return false;
  const body = definition.childForFieldName('body');
  return !!body?.namedChildren.some(
    (member) => member.type === 'function_definition' && member.childForFieldName('name')?.text === 'set_epoch',
  );
}

/** How a loader holds the sampler: directly, or inside a BatchSampler. */
type Holding = 'sampler' | 'batch_sampler';

interface LoaderUse {
  loader: SyntaxNode;
  holding: Holding;
  guarded: boolean;
}

interface LoaderIndex {
  /** sampler call id -> the loaders holding it */
  holders: Map<number, LoaderUse[]>;
  /** loader call id -> expressions that iterate it or hand it to a function */
  uses: Map<number, SyntaxNode[]>;
}

/** Built once per lint: which loader holds which sampler, and where each loader is used. */
const indexes = new WeakMap<RuleContext['model'], LoaderIndex>();

function loaderIndex(context: RuleContext): LoaderIndex {
  const { model, values } = context;
  let index = indexes.get(model);
  if (index) return index;
  index = { holders: new Map(), uses: new Map() };
  const hold = (samplerId: number, use: LoaderUse) => {
    const list = index!.holders.get(samplerId);
    if (list) list.push(use);
    else index!.holders.set(samplerId, [use]);
  };
  const loaders = model.callsTo(DATA_LOADER);
  const loaderIds = new Set(loaders.map((l) => l.id));
  for (const loader of loaders) {
    const direct = argumentValue(loader, { keyword: 'sampler', position: 3 });
    if (direct) for (const o of values.origins(direct)) if (o.node.type === 'call') hold(o.node.id, { loader, holding: 'sampler', guarded: o.guarded });
    const batch = argumentValue(loader, { keyword: 'batch_sampler', position: 4 });
    if (!batch) continue;
    for (const origin of values.origins(batch)) {
      if (origin.node.type !== 'call' || model.calleeName(origin.node) !== BATCH_SAMPLER) continue;
      const inner = argumentValue(origin.node, { keyword: 'sampler', position: 0 });
      if (inner) for (const o of values.origins(inner)) if (o.node.type === 'call') hold(o.node.id, { loader, holding: 'batch_sampler', guarded: o.guarded || origin.guarded });
    }
  }
  if (loaderIds.size > 0) {
    const use = (expression: SyntaxNode) => {
      for (const o of values.origins(expression)) {
        if (!loaderIds.has(o.node.id)) continue;
        const list = index!.uses.get(o.node.id);
        if (list) list.push(expression);
        else index!.uses.set(o.node.id, [expression]);
      }
    };
    for (const loop of model.loops) {
      const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
      if (right) for (const e of iteratedExpressions(model, right)) use(e);
    }
    for (const call of model.calls) {
      const name = model.calleeName(call);
      if (name && BUILTIN_USES.test(name)) continue;
      for (const arg of callArgumentsOf(call)) if (arg.type === 'identifier' || arg.type === 'attribute' || arg.type === 'call') use(arg);
    }
  }
  indexes.set(model, index);
  return index;
}

function loadersHolding(sampler: SyntaxNode, context: RuleContext): LoaderUse[] {
  return loaderIndex(context).holders.get(sampler.id) ?? [];
}

function callArgumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren.map((a) => (a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a));
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
  return (loaderIndex(context).uses.get(loader.id) ?? []).filter((u) => isInside(u, body) && enclosingScope(u)?.id === scope?.id);
}

/**
 * Loops that run one pass over the loader per iteration: for each use of the loader, the
 * nearest enclosing loop (in the same function) that is not the batch loop over it; then only
 * the innermost of those (an outer loop around the epoch loop, over runs or folds, is not it).
 */
function epochLoops(loader: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const candidates = new Map<number, SyntaxNode>();
  for (const use of loaderIndex(context).uses.get(loader.id) ?? []) {
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

interface SetEpochCall {
  call: SyntaxNode;
  guards: Guard[];
}

function setEpochCallsFor(loop: SyntaxNode, use: { sampler: SyntaxNode; loader: SyntaxNode }, context: RuleContext): SetEpochCall[] {
  const { model } = context;
  const body = loop.childForFieldName('body');
  if (!body) return [];
  const found: SetEpochCall[] = [];
  for (const call of model.callsWithin(body)) {
    if (methodName(call) === 'set_epoch' && targetsSampler(receiver(call)!, use, context)) {
      found.push({ call, guards: relevantGuards(call, loop, use, context) });
    }
    // A same-file helper called from the loop (`train_one_epoch(loader, epoch)`) may do it.
    const helper = model.localDefinition(call);
    if (helper && helperCallsSetEpoch(helper, context, 2)) found.push({ call, guards: relevantGuards(call, loop, use, context) });
  }
  return found;
}

function helperCallsSetEpoch(definition: SyntaxNode, context: RuleContext, depth: number): boolean {
  if (depth <= 0) return false;
  return context.model.callsWithin(definition).some((call) => {
    if (methodName(call) === 'set_epoch') return true;
    const next = context.model.localDefinition(call);
    return !!next && next.id !== definition.id && helperCallsSetEpoch(next, context, depth - 1);
  });
}

/**
 * Whether a `set_epoch` receiver may be our sampler. Only a receiver provably bound to another
 * loader or sampler is rejected; anything unknown counts, so the rule stays quiet when unsure.
 */
function targetsSampler(target: SyntaxNode, use: { sampler: SyntaxNode; loader: SyntaxNode }, context: RuleContext): boolean {
  const { values, model } = context;
  let object = target;
  // loader.sampler, loader.batch_sampler, loader.batch_sampler.sampler
  while (object.type === 'attribute' && /^(sampler|batch_sampler)$/.test(object.childForFieldName('attribute')?.text ?? '')) {
    const inner = object.childForFieldName('object')!;
    if (values.reaches(inner, use.loader)) return true;
    object = inner;
  }
  const origins = values.origins(target);
  if (origins.some((o) => o.node.id === use.sampler.id || o.node.id === use.loader.id)) return true;
  const provablyOther = origins.every((o) => {
    if (o.node.type !== 'call') return false;
    const name = model.calleeName(o.node);
    if (name === DATA_LOADER || (name && SET_EPOCH_SAMPLERS.has(name))) return true;
    // A wrapper built around our loader or sampler forwards set_epoch to it.
    return false;
  });
  return !provablyOther;
}

/** Guards between the call and the loop, ignoring ones that only test the sampler exists. */
function relevantGuards(call: SyntaxNode, loop: SyntaxNode, use: { sampler: SyntaxNode; loader: SyntaxNode }, context: RuleContext): Guard[] {
  return guardsOf(call, loop).filter((g) => !isExistenceTest(g.condition, use, context));
}

function isExistenceTest(condition: SyntaxNode, use: { sampler: SyntaxNode; loader: SyntaxNode }, context: RuleContext): boolean {
  if (condition.type === 'true') return true;
  // `hasattr(x, "set_epoch")`, `isinstance(x, DistributedSampler)`, `x is not None`, `x`
  for (const id of [condition, ...condition.descendantsOfType(['identifier', 'attribute'])]) {
    if (id.type !== 'identifier' && id.type !== 'attribute') continue;
    const origins = context.values.origins(id);
    if (origins.some((o) => o.node.id === use.sampler.id || o.node.id === use.loader.id)) return true;
  }
  const fn = condition.type === 'call' ? context.model.calleeName(condition) : undefined;
  return fn === 'builtins.hasattr' || fn === 'builtins.isinstance';
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
function samplerExpressionAt(loop: SyntaxNode, sampler: SyntaxNode, use: LoaderUse, loaderText: string, context: RuleContext): string {
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

function check(sampler: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isSetEpochSampler(sampler, context)) return [];
  const shuffle = argumentValue(sampler, { keyword: 'shuffle', position: 3 });
  if (shuffle && isLiteralFalsy(shuffle)) return [];
  const label = samplerLabel(sampler);
  const samplerGuarded = guardsOf(sampler).length > 0;
  for (const use of loadersHolding(sampler, context)) {
    for (const loop of epochLoops(use.loader, context)) {
      const target = { sampler, loader: use.loader };
      const calls = setEpochCallsFor(loop, target, context);
      const loaderText = loaderUsesIn(loop, use.loader, context)[0]?.text ?? 'loader';
      const epoch = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
      const epochText = epoch?.type === 'identifier' ? epoch.text : undefined;
      if (calls.length === 0) {
        const expression = samplerExpressionAt(loop, sampler, use, loaderText, context);
        const call = `${expression}.set_epoch(${epochText ?? 'epoch'})`;
        const edits = epochText ? insertAtLoopStart(loop, call, context) : undefined;
        const report: Report<Data> = { node: callee(sampler) ?? sampler, data: { sampler: label, call } };
        if (edits) report.fix = { edits };
        return [report];
      }
      // Case (b): every call is guarded, while the sampler exists unconditionally.
      const unguarded = calls.some((c) => c.guards.length === 0);
      if (!unguarded && !samplerGuarded && !use.guarded) {
        const first = calls[0]!;
        const guard = first.guards[first.guards.length - 1]!;
        const data: Data = { sampler: label, call: first.call.text, guard: guard.condition.text };
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
loaders, the transformers \`Trainer\`) are not flagged, nor are samplers with \`shuffle=False\` or a
single epoch.

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
  visit: { call: check },
});
