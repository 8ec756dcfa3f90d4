// The seeding-call recogniser (spec §4.2) and the framework table (§6): "does this call seed
// library L's global RNG, with what value, and how sure are we?". Same-file helpers are resolved
// through their bodies (a few levels); imported helpers go through the framework table, and as a
// last resort through the /seed/i heuristic, which may only *suppress* findings.

import { argumentValue, callee, lookupArgument, methodName, receiver, type ArgumentLookup } from './calls';
import type { ValueTracker } from './flow';
import { guardsOf } from './flow';
import { localFunctionNames } from './entry-points';
import type { FileModel } from './model';
import { importedDefinition, type ImportedDefinition, type SiblingModule } from './modules';
import type { SyntaxNode } from './parser';
import { enclosingScope } from './syntax';

/** A global RNG state. `cuda` is the CUDA generators alone (F1: torch.manual_seed covers it too). */
export type SeedLibrary = 'torch' | 'cuda' | 'numpy' | 'random';

export const ALL_LIBRARIES: readonly SeedLibrary[] = ['torch', 'cuda', 'numpy', 'random'];

/**
 * How a call was recognised:
 * - `direct`: the library's own global seeding function (`torch.manual_seed`, `np.random.seed`);
 * - `helper`: a same-file function, or one imported from a project module (§4.10), whose body
 *   seeds (resolved);
 * - `framework`: a known third-party helper from the §6 table;
 * - `heuristic`: an imported callable whose name matches /seed/i. Enough to suppress RNG001 and
 *   RNG006, never enough to support another finding.
 */
export type SeedKind = 'direct' | 'helper' | 'framework' | 'heuristic';

export interface SeedCall {
  call: SyntaxNode;
  /** Which global states it seeds. */
  libraries: ReadonlySet<SeedLibrary>;
  kind: SeedKind;
  /** The qualified name (`torch.manual_seed`) or the local helper's name. */
  name: string;
  /**
   * The seed value as written at this call: `given` (the expression), `absent` (no argument, or
   * a helper parameter that falls back to its default), or `unknown` (a splat).
   */
  value: ArgumentLookup;
  /**
   * For helpers: the expression that the innermost seeding call receives, mapped back through
   * the helper's parameters to this call site when possible (else the expression in the body).
   */
  effectiveValue?: SyntaxNode;
  /**
   * True when the call reseeds from OS entropy: `torch.seed()`, `np.random.seed()` /
   * `np.random.seed(None)`, `random.seed()`. Lightning's `seed_everything()` is *not* (it falls
   * back to `PL_GLOBAL_SEED` or 0).
   */
  entropy: boolean;
  /** For helpers: the seeding calls inside the body that made it count (innermost first level). */
  via: SeedCall[];
  /** For helpers: true when every inner seeding runs only under a condition inside the helper. */
  conditional: boolean;
  /** Framework facts (§6), when recognised through the table. */
  framework?: FrameworkSeeding;
  /** For a helper imported from a project module: that module's path (its body is not in this file). */
  definedIn?: string;
}

export interface FrameworkSeeding {
  framework: 'lightning' | 'transformers' | 'accelerate' | 'mmengine' | 'detectron2' | 'timm' | 'fairseq' | 'ray' | 'composer' | 'torchtune' | 'keras' | 'other';
  /** Lightning `workers=True`: loaders get `pl_worker_init_function`. */
  workers?: boolean;
  /** transformers `enable_full_determinism` / `set_seed(deterministic=True)`, accelerate `deterministic=True`. */
  deterministic?: boolean;
  /** accelerate `device_specific=True`, timm `random_seed(seed, rank)`, detectron2 (seed + rank). */
  perRank?: boolean;
  /** A missing or `None` seed is replaced by a fixed or logged value (Lightning: PL_GLOBAL_SEED or 0). */
  noneIsSafe?: boolean;
}

const TORCH_AND_CUDA: ReadonlySet<SeedLibrary> = new Set(['torch', 'cuda']);
const CUDA_ONLY: ReadonlySet<SeedLibrary> = new Set(['cuda']);
const NUMPY: ReadonlySet<SeedLibrary> = new Set(['numpy']);
const RANDOM: ReadonlySet<SeedLibrary> = new Set(['random']);
const EVERYTHING: ReadonlySet<SeedLibrary> = new Set(ALL_LIBRARIES);

