// RNG101: on PyTorch < 1.9 (declared), DataLoader workers all inherit one global NumPy state, so
// `np.random.*` in dataset code repeats across workers and epochs (F6). On torch >= 1.9 — the
// default assumption — PyTorch seeds NumPy per worker and this rule stays silent (W3).

import { addKeywordArgumentEdit, assignedToEvaluationName, insertLinesBefore, loaderValue, moduleAlias, moduleReference } from '../analysis/loaders';
import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { enclosingScope } from '../analysis/syntax';
import { assumedVersion, mayBeBelow } from '../analysis/versions';
import { seedingFor } from '../analysis/seeding';
import { callsIn, classOf, globalDraw, switchedOff, workerLoaders, type CodeUnit, type LoaderWorkerCode, type WorkerInit } from '../analysis/workers';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  version: string;
  /** For a draw in a sibling module: "`RandomFlip.__call__` in datasets/aug.py (line 12)". */
  draw?: string;
}

/** True when some resolved worker_init_fn target seeds NumPy (directly or via a helper). */
function initSeedsNumpy(init: WorkerInit, context: RuleContext): boolean | undefined {
  if (init.kind === 'absent') return false;
  if (init.kind === 'unresolved') return undefined;
  // Any recognised seeding of NumPy, even a /seed/i guess: enough to stay quiet. An imported
  // worker_init_fn is read with its own module's recogniser.
  return init.targets.some((t) => {
    const unit: CodeUnit = t.unit ?? context;
    const seeding = seedingFor(unit);
    return callsIn(t.fn, unit.model).some((c) => seeding.seedingCall(c)?.libraries.has('numpy'));
  });
}

/** The first global NumPy draw of a dataset's worker code that sits in a sibling module. */
interface ForeignDraw {
  code: LoaderWorkerCode;
  draw: SyntaxNode;
  unit: CodeUnit;
  fn: SyntaxNode;
}

interface Affected {
  /** Per first draw in this file (node id), the loaders affected. */
  local: Map<number, LoaderWorkerCode[]>;
  /** First draws in sibling modules, reported on the loader. */
  foreign: ForeignDraw[];
}

const affectedCache = new WeakMap<FileModel, Affected>();

/** For each dataset's first global NumPy draw in worker code, the loaders affected. */
function affectedLoaders(context: RuleContext): Affected {
  const { model, values } = context;
  let affected = affectedCache.get(model);
  if (affected) return affected;
  affected = { local: new Map(), foreign: [] };
  affectedCache.set(model, affected);
  // Lightning's seed_everything(workers=True): Trainer and Fabric give loaders without a
  // worker_init_fn `pl_worker_init_function`, which reseeds NumPy per worker (§6).
  if (seedingFor(context).all().some((s) => s.framework?.workers)) return affected;
  for (const code of workerLoaders(model, values)) {
    if (initSeedsNumpy(code.init, context) !== false) continue;
    for (const dataset of code.datasets) {
      // The earliest draw in this file; failing that, the first one found in a sibling module.
      let local: SyntaxNode | undefined;
      let foreign: Omit<ForeignDraw, 'code'> | undefined;
      for (const f of dataset.functions) {
        for (const c of callsIn(f.fn, f.unit.model)) {
          if (globalDraw(c, f.unit.model) !== 'numpy' || switchedOff(c, f.unit, dataset.use)) continue;
          if (!f.unit.module) {
            if (!local || c.startIndex < local.startIndex) local = c;
          } else foreign ??= { draw: c, unit: f.unit, fn: f.fn };
        }
      }
      if (local) {
        const list = affected.local.get(local.id) ?? [];
        if (!list.includes(code)) list.push(code);
        affected.local.set(local.id, list);
      } else if (foreign && !affected.foreign.some((d) => d.code === code)) {
        affected.foreign.push({ code, ...foreign });
      }
    }
  }
  return affected;
}

/** "`RandomGenerator.__call__` in datasets/dataset_synapse.py (line 37)". */
function describeForeignDraw(found: ForeignDraw): string {
  const name = found.fn.childForFieldName('name')?.text ?? 'lambda';
  const owner = classOf(found.fn)?.childForFieldName('name')?.text;
  return `\`${owner ? `${owner}.${name}` : name}\` in ${found.unit.module!.path} (line ${found.draw.startPosition.row + 1})`;
}

