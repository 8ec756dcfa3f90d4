// Which process runs a piece of code (spec rules.md §4.4): DataLoader workers run the
// `__getitem__` / `__getitems__` / `__iter__` of a Dataset fed to a loader with workers, the
// helpers and transforms those call, and the loader's `worker_init_fn` (or, with no loader in the
// file, a def named like one); `mp.spawn` / `start_processes` / `Process(target=...)` start
// spawned children. Everything here is bounded
// (depth and visited sets) and cached per FileModel, so one lint stays linear in practice.

import { argumentValue, callArguments, callee, lookupArgument, methodName, receiver } from './calls';
import { guardsOf, type ValueTracker } from './flow';
import { loaderValue, mayUseWorkers } from './loaders';
import { canonicalName } from './known-names';
import type { FileModel } from './model';
import { importedCallee, importedDefinition, sameNode, type SiblingModule } from './modules';
import type { SyntaxNode } from './parser';
import { enclosingScope, isInside, unparenthesize } from './syntax';
import { literalValue, type Literal } from './values';
import { mayBeBelow, type Declared } from './versions';

const MAX_CALL_DEPTH = 4;
/**
 * Steps from a stored callable to its origin: the `__init__` parameter, the construction's
 * argument, a `Compose([...])` list, its element (TransUNet's `transform=Compose([RandomGenerator()])`).
 */
const CALLABLE_DEPTH = 3;

const callsCache = new WeakMap<FileModel, Map<number, SyntaxNode[]>>();

/**
 * `model.callsWithin(container)`, cached per lint: worker-code questions ask it for the same
 * functions once per candidate call, which would otherwise be quadratic on large files.
 */
export function callsIn(container: SyntaxNode, model: FileModel): SyntaxNode[] {
  let perModel = callsCache.get(model);
  if (!perModel) callsCache.set(model, (perModel = new Map()));
  let calls = perModel.get(container.id);
  if (!calls) perModel.set(container.id, (calls = model.callsWithin(container)));
  return calls;
}

/** The innermost function or lambda around a call: the worker function it belongs to. */
export function workerFunctionOf(node: SyntaxNode): SyntaxNode | null {
  return enclosingScope(node);
}

/**
 * Where a piece of worker code lives: this file (no `module`), or a sibling module the file
 * imports it from (§4.10). Node ids repeat across modules: compare nodes with `sameNode`, and
 * report findings only on nodes of this file.
 */
export interface CodeUnit {
  readonly model: FileModel;
  readonly values: ValueTracker;
  readonly module?: SiblingModule;
}

/** The unit of a sibling module. */
function moduleUnit(module: SiblingModule): CodeUnit {
  return { model: module.model, values: module.values, module };
}

// ---------------------------------------------------------------------------------------------
// Classes and methods

/** `def` members of a class body, decorated ones included. */
export function classMethods(cls: SyntaxNode): SyntaxNode[] {
  const body = cls.childForFieldName('body');
  if (!body) return [];
  const methods: SyntaxNode[] = [];
  for (const member of body.namedChildren) {
    if (member.type === 'function_definition') methods.push(member);
    else if (member.type === 'decorated_definition') {
      const inner = member.childForFieldName('definition');
      if (inner?.type === 'function_definition') methods.push(inner);
    }
  }
  return methods;
}

/** Same-file base classes of `cls` (direct ones only). */
export function localBaseClasses(cls: SyntaxNode, model: FileModel): SyntaxNode[] {
  const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
  const found: SyntaxNode[] = [];
  for (const base of bases) {
    if (base.type !== 'identifier') continue;
    const binding = model.names.lookup(base);
    if (binding?.kind === 'class' && binding.definition) found.push(binding.definition);
  }
  return found;
}

/** Qualified names of the library base classes of `cls` (through same-file bases too). */
export function libraryBaseNames(cls: SyntaxNode, model: FileModel, depth = 3): string[] {
  if (depth <= 0) return [];
  const names: string[] = [];
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base.type !== 'identifier' && base.type !== 'attribute') continue;
    const name = model.names.qualifiedName(base);
    if (name && !name.startsWith('builtins.')) names.push(name);
  }
  for (const local of localBaseClasses(cls, model)) names.push(...libraryBaseNames(local, model, depth - 1));
  return names;
}

