// DataLoader construction facts (spec rules.md §4.4, §5.2): which arguments a `DataLoader(...)`
// call gives (by keyword or by position, per PyTorch's signature), whether it runs worker
// processes, and where its sampler / generator / dataset values come from. Constructing a loader
// draws nothing (F3); these facts only describe what iterating it will do.

import { argumentValue, callArguments, lookupArgument, methodName, type ArgumentLookup } from './calls';
import type { ValueTracker } from './flow';
import { DATA_LOADER } from './known-names';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { nodeRange, pointToPosition } from './positions';
import { enclosingScope, enclosingStatement } from './syntax';
import type { TextEdit } from '../rules/rule';
import { literalValue, type Literal } from './values';
import { certainlySeeds, seedingFor, type SeedCall } from './seeding';

/**
 * `DataLoader.__init__(self, dataset, batch_size=1, shuffle=None, sampler=None,
 * batch_sampler=None, num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
 * timeout=0, worker_init_fn=None, multiprocessing_context=None, generator=None, *,
 * prefetch_factor, persistent_workers=False, pin_memory_device='', in_order=True)`
 * (pytorch/pytorch torch/utils/data/dataloader.py; 1.13 and 2.x agree up to `generator`).
 */
const LOADER_POSITIONS: Readonly<Record<string, number>> = {
  dataset: 0,
  batch_size: 1,
  shuffle: 2,
  sampler: 3,
  batch_sampler: 4,
  num_workers: 5,
  collate_fn: 6,
  pin_memory: 7,
  drop_last: 8,
  timeout: 9,
  worker_init_fn: 10,
  multiprocessing_context: 11,
  generator: 12,
};

export type LoaderParameter =
  | keyof typeof LOADER_POSITIONS
  | 'prefetch_factor'
  | 'persistent_workers'
  | 'pin_memory_device'
  | 'in_order'
  | 'worker_method';

/** Random samplers and the position of their `generator` parameter (torch/utils/data/sampler.py). */
export const RANDOM_SAMPLERS: Readonly<Record<string, number>> = {
  'torch.utils.data.RandomSampler': 3,
  'torch.utils.data.SubsetRandomSampler': 1,
  'torch.utils.data.sampler.SubsetRandomSampler': 1,
  'torch.utils.data.WeightedRandomSampler': 3,
  'torch.utils.data.sampler.WeightedRandomSampler': 3,
};

export function isDataLoader(call: SyntaxNode, model: FileModel): boolean {
  return model.calleeName(call) === DATA_LOADER;
}

export function dataLoaderCalls(model: FileModel): SyntaxNode[] {
  return model.callsTo(DATA_LOADER);
}

export function loaderArgument(loader: SyntaxNode, parameter: LoaderParameter): ArgumentLookup {
  const position = (LOADER_POSITIONS as Record<string, number | undefined>)[parameter];
  return lookupArgument(loader, position === undefined ? { keyword: parameter } : { keyword: parameter, position });
}

export function loaderValue(loader: SyntaxNode, parameter: LoaderParameter): SyntaxNode | undefined {
  const found = loaderArgument(loader, parameter);
  return found.kind === 'given' ? found.value : undefined;
}

/** A literal argument value; `undefined` when absent, unknowable or not a literal. */
export function loaderLiteral(loader: SyntaxNode, parameter: LoaderParameter): Literal | undefined {
  const value = loaderValue(loader, parameter);
  return value ? literalValue(value) : undefined;
}

/**
 * Where a loader's per-sample code runs (§4.4): `main` with `num_workers=0` or not given;
 * `workers` for a positive literal (or a name whose every origin is one); `unknown` for any
 * other expression, which the spec treats like workers ("> 0 or not a literal").
 */
export type WorkerMode = 'main' | 'workers' | 'unknown';

export function workerMode(loader: SyntaxNode, values: ValueTracker): WorkerMode {
  const found = loaderArgument(loader, 'num_workers');
  if (found.kind === 'absent') return 'main';
  if (found.kind === 'unknown') return 'unknown';
  const counts = values.origins(found.value).map((o) => literalValue(o.node));
  if (counts.length > 0 && counts.every((c) => c === 0)) return 'main';
  if (counts.length > 0 && counts.every((c) => typeof c === 'number' && c > 0)) return 'workers';
  return 'unknown';
}

/** Workers run, or may run: the spec's "num_workers > 0 or not a literal". */
export function mayUseWorkers(loader: SyntaxNode, values: ValueTracker): boolean {
  return workerMode(loader, values) !== 'main';
}

