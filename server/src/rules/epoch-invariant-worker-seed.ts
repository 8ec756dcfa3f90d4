// RNG103: a `worker_init_fn` that reseeds from constants, the worker id, the rank or a
// configuration seed. Non-persistent workers restart every epoch and get the same seeds again,
// so every epoch replays the same per-worker draws (F4, W5).

import { assignedToEvaluationName, literalFlag, loaderValue, moduleReference, workerMode } from '../analysis/loaders';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { enclosingScope } from '../analysis/syntax';
import { seedingCall, seedingFor, type SeedCall } from '../analysis/seeding';
import { looksLikeWorkerInit, workerInitOf, workerInitUses, type CodeUnit } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  seed: string;
  /** Every loader using the function runs without workers (`num_workers=0`). */
  latent?: boolean;
  /** No loader in this file uses the function; it is named like a worker_init_fn. */
  unattached?: boolean;
  /** The function is imported from a sibling module: "`worker_init_fn` in utils.py, line 12". */
  defined?: string;
}

/** Pure helpers that keep an epoch-invariant value epoch-invariant (the environment, like the rank, stays the same). */
const INVARIANT_CALLS = /^(builtins\.(int|abs|min|max|len|str|float|round|getattr)|torch\.distributed\.get_rank|torch\.utils\.data\.get_worker_info|os\.environ\.get|os\.getenv)$/;

/**
 * True when the seed is provably built from constants, parameters (worker id, values bound by
 * `partial`), configuration attributes and the rank only: no `torch.initial_seed()`, no
 * `get_worker_info().seed`, no epoch term, no draw, nothing unknown.
 */
function epochInvariant(expression: SyntaxNode, context: CodeUnit, depth = 4): boolean {
  if (depth <= 0) return false;
  const { model, values } = context;
  const nodes = [expression, ...expression.descendantsOfType(['identifier', 'attribute', 'call'])];
  if (!['identifier', 'attribute', 'call', 'binary_operator', 'integer', 'parenthesized_expression', 'unary_operator'].includes(expression.type)) return false;
  for (const node of nodes) {
    if (/epoch/i.test(node.type === 'call' ? '' : node.text)) return false;
    if (node.type === 'call') {
      const name = model.calleeName(node);
      if (!name || !INVARIANT_CALLS.test(name)) return false;
      if (name === 'torch.utils.data.get_worker_info' && node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.text === 'seed') return false;
      continue;
    }
    if (node.type === 'attribute') {
      if (node.childForFieldName('attribute')?.text === 'seed') {
        const object = node.childForFieldName('object');
        const origins = object ? values.origins(object) : [];
        if (origins.some((o) => o.node.type === 'call' && model.calleeName(o.node) === 'torch.utils.data.get_worker_info')) return false;
      }
      continue;
    }
    if (node.type !== 'identifier') continue;
    // identifiers: follow local assignments; parameters, imports and module names are configuration.
    // `args.seed`, `cfg.data.seed`: configuration read through an object; its origin is opaque.
    if (node.parent?.type === 'attribute') continue;
    if (node.parent?.type === 'keyword_argument' && node.parent.childForFieldName('name')?.id === node.id) continue;
    const binding = model.names.lookup(node);
    if (!binding) {
      if (model.names.qualifiedName(node) === undefined) return false; // star import: unknown
      continue;
    }
    if (binding.kind === 'assign' && binding.value) {
      for (const origin of values.origins(node)) {
        if (origin.node.id === node.id) continue;
        if (!epochInvariant(origin.node, context, depth - 1)) return false;
      }
    } else if (binding.kind !== 'param' && binding.kind !== 'import' && binding.kind !== 'def') {
      return false;
    }
  }
  return true;
}

