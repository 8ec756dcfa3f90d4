// Determinism switches (spec rules.md F9): assignments to `torch.backends.cudnn.*` and
// `torch.backends.cuda.matmul.*` flags through any alias, `use_deterministic_algorithms` calls,
// framework helpers that switch determinism on, and writes to `os.environ`. Shared by RNG201,
// RNG202, RNG203, RNG401 and RNG903. Everything is computed once per file model.

import { argumentValue, callArguments, lookupArgument } from './calls';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { guardsOf, type Guard } from './flow';
import { literalValue } from './values';

export type BackendModule = 'cudnn' | 'matmul';

const BACKEND_MODULES: Record<string, BackendModule> = {
  'torch.backends.cudnn': 'cudnn',
  'torch.backends.cuda.matmul': 'matmul',
};

export interface FlagAssignment {
  module: BackendModule;
  /** The attribute name assigned (`benchmark`). */
  flag: string;
  /** The `x.flag` attribute node on the left. */
  target: SyntaxNode;
  /** The `flag` identifier inside the target. */
  attribute: SyntaxNode;
  /** The right-hand side. */
  value: SyntaxNode;
  assignment: SyntaxNode;
}

/** Which backend module an expression names (`torch.backends.cudnn`, `from torch.backends import cudnn`). */
export function backendModuleOf(node: SyntaxNode, model: FileModel): BackendModule | undefined {
  const name = model.names.qualifiedName(node);
  return name ? BACKEND_MODULES[name] : undefined;
}

/** The flag assignment an `assignment` node performs, if its target is a backend flag. */
export function flagAssignment(assignment: SyntaxNode, model: FileModel): FlagAssignment | undefined {
  if (assignment.type !== 'assignment') return undefined;
  const target = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (!target || !value || target.type !== 'attribute') return undefined;
  const object = target.childForFieldName('object');
  const attribute = target.childForFieldName('attribute');
  if (!object || !attribute) return undefined;
  const module = backendModuleOf(object, model);
  if (!module) return undefined;
  // `a = b = True` chains: the value is the innermost right-hand side.
  let rhs = value;
  while (rhs.type === 'assignment') rhs = rhs.childForFieldName('right') ?? rhs;
  return { module, flag: attribute.text, target, attribute, value: rhs, assignment };
}

interface Cache {
  flags?: FlagAssignment[];
  intents?: DeterminismIntent[];
  deterministicKeyword?: Set<number>;
  flagsById?: Map<number, FlagAssignment>;
}
const CACHE = new WeakMap<FileModel, Cache>();

function cacheOf(model: FileModel): Cache {
  let c = CACHE.get(model);
  if (!c) CACHE.set(model, (c = {}));
  return c;
}

/** Ids of the calls that pass a `deterministic=` keyword argument. */
function callsWithDeterministicKeyword(model: FileModel): Set<number> {
  const cache = cacheOf(model);
  cache.deterministicKeyword ??= new Set(model.keywordArguments('deterministic').map((a) => a.call.id));
  return cache.deterministicKeyword;
}

/** Every assignment to a cuDNN or matmul flag in the file, in source order. */
export function flagAssignments(model: FileModel): FlagAssignment[] {
  const cache = cacheOf(model);
  if (cache.flags) return cache.flags;
  const found: FlagAssignment[] = [];
  for (const targets of model.attributeAssignments.values()) {
    for (const target of targets) {
      const assignment = target.parent;
      const flag = assignment && flagAssignment(assignment, model);
      if (flag) found.push(flag);
    }
  }
  found.sort((a, b) => a.assignment.startIndex - b.assignment.startIndex);
  cache.flags = found;
  return found;
}

/**
 * `flagAssignment` for an `assignment` node, looked up among `flagAssignments` (once per lint):
 * rules that visit every assignment ask this, and most assignments are not flags.
 */
export function flagAssignmentAt(assignment: SyntaxNode, model: FileModel): FlagAssignment | undefined {
  const cache = cacheOf(model);
  cache.flagsById ??= new Map(flagAssignments(model).map((f) => [f.assignment.id, f]));
  return cache.flagsById.get(assignment.id);
}

