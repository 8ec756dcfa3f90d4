// RNG111: a `set_epoch` call that cannot change the order of the epoch it is meant for: a
// constant argument, a call after the epoch's iterator exists, a call on a plain DataLoader
// (which has no set_epoch), or a sampler consumed by an iterator created only once.

import { argumentValues, methodName, receiver } from '../analysis/calls';
import { iteratedExpressions } from '../analysis/flow';
import { isDataLoader, loaderOrigins } from '../analysis/loaders';
import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { loadersHolding } from '../analysis/set-epoch';
import { ancestors, enclosingStatement, isInside, lineIndent } from '../analysis/syntax';
import { literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

type Kind = 'constant' | 'late' | 'wrong-object' | 'persistent';

interface Data {
  kind: Kind;
  detail: string;
}

const PERSISTENT_LOADERS = /(^|\.)MultiEpochsDataLoader$/;

interface CallIndex {
  /** `MultiEpochsDataLoader(...)` constructions (found on first need). */
  persistent?: SyntaxNode[];
  /** `itertools.cycle(...)` and `iter(...)` calls, in source order (found on first need). */
  singleIterators?: SyntaxNode[];
}

/** Per lint: the few calls this rule compares every set_epoch call against. */
const CALL_INDEXES = new WeakMap<FileModel, CallIndex>();

function callIndex(model: FileModel): CallIndex {
  let index = CALL_INDEXES.get(model);
  if (!index) CALL_INDEXES.set(model, (index = {}));
  return index;
}

function persistentLoaders(model: FileModel): SyntaxNode[] {
  const index = callIndex(model);
  // The canonical name comes from an import or an attribute chain, so the file spells it out.
  index.persistent ??= !model.text.includes('MultiEpochsDataLoader')
    ? []
    : model.calls.filter((c) => {
        const name = model.calleeName(c);
        return !!name && name.endsWith('MultiEpochsDataLoader') && PERSISTENT_LOADERS.test(name);
      });
  return index.persistent;
}

function singleIterators(model: FileModel): SyntaxNode[] {
  const index = callIndex(model);
  if (!index.singleIterators) {
    index.singleIterators = [...model.callsTo('itertools.cycle'), ...model.callsTo('builtins.iter')];
    index.singleIterators.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  }
  return index.singleIterators;
}

/** The statement of `block` (a direct child) that contains `node`. */
function statementOf(node: SyntaxNode, block: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.id === block.id) return child;
    child = a;
  }
  return undefined;
}

/** The enclosing loops of a node, innermost first, up to its function. */
function enclosingLoops(node: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (const a of ancestors(node)) {
    if (a.type === 'function_definition' || a.type === 'lambda' || a.type === 'class_definition') break;
    if (a.type === 'for_statement' || a.type === 'while_statement') {
      const body = a.childForFieldName('body');
      if (body && isInside(node, body)) loops.push(a);
    }
  }
  return loops;
}

/** Loaders (constructions) the receiver's sampler belongs to; `persistent` for timm-style wrappers. */
function loadersOf(target: SyntaxNode, context: RuleContext): { loaders: SyntaxNode[]; persistent: boolean } {
  const { model, values } = context;
  let object = target;
  // loader.sampler / loader.batch_sampler.sampler / loader.batch_sampler
  while (object.type === 'attribute' && /^(sampler|batch_sampler)$/.test(object.childForFieldName('attribute')?.text ?? '')) {
    object = object.childForFieldName('object')!;
  }
  const origins = values.origins(object).map((o) => o.node).filter((n) => n.type === 'call');
  const loaders: SyntaxNode[] = [];
  let persistent = false;
  for (const origin of origins) {
    const name = model.calleeName(origin) ?? '';
    if (PERSISTENT_LOADERS.test(name) && !name.startsWith('builtins.')) persistent = true;
    else if (object.id !== target.id && isDataLoader(origin, model)) loaders.push(origin);
    else if (object.id === target.id) {
      for (const use of loadersHolding(origin, context)) loaders.push(use.loader);
      for (const call of persistentLoaders(model)) {
        if (argumentValues(call).some((a) => values.reaches(a, origin))) persistent = true;
      }
    }
  }
  return { loaders, persistent };
}