/** A validation loader: never shuffled and named like one. Fixed augmentation is its goal. */
function isValidationLoader(loader: SyntaxNode, context: RuleContext): boolean {
  return literalFlag(loaderValue(loader, 'shuffle'), context.values) !== true && assignedToEvaluationName(loader);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  // Only calls inside a function that a loader runs as its worker_init_fn matter: test that
  // first, it is cheap, and recognising a seeding call is not.
  const fn = enclosingScope(call);
  if (!fn || (fn.type !== 'function_definition' && fn.type !== 'lambda')) return [];
  const loaders = workerInitUses(model, values).get(fn.id)?.loaders;
  if (!loaders && !looksLikeWorkerInit(fn)) return [];
  const seeded = seedingCall(call, context);
  if (!seeded || seeded.kind === 'heuristic' || seeded.entropy || seeded.value.kind !== 'given') return [];
  const value = seeded.value.value;
  if (!loaders) {
    // A module that defines a worker_init_fn and leaves the loader to another: the loader's
    // persistent_workers is unknown, so the finding is only info.
    if (!epochInvariant(value, context)) return [];
    return [withFix({ node: call, data: { seed: value.text, unattached: true }, severity: 'info' }, seeded, context)];
  }
  const relevant = relevantLoaders(loaders, context);
  if (relevant.length === 0) return [];
  const latent = relevant.every((loader) => workerMode(loader, values) === 'main');
  if (!epochInvariant(value, context)) return [];
  const report: Report<Data> = { node: call, data: latent ? { seed: value.text, latent } : { seed: value.text } };
  if (latent) report.severity = 'hint';
  return [withFix(report, seeded, context)];
}

/**
 * Persistent workers keep their streams; validation loaders want fixed draws. (Loaders without
 * workers never run the function: the bug is latent there, so only a hint, §5.2 RNG103.)
 */
function relevantLoaders(loaders: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  const { values } = context;
  return loaders.filter(
    (loader) =>
      literalFlag(loaderValue(loader, 'persistent_workers'), values) !== true &&
      loaderValue(loader, 'persistent_workers')?.type !== 'identifier' &&
      !isValidationLoader(loader, context),
  );
}

/**
 * A worker_init_fn imported from a sibling module (§4.10): its seeding calls are read there, and
 * the finding sits on the loader's `worker_init_fn=` argument (§4.11), without a fix, since the
 * fix would edit the other module.
 */
function checkImported(context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  if (!model.modules) return [];
  const reports: Report<Data>[] = [];
  for (const loader of model.callsTo('torch.utils.data.DataLoader')) {
    const init = workerInitOf(loader, model, values);
    if (init.kind !== 'resolved' || relevantLoaders([loader], context).length === 0) continue;
    for (const target of init.targets) {
      const unit = target.unit;
      if (!unit?.module) continue;
      const seeded = seedingFor(unit)
        .within(target.fn)
        .find((s) => s.kind !== 'heuristic' && !s.entropy && s.value.kind === 'given' && epochInvariant(s.value.value, unit));
      if (!seeded || seeded.value.kind !== 'given') continue;
      const name = target.fn.childForFieldName('name')?.text ?? 'lambda';
      const defined = `\`${name}\` in ${unit.module.path}, line ${seeded.call.startPosition.row + 1}`;
      const latent = workerMode(loader, values) === 'main';
      const report: Report<Data> = {
        node: init.value,
        data: { seed: seeded.value.value.text, defined, ...(latent ? { latent } : {}) },
        related: [{ node: seeded.call, message: 'the seed, the same every epoch', module: unit.module }],
      };
      if (latent) report.severity = 'hint';
      reports.push(report);
      break;
    }
  }
  return reports;
}

function withFix(report: Report<Data>, seeded: SeedCall, context: RuleContext): Report<Data> {
  // Reseeding torch alone from torch.initial_seed() would change nothing: no fix (remove it).
  if ((seeded.libraries.has('numpy') || seeded.libraries.has('random')) && seeded.value.kind === 'given') {
    const torch = moduleReference(context.model, 'torch');
    report.fix = { edits: [...torch.edits, { range: nodeRange(seeded.value.value), newText: `${torch.name}.initial_seed() % 2**32` }] };
  }
  return report;
}

