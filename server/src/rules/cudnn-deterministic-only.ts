// RNG903 (opt-in): `cudnn.deterministic = True` with no `use_deterministic_algorithms(True)` in
// the file or its helpers: other CUDA kernels stay nondeterministic (F9, W8).

import { moduleAlias } from '../analysis/loaders';
import { deterministicAlgorithmsCalls, flagAssignmentAt, frameworkDeterminism, isLiteralTrue } from '../analysis/determinism';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingStatement, lineIndent } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  target: string;
}

/** Anything in the file that may switch deterministic algorithms on (or whose effect is unknown). */
function mayUseDeterministicAlgorithms(context: RuleContext): boolean {
  const { model } = context;
  // Any call, even `use_deterministic_algorithms(args.flag)`: unknown is not a finding.
  if (deterministicAlgorithmsCalls(model).some((c) => c.mode !== false)) return true;
  return model.calls.some((c) => frameworkDeterminism(c, model) !== undefined);
}

function check(assignment: SyntaxNode, context: RuleContext): Report<Data>[] {
  const flag = flagAssignmentAt(assignment, context.model);
  if (!flag || flag.module !== 'cudnn' || flag.flag !== 'deterministic' || !isLiteralTrue(flag.value)) return [];
  if (mayUseDeterministicAlgorithms(context)) return [];
  const report: Report<Data> = { node: flag.target, data: { target: flag.target.text } };
  const torch = moduleAlias(context.model, 'torch');
  const statement = enclosingStatement(assignment);
  // Insert on the next line, at the statement's indentation, when the statement has a line of its own.
  if (torch && statement.type === 'expression_statement' && !/;\s*\S/.test(lineAfter(context.text, statement))) {
    const indent = lineIndent(context.text, statement);
    const at = { line: statement.endPosition.row + 1, character: 0 };
    report.fix = { edits: [{ range: { start: at, end: at }, newText: `${indent}${torch}.use_deterministic_algorithms(True)\n` }] };
  }
  return [report];
}

/** The rest of the statement's last line (to refuse a fix after `a = 1; b = 2`). */
function lineAfter(text: string, statement: SyntaxNode): string {
  const end = text.indexOf('\n', statement.endIndex);
  return text.slice(statement.endIndex, end < 0 ? text.length : end);
}

const DOCS = `## What it does
Flags \`torch.backends.cudnn.deterministic = True\` in a file that never calls
\`torch.use_deterministic_algorithms(True)\` (directly, in a helper, or through a framework switch
such as transformers' \`enable_full_determinism\` or Lightning's \`Trainer(deterministic=True)\`).
Off by default: enable it with \`select\`.

## Why is this bad?
The cuDNN flag restricts cuDNN convolutions only. Other CUDA kernels, such as the atomics behind
\`index_add_\`, \`scatter_add_\` and many backward passes, stay nondeterministic, so the popular
"\`deterministic = True\` plus \`benchmark = False\`" recipe does not make training deterministic
on its own. \`torch.use_deterministic_algorithms(True)\` covers every op: ops with a deterministic
implementation use it, and the others raise (or only warn with \`warn_only=True\`).

It is off by default because almost every script that sets the cuDNN flag lacks the call, and
deterministic mode has a cost.

## Example
\`\`\`python
import torch

torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
\`\`\`

Use instead:
\`\`\`python
import torch

torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True)
torch.backends.cudnn.benchmark = False
\`\`\`

## Fix safety
The fix adds \`torch.use_deterministic_algorithms(True)\` after the assignment. It is unsafe:
kernels change, ops without a deterministic implementation start raising (pass
\`warn_only=True\` to only warn), and on releases that still check it cuBLAS needs
\`CUBLAS_WORKSPACE_CONFIG\` (see RNG203).

## References
- [Reproducibility: avoiding nondeterministic algorithms](https://pytorch.org/docs/stable/notes/randomness.html#avoiding-nondeterministic-algorithms)
- [torch.use_deterministic_algorithms](https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html)
`;

export default defineRule<Data>({
  code: 'RNG903',
  name: 'cudnn-deterministic-only',
  severity: 'info',
  defaultEnabled: false,
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.target} = True\` covers cuDNN convolutions only; other CUDA ops stay nondeterministic without \`use_deterministic_algorithms(True)\``,
  fixTitle: () => 'Add `torch.use_deterministic_algorithms(True)` (unsafe)',
  docs: DOCS,
  visit: { assignment: check },
});
