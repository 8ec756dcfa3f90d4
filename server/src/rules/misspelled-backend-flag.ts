// RNG202: an assignment to a `torch.backends.cudnn` / `torch.backends.cuda.matmul` attribute
// that no PyTorch release knows. On cuDNN's module Python accepts it silently; the matmul object
// raises (AssertionError on 1.13, AttributeError on 2.x).

import { flagAssignmentAt } from '../analysis/determinism';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  module: 'cudnn' | 'matmul';
  attr: string;
  flag?: string;
}

/**
 * Settings, as the union over supported releases (1.13: `CudnnModule`; 2.x adds
 * `fp32_precision` and the `conv` / `rnn` precision objects). Suggestions come from these.
 */
const FLAGS: Record<'cudnn' | 'matmul', readonly string[]> = {
  cudnn: ['enabled', 'benchmark', 'benchmark_limit', 'deterministic', 'allow_tf32', 'fp32_precision', 'conv', 'rnn'],
  // torch/backends/cuda/__init__.py `cuBLASModule.__setattr__` (1.13 and 2.x).
  matmul: ['allow_tf32', 'allow_fp16_reduced_precision_reduction', 'allow_bf16_reduced_precision_reduction', 'allow_fp16_accumulation', 'fp32_precision'],
};

/** Other attributes of the cuDNN module (functions, imports): assigning them is monkeypatching, not a typo. */
const CUDNN_MODULE_ATTRIBUTES = new Set([
  'version', 'is_available', 'is_acceptable', 'flags', 'set_flags', 'CUDNN_TENSOR_DTYPES', 'ContextProp', 'CudnnModule',
  'PropModule', 'contextmanager', 'os', 'sys', 'torch', 'warnings', 'm', '_cudnn', 'lib', '_init', '__cudnn_version',
]);

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function check(assignment: SyntaxNode, context: RuleContext): Report<Data>[] {
  const flag = flagAssignmentAt(assignment, context.model);
  if (!flag) return [];
  const { module, flag: attr } = flag;
  if (FLAGS[module].includes(attr) || attr.startsWith('_')) return [];
  if (module === 'cudnn' && CUDNN_MODULE_ATTRIBUTES.has(attr)) return [];
  const near = FLAGS[module].filter((f) => editDistance(attr.toLowerCase(), f) <= 2);
  const data: Data = { module, attr };
  const report: Report<Data> = { node: flag.target, data };
  if (near.length === 1) {
    data.flag = near[0]!;
    report.fix = { edits: [{ range: nodeRange(flag.attribute), newText: near[0]! }] };
  }
  return [report];
}

const DOCS = `## What it does
Flags an assignment to \`torch.backends.cudnn.<name>\` or \`torch.backends.cuda.matmul.<name>\`
(through any alias, such as \`from torch.backends import cudnn\`) where \`<name>\` is not a setting
in any PyTorch release: \`cudnn.benchmarks = False\`, \`cudnn.determinstic = True\`.

## Why is this bad?
\`torch.backends.cudnn\` is a module object: assigning an unknown attribute simply creates it, so
the intended setting never takes effect and nothing tells you. A misspelled
\`deterministic\` leaves cuDNN free to pick nondeterministic kernels; a misspelled \`benchmark\`
leaves the autotuner in its previous state. \`torch.backends.cuda.matmul\` does check names, so
there the line raises (\`AssertionError\` on 1.13, \`AttributeError\` on 2.x) when it runs.

Known cuDNN settings: \`enabled\`, \`benchmark\`, \`benchmark_limit\`, \`deterministic\`,
\`allow_tf32\`, \`fp32_precision\` (and the \`conv\` / \`rnn\` precision objects). Known matmul
settings: \`allow_tf32\`, \`allow_fp16_reduced_precision_reduction\`,
\`allow_bf16_reduced_precision_reduction\`, \`allow_fp16_accumulation\`, \`fp32_precision\`. The
table is the union over releases, so a name that exists in any release is never reported.

## Example
\`\`\`python
import torch

torch.backends.cudnn.benchmarks = False
torch.backends.cudnn.determinstic = True
\`\`\`

Use instead:
\`\`\`python
import torch

torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
\`\`\`

## Fix safety
The fix renames the attribute to the only known setting within edit distance 2. It is safe: the
program did not apply the setting before, and now applies the one it names. When no single
setting is that close, no fix is offered.

## References
- [torch.backends](https://pytorch.org/docs/stable/backends.html)
- PyTorch source: \`torch/backends/cudnn/__init__.py\` (\`CudnnModule\`),
  \`torch/backends/cuda/__init__.py\` (\`cuBLASModule.__setattr__\`)
`;

export default defineRule<Data>({
  code: 'RNG202',
  name: 'misspelled-backend-flag',
  severity: 'error',
  fixAvailability: 'sometimes',
  fixApplicability: 'safe',
  message: (d) =>
    d.module === 'cudnn'
      ? `\`cudnn.${d.attr}\` is not a cuDNN setting; this assignment does nothing${d.flag ? ` (did you mean \`${d.flag}\`?)` : ''}`
      : `\`matmul.${d.attr}\` is not a cuBLAS setting; this assignment raises${d.flag ? ` (did you mean \`${d.flag}\`?)` : ''}`,
  fixTitle: (d) => `Rename to \`${d.flag ?? d.attr}\``,
  docs: DOCS,
  visit: { assignment: check },
});