function functionName(model: FileModel, scope: SyntaxNode | null, base: string): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}_${i}`;
    if (model.names.bindingsIn(null, name).length === 0 && model.names.bindingsIn(scope, name).length === 0) return name;
  }
}

function fixEdits(loader: SyntaxNode, context: RuleContext): TextEdit[] | undefined {
  const { model } = context;
  const torch = moduleReference(model, 'torch');
  const numpy = moduleReference(model, 'numpy');
  const random = moduleAlias(model, 'random');
  const name = functionName(model, enclosingScope(loader), 'seed_worker');
  const lines = [
    `def ${name}(worker_id):`,
    `    worker_seed = ${torch.name}.initial_seed() % 2**32`,
    `    ${numpy.name}.random.seed(worker_seed)`,
    ...(random ? [`    ${random}.seed(worker_seed)`] : []),
    '',
    '',
  ];
  const definition = insertLinesBefore(loader, lines, context.text);
  const argument = addKeywordArgumentEdit(loader, 'worker_init_fn', name);
  if (!definition || !argument) return undefined;
  const imports = [...torch.edits, ...numpy.edits];
  if (imports.length === 2) imports[0] = { range: imports[0]!.range, newText: imports[0]!.newText + imports[1]!.newText } as TextEdit;
  return [...imports.slice(0, 1), definition, argument];
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, project } = context;
  if (!mayBeBelow(project.declared, 'torch', '1.9')) return [];
  if (globalDraw(call, model) !== 'numpy') return [];
  if (!enclosingScope(call)) return [];
  const affected = affectedLoaders(context).local.get(call.id) ?? [];
  if (affected.length === 0) return [];
  const version = assumedVersion(project.declared, 'torch') ?? '< 1.9';
  const report: Report<Data> = { node: call, data: { version } };
  const fixable = affected.find((a) => a.init.kind === 'absent');
  const edits = fixable && fixEdits(fixable.loader, context);
  if (edits) report.fix = { edits };
  return [report];
}

/**
 * Worker code in a sibling module (§4.10): the draw is in that file, the loader in this one.
 * The finding sits on the loader's dataset argument, where the fix (a worker_init_fn) goes.
 */
function checkForeign(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { project } = context;
  if (!mayBeBelow(project.declared, 'torch', '1.9')) return [];
  const foreign = affectedLoaders(context).foreign;
  if (foreign.length === 0) return [];
  const version = assumedVersion(project.declared, 'torch') ?? '< 1.9';
  const reports: Report<Data>[] = [];
  for (const found of foreign) {
    // Evaluation loaders (`val_loader = ...`) usually run the dataset without its augmentations,
    // which a config switches off where this file cannot see it.
    if (assignedToEvaluationName(found.code.loader)) continue;
    const anchor = loaderValue(found.code.loader, 'dataset') ?? found.code.loader;
    const report: Report<Data> = {
      node: anchor,
      data: { version, draw: describeForeignDraw(found) },
      related: [{ node: found.draw, message: 'global NumPy draw in worker code', module: found.unit.module! }],
    };
    const edits = found.code.init.kind === 'absent' ? fixEdits(found.code.loader, context) : undefined;
    if (edits) report.fix = { edits };
    reports.push(report);
  }
  return reports;
}

const DOCS = `## What it does
Only for projects that declare PyTorch older than 1.9 (\`torch==1.8.1\`, \`torch<1.9\`, ...):
flags global \`np.random.*\` draws in the \`__getitem__\` of a Dataset (or a transform or helper it
calls) when the dataset feeds a \`DataLoader\` with worker processes and no \`worker_init_fn\`
reseeds NumPy. Without a declared version the newest PyTorch is assumed and the rule is silent.

Datasets, transforms and \`worker_init_fn\`s imported from the project's other modules are read
there (one import deep; the CLI and the desktop editor, which can read files). When the draw is
in another module, the finding sits on the loader's dataset argument and names the draw.

<!-- requirements: torch==1.8.1 -->

## Why is this bad?
Before PyTorch 1.9, workers started by fork all inherited the parent's global NumPy state. Every
worker therefore produced the same "random" augmentations, and they repeated every epoch; with
spawn the state was irreproducible instead (pytorch/pytorch#5059). PyTorch 1.9.0 fixed this by
seeding the global NumPy state per worker from the worker's base seed (pytorch/pytorch PR
#56488).

A draw under a flag that the dataset's construction turns off (\`if self.random_hops:\` with
\`random_hops=False\` passed, typical of validation data) does not count for that loader.

On PyTorch 1.9 and later this pattern is **not** a bug, whatever older linters (Semgrep's
\`numpy-in-pytorch-datasets\`, dslinter W5512) and blog posts say: workers get distinct,
per-epoch NumPy seeds without any \`worker_init_fn\`. RNG objects stored on the dataset are a
different problem that still exists; see \`shared-rng-object-in-dataset\` (RNG102). Lightning's
\`seed_everything(..., workers=True)\` also reseeds NumPy in workers and silences this rule.

## Example
\`\`\`python
# requirements.txt pins torch==1.8.1
import numpy as np
from torch.utils.data import DataLoader, Dataset

class Jitter(Dataset):
    def __getitem__(self, i):
        scale = np.random.uniform(0.8, 1.2)
        return resize(self.images[i], scale)

loader = DataLoader(Jitter(images), batch_size=16, shuffle=True, num_workers=4)
\`\`\`

Use instead:
\`\`\`python
# requirements.txt pins torch==1.8.1
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

class Jitter(Dataset):
    def __getitem__(self, i):
        scale = np.random.uniform(0.8, 1.2)
        return resize(self.images[i], scale)

def seed_worker(worker_id):
    np.random.seed(torch.initial_seed() % 2**32)

loader = DataLoader(Jitter(images), batch_size=16, shuffle=True, num_workers=4,
                    worker_init_fn=seed_worker)
\`\`\`

## Fix safety
The fix adds the reproducibility note's \`seed_worker\` function (NumPy, and \`random\` when it is
imported, seeded from \`torch.initial_seed() % 2**32\`) and passes it as \`worker_init_fn\`. It is
unsafe: the augmentation draws change (they become distinct per worker and per epoch).

## References
- pytorch/pytorch#5059; pytorch/pytorch PR #56488 (shipped in 1.9.0)
- [Reproducibility: DataLoader](https://pytorch.org/docs/stable/notes/randomness.html#dataloader)
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
`;

export default defineRule<Data>({
  code: 'RNG101',
  name: 'numpy-global-rng-in-workers-pre-1-9',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `On torch ${d.version} every DataLoader worker starts with the same NumPy state${d.draw ? `; ${d.draw} draws from it in this loader's workers` : ''}`,
  fixTitle: () => 'Add a `worker_init_fn` that reseeds NumPy per worker (unsafe)',
  docs: DOCS,
  visit: { call: check, module: checkForeign },
});
