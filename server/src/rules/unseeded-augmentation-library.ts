// RNG502: imgaug augmenters used by a Dataset that feeds a multi-worker DataLoader whose workers
// never reseed imgaug. imgaug keeps its own global RNG, untouched by NumPy seeding and by
// PyTorch's per-worker seeding, so every worker repeats the same augmentation stream (F16, W4).

import { addKeywordArgumentEdit, assignedToEvaluationName, moduleAlias } from '../analysis/loaders';
import { argumentValue, lookupArgument } from '../analysis/calls';

import { DATA_LOADER, DATA_LOADER_CALLEE } from '../analysis/known-names';
import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { importedCallee } from '../analysis/modules';
import { isInside } from '../analysis/syntax';
import { functionTarget, type CodeUnit } from '../analysis/workers';
import { evaluate, literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** The Dataset class or expression that uses imgaug. */
  dataset: string;
  /** A local worker_init_fn that does not reseed imgaug. */
  workerInit?: string;
}

/**
 * Augmentation libraries with their own global RNG that worker seeding does not refresh. imgaug
 * is confirmed for every release (aleju/imgaug#121, #659). Albumentations depends on the version
 * (AlbumentationsX PR #272) and is not in the table until the releases are pinned down (spec §10).
 */
const IMGAUG = /^imgaug(\.|$)/;
const IMGAUG_SEED = /^imgaug(\.imgaug|\.random)?\.seed$/;

/** DataLoader's positional parameters (torch.utils.data.DataLoader.__init__). */
const NUM_WORKERS = { keyword: 'num_workers', position: 5 };
const WORKER_INIT_FN = { keyword: 'worker_init_fn', position: 10 };
const DATASET = { keyword: 'dataset', position: 0 };

const imgaugCallsCache = new WeakMap<FileModel, readonly SyntaxNode[]>();

/** Every call into imgaug in a file, once per model: most files have none, and then nothing is left to check. */
function imgaugCalls(model: FileModel): readonly SyntaxNode[] {
  let calls = imgaugCallsCache.get(model);
  if (!calls) imgaugCallsCache.set(model, (calls = model.calls.filter((c) => IMGAUG.test(model.calleeName(c) ?? ''))));
  return calls;
}

/**
 * imgaug is called inside `container`, or inside a function of the same module it calls (two
 * levels: `self.seq = build_augmentor()` in `__init__`, with the augmenters built in that helper).
 * `model` is the module `container` is in: this file's, or a sibling module's (§4.10).
 */
function usesImgaug(container: SyntaxNode, model: FileModel, depth = 2): boolean {
  const calls = imgaugCalls(model);
  if (calls.length === 0) return false;
  if (calls.some((c) => isInside(c, container))) return true;
  if (depth <= 0) return false;
  return model.callsInside(container).some((call) => {
    const definition = model.localDefinition(call);
    return definition?.type === 'function_definition' && !isInside(definition, container) && usesImgaug(definition, model, depth - 1);
  });
}

/**
 * The Dataset feeding the loader uses imgaug: its class does (same-file, or imported from a
 * sibling module), or its constructor gets an augmenter.
 */
function imgaugDataset(loader: SyntaxNode, context: RuleContext): string | undefined {
  const { model, values } = context;
  const dataset = argumentValue(loader, DATASET);
  if (!dataset) return undefined;
  for (const origin of values.origins(dataset)) {
    if (origin.node.type !== 'call') continue;
    const imported = importedCallee(origin.node, model);
    const definition = model.localDefinition(origin.node) ?? imported?.definition;
    if (definition?.type === 'class_definition' && usesImgaug(definition, imported?.module.model ?? model)) return definition.childForFieldName('name')?.text;
    const args = origin.node.childForFieldName('arguments');
    if (args && definition?.type === 'class_definition') {
      for (const arg of args.namedChildren) {
        const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
        if (!value) continue;
        const reaches = [value, ...values.origins(value).map((o) => o.node)].some((n) => n.type === 'call' && IMGAUG.test(model.calleeName(n) ?? ''));
        if (reaches) return definition.childForFieldName('name')?.text;
      }
    }
  }
  return undefined;
}

/** 'workers' when num_workers may be > 0; the main process runs everything otherwise. */
function mayUseWorkers(loader: SyntaxNode): boolean {
  const workers = lookupArgument(loader, NUM_WORKERS);
  if (workers.kind === 'absent') return false;
  if (workers.kind === 'unknown') return true;
  const value = literalValue(workers.value);
  return !(typeof value === 'number' && value <= 0);
}

