// RNG004: the seed comes from the clock, the pid, OS entropy or an unseeded draw, or a seeding
// call reseeds from OS entropy (`np.random.seed()`, `torch.seed()`), so the run cannot be repeated.

import { callArguments, methodName } from '../analysis/calls';
import { enclosingLoops, isLoopVariant, loopNames } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { seedingFor, type SeedCall, type SeedLibrary } from '../analysis/seeding';
import { ancestors, enclosingStatement, isInside, nodesInside } from '../analysis/syntax';
import { seededByPyTorchInWorker } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  source: string;
  /** The value is printed or logged right after it is drawn, so the run can be repeated by hand. */
  recorded?: boolean;
}

const CLOCK = /^(time\.(time|time_ns|perf_counter|perf_counter_ns|monotonic|monotonic_ns|process_time|clock)|datetime\.datetime\.(now|utcnow|today)|datetime\.date\.today)$/;
const PROCESS = /^os\.(getpid|getppid|urandom)$/;
const ENTROPY = /^(uuid\.uuid[1345]|secrets\.\w+|random\.SystemRandom|os\.urandom|numpy\.random\.SeedSequence|torch\.seed|torch\.random\.seed)$/;

/** Qualified-name prefix of a library's global draw functions. */
const GLOBAL_DRAW: Record<'random' | 'numpy', RegExp> = {
  random: /^random\.(random|randint|randrange|getrandbits|choice|uniform|sample|shuffle|gauss|normalvariate|randbytes)$/,
  numpy: /^numpy\.random\.(rand|randn|randint|random|random_sample|random_integers|choice|uniform|normal|permutation|bytes)$/,
};

const MAX_DEPTH = 4;

interface Found {
  source: string;
  node: SyntaxNode;
}

class SourceFinder {
  private readonly seen = new Set<number>();

  constructor(private readonly context: RuleContext, private readonly seededBefore: (library: SeedLibrary, at: SyntaxNode) => boolean) {}

  find(expression: SyntaxNode, depth = MAX_DEPTH): Found | undefined {
    if (depth <= 0 || this.seen.has(expression.id)) return undefined;
    this.seen.add(expression.id);
    for (const origin of this.context.values.origins(expression)) {
      const found = this.inNode(origin.node, depth);
      if (found) return found;
    }
    return undefined;
  }

  private inNode(node: SyntaxNode, depth: number): Found | undefined {
    const { model } = this.context;
    for (const call of sourceCallsIn(node, this.context)) {
      const name = model.calleeName(call);
      if (!name) {
        // `datetime.now()` after `from datetime import datetime` resolves; `random.SystemRandom().randint` too.
        const method = methodName(call);
        const object = call.childForFieldName('function')?.childForFieldName('object');
        if (method && object?.type === 'call' && /^random\.SystemRandom$/.test(model.calleeName(object) ?? '')) return { source: 'OS entropy (`random.SystemRandom`)', node: call };
        continue;
      }
      if (CLOCK.test(name)) return { source: `the clock (\`${shortName(name)}\`)`, node: call };
      if (PROCESS.test(name)) return { source: name === 'os.urandom' ? 'OS entropy (`os.urandom`)' : `the process id (\`${shortName(name)}\`)`, node: call };
      // `torch.seed()` used as a value is itself a seeding call from entropy, reported on its own.
      if (ENTROPY.test(name) && !/^torch(\.random)?\.seed$/.test(name)) {
        // `torch.initial_seed()` is not here: inside a worker it is the (reproducible) worker seed.
        return { source: `OS entropy (\`${shortName(name)}\`)`, node: call };
      }
      for (const library of ['random', 'numpy'] as const) {
        if (GLOBAL_DRAW[library].test(name) && !this.seededBefore(library, call)) {
          return { source: `an unseeded draw (\`${shortName(name)}\`)`, node: call };
        }
      }
    }
    const names = node.type === 'identifier' ? [] : node.descendantsOfType('identifier').filter((id) => !isAttributeName(id));
    for (const id of names) {
      const found = this.find(id, depth - 1);
      if (found) return found;
    }
    return undefined;
  }
}

/**
 * The calls that may be a nondeterministic source (the tests of `SourceFinder.inNode`, less the
 * "seeded before" condition), in document order, per model: origin nodes are searched for them
 * by position instead of walking every call inside.
 */
const SOURCE_CALLS = new WeakMap<RuleContext['model'], { calls: SyntaxNode[] }>();

function isSourceName(name: string): boolean {
  return CLOCK.test(name) || PROCESS.test(name) || (ENTROPY.test(name) && !/^torch(\.random)?\.seed$/.test(name)) || GLOBAL_DRAW.random.test(name) || GLOBAL_DRAW.numpy.test(name);
}

/**
 * `random.SystemRandom().<method>(...)` calls whose own callee does not resolve: found from the
 * `SystemRandom` constructions (the object of their callee), not by looking at every call.
 */
