// Loader <-> sampler <-> set_epoch facts (spec rules.md F7; RNG110, RNG111, RNG009): which
// DataLoaders hold which sampler (directly or inside a BatchSampler), where each loader is used
// inside a loop, and which `set_epoch` calls of a loop may reach a given sampler. One analysis,
// built once per FileModel and shared by the three rules, so they cannot disagree about it.

import { argumentValue, methodName, receiver } from './calls';
import { guardsOf, iteratedExpressions, type Guard, type ValueTracker } from './flow';
import { BATCH_SAMPLER, DATA_LOADER, DISTRIBUTED_SAMPLER } from './known-names';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { ancestors, unparenthesize } from './syntax';

export interface SetEpochContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
}

/** Library samplers whose order is `seed + epoch`: they only reshuffle through set_epoch. */
export const SET_EPOCH_SAMPLERS: ReadonlySet<string> = new Set([DISTRIBUTED_SAMPLER, 'mmengine.dataset.DefaultSampler']);

/** Repeated-augmentation samplers (DeiT, timm forks) copy DistributedSampler's epoch logic. */
export function isRASamplerName(name: string): boolean {
  return !name.startsWith('builtins.') && /(^|\.)RASampler$/.test(name);
}

/** How a loader holds a sampler: as `sampler=`, or as the `sampler` of its `BatchSampler`. */
export type Holding = 'sampler' | 'batch_sampler';

export interface SamplerHolding {
  loader: SyntaxNode;
  /** A call the loader's sampler may come from (any call: a library sampler, a local class...). */
  sampler: SyntaxNode;
  holding: Holding;
  /** Some step from the construction to the loader's argument only happens under a condition. */
  guarded: boolean;
}

export interface SetEpochCall {
  /** The `set_epoch` call, or the call of a same-file helper that makes one. */
  call: SyntaxNode;
  /** Guards between the call and the loop, except tests that the sampler exists. */
  guards: Guard[];
}

/** Builtins that take a loader without starting a pass over it (`len(loader)`, `print(loader)`). */
const BUILTIN_USES = /^builtins\.(len|print|str|repr|isinstance|hasattr|getattr|type|id)$/;

/** How deep `set_epoch` is looked for through same-file helpers called from an epoch loop. */
const HELPER_DEPTH = 2;

class SetEpochFacts {
  private samplers: SyntaxNode[] | undefined;
  private bySampler: Map<number, SamplerHolding[]> | undefined;
  private readonly byLoader = new Map<number, SamplerHolding[]>();
  private uses: Map<number, SyntaxNode[]> | undefined;
  private readonly helperCache = new Map<string, boolean>();
  /** `${loop}:${sampler}:${loader}` -> setEpochCallsIn's answer (RNG110 and RNG009 ask alike). */
  readonly setEpochCalls = new Map<string, SetEpochCall[]>();

  constructor(private readonly context: SetEpochContext) {}

  /**
   * Sampler constructions with set_epoch semantics that some loader holds, in source order.
   * Only held samplers matter to the rules, so no pass over every call is needed.
   */
  heldSetEpochSamplers(): readonly SyntaxNode[] {
    if (this.samplers) return this.samplers;
    this.holdings();
    const held = [...this.bySampler!.values()].map((h) => h[0]!.sampler);
    this.samplers = held.filter((s) => this.isSetEpochSampler(s)).sort((a, b) => a.id - b.id);
    return this.samplers;
  }

  isSetEpochSampler(call: SyntaxNode): boolean {
    const name = this.context.model.calleeName(call);
    if (name && (SET_EPOCH_SAMPLERS.has(name) || isRASamplerName(name))) return true;
    return definesSetEpoch(this.context.model.localDefinition(call));
  }

  /** All loaders' holdings by sampler; each loader's part is `samplersHeldBy`'s, computed once. */
  private holdings(): void {
    if (this.bySampler) return;
    this.bySampler = new Map();
    for (const loader of this.context.model.callsTo(DATA_LOADER)) {
      for (const h of this.samplersHeldBy(loader)) push(this.bySampler, h.sampler.id, h);
    }
  }

  loadersHolding(sampler: SyntaxNode): readonly SamplerHolding[] {
    this.holdings();
    return this.bySampler!.get(sampler.id) ?? [];
  }