type WorkerInit = { kind: 'none' } | { kind: 'reseeds' } | { kind: 'unknown' } | { kind: 'local'; name: string };

function workerInit(loader: SyntaxNode, context: RuleContext): WorkerInit {
  const { model, values } = context;
  const given = lookupArgument(loader, WORKER_INIT_FN);
  if (given.kind === 'absent') return { kind: 'none' };
  if (given.kind === 'unknown') return { kind: 'unknown' };
  if (given.value.type === 'none') return { kind: 'none' };
  const origins = values.origins(given.value);
  let local: string | undefined;
  for (const origin of origins) {
    let body: SyntaxNode | undefined;
    let unit: CodeUnit = context;
    if (origin.node.type === 'lambda') body = origin.node;
    else if (origin.node.type === 'function_definition') body = origin.node;
    else if (origin.node.type === 'identifier') {
      const binding = model.names.lookup(origin.node);
      if (binding?.kind === 'def') body = binding.definition;
    }
    if (!body) {
      // A function imported from a sibling module (§4.10): read its body there.
      const target = functionTarget(origin.node, model, values);
      if (target?.unit && !target.partial) {
        body = target.fn;
        unit = target.unit;
      }
    }
    if (!body) return { kind: 'unknown' }; // partial(...), a method, an unreadable module: cannot see the body
    const seeds = unit.model.callsInside(body).some((c) => reseedsImgaug(c, unit));
    if (seeds) return { kind: 'reseeds' };
    local = body.childForFieldName('name')?.text ?? 'lambda';
  }
  return local ? { kind: 'local', name: local } : { kind: 'unknown' };
}

/** `ia.seed(x)` with `x` derived from something (not a constant every worker shares). */
function reseedsImgaug(call: SyntaxNode, context: CodeUnit): boolean {
  const name = context.model.calleeName(call);
  const local = context.model.localDefinition(call);
  if (local) return context.model.callsInside(local).some((c) => IMGAUG_SEED.test(context.model.calleeName(c) ?? ''));
  if (!name || !IMGAUG_SEED.test(name)) return false;
  const value = argumentValue(call, { keyword: 'entropy', position: 0 });
  return !value || evaluate(value, context) === undefined;
}

const WORKER_FN = 'seed_imgaug_worker';

function fixEdits(loader: SyntaxNode, context: RuleContext): TextEdit[] | undefined {
  const { model } = context;
  if (model.names.bindingsIn(null, WORKER_FN).length > 0) return undefined;
  let statement = loader;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  if (!statement.parent) return undefined;
  const argument = addKeywordArgumentEdit(loader, 'worker_init_fn', WORKER_FN);
  if (!argument) return undefined;
  const imports: string[] = [];
  const imgaug = moduleAlias(model, 'imgaug') ?? (imports.push('import imgaug'), 'imgaug');
  const torch = moduleAlias(model, 'torch') ?? (imports.push('import torch'), 'torch');
  const edits: TextEdit[] = [];
  if (imports.length > 0) {
    const tops = model.tree.rootNode.namedChildren.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement');
    const after = tops[tops.length - 1];
    const at = after ? { line: after.endPosition.row + 1, character: 0 } : { line: 0, character: 0 };
    edits.push({ range: { start: at, end: at }, newText: imports.map((l) => `${l}\n`).join('') });
  }
  const at = { line: statement.startPosition.row, character: 0 };
  edits.push({
    range: { start: at, end: at },
    newText: `def ${WORKER_FN}(worker_id):\n    # imgaug has its own RNG: derive it from the worker's torch seed, which changes per worker and epoch\n    ${imgaug}.seed(${torch}.initial_seed() % 2**32)\n\n\n`,
  });
  edits.push(argument);
  return edits;
}