/** The literal worker count, when known. */
export function workerCount(loader: SyntaxNode, values: ValueTracker): number | undefined {
  const value = loaderValue(loader, 'num_workers');
  if (!value) return undefined;
  const counts = values.origins(value).map((o) => literalValue(o.node));
  const first = counts[0];
  return typeof first === 'number' && counts.every((c) => c === first) ? first : undefined;
}

/** `true`/`false` when every origin of the argument is that literal; undefined otherwise. */
export function literalFlag(value: SyntaxNode | undefined, values: ValueTracker): boolean | undefined {
  if (!value) return undefined;
  const flags = values.origins(value).map((o) => literalValue(o.node));
  if (flags.length === 0) return undefined;
  if (flags.every((f) => f === true)) return true;
  if (flags.every((f) => f === false || f === null || f === 0)) return false;
  return undefined;
}

// Which loaders hold which sampler, and where set_epoch reaches it: ./set-epoch.ts.

/** The DataLoader constructions an expression may evaluate to. */
export function loaderOrigins(expression: SyntaxNode, model: FileModel, values: ValueTracker): SyntaxNode[] {
  return values
    .origins(expression)
    .map((o) => o.node)
    .filter((n) => n.type === 'call' && isDataLoader(n, model));
}

// ---------------------------------------------------------------------------------------------
// Fix helpers shared by the loader rules: argument edits, module aliases, the script's seed.

/**
 * Removes one argument of a call together with the comma that separates it; an argument on a
 * line of its own (a multi-line call) goes with its whole line.
 */
export function removeArgumentEdit(argument: SyntaxNode, text?: string): TextEdit {
  if (text !== undefined) {
    const lineStart = text.lastIndexOf('\n', argument.startIndex - 1) + 1;
    const lineEnd = text.indexOf('\n', argument.endIndex);
    const before = text.slice(lineStart, argument.startIndex);
    const after = text.slice(argument.endIndex, lineEnd < 0 ? text.length : lineEnd);
    if (lineEnd >= 0 && /^[ \t]*$/.test(before) && /^\s*,?\s*(#.*)?$/.test(after) && /^\s*,/.test(after)) {
      return { range: { start: { line: argument.startPosition.row, character: 0 }, end: { line: argument.endPosition.row + 1, character: 0 } }, newText: '' };
    }
  }
  const list = argument.parent!;
  const siblings = list.namedChildren.filter((c) => c.type !== 'comment');
  const index = siblings.findIndex((c) => c.id === argument.id);
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  if (previous) return { range: { start: pointToPosition(previous.endPosition), end: pointToPosition(argument.endPosition) }, newText: '' };
  if (next) return { range: { start: pointToPosition(argument.startPosition), end: pointToPosition(next.startPosition) }, newText: '' };
  return { range: nodeRange(argument), newText: '' };
}

/** The `keyword_argument` node of a call for `keyword`, if written as a keyword. */
export function keywordArgumentNode(call: SyntaxNode, keyword: string): SyntaxNode | undefined {
  return callArguments(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === keyword);
}

/** Appends `keyword=value` to a call's arguments. */
export function addKeywordArgumentEdit(call: SyntaxNode, keyword: string, value: string): TextEdit | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const args = list.namedChildren.filter((c) => c.type !== 'comment');
  // Given already (`worker_init_fn=None`): replace its value, since a repeated keyword does not compile.
  const given = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === keyword)?.childForFieldName('value');
  if (given) return { range: nodeRange(given), newText: value };
  const last = args[args.length - 1];
  if (!last) {
    const open = list.child(0)!;
    const at = pointToPosition(open.endPosition);
    return { range: { start: at, end: at }, newText: `${keyword}=${value}` };
  }
  const at = pointToPosition(last.endPosition);
  return { range: { start: at, end: at }, newText: `, ${keyword}=${value}` };
}

/**
 * The name a top-level `import <module>` / `import <module> as x` binds, when nothing else in
 * the module rebinds it.
 */
export function moduleAlias(model: FileModel, module: string): string | undefined {
  let aliases = MODULE_ALIASES.get(model);
  if (!aliases) MODULE_ALIASES.set(model, (aliases = new Map()));
  if (!aliases.has(module)) aliases.set(module, findModuleAlias(model, module));
  return aliases.get(module);
}

/** Per lint: module -> the alias `moduleAlias` found (fixes ask for the same few modules). */
const MODULE_ALIASES = new WeakMap<FileModel, Map<string, string | undefined>>();

function findModuleAlias(model: FileModel, module: string): string | undefined {
  for (const statement of model.tree.rootNode.namedChildren) {
    if (statement.type !== 'import_statement') continue;
    for (const item of statement.childrenForFieldName('name')) {
      let name: string | undefined;
      if (item.type === 'dotted_name' && item.text === module) name = module;
      else if (item.type === 'aliased_import' && item.childForFieldName('name')?.text === module) name = item.childForFieldName('alias')?.text;
      if (name && model.names.bindingsIn(null, name).every((b) => b.kind === 'import')) return name;
    }
  }
  return undefined;
}

