// Entry points (spec §4.6), the main process's execution order (module level, the
// `if __name__ == "__main__":` block, `main()` and the same-file functions it calls), spawn
// targets (§4.4), and loops (§4.5: epoch loop, batch loop, loop-variant expressions).
//
// Library modules (no entry-point evidence) skip RNG001, RNG006, RNG115, RNG302, RNG402 and
// RNG501: those rules reason about everything a script has done before a point.

import { argumentValue, callArguments, callee, methodName } from './calls';
import { iteratedExpressions } from './flow';
import type { ValueTracker } from './flow';
import { DATA_LOADER } from './known-names';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { ancestors, enclosingScope, isInside, lineIndent, nodesInside, rootIdentifier, unparenthesize } from './syntax';
import { rangeLength } from './values';

export interface AnalysisContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
}

export type EntryEvidence = 'main-guard' | 'hydra' | 'fire' | 'click' | 'sacred' | 'lightning-cli' | 'top-level-training';

export interface EntryPointInfo {
  isEntryPoint: boolean;
  evidence: EntryEvidence[];
  /** The `if __name__ == "__main__":` statement, when there is one. */
  mainGuard?: SyntaxNode;
}

interface CallIndex {
  /** The file's calls sorted by start offset (ties: outer call first). */
  calls: SyntaxNode[];
  /** `callsDirectlyIn` answers by node id: the execution-order walk and the rules after it ask about the same statements. */
  direct: Map<number, readonly SyntaxNode[]>;
}

interface ModelCache {
  entry?: EntryPointInfo;
  order?: LazyExecutionOrder;
  calls?: CallIndex;
  mainGuards?: SyntaxNode[];
  spawnSites?: SpawnSite[];
  /** `calledDefinitions` by call id: the walks and RNG001/RNG007 resolve the same calls. */
  called?: Map<number, SyntaxNode[]>;
}

const CACHE = new WeakMap<FileModel, ModelCache>();

function cacheOf(model: FileModel): ModelCache {
  let c = CACHE.get(model);
  if (!c) CACHE.set(model, (c = {}));
  return c;
}

function callIndex(model: FileModel): CallIndex {
  const cache = cacheOf(model);
  if (!cache.calls) {
    const calls = [...model.calls].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    cache.calls = { calls, direct: new Map() };
  }
  return cache.calls;
}

/**
 * The calls inside `node` that run in `node`'s own scope (nested def, class and lambda bodies
 * excluded), in source order. Binary search over the file's calls, answered once per node: the
 * returned array is shared, do not mutate it.
 */
export function callsDirectlyIn(node: SyntaxNode, model: FileModel): readonly SyntaxNode[] {
  const index = callIndex(model);
  const known = index.direct.get(node.id);
  if (known) return known;
  const scope = node.type === 'module' ? -1 : SCOPE_OWNERS.has(node.type) ? node.id : node.tree.enclosingScopeIndex(node.id);
  // enclosingScopeIndex is the innermost def, class or lambda around the call (-1: module).
  const found = nodesInside(index.calls, node, (call) => call.tree.enclosingScopeIndex(call.id) === scope);
  index.direct.set(node.id, found);
  return found;
}

const SCOPE_OWNERS = new Set(['function_definition', 'class_definition', 'lambda']);

/** Names of the file's `def`s and `class`es: a callee named otherwise resolves to neither. */
interface DefinedNames {
  functions: ReadonlySet<string>;
  classes: ReadonlySet<string>;
  /** Names of the methods the file's classes define (what `methodOf` can find). */
  methods: ReadonlySet<string>;
}

const DEFINED_NAMES = new WeakMap<FileModel, DefinedNames>();

function definedNames(model: FileModel): DefinedNames {
  let names = DEFINED_NAMES.get(model);
  if (!names) {
    const of = (type: string) => new Set(model.tree.nodesOfType(type).map((d) => d.childForFieldName('name')?.text ?? ''));
    const methods = new Set<string>();
    for (const cls of model.tree.nodesOfType('class_definition')) {
      for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
        const fn = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
        if (fn?.type === 'function_definition') methods.add(fn.childForFieldName('name')?.text ?? '');
      }
    }
    names = { functions: of('function_definition'), classes: of('class_definition'), methods };
    DEFINED_NAMES.set(model, names);
  }
  return names;
}

