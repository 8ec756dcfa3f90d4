// RNG102: an RNG object stored on a Dataset (or a transform it calls) in `__init__` is copied,
// state and all, into every DataLoader worker; PyTorch reseeds only the global RNGs (F4, F6, W4,
// W16).

import { callArguments, methodName, receiver } from '../analysis/calls';
import { addKeywordArgumentEdit, assignedToEvaluationName, insertLinesBefore, loaderValue, moduleReference } from '../analysis/loaders';
import type { FileModel } from '../analysis/model';
import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingScope, unparenthesize } from '../analysis/syntax';
import { sameNode } from '../analysis/modules';
import { attributeAssignmentsIn, callsIn, classOf, classWorkerCode, datasetUses, findMethod, libraryBaseNames, selfName, workerLoaders, type CodeUnit, type LoaderWorkerCode, type WorkerFunction } from '../analysis/workers';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  attr: string;
  /** No DataLoader in this file uses the Dataset. */
  unattached?: boolean;
  /** The class is in a sibling module: "`Jitter` in datasets.py (line 12)". */
  defined?: string;
}

const DATASET_BASE = /^torch\.utils\.data\.(dataset\.)?(Dataset|IterableDataset)$/;

/** A torch Dataset subclass that no DataLoader in this file is given (directly or wrapped). */
function isUnattachedDataset(cls: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  if (!libraryBaseNames(cls, model).some((n) => DATASET_BASE.test(n))) return false;
  return !model.callsTo('torch.utils.data.DataLoader').some((loader) => datasetUses(loader, model, values).some((u) => sameNode(u.cls, cls)));
}

type RngKind = 'generator' | 'random-state' | 'python' | 'torch' | 'other';

const RNG_CONSTRUCTORS: Readonly<Record<string, RngKind>> = {
  'numpy.random.default_rng': 'generator',
  'numpy.random.Generator': 'generator',
  'numpy.random.RandomState': 'random-state',
  'random.Random': 'python',
  'torch.Generator': 'torch',
  'imgaug.random.RNG': 'other',
  'imgaug.RNG': 'other',
};

/** Methods that reseed or inspect rather than draw. */
const NON_DRAWS = /^(seed|manual_seed|initial_seed|get_state|set_state|getstate|setstate|bit_generator|spawn)$/;

/** Calls in the class's worker code that draw from `self.<attr>` (or hand it to a drawing call). */
function drawsFrom(functions: readonly SyntaxNode[], attr: string, model: FileModel): boolean {
  for (const fn of functions) {
    const self = selfName(fn);
    if (!self) continue;
    const target = `${self}.${attr}`;
    for (const call of callsIn(fn, model)) {
      const object = receiver(call);
      if (object && object.text === target && !NON_DRAWS.test(methodName(call) ?? '')) return true;
      for (const arg of callArguments(call)) {
        const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
        if (value && unparenthesize(value).text === target) return true;
      }
    }
  }
  return false;
}

/** Worker code reseeds or rebuilds the attribute: `self.rng.seed(...)` in a worker method. */
function reseededInWorker(functions: readonly SyntaxNode[], attr: string, model: FileModel): boolean {
  return functions.some((fn) => {
    const self = selfName(fn);
    return !!self && callsIn(fn, model).some((c) => receiver(c)?.text === `${self}.${attr}` && /^(seed|manual_seed|set_state|setstate)$/.test(methodName(c) ?? ''));
  });
}

function initTouches(code: LoaderWorkerCode, attr: string): boolean | undefined {
  if (code.init.kind === 'absent') return false;
  if (code.init.kind === 'unresolved') return undefined;
  const pattern = new RegExp(`\\.${attr}\\b`);
  return code.init.targets.some((t) => pattern.test(t.fn.text));
}

function freshRng(kind: RngKind, model: FileModel): { text: string; edits: TextEdit[] } | undefined {
  switch (kind) {
    case 'generator': {
      const np = moduleReference(model, 'numpy');
      return { text: `${np.name}.random.default_rng(info.seed)`, edits: np.edits };
    }
    case 'random-state': {
      const np = moduleReference(model, 'numpy');
      return { text: `${np.name}.random.RandomState(info.seed % 2**32)`, edits: np.edits };
    }
    case 'python': {
      const random = moduleReference(model, 'random');
      return { text: `${random.name}.Random(info.seed)`, edits: random.edits };
    }
    case 'torch': {
      const torch = moduleReference(model, 'torch');
      return { text: `${torch.name}.Generator().manual_seed(info.seed)`, edits: torch.edits };
    }
    default:
      return undefined;
  }
}

