// RNG204: `torch.cuda.manual_seed(_all)` in a seeding routine that never calls
// `torch.manual_seed`: the CPU generator, which decides shuffling and CPU-side initialisation,
// stays unseeded (F1, W7).

import { callee } from '../analysis/calls';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { certainlySeeds, seedingFor, type SeedCall } from '../analysis/seeding';
import { enclosingFunction, rootIdentifier } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** `torch.cuda.manual_seed_all` as written. */
  call: string;
  /** 1-based line of a `torch.manual_seed` elsewhere in the file (the trap: reported at info). */
  elsewhere?: number;
}

const CUDA_MANUAL_SEED = /^torch\.cuda(\.random)?\.manual_seed(_all)?$/;

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const name = context.model.calleeName(call);
  if (!name || !CUDA_MANUAL_SEED.test(name)) return [];
  const seeding = seedingFor(context);
  const routine = enclosingFunction(call);
  const local = seeding.within(routine ?? context.model.tree.rootNode);
  // Anything in the same routine that seeds (or may seed) the CPU generator settles it.
  if (local.some((s) => s.call.id !== call.id && s.libraries.has('torch'))) return [];
  const fn = callee(call)!;
  const data: Data = { call: fn.text };
  const report: Report<Data> = { node: fn, data };
  const other = seeding.all().find((s: SeedCall) => certainlySeeds(s, 'torch') && s.call.id !== call.id);
  if (other) {
    data.elsewhere = other.call.startPosition.row + 1;
    report.severity = 'info';
  } else if (seeding.all().some((s) => s.kind === 'heuristic' && s.libraries.has('torch'))) {
    // An unresolved `init_seeds()` might seed the CPU generator: never a warning on a guess.
    report.severity = 'info';
  }
  const root = rootIdentifier(fn);
  if (fn.type === 'attribute' && root && context.model.names.qualifiedName(root) === 'torch') {
    report.fix = { edits: [{ range: nodeRange(fn), newText: `${root.text}.manual_seed` }] };
  }
  return [report];
}

const DOCS = `## What it does
Flags \`torch.cuda.manual_seed(...)\` or \`torch.cuda.manual_seed_all(...)\` in a seeding routine (the
function it sits in, or the module level) that does not also call \`torch.manual_seed\`. When
\`torch.manual_seed\` is called elsewhere in the file the finding is only info, because it may
well run first.

## Why is this bad?
The CUDA seeding functions seed only the CUDA generators. The CPU generator stays seeded from OS
entropy, and it is the one that decides the shuffle order (samplers draw on the CPU), CPU-side
weight initialisation and the DataLoader worker seeds. So runs still differ.

\`torch.manual_seed(s)\` seeds the CPU generator *and* every CUDA device (it calls
\`torch.cuda.manual_seed_all\` itself, queued until CUDA initialises). The extra CUDA call that
most snippets add after it is redundant but harmless (see RNG905); it is the CUDA-*only* variant
that is a bug.

## Example
\`\`\`python
import numpy as np
import torch

def set_seed(seed):
    np.random.seed(seed)
    torch.cuda.manual_seed_all(seed)
\`\`\`

Use instead:
\`\`\`python
import numpy as np
import torch

def set_seed(seed):
    np.random.seed(seed)
    torch.manual_seed(seed)
\`\`\`

## Fix safety
The fix replaces the CUDA call with \`torch.manual_seed(<same value>)\`, which seeds the CPU and
every CUDA device. It is unsafe: the CPU generator was drawing from OS entropy before, and now
draws a fixed stream, so shuffles and initial weights change. No fix is offered when \`torch\`
is not imported as a module.

## References
- [Reproducibility: PyTorch random number generator](https://pytorch.org/docs/stable/notes/randomness.html#pytorch-random-number-generator)
- soumith in pytorch/examples#381; albanD in pytorch/pytorch#45749
`;

export default defineRule<Data>({
  code: 'RNG204',
  name: 'cuda-only-seed',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.elsewhere
      ? `Only CUDA is seeded here; the CPU generator that shuffles the data is seeded only if \`torch.manual_seed\` (line ${d.elsewhere}) runs first`
      : 'Only CUDA is seeded; the CPU generator that shuffles the data is not',
  fixTitle: () => 'Use `torch.manual_seed` (seeds CPU and CUDA) (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: CUDA_MANUAL_SEED,
});