export function isLiteralTrue(node: SyntaxNode | undefined): boolean {
  return !!node && literalValue(node) === true;
}

/** The qualified names of `use_deterministic_algorithms` (and its 1.7 predecessor). */
const DETERMINISTIC_ALGORITHMS = new Set(['torch.use_deterministic_algorithms', 'torch.set_deterministic']);

/** What `torch.use_deterministic_algorithms(...)` does at this call. */
export interface DeterministicAlgorithmsCall {
  call: SyntaxNode;
  /** true / false when the mode is a literal; undefined when unknown. */
  mode: boolean | undefined;
  /** true / false when `warn_only` is a literal or absent (false); undefined when unknown. */
  warnOnly: boolean | undefined;
}

export function deterministicAlgorithmsCall(call: SyntaxNode, model: FileModel): DeterministicAlgorithmsCall | undefined {
  const name = model.calleeName(call);
  if (!name || !DETERMINISTIC_ALGORITHMS.has(name)) return undefined;
  const modeNode = argumentValue(call, { keyword: name.endsWith('set_deterministic') ? 'd' : 'mode', position: 0 });
  const mode = modeNode ? literalValue(modeNode) : undefined;
  const warn = lookupArgument(call, { keyword: 'warn_only' });
  let warnOnly: boolean | undefined;
  if (warn.kind === 'absent') warnOnly = false;
  else if (warn.kind === 'given') {
    const v = literalValue(warn.value);
    warnOnly = typeof v === 'boolean' ? v : undefined;
  }
  return { call, mode: typeof mode === 'boolean' ? mode : undefined, warnOnly };
}

export function deterministicAlgorithmsCalls(model: FileModel): DeterministicAlgorithmsCall[] {
  return model.calls.map((c) => deterministicAlgorithmsCall(c, model)).filter((c): c is DeterministicAlgorithmsCall => !!c);
}

/**
 * Framework switches for deterministic mode (spec §6): transformers `enable_full_determinism` and
 * `set_seed(..., deterministic=True)`, accelerate `set_seed(..., deterministic=True)`, OpenMMLab
 * `set_random_seed(..., deterministic=True)` and `Runner(randomness=dict(deterministic=True))`,
 * Lightning `Trainer(deterministic=True | "warn")`. `certain` for those; `heuristic` for any other
 * call with a literal `deterministic=True` or an imported helper whose name says so
 * (`/determinis/i`), which may only suppress a finding, never support one.
 */
const DETERMINISM_SWITCHES = /^(transformers(\.trainer_utils)?\.(set_seed|enable_full_determinism)|accelerate\.utils(\.random)?\.set_seed|(mmengine\.runner(\.utils)?|mmcv\.runner(\.utils)?|mm\w+\.apis(\.train)?)\.set_random_seed|(lightning|lightning\.pytorch|pytorch_lightning)(\.trainer(\.trainer)?)?\.Trainer)$/;

/** Callee names under which `deterministic` may be passed positionally, or that say determinism. */
const MAY_SWITCH_BY_NAME = /determinis|\.set_seed$|\.set_random_seed$/i;

export function frameworkDeterminism(call: SyntaxNode, model: FileModel): 'certain' | 'heuristic' | undefined {
  const name = model.calleeName(call);
  // Cheap rejection (this runs on every call): without such a name, only a `deterministic=`
  // keyword argument can make the call a switch.
  if (!(name && MAY_SWITCH_BY_NAME.test(name)) && !callsWithDeterministicKeyword(model).has(call.id)) return undefined;
  if (name && /^transformers(\.trainer_utils)?\.enable_full_determinism$/.test(name)) return 'certain';
  // Where `deterministic` may sit positionally: transformers set_seed(seed, deterministic),
  // accelerate set_seed(seed, device_specific, deterministic), set_random_seed(seed, deterministic).
  const position = name && /^accelerate\./.test(name) ? 2 : name && /\.(set_seed|set_random_seed)$/.test(name) ? 1 : undefined;
  const flag = argumentValue(call, position === undefined ? { keyword: 'deterministic' } : { keyword: 'deterministic', position });
  const on = !!flag && (literalValue(flag) === true || typeof literalValue(flag) === 'string');
  if (on && name && DETERMINISM_SWITCHES.test(name)) return 'certain';
  if (on && name === 'builtins.dict' && call.parent?.type === 'keyword_argument' && call.parent.childForFieldName('name')?.text === 'randomness') return 'certain';
  if (on) return 'heuristic';
  if (name && !name.startsWith('builtins.') && !name.startsWith('torch.') && /determinis/i.test(name.split('.').pop() ?? '')) return 'heuristic';
  return undefined;
}

