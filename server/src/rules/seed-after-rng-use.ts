// RNG002: in one straight-line scope, the first seeding call for a library comes after something
// already drew from that library's global RNG. Building loaders draws nothing (F3, W13), so
// "loaders first, then seed, then iterate" is fine.

import { firstConsumerBefore, type ConsumerLibrary } from '../analysis/consumers';
import { reindentLines } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { seedingFor } from '../analysis/seeding';
import { ancestors, enclosingScope, enclosingStatement, isInside, lineIndent } from '../analysis/syntax';
import { seededByPyTorchInWorker } from '../analysis/workers';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  seed: string;
  consumer: string;
  library: string;
  /** 1-based line of the first consumer. */
  line: number;
}

/** Evaluation and sampling functions (`evaluate`, `run_eval`, `sample_images`), not seeding helpers. */
const EVALUATION_HELPER = /(^|_)(eval|evaluate|evaluation|valid|validate|validation|test|sample|sampling|generate|inference|infer|predict|visuali[sz]e|preview|log_images?)(_|$)/i;

function isEvaluationHelper(name: string): boolean {
  return EVALUATION_HELPER.test(name) && !/seed/i.test(name);
}

const LIBRARY_WORD: Record<ConsumerLibrary, string> = { torch: 'torch', numpy: 'NumPy', random: '`random`' };

function scopeContainer(call: SyntaxNode, context: RuleContext): SyntaxNode {
  return enclosingScope(call) ?? context.model.tree.rootNode;
}

function sameScope(a: SyntaxNode, b: SyntaxNode): boolean {
  return (enclosingScope(a)?.id ?? -1) === (enclosingScope(b)?.id ?? -1);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const index = seedingFor(context);
  const seed = index.seedingCall(call);
  if (!seed || seed.kind === 'heuristic' || seed.entropy) return [];
  // An evaluation or sampling function that reseeds inside (a fixed preview seed) is not the
  // script's seed: its reseed is RNG003's business when a loop calls it.
  if (seed.kind === 'helper' && isEvaluationHelper(seed.name)) return [];
  const container = scopeContainer(call, context);
  if (container.type === 'class_definition') return [];
  // Only needed once a draw before the seed turns up (most seeds have none): computed then.
  let sources: SyntaxNode[] | undefined;
  const insideSource = (node: SyntaxNode) => (sources ??= seedValueSources(call, seed.value.kind === 'given' ? seed.value.value : undefined, context)).some((s) => isInside(node, s));
  for (const library of ['torch', 'numpy', 'random'] as const) {
    if (!seed.libraries.has(library)) continue;
    // Only the first seed of the library in the scope counts (later ones are deliberate reseeds).
    const first = index.firstInScope(call, library);
    if (first && first.call.id !== call.id && first.call.startIndex <= call.startIndex && !isInside(call, first.call)) continue;
    // The first draw before the seed: only the part of the scope above the seed is classified.
    // In a worker_init_fn, PyTorch has seeded `random` (and NumPy from 1.9) before it runs.
    const inWorker = (node: SyntaxNode) => seededByPyTorchInWorker(library, node, context.model, context.values, context.project.declared);
    const consumer = firstConsumerBefore(
      container,
      call.startIndex,
      (c) => c.library === library && c.node.endIndex <= call.startIndex && !sharesLoopWithSeedAfter(c.node, call) && !insideSource(c.node) && !inWorker(c.node),
      context,
    );
    if (!consumer) continue;
    const data: Data = {
      seed: shorten(call.text),
      consumer: consumer.description,
      library: LIBRARY_WORD[library],
      line: consumer.node.startPosition.row + 1,
    };
    const report: Report<Data> = { node: call, data, related: [{ node: consumer.node, message: `${consumer.description} draws from the ${data.library} RNG here, before it is seeded` }] };
    const edits = moveAbove(call, consumer.node, context);
    if (edits) report.fix = { edits };
    return [report];
  }
  return [];
}

/**
 * A consumer in an earlier part of the same loop body still runs before the seed on the first
 * iteration; that is kept. This only excludes consumers that *contain* the seed (a loader
 * iteration whose body seeds), where the draw and the seed interleave by design.
 */
function sharesLoopWithSeedAfter(consumer: SyntaxNode, seedCall: SyntaxNode): boolean {
  return isInside(seedCall, consumer);
}

/**
 * The expressions the seed's value comes from. A draw there makes the seed itself
 * (`seed = random.randint(1, 10000)` then `random.seed(seed)`): no draw after the seed depends on
 * it, and RNG004 is the rule for where the value comes from.
 */