/** The names of the file's function definitions (any scope). */
export function localFunctionNames(model: FileModel): ReadonlySet<string> {
  return definedNames(model).functions;
}

/**
 * `model.localDefinition(call)` when it is a same-file function, else undefined. The recognisers
 * ask this of every call; most callees name no local def, which a set lookup settles before
 * name resolution.
 */
export function localFunction(call: SyntaxNode, model: FileModel): SyntaxNode | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || !definedNames(model).functions.has(fn.text)) return undefined;
  const definition = model.localDefinition(call);
  return definition?.type === 'function_definition' ? definition : undefined;
}

/** `model.localDefinition(call)` when it is a same-file class, else undefined (see `localFunction`). */
export function localClass(call: SyntaxNode, model: FileModel): SyntaxNode | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'identifier' || !definedNames(model).classes.has(fn.text)) return undefined;
  const definition = model.localDefinition(call);
  return definition?.type === 'class_definition' ? definition : undefined;
}

/** True for `__name__ == "__main__"` (either side). */
export function isMainGuardCondition(condition: SyntaxNode): boolean {
  const c = unparenthesize(condition);
  if (c.type !== 'comparison_operator') return false;
  const parts = c.namedChildren;
  if (parts.length !== 2 || !c.text.includes('==')) return false;
  const texts = parts.map((p) => p.text.replace(/^['"]|['"]$/g, ''));
  return texts.includes('__name__') && texts.includes('__main__');
}

/** The module-level `if __name__ == "__main__":` statements. */
export function mainGuards(model: FileModel): SyntaxNode[] {
  const cache = cacheOf(model);
  cache.mainGuards ??= model.tree.rootNode.namedChildren.filter((s) => s.type === 'if_statement' && isMainGuardCondition(s.childForFieldName('condition')!));
  return cache.mainGuards;
}

/** True when `node` is inside a module-level `if __name__ == "__main__":` block. */
export function insideMainGuard(node: SyntaxNode, model: FileModel): boolean {
  // The guards are module-level statements, in document order and disjoint: only the last one
  // starting at or before the node can contain it (a stitched file may have hundreds).
  const guards = mainGuards(model);
  let lo = 0;
  let hi = guards.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (guards[mid]!.startIndex <= node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const guard = guards[lo - 1];
  return guard !== undefined && isInside(node, guard);
}

export function entryPointInfo(context: AnalysisContext): EntryPointInfo {
  const cache = cacheOf(context.model);
  if (cache.entry) return cache.entry;
  const { model } = context;
  const evidence: EntryEvidence[] = [];
  let moduleCallees: ReadonlySet<string> | undefined;
  const guards = mainGuards(model);
  if (guards.length > 0) evidence.push('main-guard');
  // The tree's type buckets (document order), not a walk of every node.
  for (const decorator of model.tree.nodesOfType('decorator')) {
    let expression = decorator.namedChild(0);
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    if (!expression) continue;
    const name = model.names.qualifiedName(expression) ?? '';
    if (/^hydra(\.main)?\.main$/.test(name)) evidence.push('hydra');
    if (/^click\.(command|group)$/.test(name) || /\.command$/.test(expression.text)) {
      // A click command counts when it is invoked in the file (`cli()` at module level).
      const fn = decorator.parent?.childForFieldName('definition');
      const fnName = fn?.childForFieldName('name')?.text;
      if (fnName && (moduleCallees ??= moduleLevelCallees(model)).has(fnName)) evidence.push('click');
    }
    if (/\.(automain|main)$/.test(expression.text) && !/^hydra/.test(name)) {
      const object = expression.childForFieldName('object');
      const binding = object?.type === 'identifier' ? model.names.lookup(object) : undefined;
      const value = binding?.value;
      if (value?.type === 'call' && /^sacred(\.experiment)?\.Experiment$/.test(model.calleeName(value) ?? '')) evidence.push('sacred');
    }
  }
  // `fire.Fire(...)` and `LightningCLI(...)` calls from the callee index, in document order.
  const runners: [SyntaxNode, EntryEvidence][] = [
    ...['fire.Fire', 'fire.core.Fire'].flatMap((n) => model.callsTo(n).map((c): [SyntaxNode, EntryEvidence] => [c, 'fire'])),
    ...LIGHTNING_CLI.flatMap((n) => model.callsTo(n).map((c): [SyntaxNode, EntryEvidence] => [c, 'lightning-cli'])),
  ];
  for (const [, kind] of runners.sort((a, b) => a[0].id - b[0].id)) evidence.push(kind);
  if (hasTopLevelTraining(context)) evidence.push('top-level-training');
  const info: EntryPointInfo = { isEntryPoint: evidence.length > 0, evidence: [...new Set(evidence)] };
  if (guards[0]) info.mainGuard = guards[0];
  cache.entry = info;
  return info;
}

/** The names `/^(lightning\.pytorch|pytorch_lightning|lightning)(\.cli|\.utilities\.cli)?\.LightningCLI$/` matches. */
const LIGHTNING_CLI = ['lightning.pytorch', 'pytorch_lightning', 'lightning'].flatMap((p) => ['', '.cli', '.utilities.cli'].map((m) => `${p}${m}.LightningCLI`));

/** The callee texts of the module-level calls (`cli()` invoking a click command). */
function moduleLevelCallees(model: FileModel): ReadonlySet<string> {
  const texts = new Set<string>();
  for (const call of callsDirectlyIn(model.tree.rootNode, model)) {
    const fn = callee(call);
    if (fn) texts.add(fn.text);
  }
  return texts;
}

export function isEntryPoint(context: AnalysisContext): boolean {
  // A main guard settles it: the other evidence (decorators resolved by name, top-level
  // training loops) is needed only without one, and costs more than a millisecond per lint on a
  // long file.
  return mainGuards(context.model).length > 0 || entryPointInfo(context).isEntryPoint;
}

/** A module-level loop that iterates a DataLoader and steps an optimizer (or calls backward). */
function hasTopLevelTraining(context: AnalysisContext): boolean {
  const { model } = context;
  for (const loop of model.loops) {
    if (enclosingScope(loop) !== null) continue;
    // The cheap test first: a step or backward call in the loop.
    const steps = model.callsWithin(loop).some((c) => /^(step|backward)$/.test(methodName(c) ?? ''));
    if (!steps) continue;
    const iterates = [loop, ...model.loops.filter((l) => isInside(l, loop))].some((l) => isBatchLoop(l, context));
    if (iterates) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Execution order of the main process

export interface ExecutionStep {
  /** A statement (direct child of a block or the module). */
  statement: SyntaxNode;
  /** The same-file calls through which this statement is reached, outermost first. */
  via: SyntaxNode[];
}

const MAX_INLINE_DEPTH = 4;
const MAX_STEPS = 20000;

/**
 * The statements the main process runs, in order: module-level statements (function and class
 * bodies skipped), with the bodies of same-file functions called from them inlined after the
 * calling statement's position (calls to `main()`, `train(...)`, `fire.Fire(main)`, hydra-decorated
 * entry functions). Spawn targets are *not* inlined: they run in other processes (F10). Each
 * function is inlined once; recursion and depth are bounded.
 */
export function mainExecutionOrder(context: AnalysisContext): ExecutionStep[] {
  return lazyMainExecutionOrder(context).all();
}

/**
 * `mainExecutionOrder`, walked only as far as asked: the ordering rules stop at the first seed,
 * which is near the top of most scripts (the walk of a long script is most of their cost).
 */
export function lazyMainExecutionOrder(context: AnalysisContext): LazyExecutionOrder {
  const cache = cacheOf(context.model);
  cache.order ??= new LazyExecutionOrder(walkSteps(context.model.tree.rootNode, [], context, new Set<number>()));
  return cache.order;
}

/**
 * The statements a function runs, in order, with same-file callees inlined as in
 * `mainExecutionOrder`: the body of a spawn target, for example (F10: a fresh process).
 */
export function functionExecutionOrder(definition: SyntaxNode, context: AnalysisContext): ExecutionStep[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  return new LazyExecutionOrder(walkSteps(body, [], context, new Set([definition.id]))).all();
}

/** Execution steps produced on demand from the walk, at most MAX_STEPS of them. */
export class LazyExecutionOrder {
  private readonly steps: ExecutionStep[] = [];
  /** The calls that appear in some produced step's `via` (their callee's body was walked). */
  private readonly viaCalls = new Set<number>();
  private walk: Iterator<ExecutionStep> | undefined;

  constructor(walk: Iterator<ExecutionStep>) {
    this.walk = walk;
  }

  /** Step `index`, walking on as far as needed; undefined past the last step. */
  at(index: number): ExecutionStep | undefined {
    while (this.steps.length <= index && this.walk) this.produce();
    return this.steps[index];
  }

  /** Every step (the whole walk). The array is shared: do not mutate it. */
  all(): ExecutionStep[] {
    while (this.walk) this.produce();
    return this.steps;
  }

  /**
   * True when `call`, a call in step `index`'s statement, has its callee's body walked (appears
   * in some step's `via`). A call is inlined right after the first step holding it, before the
   * walk comes back to that step's level; step `index` holds it, so walking past the inlining
   * of step `index` settles it.
   */
  inlines(call: SyntaxNode, index: number): boolean {
    const level = this.at(index)?.via.length ?? 0;
    for (let next = index + 1; this.at(next) && this.steps[next]!.via.length > level; next++);
    return this.viaCalls.has(call.id);
  }

  private produce(): void {
    const next = this.walk!.next();
    if (next.done) {
      this.walk = undefined;
      return;
    }
    this.steps.push(next.value);
    for (const call of next.value.via) this.viaCalls.add(call.id);
    if (this.steps.length >= MAX_STEPS) this.walk = undefined;
  }
}

/** The index of the step containing `node` in `mainExecutionOrder`, or -1 when not reached. */
export function stepIndexOf(node: SyntaxNode, context: AnalysisContext): number {
  const steps = mainExecutionOrder(context);
  // The innermost statement containing the node: statements are leaves of the walk.
  for (let i = 0; i < steps.length; i++) if (isInside(node, steps[i]!.statement)) return i;
  return -1;
}

const COMPOUND = new Set(['if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);

/** Statements that run nothing where they stand (bodies run when called). */
const NOT_RUN = new Set(['function_definition', 'class_definition', 'decorated_definition', 'comment']);

/**
 * The walk, one step per `next()`, so that callers can stop early (the consumer caps it at
 * MAX_STEPS). An explicit stack stands for the recursion: a block's statements, the nested blocks
 * of a compound statement, and the calls of a step whose callees are walked (inlined) right
 * after it.
 */
type WalkFrame =
  | { kind: 'block'; statements: SyntaxNode[]; next: number; via: SyntaxNode[] }
  | { kind: 'blocks'; blocks: SyntaxNode[]; next: number; via: SyntaxNode[] }
  | { kind: 'inline'; calls: readonly SyntaxNode[]; next: number; targets: SyntaxNode[]; nextTarget: number; via: SyntaxNode[] };

const NO_CALLS: readonly SyntaxNode[] = [];

function walkSteps(block: SyntaxNode, via: SyntaxNode[], context: AnalysisContext, inlined: Set<number>): Iterator<ExecutionStep> {
  const stack: WalkFrame[] = [{ kind: 'block', statements: block.namedChildren, next: 0, via }];
  // The calls of `node` (same scope: calls inside lambdas are not, a lambda is a scope of its
  // own) whose same-file callees are walked after it (none past the inlining depth).
  const inline = (node: SyntaxNode, via: SyntaxNode[]): WalkFrame => ({
    kind: 'inline',
    calls: via.length >= MAX_INLINE_DEPTH ? NO_CALLS : callsDirectlyIn(node, context.model),
    next: 0,
    targets: [],
    nextTarget: 0,
    via,
  });
  const next = (): IteratorResult<ExecutionStep> => {
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return { done: true, value: undefined };
      if (top.kind === 'block') {
        const statement = top.statements[top.next++];
        if (!statement) {
          stack.pop();
          continue;
        }
        const type = statement.type;
        if (NOT_RUN.has(type)) continue;
        if (COMPOUND.has(type)) {
          // The header (condition, iterable, context managers) runs first, then the nested blocks in order.
          const header = headerOf(statement);
          stack.push({ kind: 'blocks', blocks: nestedBlocks(statement), next: 0, via: top.via }, inline(header, top.via));
          return { done: false, value: { statement: header, via: top.via } };
        }
        stack.push(inline(statement, top.via));
        return { done: false, value: { statement, via: top.via } };
      }
      if (top.kind === 'blocks') {
        const nested = top.blocks[top.next++];
        if (nested) stack.push({ kind: 'block', statements: nested.namedChildren, next: 0, via: top.via });
        else stack.pop();
        continue;
      }
      // Each callee once, in call order; a callee is marked when its turn comes.
      const target = top.targets[top.nextTarget++];
      if (target) {
        if (inlined.has(target.id)) continue;
        inlined.add(target.id);
        const body = target.childForFieldName('body');
        if (body) stack.push({ kind: 'block', statements: body.namedChildren, next: 0, via: [...top.via, top.calls[top.next - 1]!] });
        continue;
      }
      const call = top.calls[top.next++];
      if (!call) {
        stack.pop();
        continue;
      }
      top.targets = calledDefinitions(call, context);
      top.nextTarget = 0;
    }
  };
  return { next };
}

function headerOf(statement: SyntaxNode): SyntaxNode {
  switch (statement.type) {
    case 'if_statement':
    case 'while_statement':
      return statement.childForFieldName('condition') ?? statement;
    case 'for_statement':
      return statement.childForFieldName('right') ?? statement;
    case 'with_statement':
      return statement.namedChildren.find((c) => c.type === 'with_clause') ?? statement;
    default:
      return statement.namedChildren[0] ?? statement;
  }
}

const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause', 'except_group_clause']);

function nestedBlocks(statement: SyntaxNode, blocks: SyntaxNode[] = []): SyntaxNode[] {
  for (const child of statement.namedChildren) {
    const type = child.type;
    if (type === 'block') blocks.push(child);
    else if (CLAUSES.has(type)) nestedBlocks(child, blocks);
  }
  return blocks;
}

/**
 * Same-file functions a call runs in this process: the callee itself, `__init__` of a same-file
 * class, methods of a same-file class instance (`trainer.fit()`), and functions passed to
 * runners that call them (`fire.Fire(main)`, `functools.partial(f)()` is not followed).
 */
export function calledDefinitions(call: SyntaxNode, context: AnalysisContext): SyntaxNode[] {
  const cache = cacheOf(context.model);
  cache.called ??= new Map();
  let found = cache.called.get(call.id);
  if (!found) {
    found = resolveCalledDefinitions(call, context);
    cache.called.set(call.id, found);
  }
  return found;
}

function resolveCalledDefinitions(call: SyntaxNode, context: AnalysisContext): SyntaxNode[] {
  const { model, values } = context;
  const fn = callee(call);
  if (fn?.type === 'identifier') {
    const definition = localFunction(call, model);
    if (definition) return [definition];
    const cls = localClass(call, model);
    if (cls) {
      const init = methodOf(cls, '__init__');
      return init ? [init] : [];
    }
  }
  const name = model.calleeName(call);
  if (name && /^fire(\.core)?\.Fire$/.test(name)) {
    const first = callArguments(call)[0];
    const target = first && first.type === 'identifier' ? model.names.lookup(first) : undefined;
    return target?.kind === 'def' && target.definition ? [target.definition] : [];
  }
  // `obj.method()` where obj is an instance of a same-file class (which must define `method`).
  if (fn?.type !== 'attribute') return [];
  const method = fn.childForFieldName('attribute')?.text;
  if (!method || !definedNames(model).methods.has(method)) return [];
  const object = fn.childForFieldName('object');
  // Only names bound by assignment (or a constructor call itself) can hold an instance of a same-file class.
  const binding = object?.type === 'identifier' ? model.names.lookup(object) : undefined;
  if (method && object && (binding?.kind === 'assign' || object.type === 'call')) {
    for (const origin of values.origins(object)) {
      if (origin.node.type !== 'call') continue;
      const cls = localClass(origin.node, model);
      if (cls) {
        const found = methodOf(cls, method);
        if (found) return [found];
      }
    }
  }
  return [];
}

export function methodOf(definition: SyntaxNode, name: string): SyntaxNode | undefined {
  const body = definition.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    const fn = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) return fn;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Spawned children (§4.4, F10)

export interface SpawnSite {
  /** The `mp.spawn(...)`, `start_processes(...)` or `Process(target=...)` call. */
  call: SyntaxNode;
  /** The same-file function the child runs, when it resolves. */
  target?: SyntaxNode;
  /** The expression naming the target. */
  targetExpression?: SyntaxNode;
}

const SPAWN_FUNCTIONS = /^torch\.multiprocessing(\.spawn)?\.(spawn|start_processes)$/;

/**
 * Calls that start fresh interpreters running a function: `torch.multiprocessing.spawn`,
 * `start_processes`, and `Process(target=...)` created from a spawn context
 * (`mp.get_context("spawn").Process`) or after `set_start_method("spawn")`.
 */
export function spawnSites(context: AnalysisContext): SpawnSite[] {
  const cache = cacheOf(context.model);
  cache.spawnSites ??= findSpawnSites(context);
  return cache.spawnSites;
}

/** The names SPAWN_FUNCTIONS and `(torch.)multiprocessing.Process` match, for the callee index. */
const SPAWN_CALLEES = [
  'torch.multiprocessing.spawn',
  'torch.multiprocessing.start_processes',
  'torch.multiprocessing.spawn.spawn',
  'torch.multiprocessing.spawn.start_processes',
  'multiprocessing.Process',
  'torch.multiprocessing.Process',
];

function findSpawnSites(context: AnalysisContext): SpawnSite[] {
  const { model, values } = context;
  const sites: SpawnSite[] = [];
  // Candidates from the callee and method indexes, in document order (node ids are preorder).
  const candidates = new Map<number, SyntaxNode>();
  for (const call of [...SPAWN_CALLEES.flatMap((n) => model.callsTo(n)), ...model.callsToMethod('Process')]) candidates.set(call.id, call);
  let spawnMethodSet: boolean | undefined;
  for (const call of [...candidates.values()].sort((a, b) => a.id - b.id)) {
    const name = model.calleeName(call) ?? '';
    let targetExpression: SyntaxNode | undefined;
    if (SPAWN_FUNCTIONS.test(name)) {
      targetExpression = argumentValue(call, { keyword: 'fn', position: 0 });
    } else if (methodName(call) === 'Process' || /^(torch\.)?multiprocessing\.Process$/.test(name)) {
      const fn = callee(call);
      spawnMethodSet ??= model.calls.some((c) => /\.set_start_method$/.test(model.calleeName(c) ?? '') && callArguments(c).some((a) => /^['"]spawn['"]$/.test(a.text)));
      let spawnContext = spawnMethodSet;
      if (fn?.type === 'attribute') {
        const object = fn.childForFieldName('object')!;
        for (const origin of values.origins(object)) {
          if (origin.node.type === 'call' && /\.get_context$/.test(model.calleeName(origin.node) ?? '') && callArguments(origin.node).some((a) => /^['"]spawn['"]$/.test(a.text))) spawnContext = true;
        }
      }
      if (!spawnContext) continue;
      targetExpression = argumentValue(call, { keyword: 'target' });
    } else {
      continue;
    }
    const site: SpawnSite = { call };
    if (targetExpression) {
      site.targetExpression = targetExpression;
      const root = targetExpression.type === 'identifier' ? targetExpression : undefined;
      const binding = root ? model.names.lookup(root) : undefined;
      if (binding?.kind === 'def' && binding.definition) site.target = binding.definition;
    }
    sites.push(site);
  }
  return sites;
}

// ---------------------------------------------------------------------------------------------
// Loops (§4.5)

/** A `for` directly over a DataLoader (or `enumerate(loader)`, `tqdm(loader)`, ...). */
export function isBatchLoop(loop: SyntaxNode, context: AnalysisContext): boolean {
  return batchLoopLoader(loop, context) !== undefined;
}

/** For a batch loop, the DataLoader construction it iterates. */
export function batchLoopLoader(loop: SyntaxNode, context: AnalysisContext): SyntaxNode | undefined {
  if (loop.type !== 'for_statement') return undefined;
  const right = loop.childForFieldName('right');
  if (!right) return undefined;
  for (const expression of iteratedExpressions(context.model, right)) {
    for (const origin of context.values.origins(expression)) {
      if (origin.node.type === 'call' && context.model.calleeName(origin.node) === DATA_LOADER) return origin.node;
    }
  }
  return undefined;
}

/**
 * The DataLoader constructions an epoch loop iterates once per iteration: directly (a nested
 * batch loop in the same scope) or by handing the loader to a call. Empty when `loop` is not an
 * epoch loop (it is a batch loop itself, `range` of at most one iteration, or never touches a loader).
 */
export function epochLoopLoaders(loop: SyntaxNode, context: AnalysisContext): SyntaxNode[] {
  const { model, values } = context;
  if (isBatchLoop(loop, context)) return [];
  if (loop.type === 'for_statement') {
    const right = loop.childForFieldName('right');
    if (right?.type === 'call') {
      const length = rangeLength(right, model.calleeName(right) === 'builtins.range');
      if (length !== undefined && length <= 1) return [];
    }
  }
  const body = loop.childForFieldName('body');
  if (!body) return [];
  const scope = enclosingScope(loop);
  const loaders = new Map<number, SyntaxNode>();
  for (const inner of model.loops) {
    if (!isInside(inner, body) || enclosingScope(inner)?.id !== scope?.id) continue;
    const loader = batchLoopLoader(inner, context);
    if (loader) loaders.set(loader.id, loader);
  }
  for (const call of model.callsWithin(body)) {
    if (/^builtins\.(len|print|str|repr|isinstance|hasattr|getattr|type|id)$/.test(model.calleeName(call) ?? '')) continue;
    for (const arg of callArguments(call)) {
      const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
      if (!value) continue;
      for (const origin of values.origins(value)) {
        if (origin.node.type === 'call' && model.calleeName(origin.node) === DATA_LOADER) loaders.set(origin.node.id, origin.node);
      }
    }
  }
  return [...loaders.values()];
}

/** The innermost epoch loop around `node` (same function scope), if any. */
export function enclosingEpochLoop(node: SyntaxNode, context: AnalysisContext): SyntaxNode | undefined {
  const scope = enclosingScope(node);
  for (const a of ancestors(node)) {
    if (a.id === scope?.id) break;
    if ((a.type === 'for_statement' || a.type === 'while_statement') && epochLoopLoaders(a, context).length > 0) return a;
  }
  return undefined;
}

/** The loops around `node` in its own function scope, innermost first. */
export function enclosingLoops(node: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (const a of ancestors(node)) {
    if (a.type === 'function_definition' || a.type === 'class_definition' || a.type === 'lambda') break;
    if (a.type === 'for_statement' || a.type === 'while_statement') {
      // The iterable of a `for` is evaluated once, outside the loop's iterations.
      const right = a.type === 'for_statement' ? a.childForFieldName('right') : null;
      if (right && isInside(node, right)) continue;
      loops.push(a);
    }
  }
  return loops;
}

/** Builtins that return the same value for the same arguments. */
const PURE_CALLS = /^builtins\.(int|float|str|abs|len|min|max|round|hash|bool|sum)$/;

/**
 * Whether `expression` may change between iterations of `loop`: it mentions the loop target, a
 * name (or attribute) assigned inside the loop, `self.*` state, or a call that is not a known pure
 * builtin. Unknown counts as variant: callers use `isLoopInvariant` to *support* findings.
 */
/**
 * The names that say what a `for` loop walks: its target's identifiers, and the last name of
 * what it iterates, or of each argument when that is a call (`range(args.num_folds)`,
 * `enumerate(configs)`, `zip(seeds, lrs)`). Rules tell run or search loops from training loops
 * by these names.
 */
export function loopNames(loop: SyntaxNode): { targets: string[]; iterables: string[] } {
  if (loop.type !== 'for_statement') return { targets: [], iterables: [] };
  const target = loop.childForFieldName('left');
  const targets = !target ? [] : target.type === 'identifier' ? [target.text] : target.descendantsOfType('identifier').map((n) => n.text);
  const right = loop.childForFieldName('right');
  const iterable = right ? unparenthesize(right) : undefined;
  const candidates = !iterable ? [] : iterable.type === 'call' ? callArguments(iterable) : [iterable];
  const iterables: string[] = [];
  for (const candidate of candidates) {
    const last = candidate.type === 'attribute' ? candidate.childForFieldName('attribute') : candidate;
    if (last?.type === 'identifier') iterables.push(last.text);
  }
  return { targets, iterables };
}

export function isLoopVariant(expression: SyntaxNode, loop: SyntaxNode, context: AnalysisContext): boolean {
  return !isLoopInvariant(expression, loop, context);
}

/** Provably the same value on every iteration of `loop` (conservative). */
export function isLoopInvariant(expression: SyntaxNode, loop: SyntaxNode, context: AnalysisContext, depth = 3): boolean {
  const { model } = context;
  const e = unparenthesize(expression);
  const nodes = [e, ...e.descendantsOfType(['identifier', 'attribute', 'call', 'subscript', 'await', 'named_expression', 'lambda', 'list_comprehension', 'generator_expression'])];
  for (const n of nodes) {
    switch (n.type) {
      case 'await':
      case 'named_expression':
      case 'lambda':
      case 'list_comprehension':
      case 'generator_expression':
        return false;
      case 'call': {
        const name = model.calleeName(n);
        if (!name || !PURE_CALLS.test(name)) return false;
        break;
      }
      case 'subscript':
        // `seeds[i]` depends on i (checked through identifiers); `cfg["seed"]` on cfg.
        break;
      case 'attribute': {
        const root = rootIdentifier(n);
        if (root?.text === 'self' || root?.text === 'cls') return false;
        for (const target of model.attributeAssignments.get(n.text) ?? []) if (isInside(target, loop)) return false;
        break;
      }
      case 'identifier': {
        const parent = n.parent;
        // Attribute names and keyword names are not variables.
        if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) break;
        if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === n.id) break;
        if (!nameInvariant(n, loop, context, depth)) return false;
        break;
      }
    }
  }
  return true;
}

function nameInvariant(id: SyntaxNode, loop: SyntaxNode, context: AnalysisContext, depth: number): boolean {
  const { model } = context;
  const binding = model.names.lookup(id);
  if (!binding) return true; // builtins and unresolved globals: not rebound in this loop
  if (binding.kind === 'import' || binding.kind === 'def' || binding.kind === 'class') return true;
  const all = model.names.bindingsIn(binding.scope, binding.name);
  // Any binding of the name inside the loop (target, assignment, augmented assignment) varies.
  if (all.some((b) => isInside(b.node, loop))) return false;
  // `global` rebinding from a function called in the loop is out of reach: treat globals
  // assigned inside functions as variant.
  if (binding.kind === 'param') return true;
  if (depth <= 0) return true;
  return true;
}

/**
 * A statement's whole source lines (trailing comments included), re-indented from its own
 * indentation to `indent`, ending with a newline: the text a fix moves or copies.
 */
export function reindentLines(text: string, statement: SyntaxNode, indent: string): string {
  // The statement's first to last line, sliced out of the text (not a split of the whole file).
  const start = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = text.indexOf('\n', statement.endIndex);
  const lines = text.slice(start, newline < 0 ? text.length : newline).split('\n');
  const own = lineIndent(text, statement);
  return lines.map((l) => (l.startsWith(own) ? indent + l.slice(own.length) : l)).join('\n') + '\n';
}