function systemRandomMethodCalls(context: RuleContext): Set<number> {
  const { model } = context;
  const found = new Set<number>();
  for (const construction of model.callsTo('random.SystemRandom')) {
    const fn = construction.parent;
    if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.id !== construction.id) continue;
    const call = fn.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== fn.id) continue;
    if (!model.calleeName(call) && methodName(call)) found.add(call.id);
  }
  return found;
}

/** The candidate source calls inside `node` (itself included), in document order. */
function sourceCallsIn(node: SyntaxNode, context: RuleContext): SyntaxNode[] {
  let index = SOURCE_CALLS.get(context.model);
  if (!index) {
    const { model } = context;
    // Named calls: the patterns tested once per distinct name.
    const byName = new Map<string, boolean>();
    const isSource = (name: string) => {
      let source = byName.get(name);
      if (source === undefined) byName.set(name, (source = isSourceName(name)));
      return source;
    };
    const systemRandom = systemRandomMethodCalls(context);
    const calls = model.calls.filter((c) => {
      const name = model.calleeName(c);
      return name ? isSource(name) : systemRandom.has(c.id);
    });
    index = { calls };
    SOURCE_CALLS.set(context.model, index);
  }
  // Inside the node's span and not an ancestor of it (node ids are in document order).
  return nodesInside(index.calls, node, (call) => call.id >= node.id);
}

function isAttributeName(id: SyntaxNode): boolean {
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return true;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) return true;
  return false;
}

function shortName(name: string): string {
  return name.replace(/^numpy\./, 'np.').replace(/^datetime\.datetime\./, 'datetime.');
}

/** The start of the line `lines` lines above the one holding `offset`. */
function lineStartAbove(text: string, offset: number, lines: number): number {
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  for (let i = 0; i < lines && start > 0; i++) start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
  return start;
}

/** The offset of the line break ending the line `lines` lines below the one holding `offset` (or the text's end). */
function lineEndBelow(text: string, offset: number, lines: number): number {
  let end = text.indexOf('\n', offset);
  for (let i = 0; i < lines && end >= 0; i++) end = text.indexOf('\n', end + 1);
  return end < 0 ? text.length : end;
}

/**
 * The value is printed, logged or saved near the seed, or right after it is drawn: the run can
 * be repeated by hand.
 */
function isRecorded(value: SyntaxNode, draw: SyntaxNode, seedStatement: SyntaxNode, context: RuleContext): boolean {
  const names = recordableNames(value, draw, context);
  if (names.length === 0) return false;
  const drawStatement = enclosingStatement(draw);
  const near = [...statementsNear(seedStatement, 4, 4, context), ...statementsNear(drawStatement, 0, 4, context, drawStatement.endIndex)];
  return near.some((statement) => recordCalls(statement, context).some((call) => callArguments(call).some((a) => names.some((n) => a.text.includes(n)))));
}

const DOTTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/**
 * What a print or log call would show of the value: the value itself when it is a name or dotted
 * name (`seed`, `opt.manualSeed`), else the plain names inside it that carry the draw
 * (`seed` in `str(seed)` or `seed + worker_id`).
 */
function recordableNames(value: SyntaxNode, draw: SyntaxNode, context: RuleContext): string[] {
  if (DOTTED_NAME.test(value.text)) return [value.text];
  return value
    .descendantsOfType('identifier')
    .filter((id) => id.parent?.type !== 'attribute' && !isAttributeName(id) && id.parent?.childForFieldName('function')?.id !== id.id)
    .filter((id) => context.values.origins(id).some((o) => isInside(draw, o.node)))
    .map((id) => id.text);
}

/**
 * The statements of `statement`'s block that start between `above` lines above it and `below`
 * lines below `from` (its start, or another offset). Compared by offset: a module block can hold
 * thousands of statements.
 */
function statementsNear(statement: SyntaxNode, above: number, below: number, context: RuleContext, from = statement.startIndex): SyntaxNode[] {
  const block = statement.parent;
  if (!block) return [];
  const first = above === 0 ? statement.startIndex : lineStartAbove(context.text, statement.startIndex, above);
  const last = lineEndBelow(context.text, from, below);
  return block.namedChildren.filter((s) => s.startIndex >= first && s.startIndex <= last);
}