function fixEdits(code: LoaderWorkerCode, construction: SyntaxNode | undefined, attr: string, kind: RngKind, context: RuleContext): TextEdit[] | undefined {
  const { model, values } = context;
  const dataset = loaderValue(code.loader, 'dataset');
  // `info.dataset` is the object the loader holds: only a direct instance has our attribute.
  if (!construction || !dataset || !values.reaches(dataset, construction) || code.init.kind !== 'absent') return undefined;
  const rng = freshRng(kind, model);
  if (!rng) return undefined;
  const torch = moduleReference(model, 'torch');
  let name = 'reseed_dataset_rng';
  for (let i = 1; model.names.bindingsIn(null, name).length > 0 || model.names.bindingsIn(enclosingScope(code.loader), name).length > 0; i++) name = `reseed_dataset_rng_${i}`;
  const definition = insertLinesBefore(
    code.loader,
    [`def ${name}(worker_id):`, `    info = ${torch.name}.utils.data.get_worker_info()`, `    info.dataset.${attr} = ${rng.text}`, '', ''],
    context.text,
  );
  const argument = addKeywordArgumentEdit(code.loader, 'worker_init_fn', name);
  if (!definition || !argument) return undefined;
  const imports = [...torch.edits, ...rng.edits].filter((e, i, all) => all.findIndex((o) => o.newText === e.newText) === i);
  const merged = imports.length > 0 ? [{ range: imports[0]!.range, newText: imports.map((e) => e.newText).join('') }] : [];
  return [...merged, definition, argument];
}

interface StoredRng {
  /** `self.<attr> = <constructor>(...)` */
  assignment: SyntaxNode;
  attr: string;
  kind: RngKind;
  cls: SyntaxNode;
}

/** The RNG object a constructor call stores on `self` in `__init__`, if it is never rebuilt elsewhere. */
function storedRng(call: SyntaxNode, model: FileModel): StoredRng | undefined {
  const kind = RNG_CONSTRUCTORS[model.calleeName(call) ?? ''];
  if (!kind) return undefined;
  // `torch.Generator().manual_seed(s)` returns the same generator.
  let value = call;
  const chained = call.parent;
  if (chained?.type === 'attribute' && chained.childForFieldName('object')?.id === call.id && chained.childForFieldName('attribute')?.text === 'manual_seed' && chained.parent?.type === 'call') {
    value = chained.parent;
  }
  const assignment = value.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== value.id) return undefined;
  const target = assignment.childForFieldName('left');
  const method = enclosingScope(call);
  const cls = classOf(call);
  if (!target || target.type !== 'attribute' || !method || !cls || method.childForFieldName('name')?.text !== '__init__') return undefined;
  const self = selfName(method);
  const attr = target.childForFieldName('attribute')?.text;
  if (!self || !attr || target.childForFieldName('object')?.text !== self) return undefined;
  // Rebuilt outside __init__ (lazily per process, or in __iter__ from worker info): not shared.
  if (attributeAssignmentsIn(cls, attr, model).some((a) => a.method.id !== method.id)) return undefined;
  return { assignment, attr, kind, cls };
}

/** The functions of `cls` among a dataset's worker code (in `cls`'s own module). */
function methodsOf(functions: readonly WorkerFunction[], cls: SyntaxNode): SyntaxNode[] {
  return functions.filter((f) => sameNode(f.owner, cls)).map((f) => f.fn);
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  const stored = storedRng(call, model);
  if (!stored) return [];
  const { assignment, attr, kind, cls } = stored;
  let fixable: { code: LoaderWorkerCode; construction?: SyntaxNode } | undefined;
  let loaders = 0;
  for (const code of workerLoaders(model, values)) {
    for (const dataset of code.datasets) {
      const functions = methodsOf(dataset.functions, cls);
      const isDataset = sameNode(dataset.use.cls, cls);
      const isTransform = dataset.transforms.some((t) => sameNode(t.cls, cls));
      if ((!isDataset && !isTransform) || !drawsFrom(functions, attr, model) || reseededInWorker(functions, attr, model)) continue;
      if (initTouches(code, attr) !== false) continue;
      loaders++;
      if (isDataset && !fixable) {
        fixable = { code };
        if (dataset.use.construction) fixable.construction = dataset.use.construction;
      }
    }
  }
  if (loaders === 0) {
    // A Dataset that no loader in this file uses (its loader is built in another module): the
    // worker count is unknown there, so said as info.
    if (!isUnattachedDataset(cls, context)) return [];
    const functions = methodsOf(classWorkerCode({ cls }, model, values).functions, cls);
    if (!drawsFrom(functions, attr, model) || reseededInWorker(functions, attr, model)) return [];
    return [{ node: assignment, data: { attr, unattached: true }, severity: 'info' }];
  }
  const report: Report<Data> = { node: assignment, data: { attr } };
  const edits = loaders === 1 && fixable ? fixEdits(fixable.code, fixable.construction, attr, kind, context) : undefined;
  if (edits) report.fix = { edits };
  return [report];
}

/**
 * Dataset and transform classes imported from a sibling module (§4.10): their `__init__` is in
 * that file, the loader in this one. The finding sits on the loader's dataset argument; the
 * fix would edit the other module, so none is offered.
 */
