// RNG106: `DataLoader(..., in_order=False)` hands batches over in the order workers finish them.

import { isDataLoader, keywordArgumentNode, loaderLiteral, removeArgumentEdit } from '../analysis/loaders';
import { DATA_LOADER_CALLEE } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { defineRule, type Report, type RuleContext } from './rule';

type Data = Record<string, never>;

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isDataLoader(call, context.model)) return [];
  if (loaderLiteral(call, 'in_order') !== false) return [];
  const argument = keywordArgumentNode(call, 'in_order');
  if (!argument) return [];
  return [{ node: argument, data: {}, fix: { edits: [removeArgumentEdit(argument, context.text)] } }];
}

const DOCS = `## What it does
Flags \`DataLoader(..., in_order=False)\`.

## Why is this bad?
With \`in_order=False\` (PyTorch 2.x) a multi-worker loader yields each batch as soon as some
worker finishes it instead of in sampler order. Which batch comes first then depends on timing:
on load, file-system caches and thread scheduling. The order of optimizer steps, and everything
downstream of it, changes from run to run even with every seed fixed. The DataLoader
documentation warns that this setting trades reproducibility for throughput.

Inference loops that put the results back in index order do not care about the arrival order;
there the setting is harmless.

## Example
\`\`\`python
from torch.utils.data import DataLoader

loader = DataLoader(train_set, batch_size=64, num_workers=8, in_order=False)
\`\`\`

Use instead:
\`\`\`python
from torch.utils.data import DataLoader

loader = DataLoader(train_set, batch_size=64, num_workers=8)
\`\`\`

## Fix safety
The fix removes the argument. It is safe: batches then arrive in the order the sampler produced
them, which is the order the program already asked for; loading may become slower.

## References
- [DataLoader](https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader), \`in_order\`
`;

export default defineRule<Data>({
  code: 'RNG106',
  name: 'dataloader-out-of-order',
  severity: 'info',
  fixAvailability: 'always',
  fixApplicability: 'safe',
  message: () => '`in_order=False` makes batch order depend on timing',
  fixTitle: () => 'Remove `in_order=False`',
  docs: DOCS,
  visit: { call: check },
  callees: DATA_LOADER_CALLEE,
});
