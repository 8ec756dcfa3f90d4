// RNG003: a global seed re-applied inside a loop with a value that does not change between
// iterations, including the idiom `generator=torch.manual_seed(k)` (which reseeds the global
// generator and returns it, F1).

import { argumentValue, lookupArgument } from '../analysis/calls';
import { insideForkRng } from '../analysis/consumers';
import { enclosingLoops, isBatchLoop, isLoopInvariant, loopNames, reindentLines } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { seedingFor, type SeedCall } from '../analysis/seeding';
import { enclosingScope, enclosingStatement, isInside, lineIndent, rootIdentifier, unparenthesize } from '../analysis/syntax';
import { rangeLength } from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  seed: string;
  /** `generator=` form: the replacement expression. */
  generator?: string;
  /** The function holding the call, when a loop calls it (the call itself is in no loop). */
  via?: string;
  /** 1-based line of that loop's call. */
  line?: number;
}

/** Same-file helpers that count: ones whose purpose is seeding (not an evaluation function that seeds). */
const SEED_HELPER_NAME = /seed|rng|random|determinis/i;

function seedValue(seed: SeedCall): SyntaxNode | undefined {
  if (seed.value.kind === 'given') return seed.value.value;
  if (seed.value.kind === 'absent' && seed.kind === 'helper') return seed.effectiveValue;
  return undefined;
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const seed = seedingFor(context).seedingCall(call);
  if (!seed || seed.kind === 'heuristic' || seed.entropy) return [];
  if (seed.kind === 'helper' && (!SEED_HELPER_NAME.test(seed.name) || seed.conditional)) return [];
  // Only the global CPU/NumPy/Python streams: a CUDA-only reseed still repeats GPU noise, keep it.
  const loops = enclosingLoops(call);
  const loop = loops[0];
  if (insideForkRng(call, context.model)) return [];
  if (!loop) return viaLoopCaller(call, seed, context);
  if (loop.type === 'for_statement') {
    const right = loop.childForFieldName('right');
    if (right?.type === 'call') {
      const n = rangeLength(right, context.model.calleeName(right) === 'builtins.range');
      if (n !== undefined && n <= 1) return [];
    }
  }
  // A loop over runs (configs, learning rates, folds, checkpoints) that restarts every run from
  // the same seed is the correct way to compare them.
  if (isRunLoop(loop, context)) return [];
  const value = seedValue(seed);
  if (!value) return [];
  // A helper's default lives in the helper's signature: outside every loop, hence invariant.
  const invariant = isInside(value, loop) ? isLoopInvariant(value, loop, context) : enclosingScope(value)?.id !== enclosingScope(call)?.id || isLoopInvariant(value, loop, context);
  if (!invariant) return [];
  const data: Data = { seed: call.text.length > 60 ? `${call.text.slice(0, 57)}...` : call.text };
  const report: Report<Data> = { node: call, data };
  const edits = generatorFix(call, seed, data, context) ?? hoistFix(call, loop, context);
  if (edits) report.fix = { edits };
  return [report];
}

/**
 * `generator=torch.manual_seed(k)` in a function (`evaluate`, `sample_images`) that a loop calls:
 * the spec's fixed-preview shape, one call away. A hint: an evaluation function with a fixed seed
 * can be deliberate, but this idiom reseeds the global generator while meaning a dedicated one.
 */
function viaLoopCaller(call: SyntaxNode, seed: SeedCall, context: RuleContext): Report<Data>[] {
  if (call.parent?.type !== 'keyword_argument' || call.parent.childForFieldName('name')?.text !== 'generator') return [];
  const fn = enclosingScope(call);
  if (fn?.type !== 'function_definition' || fn.parent?.parent?.type === 'class_definition') return [];
  const value = seedValue(seed);
  if (!value) return [];
  for (const site of context.model.callSitesOf(fn)) {
    const loop = enclosingLoops(site)[0];
    if (!loop || isRunLoop(loop, context) || !invariantFromSite(value, fn, site, loop, context)) continue;
    const data: Data = { seed: call.text.length > 60 ? `${call.text.slice(0, 57)}...` : call.text, via: fn.childForFieldName('name')?.text ?? 'this function', line: site.startPosition.row + 1 };
    const report: Report<Data> = { node: call, data, severity: 'hint' };
    const edits = generatorFix(call, seed, data, context);
    if (edits) report.fix = { edits };
    return [report];
  }
  return [];
}