  /** One loader's holdings, on demand: RNG009 asks about a few loaders, RNG110 about all. */
  samplersHeldBy(loader: SyntaxNode): readonly SamplerHolding[] {
    let held = this.byLoader.get(loader.id);
    if (held) return held;
    const { model, values } = this.context;
    held = [];
    const direct = argumentValue(loader, { keyword: 'sampler', position: 3 });
    if (direct) for (const o of values.origins(direct)) if (o.node.type === 'call') held.push({ loader, sampler: o.node, holding: 'sampler', guarded: o.guarded });
    const batch = argumentValue(loader, { keyword: 'batch_sampler', position: 4 });
    for (const origin of batch ? values.origins(batch) : []) {
      if (origin.node.type !== 'call' || model.calleeName(origin.node) !== BATCH_SAMPLER) continue;
      const inner = argumentValue(origin.node, { keyword: 'sampler', position: 0 });
      if (!inner) continue;
      for (const o of values.origins(inner)) if (o.node.type === 'call') held.push({ loader, sampler: o.node, holding: 'batch_sampler', guarded: o.guarded || origin.guarded });
    }
    this.byLoader.set(loader.id, held);
    return held;
  }

  /**
   * loader call id -> expressions inside a loop body (same function) that iterate the loader or
   * hand it to a function. Uses outside every loop cannot make a loop an epoch loop, so only
   * expressions inside loop bodies are traced (tracing every argument of the file was the cost).
   */
  loaderUses(loader: SyntaxNode): readonly SyntaxNode[] {
    if (!this.uses) this.uses = this.indexUses();
    return this.uses.get(loader.id) ?? [];
  }

  private indexUses(): Map<number, SyntaxNode[]> {
    const { model, values } = this.context;
    const uses = new Map<number, SyntaxNode[]>();
    const loaderIds = new Set(model.callsTo(DATA_LOADER).map((l) => l.id));
    if (loaderIds.size === 0) return uses;
    const assignedNames = new Map<string, boolean>();
    const use = (expression: SyntaxNode) => {
      if (!mayTrackToCall(expression, model, loaderIds, assignedNames)) {
        // The tracker would answer the expression itself: a use only when it is the construction.
        if (loaderIds.has(expression.id)) push(uses, expression.id, expression);
        return;
      }
      for (const o of values.origins(expression)) if (loaderIds.has(o.node.id)) push(uses, o.node.id, expression);
    };
    for (const loop of model.loops) {
      const right = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
      if (right && insideLoopBody(loop)) for (const e of iteratedExpressions(model, right)) use(e);
    }
    const inLoops = new Set<number>();
    for (const loop of model.loops) {
      const body = loop.childForFieldName('body');
      if (body) for (const call of model.callsWithin(body)) inLoops.add(call.id);
    }
    for (const call of model.calls) {
      if (!inLoops.has(call.id)) continue;
      const name = model.calleeName(call);
      if (name && BUILTIN_USES.test(name)) continue;
      for (const arg of callArgumentsOf(call)) if (arg.type === 'identifier' || arg.type === 'attribute' || arg.type === 'call') use(arg);
    }
    return uses;
  }

