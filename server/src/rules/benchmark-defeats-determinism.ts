// RNG201: `cudnn.benchmark = True` (or Lightning `Trainer(benchmark=True)`) in a script that asks
// for determinism elsewhere: the autotuner may pick different kernels on every run (F9, W9).

import { argumentValue } from '../analysis/calls';
import { determinismIntents, flagAssignmentAt, flagAssignments, isLiteralTrue, type DeterminismIntent } from '../analysis/determinism';
import { guardsOf, type Guard } from '../analysis/flow';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { enclosingScope } from '../analysis/syntax';
import { literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** 1-based line of the determinism request. */
  line: number;
  lightning: boolean;
}

const LIGHTNING_TRAINER = /^(lightning|lightning\.pytorch|pytorch_lightning)(\.trainer(\.trainer)?)?\.Trainer$/;

/** A guard that mentions determinism (`if not args.deterministic:`) makes the switch deliberate. */
function mentionsDeterminism(guards: readonly Guard[]): boolean {
  return guards.some((g) => /determinis/i.test(g.condition.text));
}

/** The earliest intent that can hold at the same time as a benchmark switch with `guards`. */
function conflictingIntent(node: SyntaxNode, guards: readonly Guard[], context: RuleContext): DeterminismIntent | undefined {
  if (mentionsDeterminism(guards)) return undefined;
  const intents: DeterminismIntent[] = [...determinismIntents(context.model)];
  // An earlier `benchmark = False` also states the intent.
  for (const flag of flagAssignments(context.model)) {
    if (flag.module === 'cudnn' && flag.flag === 'benchmark' && literalValue(flag.value) === false && flag.assignment.startIndex < node.startIndex) {
      intents.push({ node: flag.assignment, guards: guardsOf(flag.assignment) });
    }
  }
  intents.sort((a, b) => a.node.startIndex - b.node.startIndex);
  // §4.8: when both sides are guarded (by different conditions) they may exclude each other.
  return intents.find((i) => guards.length === 0 || i.guards.length === 0);
}

/**
 * A later `benchmark = False` in the same scope that holds whenever the intent does (no guard of
 * its own, or only the intent's guards) overrides the switch: NVIDIA's semantic-segmentation
 * sets `benchmark = True`, then `if args.deterministic: deterministic = True; benchmark = False`.
 */
function switchedOffLater(assignment: SyntaxNode, intent: DeterminismIntent, context: RuleContext): boolean {
  const key = (g: Guard) => `${g.negated ? '!' : ''}${g.condition.text}`;
  const intentGuards = new Set(intent.guards.map(key));
  const scope = enclosingScope(assignment)?.id ?? -1;
  return flagAssignments(context.model).some(
    (flag) =>
      flag.module === 'cudnn' &&
      flag.flag === 'benchmark' &&
      literalValue(flag.value) === false &&
      flag.assignment.startIndex > assignment.startIndex &&
      (enclosingScope(flag.assignment)?.id ?? -1) === scope &&
      guardsOf(flag.assignment).every((g) => intentGuards.has(key(g))),
  );
}

function checkAssignment(assignment: SyntaxNode, context: RuleContext): Report<Data>[] {
  // Every assignment comes here: reject anything not spelled `<x>.benchmark = ...` before
  // resolving what `<x>` is.
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'benchmark') return [];
  const flag = flagAssignmentAt(assignment, context.model);
  if (!flag || flag.module !== 'cudnn' || flag.flag !== 'benchmark' || !isLiteralTrue(flag.value)) return [];
  const intent = conflictingIntent(assignment, guardsOf(assignment), context);
  if (!intent || switchedOffLater(assignment, intent, context)) return [];
  return [
    {
      node: flag.target,
      data: { line: intent.node.startPosition.row + 1, lightning: false },
      fix: { edits: [{ range: nodeRange(flag.value), newText: 'False' }] },
    },
  ];
}

function checkTrainer(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const name = context.model.calleeName(call);
  if (!name || !LIGHTNING_TRAINER.test(name)) return [];
  const benchmark = argumentValue(call, { keyword: 'benchmark' });
  if (!benchmark || !isLiteralTrue(benchmark)) return [];
  const intent = conflictingIntent(call, guardsOf(call), context);
  if (!intent) return [];
  return [
    {
      node: benchmark.parent ?? benchmark,
      data: { line: intent.node.startPosition.row + 1, lightning: true },
      fix: { edits: [{ range: nodeRange(benchmark), newText: 'False' }] },
    },
  ];
}

const DOCS = `## What it does
Flags \`torch.backends.cudnn.benchmark = True\` (or Lightning's \`Trainer(benchmark=True)\`) in a
file that also asks for determinism: \`cudnn.deterministic = True\`,
\`torch.use_deterministic_algorithms(True)\`, an earlier \`cudnn.benchmark = False\`,
\`Trainer(deterministic=True)\`, or a seeding helper called with \`deterministic=True\`. A switch
that a later \`cudnn.benchmark = False\` in the same scope turns off again whenever determinism
is asked for (unguarded, or under the same condition) is not flagged.

## Why is this bad?
\`benchmark = True\` *enables* cuDNN's autotuner: it times several convolution algorithms and keeps
the fastest, and the winner can differ from run to run, so results change even with every seed
fixed. (Checklists that claim \`benchmark = True\` disables the autotuner have it backwards.) The
PyTorch reproducibility note says to set it to \`False\` for determinism; an official example had
this exact contradiction (pytorch/examples#1056, fixed in PR #1057). Neither flag touches any
random stream: this is about kernel choice.

Benchmarking on purpose for speed is fine: the rule stays silent when the file never asks for
determinism, or when the switch depends on a determinism option (\`cudnn.benchmark = not
args.deterministic\`, or \`benchmark = True\` in the \`else\` of \`if args.deterministic:\`).

## Example
\`\`\`python
import torch

torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = True
\`\`\`

Use instead:
\`\`\`python
import torch

torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
\`\`\`

## Fix safety
The fix sets the flag to \`False\`. It is unsafe: the chosen kernels change, so the numbers and the
speed of the run change.

## References
- [Reproducibility: CUDA convolution benchmarking](https://pytorch.org/docs/stable/notes/randomness.html#cuda-convolution-benchmarking)
- pytorch/examples#1056 and PR #1057
`;

export default defineRule<Data>({
  code: 'RNG201',
  name: 'benchmark-defeats-determinism',
  severity: 'warning',
  fixAvailability: 'always',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.lightning ? 'benchmark=True' : 'cudnn.benchmark = True'}\` undoes the determinism requested at line ${d.line}`,
  fixTitle: (d) => (d.lightning ? 'Set `benchmark=False` (unsafe)' : 'Set `cudnn.benchmark = False` (unsafe)'),
  docs: DOCS,
  visit: { assignment: checkAssignment, call: checkTrainer },
  callees: LIGHTNING_TRAINER,
});