function checkForeign(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  if (!model.modules) return [];
  const reports: Report<Data>[] = [];
  for (const code of workerLoaders(model, values)) {
    if (assignedToEvaluationName(code.loader)) continue;
    for (const dataset of code.datasets) {
      const classes: { cls: SyntaxNode; unit: CodeUnit }[] = [...(dataset.use.unit.module ? [dataset.use] : []), ...dataset.transforms.filter((t) => t.unit.module)];
      for (const { cls, unit } of classes) {
        const init = findMethod(cls, '__init__', unit.model);
        if (!init) continue;
        const functions = methodsOf(dataset.functions, cls);
        for (const call of callsIn(init, unit.model)) {
          const stored = storedRng(call, unit.model);
          if (!stored) continue;
          if (!drawsFrom(functions, stored.attr, unit.model) || reseededInWorker(functions, stored.attr, unit.model)) continue;
          if (initTouches(code, stored.attr) !== false) continue;
          const name = cls.childForFieldName('name')?.text ?? 'class';
          const defined = `\`${name}\` in ${unit.module!.path} (line ${stored.assignment.startPosition.row + 1})`;
          reports.push({
            node: loaderValue(code.loader, 'dataset') ?? code.loader,
            data: { attr: stored.attr, defined },
            related: [{ node: stored.assignment, message: 'the RNG object every worker copies', module: unit.module! }],
          });
        }
      }
    }
  }
  return reports;
}

const DOCS = `## What it does
Flags an RNG object stored on \`self\` in the \`__init__\` of a Dataset or of a transform it calls
(\`np.random.default_rng(...)\`, \`np.random.RandomState(...)\`, \`np.random.Generator(...)\`,
\`random.Random(...)\`, \`torch.Generator()\`, an imgaug \`RNG\`) when \`__getitem__\` (or a method
it calls) draws from it and the dataset feeds a \`DataLoader\` with worker processes. A Dataset
subclass that no loader in this file uses (a dataset module whose loader is built elsewhere) is
reported as info: its worker count is not known here. A Dataset or transform imported from the
project's other modules (one import deep, where the host can read files) is reported on the
loader's dataset argument, without a fix, since the fix would edit the other module.

## Why is this bad?
Each worker process receives a copy of the dataset, and with it a copy of the RNG object in
exactly the same state. PyTorch reseeds only the *global* torch, \`random\` and NumPy states per
worker; it does not touch RNG objects. Every worker therefore draws the identical stream, and
with non-persistent workers each epoch's copies start again from the \`__init__\` state, so the
"random" augmentations repeat across workers and epochs. Making PyTorch reseed such generators
was tried and reverted (pytorch/pytorch PRs #107031, #107131, #107756), and Lightning's
\`seed_everything(workers=True)\` does not help either (Lightning-AI/pytorch-lightning#20412).

Migrating \`np.random.*\` calls to a stored \`Generator\`, as NEP 19 and Ruff's NPY002 suggest, leads
straight to this pattern when the code runs in workers.

Not flagged: \`num_workers=0\`; an RNG used only in \`__init__\` (a fixed split); an RNG rebuilt or
reseeded in \`__iter__\` or a \`worker_init_fn\`; an RNG created in \`__getitem__\` from the index.

## Example
\`\`\`python
import numpy as np
from torch.utils.data import DataLoader, Dataset

class RandomCrops(Dataset):
    def __init__(self, files):
        self.files = files
        self.rng = np.random.default_rng(123)

    def __getitem__(self, i):
        x0 = self.rng.integers(0, 32)
        return crop(load(self.files[i]), x0)

loader = DataLoader(RandomCrops(files), batch_size=32, shuffle=True, num_workers=8)
\`\`\`

Use instead:
\`\`\`python
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

class RandomCrops(Dataset):
    def __init__(self, files):
        self.files = files
        self.rng = np.random.default_rng(123)

    def __getitem__(self, i):
        x0 = self.rng.integers(0, 32)
        return crop(load(self.files[i]), x0)

def reseed_dataset_rng(worker_id):
    info = torch.utils.data.get_worker_info()
    info.dataset.rng = np.random.default_rng(info.seed)

loader = DataLoader(RandomCrops(files), batch_size=32, shuffle=True, num_workers=8,
                    worker_init_fn=reseed_dataset_rng)
\`\`\`

## Fix safety
When the loader and the dataset class are in this file and the loader has no \`worker_init_fn\`,
the fix adds one that gives each worker its own RNG derived from \`get_worker_info().seed\`
(\`% 2**32\` for \`RandomState\`). It is unsafe: every worker then draws a different stream, which
is the point. For transform classes no fix is offered; create the RNG lazily in the worker
instead.

## References
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
- pytorch/pytorch PRs #107031, #107131 (reverted by #107756)
- Lightning-AI/pytorch-lightning#20412
`;

export default defineRule<Data>({
  code: 'RNG102',
  name: 'shared-rng-object-in-dataset',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.defined
      ? `Every DataLoader worker gets an identical copy of \`self.${d.attr}\`, the RNG object that ${d.defined} stores in \`__init__\``
      : d.unattached
        ? `Every DataLoader worker that runs this dataset gets an identical copy of \`self.${d.attr}\``
        : `Every DataLoader worker gets an identical copy of \`self.${d.attr}\``,
  fixTitle: (d) => `Reseed \`self.${d.attr}\` per worker in \`worker_init_fn\` (unsafe)`,
  docs: DOCS,
  visit: { call: check, module: checkForeign },
  callees: exactly(Object.keys(RNG_CONSTRUCTORS)),
});