/** Inserts `import <module>` after the last top-level import (or at the top). */
export function addImportEdit(model: FileModel, module: string): TextEdit {
  const imports = model.tree.rootNode.namedChildren.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement');
  const last = imports[imports.length - 1];
  const at = last ? { line: last.endPosition.row + 1, character: 0 } : { line: 0, character: 0 };
  return { range: { start: at, end: at }, newText: `import ${module}\n` };
}

/** The spelling of `module` to use in a fix, with the import edit when it must be added. */
export function moduleReference(model: FileModel, module: string): { name: string; edits: TextEdit[] } {
  const alias = moduleAlias(model, module);
  return alias ? { name: alias, edits: [] } : { name: module, edits: [addImportEdit(model, module)] };
}

/**
 * The script's seed as an expression usable at `node`: a visible `seed` / `SEED` name, or
 * `args.seed` when an argparse `--seed` option exists and `args` is visible. Undefined when the
 * script has none (callers then say so or offer no fix; never a silent guess).
 */
export function scriptSeedAt(node: SyntaxNode, model: FileModel): string | undefined {
  const visible = (name: string): boolean => {
    for (let scope: SyntaxNode | null = enclosingScope(node); ; scope = enclosingScope(scope)) {
      if (scope?.type === 'class_definition') continue;
      const bindings = model.names.bindingsIn(scope, name);
      if (bindings.some((b) => b.kind === 'param' || b.node.startIndex < node.startIndex || scope !== enclosingScope(node))) return true;
      if (!scope) return false;
    }
  };
  for (const name of ['seed', 'SEED', 'random_seed', 'RANDOM_SEED']) if (visible(name)) return name;
  if (hasSeedOption(model)) for (const name of ['args', 'opt', 'opts', 'cfg', 'config']) if (visible(name)) return `${name}.seed`;
  return undefined;
}

/** Per lint: whether the script defines an argparse `--seed` option. */
const SEED_OPTIONS = new WeakMap<FileModel, boolean>();