const DOCS = `## What it does
Flags a seeding call inside a \`worker_init_fn\` (a function in this file or imported from the
project's other modules, a lambda, or a \`functools.partial\` of one) whose seed is built only from constants, \`worker_id\`, the rank and
a configuration seed, when the loader's workers are not persistent. Seeds that use
\`torch.initial_seed()\`, \`get_worker_info().seed\` or an epoch term are fine.

## Why is this bad?
Non-persistent workers are created anew for every epoch, and \`worker_init_fn\` runs again in
each. A seed such as \`seed + worker_id\` is the same every time, so every epoch replays exactly
the same per-worker augmentation draws. PyTorch itself already gives each worker
\`base_seed + worker_id\`, with a fresh \`base_seed\` drawn for every epoch; a
\`torch.manual_seed(...)\` inside the function overrides that. The reproducibility note's recipe
derives the seed from \`torch.initial_seed()\` for exactly this reason. The widespread advice
"use \`np.random.seed(seed + worker_id)\` in \`worker_init_fn\`" is this bug. mmengine's default
worker seed (\`num_workers * rank + worker_id + seed\`) has the same property unless
\`persistent_workers=True\`.

Not flagged: \`persistent_workers=True\` (the streams simply continue) and validation loaders,
where fixed augmentation is the goal. Loaders with \`num_workers=0\` never run the function; the
bug is latent there and reported as a hint. A function that no loader in this file uses, but that
is named like a worker_init_fn (\`worker_init_fn\`, \`seed_worker\`) and takes the worker id
first, is reported as info: its loader, built in another module, may use persistent workers. Where
the loader's file imports the function (and the host can read files: the CLI, the desktop
editor), the finding also sits on that loader's \`worker_init_fn=\` argument, without a fix.

## Example
\`\`\`python
from functools import partial
import numpy as np
from torch.utils.data import DataLoader

def worker_init_fn(worker_id, seed):
    np.random.seed(seed + worker_id)

loader = DataLoader(ds, batch_size=4, shuffle=True, num_workers=4,
                    worker_init_fn=partial(worker_init_fn, seed=args.seed))
\`\`\`

Use instead:
\`\`\`python
import numpy as np
import torch
from torch.utils.data import DataLoader

def worker_init_fn(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)

loader = DataLoader(ds, batch_size=4, shuffle=True, num_workers=4, worker_init_fn=worker_init_fn)
\`\`\`

## Fix safety
The fix replaces the seed with \`torch.initial_seed() % 2**32\`, which is \`base_seed + worker_id\`
and changes every epoch (and with the loader's generator, so it stays reproducible). It is
unsafe: the augmentation draws change. No fix is offered for \`torch.manual_seed\` alone (just
remove it: PyTorch already seeds torch per worker).

## References
- [Reproducibility: DataLoader](https://pytorch.org/docs/stable/notes/randomness.html#dataloader)
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
- open-mmlab/mmengine \`mmengine/dataset/utils.py\`; open-mmlab/mmaction2#1145
`;

export default defineRule<Data>({
  code: 'RNG103',
  name: 'epoch-invariant-worker-seed',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    (d.latent
      ? `The worker seed \`${d.seed}\` would be the same every epoch once the loader uses workers (num_workers=0 now)`
      : d.unattached
        ? `The worker seed \`${d.seed}\` is the same every epoch unless the loader's workers are persistent, so augmentations repeat`
        : `The worker seed \`${d.seed}\` is the same every epoch, so augmentations repeat`) + (d.defined ? ` (${d.defined})` : ''),
  fixTitle: () => 'Derive the seed from `torch.initial_seed()` (unsafe)',
  docs: DOCS,
  // Only seeding calls can be findings: visit the file's seeding calls (found once per lint).
  visit: { module: (_module, context) => [...seedingFor(context).all().flatMap((seed) => check(seed.call, context)), ...checkImported(context)] },
});