/** A statement that shows the script wants deterministic results (RNG201's "intent"). */
export interface DeterminismIntent {
  node: SyntaxNode;
  /** Its guards (empty when unconditional). */
  guards: Guard[];
}

/**
 * Where the file asks for determinism: `cudnn.deterministic = True`, `use_deterministic_algorithms(True)`,
 * `deterministic=True` in a framework call, `enable_full_determinism(...)`. Heuristic names do
 * not count: intent must be explicit for a finding.
 */
export function determinismIntents(model: FileModel): DeterminismIntent[] {
  const cache = cacheOf(model);
  if (cache.intents) return cache.intents;
  const intents: DeterminismIntent[] = [];
  for (const flag of flagAssignments(model)) {
    if (flag.module === 'cudnn' && flag.flag === 'deterministic' && isLiteralTrue(flag.value)) {
      intents.push({ node: flag.assignment, guards: guardsOf(flag.assignment) });
    }
  }
  for (const call of model.calls) {
    const algorithms = deterministicAlgorithmsCall(call, model);
    if ((algorithms && algorithms.mode === true) || frameworkDeterminism(call, model) === 'certain') {
      intents.push({ node: call, guards: guardsOf(call) });
    }
  }
  intents.sort((a, b) => a.node.startIndex - b.node.startIndex);
  cache.intents = intents;
  return intents;
}

// ---------------------------------------------------------------------------------------------
// os.environ writes

export interface EnvironmentWrite {
  /** The variable name when it is a literal; undefined when computed. */
  key: string | undefined;
  /** The node a finding sits on: the assignment or the call. */
  node: SyntaxNode;
  how: 'subscript' | 'setdefault' | 'putenv' | 'update';
}

function isOsEnviron(node: SyntaxNode | null | undefined, model: FileModel): boolean {
  return !!node && model.names.qualifiedName(node) === 'os.environ';
}

function stringLiteral(node: SyntaxNode | undefined): string | undefined {
  const v = node ? literalValue(node) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** `os.environ[KEY] = ...` for an `assignment` node. */
export function environmentAssignment(assignment: SyntaxNode, model: FileModel): EnvironmentWrite | undefined {
  if (assignment.type !== 'assignment') return undefined;
  const target = assignment.childForFieldName('left');
  if (target?.type !== 'subscript' || !isOsEnviron(target.childForFieldName('value'), model)) return undefined;
  const key = target.childForFieldName('subscript') ?? undefined;
  return { key: stringLiteral(key), node: assignment, how: 'subscript' };
}

/** `os.environ.setdefault(KEY, ...)`, `os.putenv(KEY, ...)`, `os.environ.update(...)`: one write per key. */
export function environmentCallWrites(call: SyntaxNode, model: FileModel): EnvironmentWrite[] {
  const name = model.calleeName(call);
  if (name === 'os.environ.setdefault' || name === 'os.environ.__setitem__') {
    return [{ key: stringLiteral(argumentValue(call, { keyword: 'key', position: 0 })), node: call, how: 'setdefault' }];
  }
  if (name === 'os.putenv') return [{ key: stringLiteral(argumentValue(call, { keyword: 'key', position: 0 })), node: call, how: 'putenv' }];
  if (name !== 'os.environ.update') return [];
  const writes: EnvironmentWrite[] = [];
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument') {
      writes.push({ key: arg.childForFieldName('name')?.text, node: call, how: 'update' });
    } else if (arg.type === 'dictionary') {
      for (const pair of arg.namedChildren) {
        if (pair.type === 'pair') writes.push({ key: stringLiteral(pair.childForFieldName('key') ?? undefined), node: call, how: 'update' });
      }
    } else {
      writes.push({ key: undefined, node: call, how: 'update' });
    }
  }
  return writes;
}

