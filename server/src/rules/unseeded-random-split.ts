// RNG115: `random_split` without `generator=` in a script whose torch RNG is never seeded before
// it: the split changes on every run (F8). DDP files get RNG114 instead.

import { lookupArgument } from '../analysis/calls';
import { addKeywordArgumentEdit, isDistributedFile, moduleReference, scriptSeedAt, seedsBefore } from '../analysis/loaders';
import { isEntryPoint } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingScope } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  seed: string;
}

export const RANDOM_SPLIT = /^torch\.utils\.data\.(dataset\.)?random_split$/;

/**
 * §4.6: library modules skip this rule. A module-level split also counts, since running the
 * file runs it (the flat-script case).
 */
function runsAsScript(call: SyntaxNode, context: RuleContext): boolean {
  return enclosingScope(call) === null || isEntryPoint(context);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model } = context;
  if (!RANDOM_SPLIT.test(model.calleeName(call) ?? '')) return [];
  if (lookupArgument(call, { keyword: 'generator', position: 2 }).kind !== 'absent') return [];
  if (isDistributedFile(model) || !runsAsScript(call, context)) return [];
  if (seedsBefore(call, 'torch', model, context.values).length > 0) return [];
  const torch = moduleReference(model, 'torch');
  const seed = scriptSeedAt(call, model) ?? '0';
  const argument = addKeywordArgumentEdit(call, 'generator', `${torch.name}.Generator().manual_seed(${seed})`);
  const report: Report<Data> = { node: call, data: { seed } };
  if (argument) report.fix = { edits: [...torch.edits, argument] };
  return [report];
}

const DOCS = `## What it does
Flags \`random_split(...)\` without \`generator=\` in a script that never seeds torch before the
split. In a distributed script the same call is reported by \`rank-divergent-data-split\`
(RNG114) instead.

## Why is this bad?
\`random_split\` defaults to \`generator=default_generator\`, the global torch generator itself.
When nothing seeds it, the global generator starts from OS entropy, so each run splits the data
differently: samples move between the training and the test set across runs, for example when a
run is resumed or two runs are compared, and test metrics silently include training data.

Seeding through a framework or project helper (\`seed_everything\`, \`set_seed\`, a local helper
that calls \`torch.manual_seed\`) before the split counts as seeding.

## Example
\`\`\`python
from torch.utils.data import random_split

train_set, test_set = random_split(ds, [50000, 10000])
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import random_split

train_set, test_set = random_split(ds, [50000, 10000], generator=torch.Generator().manual_seed(0))
\`\`\`

## Fix safety
The fix passes \`generator=torch.Generator().manual_seed(<seed>)\`, with the script's seed when it
has one (\`seed\`, or \`args.seed\` for a \`--seed\` option) and \`0\` otherwise. It is unsafe: the
split changes, and the global generator is no longer advanced by the split, so later draws change
too.

## References
- pytorch/pytorch \`torch/utils/data/dataset.py\` (\`random_split\`)
- [torch.utils.data.random_split](https://pytorch.org/docs/stable/data.html#torch.utils.data.random_split)
`;

export default defineRule<Data>({
  code: 'RNG115',
  name: 'unseeded-random-split',
  severity: 'warning',
  fixAvailability: 'always',
  fixApplicability: 'unsafe',
  message: () => 'The train/test split changes on every run',
  fixTitle: () => 'Pass a seeded `generator=` (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: RANDOM_SPLIT,
});