interface DirectEntry {
  libraries: ReadonlySet<SeedLibrary>;
  /** Where the seed argument sits; undefined for functions that take none. */
  argument?: { keyword: string; position: number };
  /** Seeds from OS entropy even when called with an argument (`torch.seed()`). */
  alwaysEntropy?: boolean;
}

/** The libraries' own global seeding functions (qualified, canonical names). */
const DIRECT: ReadonlyMap<string, DirectEntry> = new Map<string, DirectEntry>([
  ['torch.manual_seed', { libraries: TORCH_AND_CUDA, argument: { keyword: 'seed', position: 0 } }],
  ['torch.random.manual_seed', { libraries: TORCH_AND_CUDA, argument: { keyword: 'seed', position: 0 } }],
  ['torch.seed', { libraries: TORCH_AND_CUDA, alwaysEntropy: true }],
  ['torch.random.seed', { libraries: TORCH_AND_CUDA, alwaysEntropy: true }],
  ['torch.cuda.manual_seed', { libraries: CUDA_ONLY, argument: { keyword: 'seed', position: 0 } }],
  ['torch.cuda.manual_seed_all', { libraries: CUDA_ONLY, argument: { keyword: 'seed', position: 0 } }],
  ['torch.cuda.random.manual_seed', { libraries: CUDA_ONLY, argument: { keyword: 'seed', position: 0 } }],
  ['torch.cuda.random.manual_seed_all', { libraries: CUDA_ONLY, argument: { keyword: 'seed', position: 0 } }],
  ['torch.cuda.seed', { libraries: CUDA_ONLY, alwaysEntropy: true }],
  ['torch.cuda.seed_all', { libraries: CUDA_ONLY, alwaysEntropy: true }],
  ['numpy.random.seed', { libraries: NUMPY, argument: { keyword: 'seed', position: 0 } }],
  ['numpy.random.mtrand.seed', { libraries: NUMPY, argument: { keyword: 'seed', position: 0 } }],
  ['random.seed', { libraries: RANDOM, argument: { keyword: 'a', position: 0 } }],
]);

interface FrameworkEntry {
  pattern: RegExp;
  libraries: ReadonlySet<SeedLibrary>;
  argument?: { keyword: string; position: number };
  describe(call: SyntaxNode): FrameworkSeeding;
}

function flagArgument(call: SyntaxNode, keyword: string, position?: number): boolean | undefined {
  const spec = position === undefined ? { keyword } : { keyword, position };
  const value = argumentValue(call, spec);
  if (!value) return undefined;
  if (value.type === 'true') return true;
  if (value.type === 'false') return false;
  return undefined;
}

