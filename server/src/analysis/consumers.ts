// RNG consumers (spec §4.3): statements that draw from a library's *global* RNG state. Used by
// the ordering rules (RNG001, RNG002, RNG006, RNG115). Constructing a DataLoader, a sampler or a
// Dataset draws nothing (F3, W13); iterating a loader does. Calls that pass `generator=` or use
// an RNG object, code inside `with torch.random.fork_rng():` (F17), and worker-only code are not
// consumers.

import { argumentValue, callArguments, lookupArgument, methodName } from './calls';
import { iteratedExpressions } from './flow';
import type { ValueTracker } from './flow';
import { callsDirectlyIn, localClass, localFunction } from './entry-points';
import { DATA_LOADER } from './known-names';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { ancestors, enclosingScope, isInside, unparenthesize } from './syntax';

export type ConsumerLibrary = 'torch' | 'numpy' | 'random';

export type ConsumerKind =
  /** Constructing an nn.Module with randomly initialised parameters. */
  | 'model'
  /** `torch.rand*`, `np.random.*`, `random.*`, in-place `.normal_()`, `nn.init.*`. */
  | 'draw'
  /** `random_split` without `generator=`. */
  | 'split'
  /** `for ... in loader`, `iter(loader)`, `next(iter(loader))` on a loader without `generator=`. */
  | 'loader-iteration'
  /** Constructing a same-file Dataset whose `__init__` visibly draws. */
  | 'dataset-init'
  /** A same-file helper whose body consumes (followed one level). */
  | 'helper';

export interface Consumer {
  /** The call, or the `for` statement for loader iteration. */
  node: SyntaxNode;
  library: ConsumerLibrary;
  kind: ConsumerKind;
  /** Short description for messages: "`Net()`", "`torch.randn`", "iterating `loader`". */
  description: string;
  /** For `helper`: the consumer inside the helper's body. */
  via?: Consumer;
}

export interface ConsumerContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
}

const TORCH_DRAWS = new Set(
  ['rand', 'randn', 'randint', 'randperm', 'normal', 'bernoulli', 'multinomial', 'poisson', 'rand_like', 'randn_like', 'randint_like'].map((f) => `torch.${f}`),
);

/** In-place tensor methods that draw from the tensor's device generator (global unless `generator=`). */
const INPLACE_DRAWS = new Set(['normal_', 'uniform_', 'bernoulli_', 'random_', 'exponential_', 'geometric_', 'cauchy_', 'log_normal_']);

/** torch.nn layers whose constructors draw initial weights (reset_parameters uses nn.init). */
const RANDOM_INIT_LAYERS = new Set([
  'Linear', 'Bilinear', 'LazyLinear',
  'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d',
  'LazyConv1d', 'LazyConv2d', 'LazyConv3d', 'LazyConvTranspose1d', 'LazyConvTranspose2d', 'LazyConvTranspose3d',
  'Embedding', 'EmbeddingBag', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell',
  'MultiheadAttention', 'Transformer', 'TransformerEncoder', 'TransformerDecoder', 'TransformerEncoderLayer', 'TransformerDecoderLayer',
]);

/** np.random functions that do not draw from (or that replace) the global state. */
const NUMPY_NON_DRAWS = new Set(['seed', 'get_state', 'set_state', 'RandomState', 'default_rng', 'Generator', 'SeedSequence', 'BitGenerator', 'PCG64', 'PCG64DXSM', 'MT19937', 'Philox', 'SFC64', 'mtrand']);
const RANDOM_NON_DRAWS = new Set(['seed', 'getstate', 'setstate', 'Random', 'SystemRandom']);

/** Module classes from frameworks whose construction builds layers. */
const MODULE_BASES = /^(torch\.nn\.Module|torch\.nn\.modules\.module\.Module|lightning\.(pytorch\.)?LightningModule|pytorch_lightning\.(core\.)?LightningModule|lightning\.LightningModule)$/;

/**
 * The `with` statements that have a `torch.random.fork_rng(...)` item anywhere inside them
 * (their own item, or a nested `with` in their body), per model: `insideForkRng` is asked for
 * every call, and most files have no fork_rng at all.
 */
