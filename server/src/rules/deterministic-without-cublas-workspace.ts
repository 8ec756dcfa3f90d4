// RNG203: `torch.use_deterministic_algorithms(True)` in a CUDA script without
// CUBLAS_WORKSPACE_CONFIG, on a declared PyTorch that still raises at the first cuBLAS call
// (F9, W14). Version-aware (§4.9): with nothing declared the newest release is assumed, and the
// newest releases no longer need the variable (pytorch/pytorch PR #161749), so it stays silent.

import { moduleAlias } from '../analysis/loaders';
import { deterministicAlgorithmsCall, frameworkDeterminism } from '../analysis/determinism';
import type { FileModel } from '../analysis/model';
import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { assumedVersion, mayBeBelow } from '../analysis/versions';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  version: string;
}

/**
 * The first release that may lack the check. PR #161749 was opened on 2025-08-28 and was still
 * in review on 2025-09-18, so 2.8 and older certainly enforce the check; whether 2.9 does is
 * not confirmed (spec §10 question 2), so 2.9 and newer stay silent.
 */
export const FIRST_RELEASE_WITHOUT_CUBLAS_CHECK = '2.9';

/** The file runs CUDA work: `.cuda()`, a "cuda" / "cuda:N" device string, or the NCCL backend. */
function usesCuda(context: RuleContext): boolean {
  return /\.cuda\(|["']cuda(:\d+)?["']|["']nccl["']/.test(context.text);
}

/** Something in the file sets the variable, or a framework switch that sets it is called. */
function setsWorkspace(context: RuleContext): boolean {
  if (context.text.includes('CUBLAS_WORKSPACE_CONFIG')) return true;
  return context.model.calls.some((c) => frameworkDeterminism(c, context.model) !== undefined);
}

/** Insert `os.environ.setdefault(...)` after the top-level imports (adding `import os`). */
function workspaceEdit(model: FileModel): TextEdit {
  const imports = model.tree.rootNode.namedChildren.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement');
  const last = imports[imports.length - 1];
  const at = last ? { line: last.endPosition.row + 1, character: 0 } : { line: 0, character: 0 };
  const os = moduleAlias(model, 'os');
  const lines = os ? '' : 'import os\n';
  return { range: { start: at, end: at }, newText: `${lines}${os ?? 'os'}.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")\n` };
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const algorithms = deterministicAlgorithmsCall(call, context.model);
  if (!algorithms || algorithms.mode !== true || algorithms.warnOnly !== false) return [];
  const declared = context.project.declared;
  if (!mayBeBelow(declared, 'torch', FIRST_RELEASE_WITHOUT_CUBLAS_CHECK)) return [];
  if (!usesCuda(context) || setsWorkspace(context)) return [];
  const version = assumedVersion(declared, 'torch') ?? `< ${FIRST_RELEASE_WITHOUT_CUBLAS_CHECK}`;
  return [{ node: call, data: { version }, fix: { edits: [workspaceEdit(context.model)] } }];
}

const DOCS = `## What it does
Flags \`torch.use_deterministic_algorithms(True)\` (without \`warn_only=True\`) in a file that runs
CUDA work and never sets \`CUBLAS_WORKSPACE_CONFIG\`, when the project declares a PyTorch release
that still enforces the cuBLAS workspace check.

The rule is version-aware. It reads the PyTorch version declared in \`requirements*.txt\`,
\`pyproject.toml\`, \`setup.cfg\` / \`setup.py\` or \`environment.yml\` (or the
\`seedlint.torchVersion\` setting): an exact pin or an upper bound below 2.9 turns it on. With no
declaration, or only a lower bound such as \`torch>=1.13\`, the newest release is assumed, which no
longer needs the variable, so the rule stays silent. The examples below assume
\`torch==1.13.1\` is declared.

## Why is this bad?
On releases such as 1.13 with CUDA 10.2 or newer, deterministic mode raises \`RuntimeError\` at the
first affected cuBLAS call (\`torch.mm\`, \`nn.Linear\` on CUDA, ...) unless
\`CUBLAS_WORKSPACE_CONFIG\` is \`:4096:8\` or \`:16:8\`. The run crashes after setup, often after
data loading has already taken minutes. Projects keep hitting this (Metta-AI/metta PR #654,
Lightning-AI/litgpt PR #2124). pytorch/pytorch PR #161749 removed the requirement in later releases
(the first release without it is not confirmed yet, so 2.9 and newer are treated as not needing
it). Setting \`torch.use_deterministic_algorithms(True)\` alone is not "all you need on GPU" on
those older releases.

If the variable comes from the launcher, a Dockerfile or a \`.env\` file, suppress the finding with
\`# seedlint: ignore[RNG203]\`.

## Example
<!-- requirements: torch==1.13.1 -->
\`\`\`python
import torch

torch.use_deterministic_algorithms(True)
model = Net().cuda()
\`\`\`

Use instead:
\`\`\`python
import os
import torch

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
torch.use_deterministic_algorithms(True)
model = Net().cuda()
\`\`\`

## Fix safety
The fix inserts \`os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")\` after the imports
(and \`import os\` when needed). It is safe: it only fixes the crash, and \`setdefault\` keeps a
value the environment already provides.

## References
- [Reproducibility: avoiding nondeterministic algorithms](https://pytorch.org/docs/stable/notes/randomness.html#avoiding-nondeterministic-algorithms)
- [cuBLAS results reproducibility](https://docs.nvidia.com/cuda/cublas/index.html#results-reproducibility)
- pytorch/pytorch PR #161749 (removes the check)
`;

export default defineRule<Data>({
  code: 'RNG203',
  name: 'deterministic-without-cublas-workspace',
  severity: 'warning',
  fixAvailability: 'always',
  fixApplicability: 'safe',
  message: (d) =>
    `On torch ${d.version}, deterministic mode raises at the first cuBLAS call unless \`CUBLAS_WORKSPACE_CONFIG\` is set (if the launcher or container sets it, add \`# seedlint: ignore[RNG203]\`)`,
  fixTitle: () => 'Set `CUBLAS_WORKSPACE_CONFIG=:4096:8` before CUDA starts',
  docs: DOCS,
  visit: { call: check },
  callees: exactly(['torch.use_deterministic_algorithms', 'torch.set_deterministic']),
});
