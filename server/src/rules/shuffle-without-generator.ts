// RNG104 (hint): a shuffling loader or a random sampler without `generator=` takes its order
// from the global torch RNG, so every earlier draw changes it.

import { lookupArgument } from '../analysis/calls';
import {
  addKeywordArgumentEdit,
  insertLinesBefore,
  isDataLoader,
  loaderArgument,
  moduleReference,
  RANDOM_SAMPLERS,
  scriptSeedAt,
} from '../analysis/loaders';
import { DATA_LOADER, exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { enclosingScope } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** `DataLoader(shuffle=True)` or the sampler's name. */
  what: string;
}

function generatorName(call: SyntaxNode, context: RuleContext): string {
  const scope = enclosingScope(call);
  for (const name of ['g', 'generator', 'data_generator']) if (context.model.names.bindingsIn(scope, name).length === 0 && context.model.names.bindingsIn(null, name).length === 0) return name;
  return 'data_generator_';
}

function fixEdits(call: SyntaxNode, context: RuleContext, explicitNone: SyntaxNode | undefined): TextEdit[] | undefined {
  const torch = moduleReference(context.model, 'torch');
  const seed = scriptSeedAt(call, context.model) ?? '0';
  const name = generatorName(call, context);
  const lines = insertLinesBefore(call, [`${name} = ${torch.name}.Generator()`, `${name}.manual_seed(${seed})`], context.text);
  const argument = explicitNone ? { range: nodeRange(explicitNone), newText: name } : addKeywordArgumentEdit(call, 'generator', name);
  if (!lines || !argument) return undefined;
  return [...torch.edits, lines, argument];
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model } = context;
  let what: string;
  let explicitNone: SyntaxNode | undefined;
  if (isDataLoader(call, model)) {
    const shuffle = loaderArgument(call, 'shuffle');
    if (shuffle.kind !== 'given' || shuffle.value.type !== 'true') return [];
    // A sampler decides the order instead (and with shuffle=True that is RNG112's error).
    if (loaderArgument(call, 'sampler').kind !== 'absent' || loaderArgument(call, 'batch_sampler').kind !== 'absent') return [];
    const generator = loaderArgument(call, 'generator');
    if (generator.kind === 'unknown' || (generator.kind === 'given' && generator.value.type !== 'none')) return [];
    if (generator.kind === 'given') explicitNone = generator.value;
    what = 'DataLoader(shuffle=True)';
  } else {
    const name = model.calleeName(call);
    const position = name === undefined ? undefined : RANDOM_SAMPLERS[name];
    if (position === undefined) return [];
    const generator = lookupArgument(call, { keyword: 'generator', position });
    if (generator.kind === 'unknown' || (generator.kind === 'given' && generator.value.type !== 'none')) return [];
    if (generator.kind === 'given') explicitNone = generator.value;
    what = name!.split('.').pop()!;
  }
  const report: Report<Data> = { node: call.childForFieldName('function') ?? call, data: { what } };
  const edits = fixEdits(call, context, explicitNone);
  if (edits) report.fix = { edits };
  return [report];
}

const DOCS = `## What it does
Flags \`DataLoader(shuffle=True)\`, \`RandomSampler\`, \`SubsetRandomSampler\` and
\`WeightedRandomSampler\` without a \`generator=\`. It is a hint: almost every training script has
one, and nothing is wrong with the run itself.

## Why is this bad?
Without \`generator=\`, each epoch's permutation is seeded from the *global* torch generator when
the loader is iterated. The order therefore depends on every global draw made before that point:
model initialisation, dropout in the previous epoch, an evaluation loader iterated in between.
Changing the model or the evaluation schedule reshuffles the data, which confounds ablations, and
the order cannot be previewed exactly. The reproducibility note's DataLoader recipe passes a
seeded generator for this reason.

A \`worker_init_fn\` cannot pin the order: for map-style datasets the main process produces the
indices, so only the global seed or the loader's \`generator=\` decides them.

## Example
\`\`\`python
from torch.utils.data import DataLoader

loader = DataLoader(train_set, batch_size=64, shuffle=True)
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import DataLoader

g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(train_set, batch_size=64, shuffle=True, generator=g)
\`\`\`

## Fix safety
The fix creates a generator seeded with the script's seed (a visible \`seed\` or \`args.seed\`
when the script defines a \`--seed\` option, otherwise \`0\`) and passes it as \`generator=\`. It
is unsafe: the data order changes, and the loader no longer draws its base seed from the global
generator, so later global draws change too.

## References
- [Reproducibility: DataLoader](https://pytorch.org/docs/stable/notes/randomness.html#dataloader)
- pytorch/pytorch \`torch/utils/data/sampler.py\` (\`RandomSampler.__iter__\`)
`;

export default defineRule<Data>({
  code: 'RNG104',
  name: 'shuffle-without-generator',
  severity: 'hint',
  fixAvailability: 'always',
  fixApplicability: 'unsafe',
  message: (d) => `Shuffle order of \`${d.what}\` depends on every earlier use of the global RNG`,
  fixTitle: () => 'Pass a seeded `generator=` (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: exactly([DATA_LOADER, ...Object.keys(RANDOM_SAMPLERS)]),
});
