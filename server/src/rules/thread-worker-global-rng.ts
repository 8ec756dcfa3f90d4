// RNG107 (off by default): thread-based DataLoader workers share the process-global RNGs, so
// per-worker seeding cannot separate them and draws interleave by timing (F14).

import { loaderLiteral } from '../analysis/loaders';
import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingScope } from '../analysis/syntax';
import { globalDraw, loaderWorkerCode } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  library: string;
}

const LIBRARY_LABEL = { numpy: 'np.random', random: 'random', torch: 'torch' } as const;

const threadCode = new WeakMap<FileModel, Set<number>>();

/** Ids of the functions that run in thread-based workers, computed once per lint. */
function threadWorkerFunctions(context: RuleContext): Set<number> {
  const { model, values } = context;
  let ids = threadCode.get(model);
  if (ids) return ids;
  ids = new Set();
  for (const loader of model.callsTo('torch.utils.data.DataLoader')) {
    // The thread-worker switch as it appears in PyTorch development builds (F14); confirm the
    // released spelling before enabling this rule by default.
    if (loaderLiteral(loader, 'worker_method') !== 'thread') continue;
    for (const dataset of loaderWorkerCode(loader, model, values).datasets) for (const f of dataset.functions) if (!f.unit.module) ids.add(f.fn.id);
  }
  threadCode.set(model, ids);
  return ids;
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const library = globalDraw(call, context.model);
  const fn = library ? enclosingScope(call) : null;
  if (!library || !fn || !threadWorkerFunctions(context).has(fn.id)) return [];
  return [{ node: call, data: { library: LIBRARY_LABEL[library] } }];
}

const DOCS = `## What it does
Off by default. Flags global draws (\`random.*\`, \`np.random.*\`, \`torch.rand*\`) in the per-sample
code of a Dataset whose \`DataLoader\` uses thread-based workers (\`worker_method="thread"\`).

## Why is this bad?
Process workers each have their own copy of the global RNGs, which PyTorch seeds per worker.
Thread workers live in one process and share those globals: per-worker seeding cannot separate
them, and the draws interleave in whatever order the threads happen to run, so the augmentations
change from run to run. Thread workers expose a per-worker RNG through \`get_worker_info().rng\`
and \`torch.random.thread_safe_generator()\` (pytorch/pytorch PRs #161044, #172659).

This rule stays off until the API ships in a PyTorch release and is confirmed; enable it with
\`select\` when you use development builds.

## Example
\`\`\`python
import random
from torch.utils.data import DataLoader, Dataset

class Flip(Dataset):
    def __getitem__(self, i):
        if random.random() < 0.5:
            return flip(self.items[i])
        return self.items[i]

loader = DataLoader(Flip(), batch_size=8, num_workers=4, worker_method="thread")
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import DataLoader, Dataset

class Flip(Dataset):
    def __getitem__(self, i):
        g = torch.random.thread_safe_generator()
        if torch.rand((), generator=g) < 0.5:
            return flip(self.items[i])
        return self.items[i]

loader = DataLoader(Flip(), batch_size=8, num_workers=4, worker_method="thread")
\`\`\`

## References
- pytorch/pytorch PR #161044 (\`get_worker_info().rng\`); PRs #172659, #174106, #175375
  (\`torch.random.thread_safe_generator\`)
`;

export default defineRule<Data>({
  code: 'RNG107',
  name: 'thread-worker-global-rng',
  severity: 'warning',
  defaultEnabled: false,
  fixAvailability: 'none',
  fixApplicability: 'unsafe',
  message: (d) => `Thread workers share the global \`${d.library}\` state, so these draws interleave by timing`,
  fixTitle: () => '',
  docs: DOCS,
  visit: { call: check },
});
