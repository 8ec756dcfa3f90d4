// RNG114: in a DDP file, each rank splits the dataset or shuffles a file list with its own RNG
// state (unseeded, or seeded per rank), so the ranks hold different splits.

import { lookupArgument } from '../analysis/calls';
import {
  additiveRankBase,
  addKeywordArgumentEdit,
  isDistributedFile,
  moduleReference,
  scriptSeedAt,
  seedsBefore,
  seedExpression,
  seedsPerRank,
} from '../analysis/loaders';
import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { ancestors, enclosingFunction } from '../analysis/syntax';
import { isEntryPoint } from '../analysis/entry-points';
import type { Library } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';
import { RANDOM_SPLIT } from './unseeded-random-split';

interface Data {
  operation: string;
  /** Why the ranks differ; `caller`: unseeded here, in a module whose callers may seed. */
  state: 'unseeded' | 'per-rank' | 'caller';
}

const SHUFFLES: Readonly<Record<string, Library>> = {
  'numpy.random.permutation': 'numpy',
  'numpy.random.shuffle': 'numpy',
  'random.shuffle': 'random',
  'torch.randperm': 'torch',
};

/**
 * Where a one-off split lives: module level, or a plain function (not a method: model and
 * dataset code shuffle per batch, e.g. mixup's `randperm(batch_size)`) that is not called from
 * inside a loop.
 */
function splitSite(call: SyntaxNode, context: RuleContext): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return true;
  if (enclosingFunction(fn) || fn.parent?.parent?.type === 'class_definition' || fn.parent?.type === 'decorated_definition') return false;
  return context.model.callSitesOf(fn).every((site) => !insideLoop(site));
}

function insideLoop(node: SyntaxNode): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'for_statement' || a.type === 'while_statement') return true;
    if (a.type === 'function_definition' || a.type === 'lambda') return false;
  }
  return false;
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  // Only distributed files have ranks to diverge (answered once per lint).
  if (!isDistributedFile(model)) return [];
  const name = model.calleeName(call) ?? '';
  let library: Library | undefined;
  if (RANDOM_SPLIT.test(name)) {
    if (lookupArgument(call, { keyword: 'generator', position: 2 }).kind !== 'absent') return [];
    library = 'torch';
  } else {
    library = SHUFFLES[name];
    // A split happens once; shuffles inside loops are per-step randomness, not a split.
    if (!library || insideLoop(call) || !splitSite(call, context)) return [];
    if (library === 'torch' && lookupArgument(call, { keyword: 'generator' }).kind !== 'absent') return [];
  }
  const seeds = seedsBefore(call, library, model, values);
  let state: Data['state'];
  let base: string | undefined;
  // In a library module the callers, in other files, decide whether the ranks are seeded alike
  // before the call: said so, at info (RNG001 and RNG115 skip such modules altogether).
  if (seeds.length === 0) state = isEntryPoint(context) ? 'unseeded' : 'caller';
  else {
    const last = seeds[seeds.length - 1]!;
    if (!seedsPerRank(last, library, model, values)) return [];
    state = 'per-rank';
    const value = seedExpression(last);
    if (value) base = additiveRankBase(value, model, values);
  }
  const report: Report<Data> = { node: call, data: { operation: name.split('.').pop()!, state } };
  if (state === 'caller') report.severity = 'info';
  if (RANDOM_SPLIT.test(name)) {
    const seed = base ?? (state !== 'per-rank' ? scriptSeedAt(call, model) : undefined);
    if (seed) {
      const torch = moduleReference(model, 'torch');
      const edit = addKeywordArgumentEdit(call, 'generator', `${torch.name}.Generator().manual_seed(${seed})`);
      if (edit) report.fix = { edits: [...torch.edits, edit] };
    }
  }
  return [report];
}

const DOCS = `## What it does
In a distributed file (one that builds a \`DistributedSampler\` or calls
\`init_process_group\`), flags a dataset split or file-list shuffle that every rank computes with
its own RNG state: \`random_split\` without \`generator=\`, \`np.random.permutation\`,
\`np.random.shuffle\`, \`random.shuffle\` or \`torch.randperm\`, when the library is unseeded at
that point or was seeded with a per-rank value such as \`seed + rank\`. In a module with no entry
point (its functions are called from a script elsewhere), an unseeded split is reported as info:
whether the ranks agree depends on how every caller seeds them.

## Why is this bad?
Every rank runs the split on its own. With different RNG states the ranks end up holding
different train/test splits: test samples leak into another rank's training data, or the ranks
train on different datasets while the \`DistributedSampler\` assumes one shared dataset. Per-rank
seeds are right for augmentation noise, never for a split.

## Example
\`\`\`python
import torch
import torch.distributed as dist
from torch.utils.data import random_split

dist.init_process_group("nccl")
torch.manual_seed(args.seed + rank)
train_set, val_set = random_split(full_set, [0.9, 0.1])
\`\`\`

Use instead:
\`\`\`python
import torch
import torch.distributed as dist
from torch.utils.data import random_split

dist.init_process_group("nccl")
torch.manual_seed(args.seed + rank)
train_set, val_set = random_split(full_set, [0.9, 0.1], generator=torch.Generator().manual_seed(args.seed))
\`\`\`

## Fix safety
For \`random_split\` the fix passes \`generator=torch.Generator().manual_seed(<base seed>)\`, the
per-rank seed without its rank term (or the script's seed when nothing seeds torch). It is
unsafe: the split changes. For NumPy and \`random\` shuffles no fix is offered; draw from a
dedicated object seeded identically on every rank, such as
\`np.random.default_rng(base_seed).permutation(n)\`.

## References
- pytorch/pytorch \`torch/utils/data/dataset.py\` (\`random_split\` uses the global generator)
- pytorch/pytorch \`torch/utils/data/distributed.py\` (one shared permutation, partitioned by rank)
`;

export default defineRule<Data>({
  code: 'RNG114',
  name: 'rank-divergent-data-split',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.state === 'unseeded'
      ? `Each rank computes its own split: \`${d.operation}\` runs with an unseeded RNG on every rank`
      : d.state === 'caller'
        ? `Each rank computes its own split unless every caller seeds all ranks alike: \`${d.operation}\` draws from the global RNG`
        : `Each rank computes its own split: \`${d.operation}\` runs after a per-rank seed`,
  fixTitle: () => 'Split with a generator seeded identically on every rank (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: new RegExp(`${RANDOM_SPLIT.source}|${exactly(Object.keys(SHUFFLES)).source}`),
});