const FORK_WITHS = new WeakMap<FileModel, SyntaxNode[]>();

function forkRngWiths(model: FileModel): SyntaxNode[] {
  let withs = FORK_WITHS.get(model);
  if (withs) return withs;
  const found = new Map<number, SyntaxNode>();
  for (const item of model.tree.nodesOfType('with_item')) {
    const value = item.childForFieldName('value');
    const call = value?.type === 'as_pattern' ? value.namedChild(0) : value;
    if (call?.type !== 'call' || !/^torch(\.random)?\.fork_rng$/.test(model.calleeName(call) ?? '')) continue;
    for (const a of ancestors(item)) if (a.type === 'with_statement') found.set(a.id, a);
  }
  withs = [...found.values()];
  FORK_WITHS.set(model, withs);
  return withs;
}

/** True when `node` runs inside `with torch.random.fork_rng(...)` (F17). */
export function insideForkRng(node: SyntaxNode, model: FileModel): boolean {
  const withs = forkRngWiths(model);
  if (!withs.some((w) => w.id !== node.id && isInside(node, w))) return false;
  for (const a of ancestors(node)) {
    if (a.type === 'function_definition' || a.type === 'class_definition') return false;
    if (a.type === 'with_statement' && withs.some((w) => w.id === a.id)) return true;
  }
  return false;
}

function hasGenerator(call: SyntaxNode): boolean {
  return lookupArgument(call, { keyword: 'generator' }).kind !== 'absent';
}

/** True when a same-file class derives (through same-file classes too) from nn.Module. */
export function isModuleClass(definition: SyntaxNode, model: FileModel, depth = 4): boolean {
  if (depth !== 4) return moduleClass(definition, model, depth);
  // Asked for every construction of a same-file class: answered once per class.
  let known = MODULE_CLASSES.get(model);
  if (!known) MODULE_CLASSES.set(model, (known = new Map()));
  let answer = known.get(definition.id);
  if (answer === undefined) known.set(definition.id, (answer = moduleClass(definition, model, depth)));
  return answer;
}

const MODULE_CLASSES = new WeakMap<FileModel, Map<number, boolean>>();

function moduleClass(definition: SyntaxNode, model: FileModel, depth: number): boolean {
  if (depth <= 0 || definition.type !== 'class_definition') return false;
  const bases = definition.childForFieldName('superclasses')?.namedChildren ?? [];
  for (const base of bases) {
    if (base.type === 'keyword_argument') continue;
    const name = model.names.qualifiedName(base);
    if (name && MODULE_BASES.test(name)) return true;
    if (base.type === 'identifier') {
      const binding = model.names.lookup(base);
      if (binding?.kind === 'class' && binding.definition && isModuleClass(binding.definition, model, depth - 1)) return true;
    }
  }
  return false;
}

/** Libraries whose model factories draw initial weights when called. */
function isModelFactory(name: string): boolean {
  if (/^torchvision\.models\.(?!.*(get_weights|list_models|get_model_weights|Weights$|_Weights$))[\w.]+$/.test(name) && !/\.(detection|segmentation|video|quantization|optical_flow)$/.test(name)) {
    const last = name.split('.').pop()!;
    return /^[a-z]/.test(last) || /^[A-Z]\w*Net\w*$|^ResNet|^VGG|^AlexNet|^VisionTransformer|^SwinTransformer|^ConvNeXt|^EfficientNet|^MobileNet/.test(last);
  }
  if (name === 'timm.create_model' || name === 'timm.models.create_model') return true;
  return false;
}

/** `directConsumer` answers by call id, per model (null: not a consumer). */
const DIRECT = new WeakMap<FileModel, Map<number, Consumer | null>>();

/**
 * The consumer a single call is, or undefined. Does not look into same-file helpers (see
 * `consumerOf` for that) and does not check `fork_rng` or worker placement. Answered once per
 * call: the returned object is shared, do not mutate it.
 */
export function directConsumer(call: SyntaxNode, context: ConsumerContext): Consumer | undefined {
  let known = DIRECT.get(context.model);
  if (!known) DIRECT.set(context.model, (known = new Map()));
  const cached = known.get(call.id);
  if (cached !== undefined) return cached ?? undefined;
  const found = classifyCall(call, context);
  known.set(call.id, found ?? null);
  return found;
}