/** §6: third-party seeding helpers, by qualified name. */
const FRAMEWORKS: readonly FrameworkEntry[] = [
  {
    // Lightning `seed_everything(seed=None, workers=False)` in every packaging of Lightning.
    pattern: /^(lightning|pytorch_lightning|lightning_fabric)(\.[\w.]+)?\.seed_everything$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: (call) => ({ framework: 'lightning', workers: flagArgument(call, 'workers', 1) === true, noneIsSafe: true }),
  },
  {
    pattern: /^transformers(\.trainer_utils)?\.set_seed$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: (call) => ({ framework: 'transformers', deterministic: flagArgument(call, 'deterministic', 1) === true }),
  },
  {
    pattern: /^transformers(\.trainer_utils)?\.enable_full_determinism$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'transformers', deterministic: true }),
  },
  {
    pattern: /^accelerate\.utils(\.random)?\.set_seed$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: (call) => ({
      framework: 'accelerate',
      perRank: flagArgument(call, 'device_specific', 1) === true,
      deterministic: flagArgument(call, 'deterministic', 2) === true,
    }),
  },
  {
    // mmengine / mmcv / OpenMMLab toolboxes: `set_random_seed(seed, deterministic=False, diff_rank_seed=False)`.
    pattern: /^(mmengine\.runner(\.utils)?|mmcv\.runner(\.utils)?|mmdet\.apis(\.train)?|mmseg\.apis(\.train)?|mmcls\.apis(\.train)?|mmpretrain\.apis|mmaction\.apis|mmdet3d\.apis)\.set_random_seed$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: (call) => ({
      framework: 'mmengine',
      deterministic: flagArgument(call, 'deterministic', 1) === true,
      perRank: flagArgument(call, 'diff_rank_seed', 2) === true,
      noneIsSafe: true,
    }),
  },
  {
    pattern: /^detectron2\.utils\.env\.seed_all_rng$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'detectron2' }),
  },
  {
    // `default_setup(cfg, args)` calls seed_all_rng(cfg.SEED + rank), random when SEED < 0.
    pattern: /^detectron2\.engine(\.defaults)?\.default_setup$/,
    libraries: EVERYTHING,
    describe: () => ({ framework: 'detectron2', perRank: true, noneIsSafe: true }),
  },
  {
    pattern: /^timm\.utils(\.random)?\.random_seed$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: (call) => ({ framework: 'timm', perRank: lookupArgument(call, { keyword: 'rank', position: 1 }).kind !== 'absent' }),
  },
  {
    // fairseq's set_torch_seed seeds torch (and CUDA) only.
    pattern: /^fairseq\.utils\.set_torch_seed$/,
    libraries: TORCH_AND_CUDA,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'fairseq' }),
  },
  {
    pattern: /^ray\.train\.torch(\.train_loop_utils)?\.enable_reproducibility$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'ray', noneIsSafe: true }),
  },
  {
    pattern: /^composer\.utils(\.reproducibility)?\.seed_all$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'composer' }),
  },
  {
    pattern: /^torchtune\.(training|utils)(\.seed)?\.set_seed$/,
    libraries: EVERYTHING,
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'torchtune', noneIsSafe: true }),
  },
  {
    // keras `utils.set_random_seed`: random, NumPy and the backend (TensorFlow; torch under Keras 3's torch backend).
    pattern: /^(keras|tensorflow\.keras|tf_keras)\.utils\.set_random_seed$/,
    libraries: new Set<SeedLibrary>(['numpy', 'random']),
    argument: { keyword: 'seed', position: 0 },
    describe: () => ({ framework: 'keras' }),
  },
];

/** Names containing "seed" that read or build seeds rather than seeding anything. */
const NOT_SEEDING_NAME = /(^|_)(get|initial|load|read|make|generate|gen|sample|draw|fetch|derive|compute|sync|broadcast)_?seeds?$|^(get|initial|sync|broadcast)_?\w*seed|seed_?sequence|seedsequence|worker_init|seed_worker|^seeds?$/i;

/** The qualified prefixes of libraries whose seeding functions are listed exactly above. */
const LIBRARY_PREFIX = /^(torch|numpy|random|builtins|os|sys|time|datetime|secrets|uuid|jax|tensorflow|sklearn|scipy)(\.|$)/;

/**
 * The last name segment of every FRAMEWORKS pattern (each ends in `\.<name>$`): `recognise` runs
 * on every call, and only calls with these last names can match one. Undefined (test every
 * pattern) if a pattern ever ends otherwise.
 */
const FRAMEWORK_LAST_NAMES: ReadonlySet<string> | undefined = (() => {
  const names = FRAMEWORKS.map((f) => /\\\.(\w+)\$$/.exec(f.pattern.source)?.[1]);
  return names.every((n) => n !== undefined) ? new Set(names) : undefined;
})();

const MAX_HELPER_DEPTH = 3;

const SEED_EVERYTHING = 'seed_everything';

/** The name-only part of recognising a call (see `SeedingIndex.nameSeeding`). */
interface NameSeeding {
  direct: DirectEntry | undefined;
  /** The first FRAMEWORKS entry whose pattern matches. */
  framework: FrameworkEntry | undefined;
  /** An imported callable whose last name segment says "seed" (not a library function, not a getter). */
  heuristic: boolean;
}

/** Per-lint cache (weakly keyed by the file model, so nothing outlives a lint). */
const CACHES = new WeakMap<FileModel, SeedingIndex>();

export interface SeedingContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
}

/** The recogniser for one file; `seedingFor(context)` returns the shared instance. */
export class SeedingIndex {
  /** Per node id: 0 not asked yet, 1 no seeding (or being recognised: the recursion guard), 2 in `seeds`. */
  private readonly state: Uint8Array;
  private readonly seeds = new Map<number, SeedCall>();
  private readonly helperCache = new Map<number, SeedCall[]>();
  private allCalls: SeedCall[] | undefined;