/**
 * Whether `name` is rebound inside `container` (a loop): as a loop target or by an assignment.
 * `loops` are the loops around the call within the container: their targets (the usual
 * rebinding, `for epoch in ...`) are checked before scanning every identifier of the container.
 */
function bindsInside(name: string, container: SyntaxNode, loops: readonly SyntaxNode[]): boolean {
  if (loops.some((loop) => isLoopTarget(name, loop))) return true;
  // The loop targets and any assignment in the container rebind the name each iteration.
  const text = container.text;
  if (!new RegExp(`\\b${name}\\b`).test(text)) return false;
  const idents = container.descendantsOfType('identifier').filter((i) => i.text === name);
  return idents.some((i) => {
    const p = i.parent;
    if (!p) return false;
    if (p.type === 'for_statement' && p.childForFieldName('left')?.id === i.id) return true;
    if ((p.type === 'pattern_list' || p.type === 'tuple_pattern') && p.parent?.type === 'for_statement') return true;
    if ((p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === i.id) return true;
    if ((p.type === 'pattern_list' || p.type === 'tuple_pattern') && p.parent?.type === 'assignment') return true;
    if (p.type === 'named_expression') return true;
    return false;
  });
}

/** `name` is the target of a `for` loop, or one of its unpacked names. */
function isLoopTarget(name: string, loop: SyntaxNode): boolean {
  if (loop.type !== 'for_statement') return false;
  const left = loop.childForFieldName('left');
  if (left?.type === 'identifier') return left.text === name;
  return (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') && left.namedChildren.some((c) => c.type === 'identifier' && c.text === name);
}

/**
 * An epoch-like loop: `while`, `for ... in range(...)`, or a loop variable named like an epoch.
 * A loop over samplers or datasets (`for s in samplers: s.set_epoch(0)`) is not one.
 */
function isEpochLikeLoop(loop: SyntaxNode, call: SyntaxNode, context: RuleContext): boolean {
  if (loop.type === 'while_statement') return true;
  const target = loop.childForFieldName('left');
  const right = loop.childForFieldName('right');
  const object = receiver(call);
  if (target && object) {
    const root = object.type === 'identifier' ? object : object.descendantsOfType('identifier')[0];
    if (root && target.descendantsOfType('identifier').concat(target.type === 'identifier' ? [target] : []).some((t) => t.text === root.text)) return false;
  }
  if (target && /epoch|^e$|^ep$/i.test(target.text)) return true;
  const iterated = right ? iteratedExpressions(context.model, right) : [];
  return iterated.some((e) => e.type === 'call' && context.model.calleeName(e) === 'builtins.range');
}

function constantArgument(call: SyntaxNode, loops: SyntaxNode[], context: RuleContext): string | undefined {
  const args = argumentValues(call);
  const value = args[0];
  if (!value || args.length !== 1 || loops.length === 0 || !isEpochLikeLoop(loops[0]!, call, context)) return undefined;
  if (typeof literalValue(value) === 'number') return value.text;
  const names = [value, ...value.descendantsOfType('identifier')].filter((n) => n.type === 'identifier' && n.parent?.type !== 'attribute');
  if (names.length === 0 || value.descendantsOfType('attribute').length > 0 || value.descendantsOfType('call').length > 0) return undefined;
  if (value.type !== 'identifier' && value.type !== 'binary_operator') return undefined;
  const outermost = loops[loops.length - 1]!;
  return names.some((n) => bindsInside(n.text, outermost, loops)) ? undefined : value.text;
}

/** Moves the call's statement to just before `anchor` (a statement in an enclosing block). */
function moveBefore(call: SyntaxNode, anchor: SyntaxNode, context: RuleContext): TextEdit[] | undefined {
  const statement = enclosingStatement(call);
  if (statement.type !== 'expression_statement' || statement.namedChildren[0]?.id !== call.id) return undefined;
  const block = statement.parent;
  if (!block) return undefined;
  if (context.text.slice(context.text.lastIndexOf('\n', statement.startIndex - 1) + 1, statement.startIndex).trim() !== '') return undefined;
  const indent = lineIndent(context.text, anchor);
  const at = { line: anchor.startPosition.row, character: 0 };
  const alone = block.namedChildren.filter((c) => c.type !== 'comment').length < 2;
  // The only statement of its block leaves `pass` behind, so the loop stays valid Python.
  const removal = alone
    ? { range: nodeRange(statement), newText: 'pass' }
    : { range: { start: { line: statement.startPosition.row, character: 0 }, end: { line: statement.endPosition.row + 1, character: 0 } }, newText: '' };
  return [{ range: { start: at, end: at }, newText: `${indent}${statement.text}\n` }, removal];
}

/** The candidates are the file's `x.set_epoch(...)` calls (a FileModel index). */
function checkFile(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  return context.model.callsToMethod('set_epoch').flatMap((call) => check(call, context));
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  if (methodName(call) !== 'set_epoch') return [];
  const target = receiver(call);
  if (!target) return [];
  const report = (kind: Kind, detail: string, edits?: TextEdit[]): Report<Data>[] => {
    const r: Report<Data> = { node: call, data: { kind, detail } };
    if (edits) r.fix = { edits };
    return [r];
  };
  // A plain DataLoader has no set_epoch: the call raises AttributeError.
  const direct = loaderOrigins(target, model, values);
  const allOrigins = values.origins(target);
  if (direct.length > 0 && direct.length === allOrigins.length) return report('wrong-object', `\`${target.text}\` is a DataLoader, which has no \`set_epoch\` (AttributeError)`);
  const loops = enclosingLoops(call);
  const constant = constantArgument(call, loops, context);
  if (constant !== undefined) return report('constant', `its argument \`${constant}\` is the same in every epoch`);
  const { loaders, persistent } = loadersOf(target, context);
  if (loaders.length === 0 && !persistent) return [];
  // Inside the batch loop: the epoch's iterator (and its permutation) already exists.
  for (const [i, loop] of loops.entries()) {
    if (loop.type !== 'for_statement') continue;
    const right = loop.childForFieldName('right');
    if (!right || !iteratedExpressions(model, right).some((e) => loaders.some((l) => values.reaches(e, l)))) continue;
    const args = argumentValues(call).flatMap((a) => [a, ...a.descendantsOfType('identifier')]).filter((n) => n.type === 'identifier');
    const boundInLoop = args.some((a) => bindsInside(a.text, loop, loops.slice(0, i + 1)));
    const edits = boundInLoop ? undefined : moveBefore(call, loop, context);
    return report('late', 'it runs inside the loop over the loader, after the epoch\'s order was drawn', edits);
  }
  // After `it = iter(loader)` in the same block: each earlier statement's first `iter(...)`.
  const statement = enclosingStatement(call);
  const block = statement.parent;
  if (block) {
    let previous: SyntaxNode | undefined;
    for (const iterCall of model.callsTo('builtins.iter')) {
      if (iterCall.startIndex < block.startIndex) continue;
      if (iterCall.startIndex >= statement.startIndex) break;
      const earlier = statementOf(iterCall, block);
      if (!earlier || earlier.id === previous?.id) continue;
      previous = earlier;
      if (earlier.type !== 'expression_statement') continue;
      const argument = argumentValues(iterCall)[0];
      if (argument && loaders.some((l) => values.reaches(argument, l))) {
        return report('late', `it runs after \`${iterCall.text}\` already created the epoch's iterator`, moveBefore(call, earlier, context));
      }
    }
  }
  if (persistent) return report('persistent', 'the loader keeps one iterator for the whole run, so the next order is drawn before this call');
  // A single iterator created outside the epoch loop: itertools.cycle(loader) or iter(loader).
  const epochLoop = loops[0];
  if (!epochLoop) return [];
  // An `iter(loader)` inside the loop too (made again on StopIteration) picks up the epoch then.
  const reaches = (iterator: SyntaxNode) => {
    const argument = argumentValues(iterator)[0];
    return !!argument && loaders.some((l) => values.reaches(argument, l));
  };
  if (singleIterators(model).some((other) => isInside(other, epochLoop) && model.calleeName(other) === 'builtins.iter' && reaches(other))) return [];
  for (const other of singleIterators(model)) {
    if (other.startIndex > epochLoop.startIndex) break; // in source order: the rest come later
    if (isInside(other, epochLoop)) continue;
    const argument = argumentValues(other)[0];
    if (argument && loaders.some((l) => values.reaches(argument, l))) {
      return report('persistent', `\`${other.text}\` creates the only iterator, before the epoch loop`);
    }
  }
  return [];
}

const DOCS = `## What it does
Flags a \`set_epoch\` call that cannot change the order of the epoch it is meant for:
- its argument is constant (\`set_epoch(0)\`, or a name the epoch loop never updates);
- it runs after the epoch's iterator exists: inside the loop over the loader, or after
  \`it = iter(loader)\`;
- it targets a plain \`DataLoader\`, which has no \`set_epoch\` (the call raises
  \`AttributeError\`; accelerate's prepared loaders and Hugging Face iterable datasets do have one);
- the sampler is consumed by an iterator created only once: \`itertools.cycle(loader)\`,
  \`iter(loader)\` before the epoch loop, or timm's \`MultiEpochsDataLoader\`.

## Why is this bad?
A \`DistributedSampler\` draws its permutation from \`seed + epoch\` when the loader's iterator
starts. A call that comes later, or passes the same value every time, leaves consecutive epochs
with one shared order. With a persistent iterator (and workers pre-fetching) the next permutation
is drawn before the call runs (ultralytics/yolov5#6741, ultralytics/yolov5 PR #6920).
\`itertools.cycle\` replays the batches cached from its first pass, whatever \`set_epoch\` does.

## Example
\`\`\`python
from torch.utils.data import DataLoader, DistributedSampler

sampler = DistributedSampler(ds)
loader = DataLoader(ds, sampler=sampler, batch_size=32)
for epoch in range(epochs):
    for step, batch in enumerate(loader):
        sampler.set_epoch(epoch)
        train_step(batch)
\`\`\`

Use instead:
\`\`\`python
from torch.utils.data import DataLoader, DistributedSampler

sampler = DistributedSampler(ds)
loader = DataLoader(ds, sampler=sampler, batch_size=32)
for epoch in range(epochs):
    sampler.set_epoch(epoch)
    for step, batch in enumerate(loader):
        train_step(batch)
\`\`\`

## Fix safety
For a late call the fix moves it in front of the loop over the loader (or the \`iter(...)\` that
starts the epoch). It is unsafe: each epoch then gets its own order, so the run draws different
data than before. There is no fix for constant arguments, wrong objects or persistent iterators;
the message explains what to change.

## References
- pytorch/pytorch \`torch/utils/data/distributed.py\` (\`set_epoch\` docstring)
- ultralytics/yolov5#6741, ultralytics/yolov5 PR #6920, ultralytics/yolov5#5622
`;

export default defineRule<Data>({
  code: 'RNG111',
  name: 'ineffective-set-epoch',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `This \`set_epoch\` call cannot change the order of the epoch it is meant for: ${d.detail}`,
  fixTitle: () => 'Move `set_epoch` before the loop over the loader (unsafe)',
  docs: DOCS,
  visit: { module: checkFile },
});