  /** Whether a same-file function (or class body) calls set_epoch, through helpers `depth` deep. */
  helperCallsSetEpoch(definition: SyntaxNode, depth: number): boolean {
    if (depth <= 0) return false;
    const key = `${definition.id}:${depth}`;
    const known = this.helperCache.get(key);
    if (known !== undefined) return known;
    const { model } = this.context;
    const found = model.callsWithin(definition).some((call) => {
      if (methodName(call) === 'set_epoch') return true;
      const next = model.localDefinition(call);
      return !!next && next.id !== definition.id && this.helperCallsSetEpoch(next, depth - 1);
    });
    this.helperCache.set(key, found);
    return found;
  }
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function definesSetEpoch(definition: SyntaxNode | undefined): boolean {
  if (definition?.type !== 'class_definition') return false;
  const body = definition.childForFieldName('body');
  return !!body?.namedChildren.some((m) => m.type === 'function_definition' && m.childForFieldName('name')?.text === 'set_epoch');
}

/**
 * False when the value tracker would answer the expression itself, a binding's own name, or only
 * values that are no loader: a name bound by no assignment or parameter, a name whose every
 * assignment in its scope is a literal, an operator or a library call other than a loader, an
 * attribute nothing assigns, a call of no same-file function (the caller still checks whether
 * such a call is a loader construction). Tracing every name in every loop was the cost.
 */
function mayTrackToCall(expression: SyntaxNode, model: FileModel, loaderIds: ReadonlySet<number>, names: Map<string, boolean>): boolean {
  switch (expression.type) {
    case 'identifier': {
      const binding = model.names.lookup(expression);
      if (binding?.kind === 'param') return true;
      if (binding?.kind !== 'assign') return false;
      // Every assignment that may reach the use is one of the name's assignments in its scope.
      const key = `${binding.scope?.id ?? -1}:${binding.name}`;
      let may = names.get(key);
      if (may === undefined) {
        may = model.names.bindingsIn(binding.scope, binding.name).some((b) => b.kind === 'assign' && assignedValueMayBeLoader(b.value, model, loaderIds));
        names.set(key, may);
      }
      return may;
    }
    case 'attribute':
      return model.attributeAssignments.has(expression.text);
    case 'call':
      return model.localDefinition(expression)?.type === 'function_definition';
    default:
      return true;
  }
}

/**
 * Whether the tracker, following an assignment's right-hand side, may arrive at a loader: not
 * for a literal, an operator, a subscript or a call of a library function other than a loader
 * construction (it answers those nodes themselves); possibly for names, attributes, tuples,
 * conditionals and same-file function calls, which it follows further.
 */
function assignedValueMayBeLoader(value: SyntaxNode | undefined, model: FileModel, loaderIds: ReadonlySet<number>): boolean {
  if (!value) return false;
  const node = unparenthesize(value);
  switch (node.type) {
    case 'identifier':
    case 'attribute':
    case 'conditional_expression':
    case 'tuple':
    case 'expression_list':
    case 'list':
      return true;
    case 'call':
      return loaderIds.has(node.id) || model.localDefinition(node)?.type === 'function_definition';
    default:
      return false;
  }
}

/** Argument values as written (keyword values unwrapped), in order. */
function callArgumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren.map((a) => (a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a));
}

/** True when `node` sits in the body of a loop of its own function (not in a loop header). */
function insideLoopBody(node: SyntaxNode): boolean {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_definition' || a.type === 'lambda' || a.type === 'class_definition') return false;
    if ((a.type === 'for_statement' || a.type === 'while_statement') && a.childForFieldName('body')?.id === child.id) return true;
    child = a;
  }
  return false;
}

const FACTS = new WeakMap<FileModel, SetEpochFacts>();

function factsFor(context: SetEpochContext): SetEpochFacts {
  let facts = FACTS.get(context.model);
  if (!facts) {
    facts = new SetEpochFacts(context);
    FACTS.set(context.model, facts);
  }
  return facts;
}

/**
 * A sampler with set_epoch semantics: DistributedSampler, mmengine's DefaultSampler, a
 * `RASampler`, or a same-file class that defines `set_epoch`.
 */
export function isSetEpochSampler(call: SyntaxNode, context: SetEpochContext): boolean {
  return factsFor(context).isSetEpochSampler(call);
}

/** The samplers with set_epoch semantics that a DataLoader of the file holds, in source order. */
export function heldSetEpochSamplers(context: SetEpochContext): readonly SyntaxNode[] {
  return factsFor(context).heldSetEpochSamplers();
}

/** The loaders that hold `sampler` (a call) directly or inside a BatchSampler. */
export function loadersHolding(sampler: SyntaxNode, context: SetEpochContext): readonly SamplerHolding[] {
  return factsFor(context).loadersHolding(sampler);
}

/**
 * The calls a loader's sampler may come from: first those of its `sampler=` argument, then those
 * inside its `batch_sampler=` BatchSampler, each in origin order.
 */
export function samplersHeldBy(loader: SyntaxNode, context: SetEpochContext): readonly SamplerHolding[] {
  return factsFor(context).samplersHeldBy(loader);
}