function seedValueSources(call: SyntaxNode, value: SyntaxNode | undefined, context: RuleContext): SyntaxNode[] {
  if (!value) return [];
  // The value and what its names were assigned (`current_id` in `state[current_id] + worker_id`).
  const names = value.descendantsOfType('identifier').filter((id) => !(id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id));
  return [value, ...[value, ...names].flatMap((n) => context.values.origins(n).map((o) => o.node))].filter((n) => n.endIndex <= call.startIndex || isInside(n, call));
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 50 ? `${one.slice(0, 47)}...` : one;
}

/** Moves the seeding statement directly above the statement holding the first consumer. */
function moveAbove(call: SyntaxNode, consumer: SyntaxNode, context: RuleContext): TextEdit[] | undefined {
  const statement = enclosingStatement(call);
  if (statement.type !== 'expression_statement' || statement.namedChild(0)?.id !== call.id) return undefined;
  const block = statement.parent;
  if (!block || !isInside(consumer, block)) return undefined;
  let target: SyntaxNode | undefined;
  for (const a of [consumer, ...ancestors(consumer)]) {
    if (a.parent?.id === block.id) {
      target = a;
      break;
    }
  }
  if (!target || target.startIndex >= statement.startIndex) return undefined;
  if (block.type === 'block' && block.namedChildren.filter((c) => c.type !== 'comment').length <= 1) return undefined;
  if (!namesBoundBefore(call, target, context)) return undefined;
  const indent = lineIndent(context.text, target);
  const at = { line: target.startPosition.row, character: 0 };
  const lineStart = { line: statement.startPosition.row, character: 0 };
  const nextLine = { line: statement.endPosition.row + 1, character: 0 };
  return [
    { range: { start: at, end: at }, newText: reindentLines(context.text, statement, indent) },
    { range: { start: lineStart, end: nextLine }, newText: '' },
  ];
}

/** Every name the seeding call's arguments use is bound before `target` (or is an import, def, parameter). */
function namesBoundBefore(call: SyntaxNode, target: SyntaxNode, context: RuleContext): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return true;
  for (const id of args.descendantsOfType('identifier')) {
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    const binding = context.model.names.lookup(id);
    if (!binding) continue;
    if (binding.kind === 'import' || binding.kind === 'def' || binding.kind === 'class' || binding.kind === 'param') continue;
    if (!sameScope(binding.node, call)) continue;
    // All bindings of the name in this scope that reach the seed must come before the target.
    const bindings = context.model.names.bindingsIn(binding.scope, binding.name).filter((b) => b.node.startIndex < call.startIndex);
    if (bindings.length === 0 || bindings.some((b) => b.node.startIndex >= target.startIndex)) return false;
  }
  return true;
}

const DOCS = `## What it does
Flags the first seeding call for a library (\`torch.manual_seed\`, \`np.random.seed\`,
\`random.seed\`, a seeding helper or framework helper) when, earlier in the same function body or
module level, something already drew from that library's global RNG: building a model with
randomly initialised layers, \`torch.rand*\`, \`np.random.*\`, \`random.*\`, \`random_split\` without
\`generator=\`, or iterating a DataLoader. Calls into same-file functions are followed one level.

Not flagged: building DataLoaders before seeding (construction draws nothing; only iteration
does), later reseeds of the same library (only the first seed counts), draws inside
\`with torch.random.fork_rng():\`, and draws on a dedicated \`Generator\`.

## Why is this bad?
Every draw before the seed is unseeded, so, for example, the model's initial weights differ
between runs even with \`--seed\`. Real reports of this pattern: nicholas-leonard/dp#180,
ThilinaRajapakse/simpletransformers#1478, online-ml/deep-river#172, mlr-org/mlr3torch PR #492.

## Example
\`\`\`python
import torch
from torchvision.models import resnet18

model = resnet18()
torch.manual_seed(args.seed)
\`\`\`

Use instead:
\`\`\`python
import torch
from torchvision.models import resnet18

torch.manual_seed(args.seed)
model = resnet18()
\`\`\`
This is fine too: building the loader draws nothing.
\`\`\`python
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
torch.manual_seed(42)
model = Net()
\`\`\`

## Fix safety
The fix moves the seeding statement directly above the first draw. It is offered only when the
seeding call is a plain statement and every name its arguments use is already bound there. It is
unsafe: every draw from the seed on changes.

## References
- [Reproducibility (PyTorch notes)](https://pytorch.org/docs/stable/notes/randomness.html)
- SsnL in pytorch/pytorch#36998 (creating a DataLoader does not draw; iterating it does)
`;

export default defineRule<Data>({
  code: 'RNG002',
  name: 'seed-after-rng-use',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.seed}\` runs after ${d.consumer} (line ${d.line}) already drew from ${d.library}'s global RNG`,
  fixTitle: (d) => `Move the seed above line ${d.line} (unsafe)`,
  docs: DOCS,
  // Only seeding calls can be findings: visit them (document order) rather than every call.
  visit: { module: (_module, context) => seedingFor(context).all().flatMap((seed) => check(seed.call, context)) },
});