/**
 * The seed inside `fn` is the same on every call from `site` in `loop`: literals, globals, and
 * parameters whose arguments there do not change with the loop (locals of `fn`: not known).
 */
function invariantFromSite(value: SyntaxNode, fn: SyntaxNode, site: SyntaxNode, loop: SyntaxNode, context: RuleContext): boolean {
  const e = unparenthesize(value);
  const opaque = ['call', 'subscript', 'lambda', 'await'];
  if (opaque.includes(e.type) || e.descendantsOfType(opaque).length > 0) return false;
  const parameters = fn.childForFieldName('parameters')?.namedChildren ?? [];
  for (const id of [e, ...e.descendantsOfType('identifier')]) {
    if (id.type !== 'identifier') continue;
    if (id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id) continue;
    const binding = context.model.names.lookup(id);
    if (!binding || binding.kind === 'import' || binding.kind === 'def' || binding.kind === 'class') continue;
    if (binding.kind !== 'param') {
      if (binding.scope === null && !context.model.names.bindingsIn(null, binding.name).some((b) => isInside(b.node, loop))) continue;
      return false;
    }
    const position = parameters.findIndex((p) => (p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'))?.text === id.text);
    if (position < 0) return false;
    const argument = argumentValue(site, { keyword: id.text, position });
    if (argument && !isLoopInvariant(argument, loop, context)) return false;
  }
  return true;
}

const RUN_TARGET = /(seed|run|trial|fold|config|cfg|conf|exp|experiment|lr|learning_rate|checkpoint|ckpt|setting|param|hparam|task|dataset|model|arch|variant|name|repeat|rep)s?$/i;

/**
 * What a loop over runs iterates (`configs`, `data_config`, `range(num_folds)`). Narrower than the
 * target names: iterating a dataset or a model list is how batch loops look.
 */
const RUN_ITERABLE = /(seed|run|trial|fold|config|cfg|conf|exp|experiment|lr|learning_rate|checkpoint|ckpt|setting|param|hparam|task|variant|repeat|rep)s?$/i;

function isRunLoop(loop: SyntaxNode, context: RuleContext): boolean {
  if (loop.type !== 'for_statement' || isBatchLoop(loop, context)) return false;
  const { targets, iterables } = loopNames(loop);
  if (targets.some((n) => RUN_TARGET.test(n) && !/^(epoch|step|it|iter|iteration|batch|i|idx|_)$/.test(n))) return true;
  // Or what it iterates is named so: `for prefix, _ in data_config:` (TinyLlama reseeds to shuffle
  // each data source's file list the same way, whatever the sources before it drew), or
  // `range(args.num_folds)`.
  return iterables.some((n) => RUN_ITERABLE.test(n) && !/epoch|step|batch|loader|iter/i.test(n));
}

/** `generator=torch.manual_seed(k)` -> `generator=torch.Generator(device=...).manual_seed(k)`. */
function generatorFix(call: SyntaxNode, seed: SeedCall, data: Data, context: RuleContext): TextEdit[] | undefined {
  const parent = call.parent;
  if (parent?.type !== 'keyword_argument' || parent.childForFieldName('name')?.text !== 'generator') return undefined;
  if (!/^torch(\.random)?\.manual_seed$/.test(seed.name)) return undefined;
  const fn = call.childForFieldName('function');
  const root = fn ? rootIdentifier(fn) : undefined;
  if (!root || context.model.names.qualifiedName(root) !== 'torch') return undefined;
  const argument = lookupArgument(call, { keyword: 'seed', position: 0 });
  if (argument.kind !== 'given') return undefined;
  // Keep the device the consumer works on when a `device` name is in scope.
  const device = hasName('device', call, context) ? 'device=device' : '';
  const replacement = `${root.text}.Generator(${device}).manual_seed(${argument.value.text})`;
  data.generator = replacement;
  return [{ range: nodeRange(call), newText: replacement }];
}

function hasName(name: string, at: SyntaxNode, context: RuleContext): boolean {
  let scope: SyntaxNode | null = enclosingScope(at);
  for (let i = 0; i < 8; i++) {
    if (context.model.names.bindingsIn(scope, name).length > 0) return true;
    if (!scope) return false;
    scope = enclosingScope(scope);
  }
  return false;
}

/** A plain seeding statement directly in the loop body moves above the loop. */
function hoistFix(call: SyntaxNode, loop: SyntaxNode, context: RuleContext): TextEdit[] | undefined {
  const statement = enclosingStatement(call);
  if (statement.type !== 'expression_statement' || statement.namedChild(0)?.id !== call.id) return undefined;
  const body = loop.childForFieldName('body');
  if (!body || statement.parent?.id !== body.id) return undefined;
  if (body.namedChildren.filter((c) => c.type !== 'comment').length <= 1) return undefined;
  if (statement.startPosition.row === loop.startPosition.row) return undefined;
  const indent = lineIndent(context.text, loop);
  const moved = reindentLines(context.text, statement, indent);
  const loopLine = { line: loop.startPosition.row, character: 0 };
  const lineStart = { line: statement.startPosition.row, character: 0 };
  const nextLine = { line: statement.endPosition.row + 1, character: 0 };
  return [
    { range: { start: loopLine, end: loopLine }, newText: moved },
    { range: { start: lineStart, end: nextLine }, newText: '' },
  ];
}


const DOCS = `## What it does
Flags a global seeding call (\`torch.manual_seed\`, \`np.random.seed\`, \`random.seed\`, a seeding
helper) inside a \`for\` or \`while\` loop whose value is the same on every iteration, including the
idiom \`generator=torch.manual_seed(k)\`.

Seeds that depend on the loop (\`seed + step\`, fairseq's \`set_torch_seed(seed + num_updates)\`),
loops over seeds (\`for seed in seeds: set_seed(seed)\`), loops over runs that deliberately start
every run from the same seed (\`for lr in lrs:\`, \`for fold in folds:\`, \`for ckpt in ckpts:\`),
\`fork_rng\` blocks, and evaluation functions that set a fixed validation seed are not flagged.
One case one call away is a hint: \`generator=torch.manual_seed(k)\` inside a function (an
\`evaluate\` that samples preview images) that a training loop calls. It reseeds the global
generator every time while meaning a dedicated one.

## Why is this bad?
\`torch.manual_seed(k)\` reseeds the *global* generator and returns it. Every iteration restarts
the global stream, so noise, dropout masks and the next epoch's shuffle repeat. A common shape is
a generative-model loop that samples preview images after each epoch with
\`generator=torch.manual_seed(0)\`: the preview is fixed, but so is every following epoch's
training randomness. A dedicated generator gives the fixed preview without touching training.

## Example
\`\`\`python
import torch

for epoch in range(num_epochs):
    train_one_epoch(model, loader, optimizer)
    images = pipeline(batch_size=16, generator=torch.manual_seed(0)).images
\`\`\`

Use instead:
\`\`\`python
import torch

for epoch in range(num_epochs):
    train_one_epoch(model, loader, optimizer)
    images = pipeline(batch_size=16, generator=torch.Generator(device=device).manual_seed(0)).images
\`\`\`

## Fix safety
For \`generator=torch.manual_seed(k)\` the fix passes a dedicated \`torch.Generator\` seeded with
\`k\` (on \`device\` when such a name is in scope). For a seeding statement it moves the statement
above the loop. Both are unsafe: the global stream is no longer reset, so every later draw changes.

## References
- [torch.manual_seed](https://pytorch.org/docs/stable/generated/torch.manual_seed.html) returns the
  global \`torch.Generator\`.
- [Reproducibility (PyTorch notes)](https://pytorch.org/docs/stable/notes/randomness.html)
`;

export default defineRule<Data>({
  code: 'RNG003',
  name: 'constant-reseed-in-loop',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.via
      ? `The global RNG is reseeded with the same value each time \`${d.via}\` runs in the loop (line ${d.line})`
      : 'The global RNG is reseeded with the same value on every iteration',
  fixTitle: (d) => (d.generator ? `Use a dedicated \`torch.Generator\` for this call (unsafe)` : 'Seed once, above the loop (unsafe)'),
  docs: DOCS,
  // Only seeding calls can be findings: visit them (document order) rather than every call.
  visit: { module: (_module, context) => seedingFor(context).all().flatMap((seed) => check(seed.call, context)) },
});