const short = (text: string) => `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;

/**
 * What a qualified callee name alone says about a call (the patterns below, each belonging to
 * one top-level package). Computed once per distinct name: a file calls the same names over and
 * over.
 */
type NameConsumer =
  /** Draws from torch's global generator unless the call passes `generator=`. */
  | { kind: 'generator-draw'; consumer: 'draw' | 'split'; description: string }
  /** Builds randomly initialised layers (`nn.Linear`, `resnet18`). */
  | { kind: 'model' }
  | { kind: 'global-draw'; library: 'numpy' | 'random'; description: string }
  /** `train_test_split`: draws unless given a `random_state` (and decided there, either way). */
  | { kind: 'train-test-split' }
  /** `iter` / `next`: loader iteration when the argument is a loader. */
  | { kind: 'iterate' }
  | { kind: 'none' };

function nameConsumer(name: string): NameConsumer {
  const dot = name.indexOf('.');
  switch (dot < 0 ? name : name.slice(0, dot)) {
    case 'torch': {
      if (TORCH_DRAWS.has(name)) return { kind: 'generator-draw', consumer: 'draw', description: short(name) };
      if (/^torch\.nn\.init\.\w+$/.test(name) && !/(zeros_|ones_|constant_|eye_|dirac_|calculate_gain|_calculate\w*)$/.test(name)) {
        return { kind: 'generator-draw', consumer: 'draw', description: short(name) };
      }
      if (/^torch\.utils\.data(\.dataset)?\.random_split$/.test(name)) return { kind: 'generator-draw', consumer: 'split', description: '`random_split`' };
      const layer = /^torch\.nn\.(modules\.\w+\.)?(\w+)$/.exec(name);
      if (layer && RANDOM_INIT_LAYERS.has(layer[2]!)) return { kind: 'model' };
      break;
    }
    case 'torchvision':
    case 'timm':
      if (isModelFactory(name)) return { kind: 'model' };
      break;
    case 'numpy': {
      const numpy = /^numpy\.random\.(\w+)$/.exec(name);
      if (numpy && !NUMPY_NON_DRAWS.has(numpy[1]!)) return { kind: 'global-draw', library: 'numpy', description: short(`np.random.${numpy[1]}`) };
      break;
    }
    case 'random': {
      const python = /^random\.(\w+)$/.exec(name);
      if (python && !RANDOM_NON_DRAWS.has(python[1]!)) return { kind: 'global-draw', library: 'random', description: short(`random.${python[1]}`) };
      break;
    }
    case 'sklearn':
      // scikit-learn splitters without random_state draw from the global NumPy state.
      if (/^sklearn\.model_selection(\._split)?\.train_test_split$/.test(name)) return { kind: 'train-test-split' };
      break;
    case 'builtins':
      if (name === 'builtins.iter' || name === 'builtins.next') return { kind: 'iterate' };
      break;
  }
  return { kind: 'none' };
}

const NAME_CONSUMERS = new WeakMap<FileModel, Map<string, NameConsumer>>();

function classifyCall(call: SyntaxNode, context: ConsumerContext): Consumer | undefined {
  const { model } = context;
  const name = model.calleeName(call);
  if (name) {
    let names = NAME_CONSUMERS.get(model);
    if (!names) NAME_CONSUMERS.set(model, (names = new Map()));
    let byName = names.get(name);
    if (!byName) names.set(name, (byName = nameConsumer(name)));
    switch (byName.kind) {
      case 'generator-draw':
        return hasGenerator(call) ? undefined : { node: call, library: 'torch', kind: byName.consumer, description: byName.description };
      case 'model':
        return { node: call, library: 'torch', kind: 'model', description: short(`${call.childForFieldName('function')!.text}()`) };
      case 'global-draw':
        return { node: call, library: byName.library, kind: 'draw', description: byName.description };
      case 'train-test-split': {
        const state = lookupArgument(call, { keyword: 'random_state' });
        const shuffle = argumentValue(call, { keyword: 'shuffle' });
        if ((state.kind === 'absent' || (state.kind === 'given' && state.value.type === 'none')) && shuffle?.type !== 'false') {
          return { node: call, library: 'numpy', kind: 'draw', description: '`train_test_split`' };
        }
        return undefined;
      }
      case 'iterate': {
        const loader = iteratedLoader(call, context);
        if (loader) return { node: call, library: 'torch', kind: 'loader-iteration', description: `iterating \`${loader.text}\`` };
        break;
      }
    }
  }
  const method = methodName(call);
  if (method && INPLACE_DRAWS.has(method) && !hasGenerator(call)) {
    return { node: call, library: 'torch', kind: 'draw', description: short(`.${method}()`) };
  }
  const definition = localClass(call, model);
  if (definition) {
    if (isModuleClass(definition, model)) return { node: call, library: 'torch', kind: 'model', description: short(`${call.childForFieldName('function')!.text}()`) };
    const init = classMethod(definition, '__init__');
    if (init) {
      for (const inner of model.callsWithin(init)) {
        const drawn = directConsumer(inner, context);
        if (drawn && drawn.kind === 'draw' && !insideForkRng(inner, model)) {
          return { node: call, library: drawn.library, kind: 'dataset-init', description: short(`${call.childForFieldName('function')!.text}()`), via: drawn };
        }
      }
    }
  }
  return undefined;
}

