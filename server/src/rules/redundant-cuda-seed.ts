// RNG905 (opt-in): `torch.cuda.manual_seed(_all)(s)` right after `torch.manual_seed(s)`, which
// already seeds every CUDA device (F1, W7). Harmless noise.

import type { SyntaxNode } from '../analysis/parser';
import { seedingFor, type SeedCall } from '../analysis/seeding';
import { enclosingStatement } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  call: string;
  value: string;
}

const CUDA_MANUAL_SEED = /^torch\.cuda(\.random)?\.manual_seed(_all)?$/;
const TORCH_MANUAL_SEED = /^torch(\.random)?\.manual_seed$/;

/** The direct seeding call a statement consists of, if it is exactly one. */
function statementSeed(statement: SyntaxNode, context: RuleContext): SeedCall | undefined {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const call = statement.namedChild(0)!;
  if (call.type !== 'call') return undefined;
  const seed = seedingFor(context).seedingCall(call);
  return seed?.kind === 'direct' ? seed : undefined;
}

function valueText(seed: SeedCall): string | undefined {
  return seed.value.kind === 'given' ? seed.value.value.text : undefined;
}

/** True when a statement shares its first or last line with another statement (`a; b`). */
function sharesLine(statement: SyntaxNode): boolean {
  const previous = statement.previousSibling;
  let next = statement.nextSibling;
  while (next?.type === 'comment') next = next.nextSibling;
  return (!!previous && previous.endPosition.row === statement.startPosition.row) || (!!next && next.startPosition.row === statement.endPosition.row);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const name = context.model.calleeName(call);
  if (!name || !CUDA_MANUAL_SEED.test(name)) return [];
  const statement = enclosingStatement(call);
  const seed = statementSeed(statement, context);
  const value = seed && seed.call.id === call.id ? valueText(seed) : undefined;
  if (!value) return [];
  // Walk back over the seeding block (`np.random.seed(s)`, another CUDA seed) to `torch.manual_seed(s)`.
  for (let previous = statement.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    if (previous.type === 'comment') continue;
    const earlier = statementSeed(previous, context);
    if (!earlier || valueText(earlier) !== value) return [];
    if (TORCH_MANUAL_SEED.test(earlier.name)) {
      const report: Report<Data> = { node: call, data: { call: call.childForFieldName('function')!.text, value } };
      if (!sharesLine(statement)) {
        const start = { line: statement.startPosition.row, character: 0 };
        const end = { line: statement.endPosition.row + 1, character: 0 };
        report.fix = { edits: [{ range: { start, end }, newText: '' }] };
      }
      return [report];
    }
  }
  return [];
}

const DOCS = `## What it does
Flags \`torch.cuda.manual_seed_all(s)\` or \`torch.cuda.manual_seed(s)\` that follows
\`torch.manual_seed(s)\` with the same expression \`s\` (other seeding lines with the same value may
sit in between). Off by default: enable it with \`select\`.

## Why is this bad?
It is not a bug, only noise. \`torch.manual_seed(s)\` already seeds the CPU generator and every
CUDA device; if CUDA is not initialised yet the CUDA seeding is queued until it is. The advice
"you must also call \`torch.cuda.manual_seed_all\`" is widespread but wrong. A *different* CUDA seed
(for example \`seed + rank\`) is deliberate and is not reported. The harmful variant is seeding
CUDA *only* (RNG204).

## Example
\`\`\`python
import torch

torch.manual_seed(seed)
torch.cuda.manual_seed_all(seed)
\`\`\`

Use instead:
\`\`\`python
import torch

torch.manual_seed(seed)
\`\`\`

## Fix safety
The fix deletes the line. It is safe: the CUDA generators already hold exactly that seed.

## References
- [Reproducibility: PyTorch random number generator](https://pytorch.org/docs/stable/notes/randomness.html#pytorch-random-number-generator)
- soumith in pytorch/examples#381
`;

export default defineRule<Data>({
  code: 'RNG905',
  name: 'redundant-cuda-seed',
  severity: 'hint',
  defaultEnabled: false,
  fixAvailability: 'sometimes',
  fixApplicability: 'safe',
  message: (d) => `\`${d.call}(${d.value})\` is redundant: \`torch.manual_seed(${d.value})\` already seeds every CUDA device`,
  fixTitle: () => 'Remove the redundant CUDA seed',
  docs: DOCS,
  visit: { call: check },
  callees: CUDA_MANUAL_SEED,
});