function check(loader: SyntaxNode, context: RuleContext): Report<Data>[] {
  // Most files call no imgaug; without a module index nothing else can.
  if (context.model.calleeName(loader) !== DATA_LOADER || !mayUseWorkers(loader) || (imgaugCalls(context.model).length === 0 && !context.model.modules)) return [];
  // Evaluation loaders (`val_loader = ...`) rarely augment, and fixed draws are their goal when
  // they do (as for RNG103).
  if (assignedToEvaluationName(loader)) return [];
  const dataset = imgaugDataset(loader, context);
  if (!dataset) return [];
  const init = workerInit(loader, context);
  if (init.kind === 'reseeds' || init.kind === 'unknown') return [];
  const data: Data = { dataset };
  const report: Report<Data> = { node: loader.childForFieldName('function') ?? loader, data };
  if (init.kind === 'local') data.workerInit = init.name;
  else {
    const edits = fixEdits(loader, context);
    if (edits) report.fix = { edits };
  }
  return [report];
}

const DOCS = `## What it does
Flags a \`DataLoader\` with worker processes (\`num_workers\` > 0 or not a literal) whose Dataset uses
imgaug augmenters (\`import imgaug.augmenters as iaa\`) while no \`worker_init_fn\` reseeds imgaug
from the worker's seed (\`ia.seed(...)\` / \`imgaug.random.seed(...)\`). Evaluation loaders
(assigned to names such as \`val_loader\`) are left alone: they rarely augment, and fixed draws
are their goal when they do.

The Dataset class and the \`worker_init_fn\` may be imported from the project's other modules:
they are read there, one import deep, where the host can read files (the CLI, the desktop editor).

## Why is this bad?
imgaug keeps its own global RNG with a fixed default seed. It is separate from NumPy's global
state and from everything PyTorch reseeds in a worker (torch, Python \`random\`, and since 1.9 the
global NumPy state). Every worker starts from the same imgaug state, so the "random" flips, crops
and rotations repeat across workers, and non-persistent workers restart them every epoch
(aleju/imgaug#121, #659; reported in open-mmlab/OpenPCDet#886 and xingyizhou/CenterNet#233).
"Since PyTorch 1.9 worker seeding is solved" is true only for the global RNGs PyTorch knows about;
Lightning's \`seed_everything(workers=True)\` does not reseed imgaug either.

The library table: imgaug is confirmed for all releases. Albumentations' behaviour depends on its
version (AlbumentationsX PR #272) and is not checked until the affected releases are pinned down.

## Example
\`\`\`python
import imgaug.augmenters as iaa
from torch.utils.data import DataLoader, Dataset

class Boxes(Dataset):
    def __init__(self, items):
        self.items = items
        self.aug = iaa.Sequential([iaa.Fliplr(0.5), iaa.Affine(rotate=(-10, 10))])

    def __getitem__(self, i):
        return self.aug(image=self.items[i])

loader = DataLoader(Boxes(items), batch_size=8, shuffle=True, num_workers=4)
\`\`\`

Use instead:
\`\`\`python
import imgaug
import imgaug.augmenters as iaa
import torch
from torch.utils.data import DataLoader, Dataset

class Boxes(Dataset):
    def __init__(self, items):
        self.items = items
        self.aug = iaa.Sequential([iaa.Fliplr(0.5), iaa.Affine(rotate=(-10, 10))])

    def __getitem__(self, i):
        return self.aug(image=self.items[i])

def seed_imgaug_worker(worker_id):
    imgaug.seed(torch.initial_seed() % 2**32)

loader = DataLoader(Boxes(items), batch_size=8, shuffle=True, num_workers=4, worker_init_fn=seed_imgaug_worker)
\`\`\`

## Fix safety
When the loader has no \`worker_init_fn\`, the fix adds a module-level \`seed_imgaug_worker\`
function (a module-level function, so it also works with the spawn start method) that seeds
imgaug from \`torch.initial_seed() % 2**32\`, which differs per worker and per epoch, and passes
it as \`worker_init_fn\`. It is unsafe: the augmentations change (which is the point). When the
loader already has a \`worker_init_fn\`, add the \`imgaug.seed(...)\` line to it by hand.

## References
- aleju/imgaug#121, aleju/imgaug#659
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
`;

export default defineRule<Data>({
  code: 'RNG502',
  name: 'unseeded-augmentation-library',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.workerInit
      ? `\`${d.dataset}\` augments with imgaug, but \`${d.workerInit}\` does not reseed imgaug's RNG, so workers repeat augmentations`
      : `\`${d.dataset}\` augments with imgaug, whose RNG is not reseeded per worker, so workers repeat augmentations`,
  fixTitle: () => 'Seed imgaug from the worker seed in `worker_init_fn` (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: DATA_LOADER_CALLEE,
});