/** The method `name` of `cls` or of a same-file base class (MRO approximated depth-first). */
export function findMethod(cls: SyntaxNode, name: string, model: FileModel, depth = 3): SyntaxNode | undefined {
  const own = classMethods(cls).find((m) => m.childForFieldName('name')?.text === name);
  if (own || depth <= 0) return own;
  for (const base of localBaseClasses(cls, model)) {
    const inherited = findMethod(base, name, model, depth - 1);
    if (inherited) return inherited;
  }
  return undefined;
}

export function classOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'class_definition') return a;
  return undefined;
}

/** The name of a method's first parameter (`self`), if the function is a method. */
export function selfName(fn: SyntaxNode): string | undefined {
  if (fn.type !== 'function_definition' || fn.parent?.parent?.type !== 'class_definition') {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    if (decorated?.parent?.parent?.type !== 'class_definition') return undefined;
  }
  const first = fn.childForFieldName('parameters')?.namedChildren[0];
  return first?.type === 'identifier' ? first.text : undefined;
}

/** `self.<attr>` assignments inside `cls`, with the method that makes each. */
export function attributeAssignmentsIn(cls: SyntaxNode, attr: string, model: FileModel): { target: SyntaxNode; value: SyntaxNode; method: SyntaxNode }[] {
  const found: { target: SyntaxNode; value: SyntaxNode; method: SyntaxNode }[] = [];
  for (const method of classMethods(cls)) {
    const self = selfName(method);
    if (!self) continue;
    for (const target of model.attributeAssignments.get(`${self}.${attr}`) ?? []) {
      if (enclosingScope(target)?.id !== method.id) continue;
      const value = target.parent?.childForFieldName('right');
      if (value) found.push({ target, value, method });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Global draws in worker code. Seeding calls come from analysis/seeding.ts (R1's recogniser).

export type Library = 'torch' | 'numpy' | 'random';

/** Module-level NumPy names that do not draw from the global state. */
const NUMPY_NON_DRAWS = /^numpy\.random\.(seed|get_state|set_state|RandomState|default_rng|Generator|SeedSequence|BitGenerator|PCG64|PCG64DXSM|MT19937|Philox|SFC64|bit_generator|mtrand)$/;
const RANDOM_NON_DRAWS = /^random\.(seed|getstate|setstate|Random|SystemRandom)$/;
const TORCH_DRAWS = /^torch\.(rand|randn|randint|randperm|rand_like|randn_like|randint_like|normal|bernoulli|multinomial|poisson)$/;

/** The library whose *global* state this call draws from, if any. */
export function globalDraw(call: SyntaxNode, model: FileModel): Library | undefined {
  const name = model.calleeName(call);
  if (!name) return undefined;
  if (name.startsWith('numpy.random.') && name.split('.').length === 3 && !NUMPY_NON_DRAWS.test(name)) return 'numpy';
  if (name.startsWith('random.') && name.split('.').length === 2 && !RANDOM_NON_DRAWS.test(name)) return 'random';
  if (TORCH_DRAWS.test(name) && lookupArgument(call, { keyword: 'generator' }).kind === 'absent') return 'torch';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Datasets fed to loaders

export interface DatasetUse {
  loader: SyntaxNode;
  /** The Dataset class: same-file, or imported from a sibling module (see `unit`). */
  cls: SyntaxNode;
  /** Where `cls` is defined. */
  unit: CodeUnit;
  /** The construction call, when seen (`MyDataset(files, transform=...)`), in the loader's file. */
  construction?: SyntaxNode;
}

/** Library wrappers whose first argument is the dataset they wrap. */
const WRAPPERS = /^torch\.utils\.data\.(dataset\.)?(Subset|random_split)$/;
const LIST_WRAPPERS = /^torch\.utils\.data\.(dataset\.)?(ConcatDataset|ChainDataset)$/;

/** The Dataset classes (same-file or imported) a loader's `dataset` argument may be an instance of. */
export function datasetUses(loader: SyntaxNode, model: FileModel, values: ValueTracker): DatasetUse[] {
  const dataset = loaderValue(loader, 'dataset');
  if (!dataset) return [];
  const uses: DatasetUse[] = [];
  const seen = new Set<number>();
  const visit = (expression: SyntaxNode, depth: number) => {
    if (depth <= 0) return;
    for (const origin of values.origins(expression)) {
      const node = origin.node;
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      if (node.type === 'list' || node.type === 'tuple') {
        for (const element of node.namedChildren) visit(element, depth - 1);
        continue;
      }
      if (node.type !== 'call') continue;
      const definition = model.localDefinition(node);
      if (definition?.type === 'class_definition') {
        uses.push({ loader, cls: definition, unit: { model, values }, construction: node });
        continue;
      }
      const imported = importedCallee(node, model);
      if (imported?.definition.type === 'class_definition') {
        uses.push({ loader, cls: imported.definition, unit: moduleUnit(imported.module), construction: node });
        continue;
      }
      const name = model.calleeName(node);
      if (name && WRAPPERS.test(name)) {
        const inner = argumentValue(node, { keyword: 'dataset', position: 0 });
        if (inner) visit(inner, depth - 1);
      } else if (name && LIST_WRAPPERS.test(name)) {
        const inner = argumentValue(node, { keyword: 'datasets', position: 0 });
        if (inner) visit(inner, depth - 1);
      }
    }
  };
  visit(dataset, 4);
  return uses;
}

export interface WorkerFunction {
  /** A function definition or lambda that runs in the worker. */
  fn: SyntaxNode;
  /** The class the function is a method of, if any. */
  owner?: SyntaxNode;
  /** Where `fn` is defined. */
  unit: CodeUnit;
}

/** A transform class whose `__call__` runs in the worker. */
export interface WorkerTransform {
  cls: SyntaxNode;
  unit: CodeUnit;
}

export interface DatasetWorkerCode {
  use: DatasetUse;
  /** Every function the dataset's per-sample methods reach, entry methods first. */
  functions: WorkerFunction[];
  /** Transform classes whose `__call__` runs in the worker (the dataset class excluded). */
  transforms: WorkerTransform[];
}

const ENTRY_METHODS = ['__getitem__', '__getitems__', '__iter__'];

/**
 * A Dataset class and, when seen, its construction (where its arguments come from). Without a
 * `unit` the class is in the file being linted.
 */
export type DatasetClass = Pick<DatasetUse, 'cls' | 'construction'> & { unit?: CodeUnit };

/**
 * The code a dataset runs per sample: its entry methods, the helpers and methods they call, and
 * the transforms they call through `self.<attr>(...)`. Calls are followed into the sibling
 * module a name is imported from (one import; §4.10), and from a sibling Dataset's `__init__`
 * parameters back to the construction's arguments in this file.
 */
export function datasetWorkerCode(use: DatasetUse, model: FileModel, values: ValueTracker, entries: readonly string[] = ENTRY_METHODS): DatasetWorkerCode {
  return { use, ...classWorkerCode(use, model, values, entries) };
}

/**
 * `datasetWorkerCode` for a class, whether or not a loader in this file uses it. `model` and
 * `values` are the file being linted (where the construction is).
 */
export function classWorkerCode(dataset: DatasetClass, model: FileModel, values: ValueTracker, entries: readonly string[] = ENTRY_METHODS): Omit<DatasetWorkerCode, 'use'> {
  const home: CodeUnit = { model, values };
  const classUnit = dataset.unit ?? home;
  const functions: WorkerFunction[] = [];
  const transforms: WorkerTransform[] = [];
  const seen = new Map<FileModel, Set<number>>();
  const add = (fn: SyntaxNode, owner: SyntaxNode | undefined, unit: CodeUnit, depth: number) => {
    let ids = seen.get(unit.model);
    if (!ids) seen.set(unit.model, (ids = new Set()));
    if (ids.has(fn.id) || depth <= 0) return;
    ids.add(fn.id);
    const entry: WorkerFunction = { fn, unit };
    if (owner) entry.owner = owner;
    functions.push(entry);
    for (const call of callsIn(fn, unit.model)) {
      for (const target of callTargets(call, fn, owner, dataset, unit, home)) {
        const transform = target.transform;
        if (transform && !transforms.some((t) => sameNode(t.cls, transform)) && !sameNode(transform, dataset.cls)) transforms.push({ cls: transform, unit: target.unit });
        add(target.fn, target.owner, target.unit, depth - 1);
      }
    }
  };
  for (const name of entries) {
    const method = findMethod(dataset.cls, name, classUnit.model);
    if (method) add(method, classOf(method), classUnit, MAX_CALL_DEPTH);
  }
  return { functions, transforms };
}

interface CallTarget {
  fn: SyntaxNode;
  unit: CodeUnit;
  owner?: SyntaxNode;
  transform?: SyntaxNode;
}

/**
 * What a call in worker code runs. `unit` is where the call is; `home` is the file being linted.
 * Imports are followed from the home file only: one import deep.
 */
function callTargets(call: SyntaxNode, from: SyntaxNode, owner: SyntaxNode | undefined, use: DatasetClass, unit: CodeUnit, home: CodeUnit): CallTarget[] {
  const fn = callee(call);
  if (!fn) return [];
  const { model } = unit;
  if (fn.type === 'identifier') {
    const definition = model.localDefinition(call);
    if (definition?.type === 'function_definition') return [{ fn: definition, unit }];
    // Constructing a class runs only its `__init__`, not per-sample code.
    if (definition?.type === 'class_definition') return [];
    const imported = unit.module ? undefined : importedCallee(call, model);
    if (imported) return imported.definition.type === 'function_definition' ? [{ fn: imported.definition, unit: moduleUnit(imported.module) }] : [];
    // A local variable holding a callable: follow its origins.
    return callableTargets(fn, use, unit, home, CALLABLE_DEPTH);
  }
  if (fn.type !== 'attribute') return [];
  const object = receiver(call);
  const self = selfName(from);
  const name = methodName(call);
  if (!object || !name || !owner || object.type !== 'identifier' || object.text !== self) return [];
  const method = findMethod(owner, name, model);
  if (method) return [{ fn: method, unit, owner: classOf(method)! }];
  // `self.transform(x)`: a callable stored on the instance.
  const targets: CallTarget[] = [];
  for (const assignment of attributeAssignmentsIn(owner, name, model)) {
    targets.push(...callableTargets(assignment.value, use, unit, home, CALLABLE_DEPTH));
  }
  return targets;
}

/**
 * Callables an expression (in `unit`) may hold: functions, lambdas, instances of classes with
 * `__call__` (defined in the unit, or imported into the home file).
 */
function callableTargets(expression: SyntaxNode, use: DatasetClass, unit: CodeUnit, home: CodeUnit, depth: number): CallTarget[] {
  if (depth <= 0) return [];
  const { model, values } = unit;
  const targets: CallTarget[] = [];
  for (const origin of values.origins(expression)) {
    const node = origin.node;
    // The name an import binds (value tracking's origin for an imported name), followed from this file only.
    const bound = unit.module || !model.modules ? undefined : importBindingName(node, model);
    if (node.type === 'lambda') {
      targets.push({ fn: node, unit });
    } else if (node.type === 'identifier' && node.parent?.type === 'function_definition' && node.parent.childForFieldName('name')?.id === node.id) {
      targets.push({ fn: node.parent, unit });
    } else if (bound) {
      // An imported function passed as a callable (`transform=augment` with `from aug import augment`).
      const imported = importedDefinition(bound, model.modules);
      if (imported?.definition.type === 'function_definition') targets.push({ fn: imported.definition, unit: moduleUnit(imported.module) });
    } else if (node.type === 'call') {
      const local = model.localDefinition(node);
      const imported = local || unit.module ? undefined : importedCallee(node, model);
      const definition = local ?? imported?.definition;
      const definitionUnit = imported ? moduleUnit(imported.module) : unit;
      if (definition?.type === 'class_definition') {
        const call = findMethod(definition, '__call__', definitionUnit.model);
        if (call) targets.push({ fn: call, unit: definitionUnit, owner: classOf(call)!, transform: definition });
      } else {
        // `Compose([A(), B()])` and similar containers: the elements are the callables.
        for (const arg of callArguments(node)) {
          const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
          if (value && (value.type === 'list' || value.type === 'tuple')) {
            for (const element of value.namedChildren) targets.push(...callableTargets(element, use, unit, home, depth - 1));
          }
        }
      }
    } else {
      // A parameter of the dataset's `__init__`: what the construction (in the home file) passes.
      const parameter = initParameterIndex(node, use.cls);
      if (parameter !== undefined && use.construction) {
        const arg = argumentValue(use.construction, parameter);
        if (arg) targets.push(...callableTargets(arg, use, home, home, depth - 1));
      }
    }
  }
  return targets;
}

/**
 * True when `node`, in a method of the dataset class, runs only under a flag the construction
 * turns off: `if self.random_hops:` with `random_hops=False` passed (Wave-U-Net's validation
 * data), or left at a falsy default. Only literal arguments count; anything else may run.
 */
export function switchedOff(node: SyntaxNode, unit: CodeUnit, use: DatasetClass): boolean {
  const construction = use.construction;
  const method = enclosingScope(node);
  const self = method ? selfName(method) : undefined;
  if (!construction || !method || !self || !sameNode(classOf(method), use.cls)) return false;
  for (const guard of guardsOf(node)) {
    let condition = unparenthesize(guard.condition);
    let negated = guard.negated;
    if (condition.type === 'not_operator') {
      const argument = condition.childForFieldName('argument');
      if (!argument) continue;
      condition = unparenthesize(argument);
      negated = !negated;
    }
    if (condition.type !== 'attribute' || condition.childForFieldName('object')?.text !== self) continue;
    const attr = condition.childForFieldName('attribute')?.text;
    const assignments = attr ? attributeAssignmentsIn(use.cls, attr, unit.model) : [];
    if (assignments.length !== 1 || assignments[0]!.method.childForFieldName('name')?.text !== '__init__') continue;
    const origins = unit.values.origins(assignments[0]!.value);
    const parameter = origins.length === 1 ? initParameterIndex(origins[0]!.node, use.cls) : undefined;
    if (!parameter) continue;
    const given = lookupArgument(construction, parameter);
    const value = given.kind === 'given' ? literalValue(given.value) : given.kind === 'absent' ? parameterDefaultLiteral(origins[0]!.node) : undefined;
    if (value === undefined) continue;
    if (Boolean(value) === negated) return true;
  }
  return false;
}

/** The literal default of a parameter node (`random_hops=False`); null for no default is not assumed. */
function parameterDefaultLiteral(parameter: SyntaxNode): Literal | undefined {
  const holder = parameter.parent;
  if (holder?.type !== 'default_parameter' && holder?.type !== 'typed_default_parameter') return undefined;
  const value = holder.childForFieldName('value');
  return value ? literalValue(value) : undefined;
}

/** For a parameter node of the class's `__init__`, its keyword and position at the construction. */
function initParameterIndex(node: SyntaxNode, cls: SyntaxNode): { keyword: string; position: number } | undefined {
  const fn = enclosingScope(node);
  if (fn?.type !== 'function_definition' || fn.childForFieldName('name')?.text !== '__init__' || !sameNode(classOf(fn), cls)) return undefined;
  const parameters = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const index = parameters.findIndex((p) => p.id === node.id || p.childForFieldName('name')?.id === node.id || p.namedChildren.some((c) => c.id === node.id));
  if (index < 1) return undefined;
  return { keyword: node.text, position: index - 1 };
}

// ---------------------------------------------------------------------------------------------
// worker_init_fn

export interface WorkerInitTarget {
  /** The function definition or lambda that runs in each worker. */
  fn: SyntaxNode;
  /** Set when `fn` is imported from a sibling module (§4.10); else `fn` is in this file. */
  unit?: CodeUnit;
  /** `partial(fn, ...)` when the target is bound through functools.partial. */
  partial?: SyntaxNode;
}

export type WorkerInit =
  | { kind: 'absent' }
  /** Given, but not resolvable (computed, or imported from a module that cannot be read). */
  | { kind: 'unresolved'; value?: SyntaxNode }
  | { kind: 'resolved'; value: SyntaxNode; targets: WorkerInitTarget[] };

export function workerInitOf(loader: SyntaxNode, model: FileModel, values: ValueTracker): WorkerInit {
  const found = lookupArgumentOf(loader);
  if (found.kind === 'absent') return { kind: 'absent' };
  if (found.kind === 'unknown') return { kind: 'unresolved' };
  const value = found.value;
  if (value.type === 'none') return { kind: 'absent' };
  const targets: WorkerInitTarget[] = [];
  let unresolved = false;
  for (const origin of values.origins(value)) {
    const node = unparenthesize(origin.node);
    if (node.type === 'none') continue;
    const target = functionTarget(node, model, values);
    if (target) targets.push(target);
    else unresolved = true;
  }
  if (unresolved || targets.length === 0) return { kind: 'unresolved', value };
  return { kind: 'resolved', value, targets };
}

function lookupArgumentOf(loader: SyntaxNode) {
  return lookupArgument(loader, { keyword: 'worker_init_fn', position: 10 });
}

/**
 * A same-file function, a lambda, a function imported from a sibling module, or
 * `functools.partial(f, ...)` of one.
 */
export function functionTarget(node: SyntaxNode, model: FileModel, values: ValueTracker): WorkerInitTarget | undefined {
  if (node.type === 'lambda') return { fn: node };
  if (node.type === 'identifier' && node.parent?.type === 'function_definition' && node.parent.childForFieldName('name')?.id === node.id) {
    return { fn: node.parent };
  }
  if (model.modules) {
    const imported = importedDefinition(importedName(node, model), model.modules);
    if (imported?.definition.type === 'function_definition') return { fn: imported.definition, unit: moduleUnit(imported.module) };
  }
  if (node.type === 'call' && model.calleeName(node) === 'functools.partial') {
    const inner = argumentValue(node, { keyword: 'func', position: 0 });
    if (!inner) return undefined;
    for (const origin of values.origins(inner)) {
      const target = functionTarget(unparenthesize(origin.node), model, values);
      if (target && !target.partial) return { ...target, partial: node };
    }
  }
  return undefined;
}

/** An identifier an import statement binds (value tracking's origin for an imported name). */
/** The qualified name an import statement binds at `node` (value tracking's origin for an imported name). */
function importBindingName(node: SyntaxNode, model: FileModel): string | undefined {
  if (node.type !== 'identifier' && node.type !== 'dotted_name') return undefined;
  const binding = model.names.bindingsIn(enclosingScope(node), node.text).find((b) => b.kind === 'import' && b.node.id === node.id);
  return binding?.qualified ? canonicalName(binding.qualified) : undefined;
}

/**
 * The qualified name of a name that may be imported: a use (`utils.seed_worker`), or the name
 * an import statement binds (what value tracking returns as an imported name's origin).
 */
function importedName(node: SyntaxNode, model: FileModel): string | undefined {
  if (node.type === 'attribute') return model.names.qualifiedName(node);
  return importBindingName(node, model) ?? (node.type === 'identifier' ? model.names.qualifiedName(node) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Loaders with workers and the code they run (cached per model)

export interface LoaderWorkerCode {
  loader: SyntaxNode;
  datasets: DatasetWorkerCode[];
  init: WorkerInit;
}

const cache = new WeakMap<FileModel, Map<number, LoaderWorkerCode>>();

/** Worker code of one loader (whatever its worker count; callers check `mayUseWorkers`). */
export function loaderWorkerCode(loader: SyntaxNode, model: FileModel, values: ValueTracker): LoaderWorkerCode {
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const cached = perModel.get(loader.id);
  if (cached) return cached;
  const result: LoaderWorkerCode = {
    loader,
    datasets: datasetUses(loader, model, values).map((use) => datasetWorkerCode(use, model, values)),
    init: workerInitOf(loader, model, values),
  };
  perModel.set(loader.id, result);
  return result;
}

/** The loaders that may run worker processes, with their worker code. */
const loadersCache = new WeakMap<FileModel, readonly LoaderWorkerCode[]>();

/** Every DataLoader that may start workers, with its worker code (once per lint). */
export function workerLoaders(model: FileModel, values: ValueTracker): readonly LoaderWorkerCode[] {
  let loaders = loadersCache.get(model);
  if (!loaders) {
    loaders = model
      .callsTo('torch.utils.data.DataLoader')
      .filter((loader) => mayUseWorkers(loader, values))
      .map((loader) => loaderWorkerCode(loader, model, values));
    loadersCache.set(model, loaders);
  }
  return loaders;
}

// Spawned children (mp.spawn, start_processes, Process(target=...)): see entry-points.ts spawnSites.

const initLoadersCache = new WeakMap<FileModel, ReadonlyMap<number, WorkerInitUse>>();

export interface WorkerInitUse {
  /** The function definition or lambda. */
  fn: SyntaxNode;
  /** The DataLoader calls that run it as their `worker_init_fn`. */
  loaders: SyntaxNode[];
}

/** Every same-file function some DataLoader runs as its `worker_init_fn`, by node id (once per lint). */
export function workerInitUses(model: FileModel, values: ValueTracker): ReadonlyMap<number, WorkerInitUse> {
  let uses = initLoadersCache.get(model);
  if (!uses) {
    const found = new Map<number, WorkerInitUse>();
    for (const loader of model.callsTo('torch.utils.data.DataLoader')) {
      // Only the worker_init_fn is needed here, not the Dataset code the loader runs.
      const init = workerInitOf(loader, model, values);
      if (init.kind !== 'resolved') continue;
      for (const target of init.targets) {
        if (target.unit) continue; // keyed by node id: this file's functions only
        const use = found.get(target.fn.id);
        if (!use) found.set(target.fn.id, { fn: target.fn, loaders: [loader] });
        else if (!use.loaders.some((l) => l.id === loader.id)) use.loaders.push(loader);
      }
    }
    uses = found;
    initLoadersCache.set(model, uses);
  }
  return uses;
}

/**
 * A `def` that is a worker_init_fn by its look, for modules that define one and build the loader
 * elsewhere: named like one (`worker_init_fn`, `seed_worker`, `_worker_init`) and taking the
 * worker id first.
 */
export function looksLikeWorkerInit(fn: SyntaxNode): boolean {
  if (fn.type !== 'function_definition') return false;
  const name = fn.childForFieldName('name')?.text ?? '';
  if (!/worker/i.test(name) || !/init|seed/i.test(name)) return false;
  const first = fn.childForFieldName('parameters')?.namedChildren[0];
  const parameter = first?.type === 'identifier' ? first.text : first?.childForFieldName('name')?.text ?? first?.namedChildren.find((c) => c.type === 'identifier')?.text;
  return parameter !== undefined && parameter !== 'self' && parameter !== 'cls';
}

const initFunctionsCache = new WeakMap<FileModel, readonly SyntaxNode[]>();

/** The functions that run as a worker_init_fn: given to a loader in this file, or named like one (once per lint). */
function workerInitFunctions(model: FileModel, values: ValueTracker): readonly SyntaxNode[] {
  let functions = initFunctionsCache.get(model);
  if (!functions) {
    const uses = workerInitUses(model, values);
    functions = [...[...uses.values()].map((u) => u.fn), ...model.tree.nodesOfType('function_definition').filter((fn) => !uses.has(fn.id) && looksLikeWorkerInit(fn))];
    initFunctionsCache.set(model, functions);
  }
  return functions;
}

/**
 * True when a draw from `library`'s global RNG at `node` runs inside a `worker_init_fn`, where
 * PyTorch has already seeded that RNG for this worker and epoch: `random` always, NumPy from 1.9
 * (detectron2's `seed_all_rng(np.random.randint(2**31) + worker_id)`).
 */
export function seededByPyTorchInWorker(library: string, node: SyntaxNode, model: FileModel, values: ValueTracker, declared: Declared): boolean {
  if (library !== 'random' && library !== 'numpy') return false;
  if (library === 'numpy' && mayBeBelow(declared, 'torch', '1.9')) return false;
  return workerInitFunctions(model, values).some((fn) => isInside(node, fn));
}
