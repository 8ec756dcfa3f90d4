// RNG112: `sampler=` or `batch_sampler=` together with `shuffle=True`, which DataLoader rejects.

import { DATA_LOADER_CALLEE } from '../analysis/known-names';
import { isDataLoader, keywordArgumentNode, loaderArgument, removeArgumentEdit } from '../analysis/loaders';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  option: 'sampler' | 'batch_sampler';
}

const SAMPLER_VALUES = new Set(['call', 'list', 'tuple', 'list_comprehension', 'generator_expression']);

/**
 * True when every origin of the value is visibly a sampler (a construction or an index list):
 * a parameter or a name that may hold `None` keeps this error-level rule quiet.
 */
function surelyGiven(value: SyntaxNode, context: RuleContext): boolean {
  const origins = context.values.origins(value);
  return origins.length > 0 && origins.every((o) => SAMPLER_VALUES.has(o.node.type) && literalValue(o.node) === undefined);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isDataLoader(call, context.model)) return [];
  const shuffle = loaderArgument(call, 'shuffle');
  if (shuffle.kind !== 'given' || shuffle.value.type !== 'true') return [];
  for (const option of ['sampler', 'batch_sampler'] as const) {
    const found = loaderArgument(call, option);
    if (found.kind !== 'given' || !surelyGiven(found.value, context)) continue;
    const argument = keywordArgumentNode(call, 'shuffle');
    const report: Report<Data> = { node: argument ?? shuffle.value, data: { option } };
    if (argument) report.fix = { edits: [removeArgumentEdit(argument, context.text)] };
    else report.fix = { edits: [{ range: nodeRange(shuffle.value), newText: 'None' }] };
    return [report];
  }
  return [];
}

const DOCS = `## What it does
Flags a \`DataLoader\` that receives \`shuffle=True\` together with \`sampler=\` or
\`batch_sampler=\`.

## Why is this bad?
The options are mutually exclusive: the order comes from the sampler, so the constructor raises
\`ValueError: sampler option is mutually exclusive with shuffle\` (or the \`batch_sampler\`
variant). The script crashes before training starts, typically only in the configuration that
builds a sampler (the distributed run).

A non-literal \`shuffle\`, such as the idiom \`shuffle=(sampler is None)\`, is not flagged.

## Example
\`\`\`python
from torch.utils.data import DataLoader, DistributedSampler

loader = DataLoader(ds, batch_size=32, sampler=DistributedSampler(ds), shuffle=True)
\`\`\`

Use instead:
\`\`\`python
from torch.utils.data import DataLoader, DistributedSampler

loader = DataLoader(ds, batch_size=32, sampler=DistributedSampler(ds))
\`\`\`

## Fix safety
The fix removes \`shuffle=True\` (a positional \`True\` becomes \`None\`). It is safe: the program
cannot run as written, and with the sampler the order is the sampler's either way.

## References
- pytorch/pytorch \`torch/utils/data/dataloader.py\` (\`DataLoader.__init__\` argument checks)
`;

export default defineRule<Data>({
  code: 'RNG112',
  name: 'sampler-with-shuffle',
  severity: 'error',
  fixAvailability: 'always',
  fixApplicability: 'safe',
  message: (d) => `\`shuffle=True\` cannot be combined with \`${d.option}=\``,
  fixTitle: () => 'Remove `shuffle=True`',
  docs: DOCS,
  visit: { call: check },
  callees: DATA_LOADER_CALLEE,
});