function hasSeedOption(model: FileModel): boolean {
  let found = SEED_OPTIONS.get(model);
  if (found === undefined) {
    found = model.callsToMethod('add_argument').some((c) => callArguments(c).some((a) => a.type === 'string' && /^["']--seed["']$/.test(a.text)));
    SEED_OPTIONS.set(model, found);
  }
  return found;
}

/** Inserts whole lines before the statement that contains `node`, at its indentation. */
export function insertLinesBefore(node: SyntaxNode, lines: readonly string[], text: string): TextEdit | undefined {
  const statement = enclosingStatement(node);
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = text.slice(lineStart, statement.startIndex);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const at = { line: statement.startPosition.row, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => (l === '' ? '\n' : `${indent}${l}\n`)).join('') };
}

// ---------------------------------------------------------------------------------------------
// Distributed facts: rank-dependent values, DDP files, the seeds in force before a statement.

const RANK_NAME = /^(rank|local_rank|global_rank|node_rank|world_rank|rank_id|process_index|local_process_index)$|_rank$/i;
const RANK_CALLS = /^torch\.distributed\.(get_rank|get_node_local_rank)$/;

/** True when the expression (through local assignments, bounded) involves the process rank. */
export function involvesRank(expression: SyntaxNode, model: FileModel, values: ValueTracker, depth = 3): boolean {
  if (depth <= 0) return false;
  const nodes = [expression, ...expression.descendantsOfType(['identifier', 'attribute', 'call'])];
  for (const node of nodes) {
    if (node.type === 'call') {
      const name = model.calleeName(node);
      if ((name && RANK_CALLS.test(name)) || /^get_(local_|global_)?rank$/.test(methodName(node) ?? '')) return true;
      // A same-file helper: what it returns (accelerate's device_specific is the caller's job).
      if (model.localDefinition(node)?.type === 'function_definition') {
        for (const origin of values.origins(node)) {
          if (origin.node.id !== node.id && involvesRank(origin.node, model, values, depth - 1)) return true;
        }
      }
      continue;
    }
    const last = node.type === 'attribute' ? node.childForFieldName('attribute')?.text : node.text;
    if (last && RANK_NAME.test(last)) return true;
    if (node.type === 'identifier' && (node.parent?.type !== 'attribute' || node.parent.childForFieldName('object')?.id === node.id)) {
      for (const origin of values.origins(node)) {
        if (origin.node.id === node.id || origin.node.type === 'identifier') continue;
        if (involvesRank(origin.node, model, values, depth - 1)) return true;
      }
    }
  }
  return false;
}

/** For `base + rank` / `rank + base`, the text of `base`; undefined otherwise. */
export function additiveRankBase(expression: SyntaxNode, model: FileModel, values: ValueTracker): string | undefined {
  if (expression.type !== 'binary_operator' || expression.childForFieldName('operator')?.text !== '+') return undefined;
  const left = expression.childForFieldName('left');
  const right = expression.childForFieldName('right');
  if (!left || !right) return undefined;
  const l = involvesRank(left, model, values);
  const r = involvesRank(right, model, values);
  if (l && !r) return right.text;
  if (r && !l) return left.text;
  return undefined;
}

const DDP_MARKERS = new Set([
  'torch.utils.data.distributed.DistributedSampler',
  'torch.distributed.init_process_group',
  'mmengine.dataset.DefaultSampler',
]);

/** A file that partitions data across ranks (spec RNG114: DistributedSampler or init_process_group). */
export function isDistributedFile(model: FileModel): boolean {
  let distributed = DISTRIBUTED_FILES.get(model);
  if (distributed === undefined) {
    distributed = model.calls.some((c) => DDP_MARKERS.has(model.calleeName(c) ?? ''));
    DISTRIBUTED_FILES.set(model, distributed);
  }
  return distributed;
}

const DISTRIBUTED_FILES = new WeakMap<FileModel, boolean>();

/**
 * Seeding calls of `library` that may run before `node`: textually earlier ones for module-level
 * code, and every one in the file for code inside a function (which may be called later).
 * Heuristic (`/seed/i`) helpers are included: callers may only use them to stay quiet.
 */
export function seedsBefore(node: SyntaxNode, library: 'torch' | 'numpy' | 'random', model: FileModel, values: ValueTracker): SeedCall[] {
  const seeds = librarySeeds(library, model, values);
  if (enclosingScope(node) !== null) return seeds.slice();
  // Module level: the seeds that start before `node` (source order, so a prefix).
  let lo = 0;
  let hi = seeds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seeds[mid]!.call.startIndex < node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  return seeds.slice(0, lo);
}

/** Per lint: library -> its non-entropy seeding calls in source order (every candidate asks). */
const LIBRARY_SEEDS = new WeakMap<FileModel, Map<string, SeedCall[]>>();

function librarySeeds(library: 'torch' | 'numpy' | 'random', model: FileModel, values: ValueTracker): SeedCall[] {
  let byLibrary = LIBRARY_SEEDS.get(model);
  if (!byLibrary) LIBRARY_SEEDS.set(model, (byLibrary = new Map()));
  let seeds = byLibrary.get(library);
  if (!seeds) {
    seeds = seedingFor({ model, values }).all().filter((s) => s.libraries.has(library) && !s.entropy);
    byLibrary.set(library, seeds);
  }
  return seeds;
}

/** The seed expression written at a seeding call, else the one its helper body uses. */
export function seedExpression(seed: SeedCall): SyntaxNode | undefined {
  return seed.value.kind === 'given' ? seed.value.value : seed.effectiveValue;
}

/** True when a (certain) seeding call gives each rank its own seed. */
export function seedsPerRank(seed: SeedCall, library: 'torch' | 'numpy' | 'random', model: FileModel, values: ValueTracker): boolean {
  if (!certainlySeeds(seed, library)) return false;
  if (seed.framework?.perRank) return true;
  const deviceSpecific = argumentValue(seed.call, { keyword: 'device_specific' });
  if (deviceSpecific?.type === 'true') return true;
  const value = seedExpression(seed);
  return !!value && involvesRank(value, model, values);
}

/**
 * Names of evaluation data as a word part, or run into a loader word (`valloader`, `testloader`):
 * `val_loader`, `eval_sampler`, `test_dl`, but not `interval_sampler`.
 */
const EVALUATION_NAME = /(^|_)(val|valid|validation|test|eval|evaluation|dev)(_|\d|$|loader|dataloader|sampler|dl|set|ds|data)/i;

/**
 * `node` is assigned to a name that marks evaluation data (`eval_sampler = ...`,
 * `val_loader = ...`, `self.valloader = ...`): its order does not change what training computes.
 */
export function assignedToEvaluationName(node: SyntaxNode): boolean {
  const statement = node.parent;
  if (statement?.type !== 'assignment' || statement.childForFieldName('right')?.id !== node.id) return false;
  const left = statement.childForFieldName('left');
  const name = left?.type === 'attribute' ? left.childForFieldName('attribute') : left;
  return name?.type === 'identifier' && EVALUATION_NAME.test(name.text);
}