/**
 * The consumers a call stands for: itself, or (for a same-file function) the consumers in its
 * body, one level deep. Returns one consumer per library at most, the first in source order.
 */
export function consumersOfCall(call: SyntaxNode, context: ConsumerContext, followHelpers = 1): Consumer[] {
  if (insideForkRng(call, context.model)) return [];
  const direct = directConsumer(call, context);
  if (direct) return [direct];
  if (followHelpers <= 0) return [];
  const definition = localFunction(call, context.model);
  if (!definition) return [];
  const found = new Map<ConsumerLibrary, Consumer>();
  for (const consumer of consumersIn(definition, context, followHelpers - 1)) {
    if (!found.has(consumer.library)) {
      found.set(consumer.library, { node: call, library: consumer.library, kind: 'helper', description: `\`${definition.childForFieldName('name')?.text ?? 'helper'}()\``, via: consumer });
    }
  }
  return [...found.values()];
}

/** The DataLoader a `for` statement, `iter(x)` or `next(iter(x))` iterates, when it has no `generator=`. */
export function iteratedLoader(node: SyntaxNode, context: ConsumerContext): SyntaxNode | undefined {
  const { model, values } = context;
  let expressions: SyntaxNode[];
  if (node.type === 'for_statement') {
    const right = node.childForFieldName('right');
    expressions = right ? iteratedExpressions(model, right) : [];
  } else if (node.type === 'call') {
    const args = callArguments(node);
    expressions = args.length > 0 ? iteratedExpressions(model, args[0]!) : [];
  } else {
    return undefined;
  }
  for (const expression of expressions) {
    for (const origin of values.origins(unparenthesize(expression))) {
      const o = origin.node;
      if (o.type === 'call' && model.calleeName(o) === DATA_LOADER && !hasGenerator(o)) return expression;
    }
  }
  return undefined;
}

/**
 * Consumers lexically inside `container` (its own scope; nested functions and classes excluded),
 * in source order, including loader iteration by `for` statements and helpers `followHelpers`
 * levels deep.
 */
export function consumersIn(container: SyntaxNode, context: ConsumerContext, followHelpers = 1): Consumer[] {
  const { model } = context;
  let cache = CACHE.get(model);
  if (!cache) CACHE.set(model, (cache = new Map()));
  const key = `${container.id}:${followHelpers}`;
  const cached = cache.get(key);
  if (cached) return cached;
  cache.set(key, []); // recursion guard (a helper calling itself)
  const found: Consumer[] = [];
  for (const call of callsDirectlyIn(container, model)) {
    found.push(...consumersOfCall(call, context, followHelpers));
  }
  for (const loop of forLoopsIn(container, model)) {
    const consumer = loopConsumer(loop, context);
    if (consumer) found.push(consumer);
  }
  found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  cache.set(key, found);
  return found;
}

