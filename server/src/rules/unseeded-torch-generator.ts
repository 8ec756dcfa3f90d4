// RNG116: a `torch.Generator()` passed as `generator=` that is never seeded: its order is fixed
// by the default seed 67280421310721 and ignores the script's seed (F2, W18).

import { receiver } from '../analysis/calls';
import { scriptSeedAt } from '../analysis/loaders';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** `.seed()` was called: the order is irreproducible instead of fixed. */
  entropy: boolean;
  seed?: string;
}

const GENERATOR = /^torch\.(_C\.)?Generator$/;

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  const name = model.calleeName(call);
  if (!name || !GENERATOR.test(name)) return [];
  // `torch.Generator().manual_seed(s)` and other chained calls configure it on the spot.
  const parent = call.parent;
  let entropy = false;
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === call.id) {
    if (parent.childForFieldName('attribute')?.text !== 'seed') return [];
    entropy = true;
  }
  // Seeded anywhere (construction draws nothing, so seeding after building the loader is fine).
  for (const method of ['manual_seed', 'set_state', 'seed']) {
    for (const other of model.callsToMethod(method)) {
      const target = receiver(other);
      if (!target || !values.reaches(target, call)) continue;
      if (method === 'seed') entropy = true;
      else return [];
    }
  }
  if (!model.keywordArguments('generator').some((a) => values.reaches(a.value, call))) return [];
  const data: Data = { entropy };
  const report: Report<Data> = { node: call, data };
  const seed = scriptSeedAt(call, model);
  if (seed && !entropy) {
    data.seed = seed;
    report.fix = { edits: [{ range: nodeRange(call), newText: `${call.text}.manual_seed(${seed})` }] };
  }
  return [report];
}

const DOCS = `## What it does
Flags a \`torch.Generator()\` that is passed as \`generator=\` (to a \`DataLoader\`, a sampler,
\`random_split\`, \`randperm\`, ...) and never gets \`manual_seed\`.

## Why is this bad?
A fresh \`torch.Generator()\` does not take OS entropy: it starts from the fixed default seed
67280421310721 (\`default_rng_seed_val\` in PyTorch). The order it produces is therefore the same
on every run, whatever \`--seed\` says, so a seed sweep does not vary the data order or the split.
The common belief that \`generator=torch.Generator()\` gives a random, or a seed-controlled, order
is wrong on both counts. After \`g.seed()\` the order is random and cannot be reproduced.

Seeding the generator after building the loader, but before iterating it, is correct: building a
loader draws nothing. The rule looks for \`manual_seed\` anywhere on the generator.

## Example
\`\`\`python
import torch
from torch.utils.data import DataLoader

g = torch.Generator()
loader = DataLoader(ds, batch_size=32, shuffle=True, generator=g)
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import DataLoader

g = torch.Generator().manual_seed(args.seed)
loader = DataLoader(ds, batch_size=32, shuffle=True, generator=g)
\`\`\`

## Fix safety
The fix appends \`.manual_seed(<seed>)\` to the construction, using the script's seed (a visible
\`seed\` name, or \`args.seed\` when the script defines a \`--seed\` option); without one no fix is
offered. It is unsafe: the order changes to the one the seed selects.

## References
- pytorch/pytorch \`c10/core/GeneratorImpl.h\` (\`default_rng_seed_val\`)
- [torch.Generator](https://pytorch.org/docs/stable/generated/torch.Generator.html)
`;

export default defineRule<Data>({
  code: 'RNG116',
  name: 'unseeded-torch-generator',
  severity: 'info',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.entropy
      ? 'This generator is seeded from OS entropy (`.seed()`), so its order cannot be reproduced'
      : 'This generator ignores the script\'s seed (fixed default seed 67280421310721)',
  fixTitle: (d) => `Seed it with \`${d.seed ?? 'seed'}\` (unsafe)`,
  docs: DOCS,
  visit: { call: check },
  callees: GENERATOR,
});