/** Calls in `statement` that print, log or save their arguments. */
function recordCalls(statement: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const calls = context.model.callsWithin(statement).concat(statement.type === 'expression_statement' && statement.namedChild(0)?.type === 'call' ? [statement.namedChild(0)!] : []);
  return calls.filter((call) => {
    const text = call.childForFieldName('function')?.text ?? '';
    return /(^print$|log|info|debug|warning|write|dump|save|add_text|add_scalar|wandb|mlflow|^str$)/i.test(text.split('.').pop() ?? '') || /(logger|logging|wandb|mlflow|writer)\./.test(text);
  });
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const index = seedingFor(context);
  const seed = index.seedingCall(call);
  if (!seed || seed.kind === 'heuristic' || seed.kind === 'helper') return [];
  if (seed.entropy) return [{ node: call, data: { source: entropyDescription(seed) } }];
  const value = seed.value.kind === 'given' ? seed.value.value : undefined;
  if (!value) return [];
  const seededBefore = (library: SeedLibrary, at: SyntaxNode) =>
    index.all().some((s) => s.call.id !== call.id && s.call.startIndex < at.startIndex && s.libraries.has(library) && !s.entropy) ||
    seededByPyTorchInWorker(library, at, context.model, context.values, context.project.declared);
  const found = new SourceFinder(context, seededBefore).find(value);
  if (!found) return [];
  // Traps: a recorded value (hint only), and deliberate diversity (a new seed per trial: info only).
  if (isRecorded(value, found.node, enclosingStatement(call), context)) return [{ node: call, data: { source: found.source, recorded: true }, severity: 'hint' }];
  if (diversityLoop(call, found.node, context)) return [{ node: call, data: { source: found.source }, severity: 'info' }];
  return [{ node: call, data: { source: found.source } }];
}

/** A loop draws a fresh seed per trial (hyper-parameter search, evolutionary runs): deliberate. */
function diversityLoop(call: SyntaxNode, source: SyntaxNode, context: RuleContext): boolean {
  // Only loops over trials, runs or candidates: a training loop that reseeds from the clock on
  // every iteration (an RL script's `for i in range(max_iterations)`) is no search.
  const loops = enclosingLoops(call).filter(isSearchLoop);
  if (loops.length === 0) return false;
  for (const a of ancestors(source)) if (loops.some((l) => l.id === a.id)) return true;
  return loops.some((l) => isLoopVariant(source, l, context));
}

/** What a hyper-parameter search or an evolutionary loop iterates, by its target or iterable's name. */
const SEARCH_NAME = /(trial|run|search|config|cfg|generation|gen|population|individual|candidate|member|sweep|hparam|param|exp|experiment|seed|restart|attempt)s?$/i;

function isSearchLoop(loop: SyntaxNode): boolean {
  const { targets, iterables } = loopNames(loop);
  return [...targets, ...iterables].some((n) => SEARCH_NAME.test(n));
}

function entropyDescription(seed: SeedCall): string {
  if (/^torch(\.random)?\.seed$|^torch\.cuda\.seed(_all)?$/.test(seed.name)) return `OS entropy (\`${seed.name}()\` reseeds from a nondeterministic value)`;
  return `OS entropy (\`${seed.name.replace(/^numpy\./, 'np.')}\` is called without a seed)`;
}

const DOCS = `## What it does
Flags a seeding call whose value comes from the clock (\`time.time()\`, \`datetime.now()\`), the
process id, OS entropy (\`os.urandom\`, \`uuid\`, \`secrets\`, \`torch.seed()\`), or a draw from an
unseeded \`random\` / \`np.random\`; and seeding calls with no value or \`None\`
(\`np.random.seed()\`, \`random.seed()\`), which reseed from OS entropy, as does \`torch.seed()\`.

Lightning's \`seed_everything()\` with no argument is not flagged: it falls back to the
\`PL_GLOBAL_SEED\` environment variable or to 0. A value that is printed or logged right after it is
drawn is reported as a hint only, and a fresh seed per trial inside a search loop (hyper-parameter
search, evolutionary runs: a loop over trials, runs, configurations or candidates, by its names)
as info only.

## Why is this bad?
The run cannot be repeated unless the value is recorded somewhere. Time-based worker seeds are a
known anti-pattern: PyTorch already draws a new base seed for workers every epoch, so
\`get_worker_info().seed\` does not repeat, and a clock-based seed only makes runs irreproducible.

## Example
\`\`\`python
import time
import numpy.random as npr

npr.seed(int(time.time()))
\`\`\`

Use instead:
\`\`\`python
import numpy.random as npr

npr.seed(args.seed)
\`\`\`

## References
- [Reproducibility (PyTorch notes)](https://pytorch.org/docs/stable/notes/randomness.html)
- [numpy.random.seed](https://numpy.org/doc/stable/reference/random/generated/numpy.random.seed.html): "If seed is None, then RandomState will try to read data from /dev/urandom"
- [random.seed](https://docs.python.org/3/library/random.html#random.seed): "If a is omitted or None, the current system time is used"
- isl-org/Open3D-ML PR #254 (time-based worker seeds)
`;

export default defineRule<Data>({
  code: 'RNG004',
  name: 'nondeterministic-seed-value',
  severity: 'warning',
  fixAvailability: 'none',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.recorded
      ? `The seed comes from ${d.source}; it is logged here, so the run can only be repeated by passing that value back`
      : `The seed comes from ${d.source}, so this run cannot be repeated`,
  fixTitle: () => 'Take the seed from the configuration, or log it',
  docs: DOCS,
  // Only seeding calls can be findings: visit them (document order) rather than every call.
  visit: { module: (_module, context) => seedingFor(context).all().flatMap((seed) => check(seed.call, context)) },
});