/** The `for` statements in `container`'s own scope, in document order. */
function forLoopsIn(container: SyntaxNode, model: FileModel): SyntaxNode[] {
  const scope = container.type === 'module' ? null : enclosingScope(container.child(0) ?? container);
  const inContainer = (n: SyntaxNode) =>
    n.startIndex >= container.startIndex && n.endIndex <= container.endIndex && (enclosingScope(n)?.id ?? null) === (scope?.id ?? null);
  // model.loops is in document order: start at the first loop inside the container.
  const loops = model.loops;
  let lo = 0;
  let hi = loops.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (loops[mid]!.startIndex < container.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const found: SyntaxNode[] = [];
  for (let i = lo; i < loops.length && loops[i]!.startIndex < container.endIndex; i++) {
    const loop = loops[i]!;
    if (loop.type === 'for_statement' && inContainer(loop)) found.push(loop);
  }
  return found;
}

/** A `for` over a DataLoader without `generator=` (outside fork_rng) draws from torch. */
function loopConsumer(loop: SyntaxNode, context: ConsumerContext): Consumer | undefined {
  if (insideForkRng(loop, context.model)) return undefined;
  const loader = iteratedLoader(loop, context);
  return loader ? { node: loop, library: 'torch', kind: 'loader-iteration', description: `iterating \`${loader.text}\`` } : undefined;
}

/**
 * The first of `consumersIn(container, context, 1)` (same order) that `accept`s, among those
 * starting before `before`: only the calls and loops up to there are classified. RNG002 asks for
 * the draws before a scope's first seed, usually near the top of a long scope.
 */
export function firstConsumerBefore(container: SyntaxNode, before: number, accept: (consumer: Consumer) => boolean, context: ConsumerContext): Consumer | undefined {
  const known = CACHE.get(context.model)?.get(`${container.id}:1`);
  if (known) return known.find((c) => c.node.startIndex < before && accept(c));
  const prefix = consumerPrefix(container, context);
  for (let k = 0; ; k++) {
    while (k >= prefix.found.length && prefix.extend(before));
    const consumer = prefix.found[k];
    if (!consumer || consumer.node.startIndex >= before) return undefined;
    if (accept(consumer)) return consumer;
  }
}

/**
 * `consumersIn(container, context, 1)` produced from the top down as far as asked, per model and
 * container: each scope's seeds (one per library) ask about the part above them.
 */
interface ConsumerPrefix {
  /** The consumers classified so far, in `consumersIn` order. */
  readonly found: Consumer[];
  /** Classifies the next call or loop if it starts before `before`; false when none is left there. */
  extend(before: number): boolean;
}

const PREFIXES = new WeakMap<FileModel, Map<number, ConsumerPrefix>>();

function consumerPrefix(container: SyntaxNode, context: ConsumerContext): ConsumerPrefix {
  let byContainer = PREFIXES.get(context.model);
  if (!byContainer) PREFIXES.set(context.model, (byContainer = new Map()));
  let prefix = byContainer.get(container.id);
  if (prefix) return prefix;
  const calls = callsDirectlyIn(container, context.model);
  const loops = forLoopsIn(container, context.model);
  const found: Consumer[] = [];
  // Merge by start offset; a call before a loop at the same offset, as consumersIn's stable sort does.
  let i = 0;
  let j = 0;
  prefix = {
    found,
    extend(before: number): boolean {
      const call = calls[i];
      const loop = loops[j];
      const callFirst = call !== undefined && (loop === undefined || call.startIndex <= loop.startIndex);
      const next = callFirst ? call : loop;
      if (next === undefined || next.startIndex >= before) return false;
      if (callFirst) {
        i++;
        found.push(...consumersOfCall(call!, context, 1));
      } else {
        j++;
        const consumer = loopConsumer(loop!, context);
        if (consumer) found.push(consumer);
      }
      return true;
    },
  };
  byContainer.set(container.id, prefix);
  return prefix;
}

/** Per-lint cache of `consumersIn`, weakly keyed by the file model. */
const CACHE = new WeakMap<FileModel, Map<string, Consumer[]>>();

function classMethod(definition: SyntaxNode, name: string): SyntaxNode | undefined {
  const body = definition.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    const fn = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) return fn;
  }
  return undefined;
}

export { classMethod };