  /** Callees named otherwise are no same-file helper (see `localFunction`). */
  private readonly functionNames: ReadonlySet<string>;

  constructor(private readonly context: SeedingContext) {
    this.state = new Uint8Array(context.model.tree.size);
    this.functionNames = localFunctionNames(context.model);
  }

  /** The seeding a call performs, or undefined when it seeds no global RNG. */
  seedingCall(call: SyntaxNode): SeedCall | undefined {
    const state = this.state[call.id];
    if (state === 2) return this.seeds.get(call.id);
    if (state === 1) return undefined;
    this.state[call.id] = 1; // recursion guard
    const result = this.recognise(call, MAX_HELPER_DEPTH);
    if (result) {
      this.seeds.set(call.id, result);
      this.state[call.id] = 2;
    }
    return result;
  }

  /** Every seeding call in the file, in source order. */
  all(): SeedCall[] {
    this.allCalls ??= this.context.model.calls.map((c) => this.seedingCall(c)).filter((s): s is SeedCall => !!s);
    return this.allCalls;
  }

  /**
   * The first seeding call (heuristic ones included: they may seed anything) of `library` in
   * the function scope (or module level) that contains `call`, in source order.
   */
  firstInScope(call: SyntaxNode, library: SeedLibrary): SeedCall | undefined {
    if (!this.firstByScope) {
      this.firstByScope = new Map();
      for (const seed of this.all()) {
        const scope = seed.call.tree.enclosingScopeIndex(seed.call.id);
        let byLibrary = this.firstByScope.get(scope);
        if (!byLibrary) this.firstByScope.set(scope, (byLibrary = new Map()));
        const libraries = seed.kind === 'heuristic' ? ALL_LIBRARIES : seed.libraries;
        for (const l of libraries) {
          const known = byLibrary.get(l);
          if (!known || seed.call.startIndex < known.call.startIndex) byLibrary.set(l, seed);
        }
      }
    }
    return this.firstByScope.get(call.tree.enclosingScopeIndex(call.id))?.get(library);
  }

  /** First seeding call per scope (enclosingScopeIndex: -1 for the module) and library. */
  private firstByScope: Map<number, Map<SeedLibrary, SeedCall>> | undefined;

  private readonly withinCache = new Map<number, SeedCall[]>();

  /**
   * Seeding calls lexically inside `container` (same function scope; nested defs excluded).
   * Answered once per container: the returned array is shared, do not mutate it.
   */
  within(container: SyntaxNode): readonly SeedCall[] {
    let found = this.withinCache.get(container.id);
    if (!found) {
      found = this.context.model.callsWithin(container).map((c) => this.seedingCall(c)).filter((s): s is SeedCall => !!s);
      this.withinCache.set(container.id, found);
    }
    return found;
  }

  /** The seeding calls a same-file function's body performs (directly or through helpers). */
  helperSeeds(definition: SyntaxNode): SeedCall[] {
    return this.bodySeeds(definition, MAX_HELPER_DEPTH);
  }

  /**
   * Keyed by definition and remaining depth: a body read near the depth limit finds less than
   * the same body read from its own call, and the answer must not depend on which came first.
   */
  private bodySeeds(definition: SyntaxNode, depth: number): SeedCall[] {
    const key = definition.id * (MAX_HELPER_DEPTH + 1) + depth;
    const cached = this.helperCache.get(key);
    if (cached) return cached;
    this.helperCache.set(key, []);
    const found: SeedCall[] = [];
    if (depth > 0) {
      for (const inner of this.context.model.callsWithin(definition)) {
        const seeded = this.recognise(inner, depth - 1);
        if (seeded) found.push(seeded);
      }
    }
    this.helperCache.set(key, found);
    return found;
  }

  /** What a qualified callee name says, per distinct name (a file calls the same names over and over). */
  private readonly byName = new Map<string, NameSeeding>();

  private nameSeeding(name: string): NameSeeding {
    let known = this.byName.get(name);
    if (!known) {
      const last = name.slice(name.lastIndexOf('.') + 1);
      known = {
        direct: DIRECT.get(name),
        framework: !FRAMEWORK_LAST_NAMES || FRAMEWORK_LAST_NAMES.has(last) ? FRAMEWORKS.find((entry) => entry.pattern.test(name)) : undefined,
        heuristic: !LIBRARY_PREFIX.test(name) && !name.startsWith('builtins.') && /seed/i.test(last) && !NOT_SEEDING_NAME.test(last),
      };
      this.byName.set(name, known);
    }
    return known;
  }

