// RNG108: `__getitem__` or a transform's `__call__` reseeds a global RNG with a constant (or an
// attribute set once in `__init__`), so every sample gets the same "random" draws.

import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingScope, unparenthesize } from '../analysis/syntax';
import { literalValue } from '../analysis/values';
import { attributeAssignmentsIn, classOf, libraryBaseNames, loaderWorkerCode, selfName } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  seed: string;
}

const SEEDS = /^(torch\.manual_seed|torch\.random\.manual_seed|numpy\.random\.seed|random\.seed)$/;
const PER_SAMPLE = new Set(['__getitem__', '__getitems__', '__call__']);

function isConstant(expression: SyntaxNode, method: SyntaxNode, context: RuleContext, depth = 4): boolean {
  if (depth <= 0) return false;
  const node = unparenthesize(expression);
  if (typeof literalValue(node) === 'number') return true;
  if (node.type === 'binary_operator') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return !!left && !!right && isConstant(left, method, context, depth - 1) && isConstant(right, method, context, depth - 1);
  }
  if (node.type === 'identifier') {
    const binding = context.model.names.lookup(node);
    // A module-level constant: every binding a literal (or constant expression).
    if (!binding || binding.kind !== 'assign' || binding.scope !== null) return false;
    const all = context.model.names.bindingsIn(null, node.text);
    return all.every((b) => b.kind === 'assign' && !!b.value && b.path?.length === 0 && isConstant(b.value, method, context, depth - 1));
  }
  if (node.type === 'attribute') {
    const self = selfName(method);
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    const cls = classOf(method);
    if (!self || !attr || !cls || object?.type !== 'identifier' || object.text !== self) return false;
    const assignments = attributeAssignmentsIn(cls, attr, context.model);
    return assignments.length > 0 && assignments.every((a) => a.method.childForFieldName('name')?.text === '__init__');
  }
  return false;
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model } = context;
  if (!SEEDS.test(model.calleeName(call) ?? '')) return [];
  const method = enclosingScope(call);
  if (!method || method.type !== 'function_definition' || !PER_SAMPLE.has(method.childForFieldName('name')?.text ?? '') || !selfName(method)) return [];
  if (method.childForFieldName('name')?.text === '__call__' && !isTransformClass(classOf(method)!, context)) return [];
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const first = args[0];
  if (!first || args.length !== 1) return [];
  const value = first.type === 'keyword_argument' ? first.childForFieldName('value') : first;
  if (!value || !isConstant(value, method, context)) return [];
  return [{ node: call, data: { seed: value.text } }];
}

/**
 * A transform: named like one, deriving from a library transform, or called per sample by a
 * dataset that feeds a loader. A trainer's or a pipeline's `__call__` is not per sample.
 */
function isTransformClass(cls: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const name = cls.childForFieldName('name')?.text ?? '';
  if (/transform|aug|crop|flip|jitter|noise|rotat|resize|mask|mix|random/i.test(name)) return true;
  if (libraryBaseNames(cls, model).some((n) => /^(torchvision|albumentations|monai|kornia|imgaug)\b/.test(n))) return true;
  return transformClassIds(model, values).has(cls.id);
}

const transformClassesCache = new WeakMap<FileModel, ReadonlySet<number>>();

/** The classes some DataLoader's Dataset uses as a transform, once per lint. */
function transformClassIds(model: FileModel, values: RuleContext['values']): ReadonlySet<number> {
  let ids = transformClassesCache.get(model);
  if (!ids) {
    const found = new Set<number>();
    for (const loader of model.callsTo('torch.utils.data.DataLoader')) {
      for (const dataset of loaderWorkerCode(loader, model, values).datasets) for (const t of dataset.transforms) if (!t.unit.module) found.add(t.cls.id);
    }
    transformClassesCache.set(model, (ids = found));
  }
  return ids;
}

const DOCS = `## What it does
Flags \`random.seed(c)\`, \`np.random.seed(c)\` or \`torch.manual_seed(c)\` inside \`__getitem__\`
or a transform's \`__call__\` when \`c\` is a constant, a module constant, or an attribute set only
in \`__init__\`.

## Why is this bad?
The global RNG is reset to the same state before every sample, so every sample receives the
identical "random" crop, flip or noise: the augmentation is no longer random at all. A popular
Stack Overflow answer spread this pattern (dvgodoy/PyTorchStepByStep#33), and the \`FixSeed\` idea
discussed in pytorch/vision#638 has the same effect.

Not flagged: seeds derived from the index (deterministic per-sample augmentation, e.g. for
evaluation), and a fresh seed drawn per call and applied to an image and its mask (the
pytorch/vision#9 pattern: legitimate, though fragile).

## Example
\`\`\`python
import torch
from torch.utils.data import Dataset

class Augmented(Dataset):
    def __init__(self, images, seed):
        self.images = images
        self.seed = seed

    def __getitem__(self, i):
        torch.manual_seed(self.seed)
        return self.augment(self.images[i])
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import Dataset

class Augmented(Dataset):
    def __init__(self, images, seed):
        self.images = images
        self.seed = seed

    def __getitem__(self, i):
        return self.augment(self.images[i])
\`\`\`

## References
- dvgodoy/PyTorchStepByStep#33
- pytorch/vision#638, pytorch/vision#9
`;

export default defineRule<Data>({
  code: 'RNG108',
  name: 'constant-seed-per-sample',
  severity: 'warning',
  fixAvailability: 'none',
  fixApplicability: 'unsafe',
  message: (d) => `Reseeding with \`${d.seed}\` for every sample gives every sample the same random draws`,
  fixTitle: () => '',
  docs: DOCS,
  visit: { call: check },
  callees: SEEDS,
});