/** Expressions inside loop bodies that iterate `loader` or pass it to a function, in source order (loop headers first). */
export function loaderUsesInLoops(loader: SyntaxNode, context: SetEpochContext): readonly SyntaxNode[] {
  return factsFor(context).loaderUses(loader);
}

/** The sampler (when the loader names one) and the loader a set_epoch call should reach. */
export interface SetEpochTarget {
  sampler?: SyntaxNode;
  loader: SyntaxNode;
}

/**
 * The set_epoch calls in the loop's body that may reach the target: direct calls whose receiver
 * may be the sampler, and calls of same-file helpers that call set_epoch (two levels deep), each
 * with its guards inside the loop that do more than test that the sampler exists.
 */
export function setEpochCallsIn(loop: SyntaxNode, target: SetEpochTarget, context: SetEpochContext): readonly SetEpochCall[] {
  const facts = factsFor(context);
  const key = `${loop.id}:${target.sampler?.id ?? -1}:${target.loader.id}`;
  let calls = facts.setEpochCalls.get(key);
  if (!calls) facts.setEpochCalls.set(key, (calls = findSetEpochCalls(loop, target, context, facts)));
  return calls;
}

function findSetEpochCalls(loop: SyntaxNode, target: SetEpochTarget, context: SetEpochContext, facts: SetEpochFacts): SetEpochCall[] {
  const { model } = context;
  const body = loop.childForFieldName('body');
  if (!body) return [];
  const found: SetEpochCall[] = [];
  for (const call of model.callsWithin(body)) {
    if (methodName(call) === 'set_epoch' && targetsSampler(receiver(call)!, target, context)) {
      found.push({ call, guards: relevantGuards(call, loop, target, context) });
    }
    // A same-file helper called from the loop (`train_one_epoch(loader, epoch)`) may do it.
    const helper = model.localDefinition(call);
    if (helper && facts.helperCallsSetEpoch(helper, HELPER_DEPTH)) found.push({ call, guards: relevantGuards(call, loop, target, context) });
  }
  return found;
}

/**
 * Whether a `set_epoch` receiver may be the target's sampler. Only a receiver provably bound to
 * another loader or sampler is rejected; anything unknown counts, so rules stay quiet when unsure.
 */
export function targetsSampler(expression: SyntaxNode, target: SetEpochTarget, context: SetEpochContext): boolean {
  const { values, model } = context;
  let object = expression;
  // loader.sampler, loader.batch_sampler, loader.batch_sampler.sampler
  while (object.type === 'attribute' && /^(sampler|batch_sampler)$/.test(object.childForFieldName('attribute')?.text ?? '')) {
    const inner = object.childForFieldName('object')!;
    if (values.reaches(inner, target.loader)) return true;
    object = inner;
  }
  const origins = values.origins(expression);
  if (origins.some((o) => o.node.id === target.sampler?.id || o.node.id === target.loader.id)) return true;
  const provablyOther = origins.every((o) => {
    if (o.node.type !== 'call') return false;
    const name = model.calleeName(o.node);
    return name === DATA_LOADER || (!!name && SET_EPOCH_SAMPLERS.has(name));
  });
  return !provablyOther;
}

/** Guards between the call and the loop, ignoring ones that only test the sampler exists. */
function relevantGuards(call: SyntaxNode, loop: SyntaxNode, target: SetEpochTarget, context: SetEpochContext): Guard[] {
  return guardsOf(call, loop).filter((g) => !isExistenceTest(g.condition, target, context));
}

/** `hasattr(x, "set_epoch")`, `isinstance(x, DistributedSampler)`, `x is not None`, `x`, `if True:`. */
function isExistenceTest(condition: SyntaxNode, target: SetEpochTarget, context: SetEpochContext): boolean {
  if (condition.type === 'true') return true;
  for (const id of [condition, ...condition.descendantsOfType(['identifier', 'attribute'])]) {
    if (id.type !== 'identifier' && id.type !== 'attribute') continue;
    const origins = context.values.origins(id);
    if (origins.some((o) => o.node.id === target.sampler?.id || o.node.id === target.loader.id)) return true;
  }
  const fn = condition.type === 'call' ? context.model.calleeName(condition) : undefined;
  return fn === 'builtins.hasattr' || fn === 'builtins.isinstance';
}