  private recognise(call: SyntaxNode, depth: number): SeedCall | undefined {
    const { model } = this.context;
    const name = model.calleeName(call);
    const byName = name === undefined ? undefined : this.nameSeeding(name);
    if (byName?.direct) return directCall(call, name!, byName.direct);
    if (byName?.framework) return frameworkCall(call, name!, byName.framework);
    // `x.seed_everything(...)` (Fabric) and same-file helpers (`seed_all(...)`): one callee shape each.
    const fn = callee(call);
    const type = fn?.type;
    if (type === 'attribute') {
      const fabric = this.fabricSeedEverything(fn!, call);
      if (fabric) return fabric;
    } else if (type === 'identifier' && this.functionNames.has(fn!.text)) {
      const definition = model.localDefinition(call);
      if (definition?.type === 'function_definition') return this.helperCall(call, definition, depth);
    }
    // An imported project helper (`from utils import set_seed`): read its body in its module.
    if (name !== undefined && model.modules && !byName!.direct && !byName!.framework && !LIBRARY_PREFIX.test(name)) {
      const imported = this.importedHelperCall(call, name);
      if (imported !== undefined) return imported ?? undefined;
    }
    if (byName?.heuristic) {
      return { call, libraries: EVERYTHING, kind: 'heuristic', name: name!, value: lookupArgument(call, { keyword: 'seed', position: 0 }), entropy: false, via: [], conditional: false };
    }
    return undefined;
  }

  /** Per callee name: the imported function it resolves to (null: none, or not a function). */
  private readonly imported = new Map<string, ImportedDefinition | null>();

  /**
   * The seeding an imported project function performs, through its own module's recogniser;
   * null when it resolves and seeds nothing, undefined when it does not resolve (then the /seed/i
   * heuristic applies). No node of the other module leaks into the result: rules read `value`
   * and `effectiveValue` with this file's model, so only call-site arguments are kept.
   */
  private importedHelperCall(call: SyntaxNode, name: string): SeedCall | null | undefined {
    let found = this.imported.get(name);
    if (found === undefined) {
      const definition = importedDefinition(name, this.context.model.modules);
      found = definition?.definition.type === 'function_definition' ? definition : null;
      this.imported.set(name, found);
    }
    if (!found) return undefined;
    const inner = seedingFor(found.module).helperSeeds(found.definition);
    return inner.length === 0 ? null : helperSeedCall(call, found.definition, inner, found.module);
  }

  /** `fabric.seed_everything(...)` / `Fabric.seed_everything(...)`: a static method on Fabric. */
  private fabricSeedEverything(fn: SyntaxNode, call: SyntaxNode): SeedCall | undefined {
    // The attribute's length first: this runs for every `x.method(...)` call.
    const attribute = fn.childForFieldName('attribute');
    if (!attribute || attribute.endIndex - attribute.startIndex !== SEED_EVERYTHING.length) return undefined;
    if (methodName(call) !== SEED_EVERYTHING) return undefined;
    const target = receiver(call);
    if (!target) return undefined;
    const isFabric = (n: SyntaxNode) => /^(lightning|lightning_fabric)(\.[\w.]+)?\.Fabric$/.test(this.context.model.names.qualifiedName(n) ?? '');
    const fromInstance = this.context.values.origins(target).some((o) => o.node.type === 'call' && isFabric(callee(o.node)!));
    if (!isFabric(target) && !fromInstance) return undefined;
    const entry = FRAMEWORKS[0]!;
    return frameworkCall(call, 'lightning.Fabric.seed_everything', entry);
  }

  private helperCall(call: SyntaxNode, definition: SyntaxNode, depth: number): SeedCall | undefined {
    if (depth <= 0) return undefined;
    const inner = this.bodySeeds(definition, depth);
    return inner.length === 0 ? undefined : helperSeedCall(call, definition, inner);
  }
}

/**
 * The seeding a call of a helper performs, from the seeding calls in its body (`inner`). For a
 * helper in another module (`module`), no node of that module's tree is kept: `via` stays empty
 * and the value is known only where it maps to an argument at this call.
 */
