// RNG901 (opt-in): an evaluation loader without `generator=` iterated inside the training loop.
// Every `iter(loader)` draws a base seed (and a sampler seed when shuffling) from the global
// generator, so evaluation shifts the training stream (F3).

import { moduleAlias, scriptSeedAt } from '../analysis/loaders';
import { callArguments, lookupArgument, methodName } from '../analysis/calls';

import { iteratedExpressions } from '../analysis/flow';
import { DATA_LOADER, DATA_LOADER_CALLEE } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { pointToPosition } from '../analysis/positions';
import { isInside } from '../analysis/syntax';
import { literalValue } from '../analysis/values';

import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  loader: string;
  generator: string;
}

/** DataLoader's positional parameters (torch.utils.data.DataLoader.__init__). */
const SHUFFLE = { keyword: 'shuffle', position: 2 };
const GENERATOR = { keyword: 'generator', position: 12 };
const PERSISTENT = { keyword: 'persistent_workers' };

/** Names that say "evaluation": val_loader, valid_dl, test_loader, self.eval_dataloader, devloader. */
const EVAL_NAME = /^(val|valid|validation|test|testing|eval|evaluation|dev|holdout)(_?(loader|dl|dataloader|data_loader|iter|set|data))?$|^(val|valid|validation|test|eval|dev)_|_(val|valid|validation|test|eval|dev)(_|$)/i;

function boundName(call: SyntaxNode): string | undefined {
  const parent = call.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.id) return undefined;
  const left = parent.childForFieldName('left');
  return left && (left.type === 'identifier' || left.type === 'attribute') ? left.text : undefined;
}

/** Expressions inside `container` that iterate a loader or hand it to a function. */
function loaderUses(container: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const { model } = context;
  const uses: SyntaxNode[] = [];
  for (const loop of model.loops) {
    if (loop.type !== 'for_statement' || !isInside(loop, container) || loop.id === container.parent?.id) continue;
    const right = loop.childForFieldName('right');
    if (right) uses.push(...iteratedExpressions(model, right));
  }
  for (const call of model.callsInside(container)) {
    for (const arg of callArguments(call)) uses.push(arg.type === 'keyword_argument' ? (arg.childForFieldName('value') ?? arg) : arg);
  }
  return uses;
}

function isTrainingLoop(loop: SyntaxNode, loader: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const body = loop.childForFieldName('body');
  if (!body) return false;
  if (model.callsInside(body).some((c) => /^(step|backward)$/.test(methodName(c) ?? ''))) return true;
  // `train_one_epoch(...)`, `train(...)`, `trainer.train_epoch(...)`.
  if (model.callsInside(body).some((c) => /(^|[._])train/i.test(c.childForFieldName('function')?.text ?? ''))) return true;
  // Another loader used in the same loop: the training loader.
  return loaderUses(body, context).some((use) =>
    values.origins(use).some((o) => o.node.id !== loader.id && o.node.type === 'call' && model.calleeName(o.node) === DATA_LOADER),
  );
}

function usedInTrainingLoop(loader: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  return model.loops.some((loop) => {
    const body = loop.childForFieldName('body');
    if (!body) return false;
    const uses = loaderUses(body, context).filter((use) => values.reaches(use, loader));
    return uses.length > 0 && isTrainingLoop(loop, loader, context);
  });
}

function fixEdits(loader: SyntaxNode, seed: string, context: RuleContext): TextEdit[] | undefined {
  const list = loader.childForFieldName('arguments');
  const args = list?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const last = args[args.length - 1];
  if (!last) return undefined;
  const edits: TextEdit[] = [];
  let torch = moduleAlias(context.model, 'torch');
  if (!torch) {
    torch = 'torch';
    const tops = context.model.tree.rootNode.namedChildren.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement');
    const after = tops[tops.length - 1];
    const at = after ? { line: after.endPosition.row + 1, character: 0 } : { line: 0, character: 0 };
    edits.push({ range: { start: at, end: at }, newText: 'import torch\n' });
  }
  const end = pointToPosition(last.endPosition);
  edits.push({ range: { start: end, end }, newText: `, generator=${torch}.Generator().manual_seed(${seed})` });
  return edits;
}

function check(loader: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (context.model.calleeName(loader) !== DATA_LOADER) return [];
  const generator = lookupArgument(loader, GENERATOR);
  if (generator.kind === 'unknown' || (generator.kind === 'given' && generator.value.type !== 'none')) return [];
  const name = boundName(loader);
  const leaf = name?.split('.').pop();
  if (!name || !leaf || !EVAL_NAME.test(leaf)) return [];
  // Persistent workers draw the base seed once; without shuffling nothing else is drawn per epoch.
  const shuffle = lookupArgument(loader, SHUFFLE);
  const shuffles = shuffle.kind === 'given' && literalValue(shuffle.value) !== false;
  const persistent = lookupArgument(loader, PERSISTENT);
  if (!shuffles && persistent.kind === 'given' && literalValue(persistent.value) === true) return [];
  if (!usedInTrainingLoop(loader, context)) return [];
  const seed = scriptSeedAt(loader, context.model) ?? '0';
  const data: Data = { loader: name, generator: `torch.Generator().manual_seed(${seed})` };
  const report: Report<Data> = { node: loader.childForFieldName('function') ?? loader, data };
  const edits = fixEdits(loader, seed, context);
  if (edits) report.fix = { edits };
  return [report];
}

const DOCS = `## What it does
Flags an evaluation loader (bound to a name such as \`val_loader\`, \`test_loader\` or
\`eval_dataloader\`) without its own \`generator=\`, when it is used inside the training loop,
next to the training loader or an optimizer step. Off by default: enable it with \`select\`.

## Why is this bad?
Creating an iterator over a \`DataLoader\` (every \`for batch in loader:\`) draws a 64-bit worker
base seed from the global torch generator, even with \`num_workers=0\` and \`shuffle=False\`, and a
shuffling loader also draws a sampler seed. So adding, removing or changing evaluation shifts
everything the training run draws afterwards: the next epoch's shuffle, dropout masks, random
augmentations. Two runs with the same seed but a different evaluation schedule diverge.
\`shuffle=False\` alone does not stop the base-seed draw. A non-shuffling loader with
\`persistent_workers=True\` draws only on its first iteration and is not reported.

## Example
\`\`\`python
import torch
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=256, shuffle=True)
for epoch in range(epochs):
    train_one_epoch(model, train_loader)
    evaluate(model, val_loader)
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=256, shuffle=False, generator=torch.Generator().manual_seed(0))
for epoch in range(epochs):
    train_one_epoch(model, train_loader)
    evaluate(model, val_loader)
\`\`\`

## Fix safety
The fix passes \`generator=torch.Generator().manual_seed(<seed>)\` (the script's seed when one is in
scope, else \`0\`). It is unsafe: the training stream no longer includes the evaluation draws, so
training numbers change (which is the point). Evaluation results stay the same unless evaluation
itself is random. Consider \`shuffle=False\` for evaluation too.

## References
- [torch.utils.data: randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
- SsnL in pytorch/pytorch#36998
`;

export default defineRule<Data>({
  code: 'RNG901',
  name: 'eval-loader-consumes-global-rng',
  severity: 'info',
  defaultEnabled: false,
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `Iterating \`${d.loader}\` draws from the global RNG and shifts training randomness`,
  fixTitle: (d) => `Give \`${d.loader}\` its own generator, \`${d.generator}\` (unsafe)`,
  docs: DOCS,
  visit: { call: check },
  callees: DATA_LOADER_CALLEE,
});