function helperSeedCall(call: SyntaxNode, definition: SyntaxNode, inner: SeedCall[], module?: SiblingModule): SeedCall {
  const libraries = new Set<SeedLibrary>();
  for (const s of inner) for (const l of s.libraries) libraries.add(l);
  // Map the inner value back to this call site through the helper's parameters.
  const first = inner.find((s) => s.kind !== 'heuristic') ?? inner[0]!;
  const innerValue = first.effectiveValue ?? (first.value.kind === 'given' ? first.value.value : undefined);
  const mapped = innerValue ? mapParameter(innerValue, definition, call) : undefined;
  const result: SeedCall = {
    call,
    libraries,
    kind: inner.every((s) => s.kind === 'heuristic') ? 'heuristic' : 'helper',
    name: definition.childForFieldName('name')?.text ?? 'helper',
    value: mapped ?? { kind: 'absent' },
    entropy: inner.every((s) => s.entropy),
    via: module ? [] : inner,
    conditional: inner.every((s) => guardsOf(s.call, definition).length > 0 || s.conditional),
  };
  if (module) {
    result.definedIn = module.path;
    if (mapped?.kind === 'given') result.effectiveValue = mapped.value;
  } else {
    const fallback = mapped?.kind === 'absent' && innerValue ? parameterDefault(innerValue, definition) : undefined;
    const effective = mapped?.kind === 'given' ? mapped.value : (fallback ?? innerValue);
    if (effective) result.effectiveValue = effective;
  }
  const framework = inner.find((s) => s.framework)?.framework;
  if (framework) result.framework = framework;
  return result;
}

/** The shared recogniser for this lint. */
export function seedingFor(context: SeedingContext): SeedingIndex {
  let index = CACHES.get(context.model);
  if (!index) {
    index = new SeedingIndex(context);
    CACHES.set(context.model, index);
  }
  return index;
}

/** Convenience: the seeding a call performs, if any. */
export function seedingCall(call: SyntaxNode, context: SeedingContext): SeedCall | undefined {
  return seedingFor(context).seedingCall(call);
}

function directCall(call: SyntaxNode, name: string, entry: DirectEntry): SeedCall {
  const value: ArgumentLookup = entry.argument ? lookupArgument(call, entry.argument) : { kind: 'absent' };
  const entropy = !!entry.alwaysEntropy || value.kind === 'absent' || (value.kind === 'given' && value.value.type === 'none');
  const result: SeedCall = { call, libraries: entry.libraries, kind: 'direct', name, value, entropy, via: [], conditional: false };
  if (value.kind === 'given') result.effectiveValue = value.value;
  return result;
}

function frameworkCall(call: SyntaxNode, name: string, entry: FrameworkEntry): SeedCall {
  const value: ArgumentLookup = entry.argument ? lookupArgument(call, entry.argument) : { kind: 'absent' };
  const framework = entry.describe(call);
  const noValue = value.kind === 'absent' || (value.kind === 'given' && value.value.type === 'none');
  const result: SeedCall = {
    call,
    libraries: entry.libraries,
    kind: 'framework',
    name,
    value,
    entropy: noValue && !framework.noneIsSafe && !!entry.argument,
    via: [],
    conditional: false,
    framework,
  };
  if (value.kind === 'given') result.effectiveValue = value.value;
  return result;
}

/**
 * If `expression` (inside `definition`) is one of its parameters, the argument the call site
 * passes for it; `absent` when the site relies on the default. Undefined for anything else.
 */
function mapParameter(expression: SyntaxNode, definition: SyntaxNode, site: SyntaxNode): ArgumentLookup | undefined {
  if (expression.type !== 'identifier') return undefined;
  if (enclosingScope(expression)?.id !== definition.id) return undefined;
  const parameters = definition.childForFieldName('parameters')?.namedChildren ?? [];
  let position = 0;
  let keywordOnly = false;
  for (const p of parameters) {
    if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
    if (id?.text === expression.text) {
      return lookupArgument(site, keywordOnly ? { keyword: id.text } : { keyword: id.text, position });
    }
    position++;
  }
  return undefined;
}

/** The default expression of the parameter `name` names in `definition`, if it has one. */
function parameterDefault(name: SyntaxNode, definition: SyntaxNode): SyntaxNode | undefined {
  for (const p of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    if ((p.type === 'default_parameter' || p.type === 'typed_default_parameter') && p.childForFieldName('name')?.text === name.text) {
      return p.childForFieldName('value') ?? undefined;
    }
  }
  return undefined;
}

/** True when the seeding call certainly seeds `library` (never true for heuristics). */
export function certainlySeeds(seed: SeedCall, library: SeedLibrary): boolean {
  return seed.kind !== 'heuristic' && seed.libraries.has(library);
}

/**
 * Frameworks that seed or drive training for the user (§6): the transformers Trainer, an
 * mmengine Runner, detectron2's default_setup, LightningCLI, sacred's @ex.automain / @ex.main.
 * Returns the node that shows it, for RNG001-style suppression.
 */
export function frameworkSeedingEvidence(model: FileModel): SyntaxNode | undefined {
  if (!EVIDENCE.has(model)) EVIDENCE.set(model, findFrameworkSeedingEvidence(model));
  return EVIDENCE.get(model);
}

/** `frameworkSeedingEvidence` per model (undefined: none). */
const EVIDENCE = new WeakMap<FileModel, SyntaxNode | undefined>();

/** Any of the name patterns `findFrameworkSeedingEvidence` looks at (LightningCLI's flag aside). */
function isTrainingDriver(name: string): boolean {
  return (
    /^transformers(\.[\w.]+)?\.(Trainer|Seq2SeqTrainer)$/.test(name) ||
    /^trl(\.[\w.]+)?\.\w*Trainer$/.test(name) ||
    /^mmengine\.runner(\.runner)?\.Runner(\.from_cfg)?$/.test(name) ||
    /^(mmcv|mmdet|mmseg|mmcls|mmpretrain)(\.[\w.]+)?\.train_\w+$/.test(name) ||
    /^detectron2\.engine(\.defaults)?\.(default_setup|launch)$/.test(name) ||
    /^(lightning\.pytorch|pytorch_lightning|lightning)(\.cli|\.utilities\.cli)?\.LightningCLI$/.test(name)
  );
}

function findFrameworkSeedingEvidence(model: FileModel): SyntaxNode | undefined {
  // The Trainer / Runner / launcher patterns, tested once per distinct callee name.
  const drivers = new Map<string, boolean>();
  for (const call of model.calls) {
    const name = model.calleeName(call);
    if (!name) continue;
    let driver = drivers.get(name);
    if (driver === undefined) drivers.set(name, (driver = isTrainingDriver(name)));
    if (!driver) continue;
    if (/^transformers(\.[\w.]+)?\.(Trainer|Seq2SeqTrainer)$/.test(name)) return call;
    if (/^trl(\.[\w.]+)?\.\w*Trainer$/.test(name)) return call;
    if (/^mmengine\.runner(\.runner)?\.Runner(\.from_cfg)?$/.test(name)) return call;
    if (/^(mmcv|mmdet|mmseg|mmcls|mmpretrain)(\.[\w.]+)?\.train_\w+$/.test(name)) return call;
    if (/^detectron2\.engine(\.defaults)?\.(default_setup|launch)$/.test(name)) return call;
    if (/^(lightning\.pytorch|pytorch_lightning|lightning)(\.cli|\.utilities\.cli)?\.LightningCLI$/.test(name)) {
      const flag = argumentValue(call, { keyword: 'seed_everything_default' });
      if (!flag || flag.type !== 'false') return call;
    }
  }
  for (const decorator of model.tree.nodesOfType('decorator')) {
    const expression = decorator.namedChild(0);
    if (!expression) continue;
    const text = expression.type === 'call' ? expression.childForFieldName('function')?.text : expression.text;
    // sacred: `ex = Experiment(...)`, then `@ex.automain` / `@ex.main`.
    if (text && /\.(automain|main)$/.test(text)) {
      const root = expression.type === 'call' ? expression.childForFieldName('function')! : expression;
      const object = root.childForFieldName('object');
      const binding = object?.type === 'identifier' ? model.names.lookup(object) : undefined;
      const value = binding?.value;
      if (value?.type === 'call' && /^sacred(\.experiment)?\.Experiment$/.test(model.calleeName(value) ?? '')) return decorator;
    }
  }
  return undefined;
}
