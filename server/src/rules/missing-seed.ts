// RNG001: an entry-point script uses torch's global RNG for training (a shuffling loader,
// random_split, model construction, torch.rand*) with no seeding on any path before it.

import { argumentValue, lookupArgument, methodName } from '../analysis/calls';
import { directConsumer, insideForkRng } from '../analysis/consumers';
import {
  calledDefinitions,
  callsDirectlyIn,
  functionExecutionOrder,
  insideMainGuard,
  isEntryPoint,
  lazyMainExecutionOrder,
  LazyExecutionOrder,
  spawnSites,
  type ExecutionStep,
} from '../analysis/entry-points';
import { DATA_LOADER } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { frameworkSeedingEvidence, seedingFor } from '../analysis/seeding';
import { enclosingScope, lineIndent } from '../analysis/syntax';
import { argparseOptionFromParse, literalValue } from '../analysis/values';
import { nodeRange } from '../analysis/positions';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** An mmengine Runner without a seed (chosen at run time and logged). */
  runner?: boolean;
  /** Where the fix seeds: "`main`" or "the script". */
  where: string;
  /** What the fix seeds, for the title: "torch", "torch, random and NumPy". */
  what: string;
  /** An imported helper that seeds other libraries but not torch: "`set_seed` in utils.py seeds only NumPy". */
  helper?: string;
}

const LIBRARY_WORDS: Record<string, string> = { random: 'random', numpy: 'NumPy', cuda: 'CUDA', torch: 'torch' };

/** The first imported helper whose resolved body seeds some libraries but not torch. */
function nonTorchImportedHelper(context: RuleContext): string | undefined {
  const seed = seedingFor(context)
    .all()
    .find((s) => s.definedIn && s.kind === 'helper' && !s.libraries.has('torch'));
  if (!seed) return undefined;
  const words = [...seed.libraries].map((l) => LIBRARY_WORDS[l] ?? l);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];
  return `\`${seed.name}\` in ${seed.definedIn} seeds only ${list}`;
}

type Kind = 'loader' | 'split' | 'model' | 'draw';

interface Found {
  node: SyntaxNode;
  kind: Kind;
  step: ExecutionStep;
}

function rng001Consumer(call: SyntaxNode, context: RuleContext): Kind | undefined {
  const { model } = context;
  const name = model.calleeName(call);
  const noGenerator = lookupArgument(call, { keyword: 'generator' }).kind === 'absent';
  if (name === DATA_LOADER) {
    const shuffle = argumentValue(call, { keyword: 'shuffle', position: 2 });
    return shuffle && literalValue(shuffle) === true && noGenerator ? 'loader' : undefined;
  }
  if (name === 'torch.utils.data.RandomSampler') return noGenerator ? 'loader' : undefined;
  const consumer = directConsumer(call, context);
  if (!consumer || consumer.library !== 'torch') return undefined;
  if (consumer.kind === 'split') return 'split';
  if (consumer.kind === 'model') return 'model';
  if (consumer.kind === 'draw' && /^torch\.rand/.test(name ?? '')) return 'draw';
  return undefined;
}

/**
 * The consumers along one process's statement order when that order never seeds torch (walked
 * only up to a seed; none when there is one).
 */
function unseededConsumers(order: LazyExecutionOrder, context: RuleContext): Found[] {
  const index = seedingFor(context);
  const found: Found[] = [];
  for (let i = 0, step = order.at(0); step; step = order.at(++i)) {
    const calls = callsDirectlyIn(step.statement, context.model);
    for (const call of calls) {
      const seed = index.seedingCall(call);
      // A helper whose body is walked in the order speaks through its body's seeding calls.
      // A seed is found: the script does seed torch. Draws before it are RNG002's finding, and a
      // shuffling loader built before it draws nothing until it is iterated (F3, W13;
      // accelerate's nlp_example builds its loaders, then calls set_seed).
      if (seed && seed.libraries.has('torch') && !(seed.kind === 'helper' && order.inlines(call, i))) return [];
      if (insideForkRng(call, context.model)) continue;
      const kind = rng001Consumer(call, context);
      if (kind) found.push({ node: call, kind, step });
    }
  }
  return found;
}

function trainingEvidence(found: Found[], context: RuleContext): boolean {
  if (found.some((f) => f.kind === 'loader' || f.kind === 'split')) return true;
  // Evaluation-only scripts (checkpoint loaded, eval()) have no backward pass or optimizer step.
  return context.model.calls.some((c) => /^(backward|step|fit|train)$/.test(methodName(c) ?? ''));
}

function check(module: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isEntryPoint(context)) return [];
  const framework = frameworkSeedingEvidence(context.model);
  if (framework) {
    // An mmengine Runner without a seed draws one at run time and logs it (§6): info, with a fix.
    const runner = unseededRunner(framework, context);
    return runner ? [runner] : [];
  }
  // The main process (walked lazily), then each spawned child's function (child: its steps).
  const paths: { order: LazyExecutionOrder; child?: ExecutionStep[] }[] = [{ order: lazyMainExecutionOrder(context) }];
  // Spawned children start fresh; only module-level code outside the main guard runs again there.
  const moduleSeeded = seedingFor(context)
    .within(module)
    .some((s) => s.libraries.has('torch') && !insideMainGuard(s.call, context.model));
  if (!moduleSeeded) {
    for (const site of spawnSites(context)) {
      if (!site.target) continue;
      const child = functionExecutionOrder(site.target, context);
      paths.push({ order: new LazyExecutionOrder(child[Symbol.iterator]()), child });
    }
  }
  for (const { order, child } of paths) {
    const found = unseededConsumers(order, context);
    if (found.length === 0 || !trainingEvidence(found, context)) continue;
    const anchor = found.find((f) => f.kind === 'loader') ?? found[0]!;
    const report: Report<Data> = { node: anchor.node, data: { where: 'the script', what: 'torch' } };
    const helper = nonTorchImportedHelper(context);
    if (helper) report.data.helper = helper;
    const edits = seedFix(anchor, child, report.data, context);
    if (edits) report.fix = { edits };
    return [report];
  }
  return [];
}

/** `Runner(..., randomness=dict(seed=None))` or no `randomness=` at all (a literal call only). */
function unseededRunner(call: SyntaxNode, context: RuleContext): Report<Data> | undefined {
  if (call.type !== 'call' || !/^mmengine\.runner(\.runner)?\.Runner$/.test(context.model.calleeName(call) ?? '')) return undefined;
  const list = call.childForFieldName('arguments');
  if (!list || list.namedChildren.some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat')) return undefined;
  const randomness = argumentValue(call, { keyword: 'randomness' });
  const data: Data = { where: 'the Runner', what: 'the Runner', runner: true };
  const report: Report<Data> = { node: call.childForFieldName('function') ?? call, data };
  if (!randomness) {
    const close = list.lastChild;
    if (close?.type !== ')') return report;
    const at = nodeRange(close).start;
    const before = list.text.slice(0, -1).trimEnd();
    const lead = before.endsWith('(') ? '' : before.endsWith(',') ? ' ' : ', ';
    report.fix = { edits: [{ range: { start: at, end: at }, newText: `${lead}randomness=dict(seed=0)` }] };
    return report;
  }
  if (randomness.type !== 'call' || context.model.calleeName(randomness) !== 'builtins.dict') return undefined;
  const seed = lookupArgument(randomness, { keyword: 'seed' });
  if (seed.kind === 'unknown') return undefined;
  if (seed.kind === 'given') {
    if (seed.value.type !== 'none') return undefined;
    report.fix = { edits: [{ range: nodeRange(seed.value), newText: '0' }] };
    return report;
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// The fix: seed at the start of the entry function, or after the imports of a flat script.

interface ModuleNames {
  torch?: string;
  random?: string;
  numpyRandom?: string;
  lightning?: string;
  lastImport?: SyntaxNode;
}

function moduleNames(context: RuleContext): ModuleNames {
  const names: ModuleNames = {};
  for (const statement of context.model.tree.rootNode.namedChildren) {
    if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement' && statement.type !== 'future_import_statement') continue;
    names.lastImport = statement;
  }
  // The local name of the first module-level import of each qualified name, in one pass.
  const imported = new Map<string, string>();
  for (const statement of context.model.tree.rootNode.namedChildren) {
    if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement') continue;
    for (const id of statement.descendantsOfType(['identifier', 'dotted_name'])) {
      const b = context.model.names.bindingsIn(null, id.text).find((x) => x.kind === 'import' && x.node.id === id.id);
      if (b?.qualified !== undefined && !imported.has(b.qualified)) imported.set(b.qualified, b.name);
    }
  }
  const pick = (qualified: string): string | undefined => imported.get(qualified);
  const torch = pick('torch');
  if (torch) names.torch = torch;
  const random = pick('random');
  if (random) names.random = random;
  const numpy = pick('numpy');
  const numpyRandom = numpy ? `${numpy}.random` : pick('numpy.random');
  if (numpyRandom) names.numpyRandom = numpyRandom;
  for (const q of ['lightning', 'pytorch_lightning', 'lightning.pytorch']) {
    const l = pick(q);
    if (l) {
      names.lightning = `${l}.seed_everything`;
      break;
    }
  }
  if (!names.lightning) {
    for (const q of ['lightning.seed_everything', 'lightning.pytorch.seed_everything', 'pytorch_lightning.seed_everything']) {
      const l = pick(q);
      if (l) {
        names.lightning = l;
        break;
      }
    }
  }
  return names;
}

function seedingLines(value: string, names: ModuleNames, data: Data): string[] {
  if (names.lightning) {
    data.what = 'everything';
    return [`${names.lightning}(${value}, workers=True)`];
  }
  const lines = [`${names.torch ?? 'torch'}.manual_seed(${value})`];
  const extra: string[] = [];
  if (names.random) {
    lines.push(`${names.random}.seed(${value})`);
    extra.push('random');
  }
  if (names.numpyRandom) {
    lines.push(`${names.numpyRandom}.seed(${value})`);
    extra.push('NumPy');
  }
  data.what = extra.length === 0 ? 'torch' : `torch, ${extra.join(' and ')}`;
  return lines;
}

/** `X = <parser>.parse_args()` statements directly in `block`, before `before`, whose parser has a `seed` option. */
function parsedArgsIn(block: SyntaxNode, before: number, context: RuleContext): { statement: SyntaxNode; name: string } | undefined {
  for (const statement of block.namedChildren) {
    if (statement.startIndex >= before) break;
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    if (argparseOptionFromParse(right, 'seed', context)) return { statement, name: left.text };
  }
  return undefined;
}

function seedFix(anchor: Found, childSteps: ExecutionStep[] | undefined, data: Data, context: RuleContext): TextEdit[] | undefined {
  const names = moduleNames(context);
  const entryCall = anchor.step.via[0];
  const entry = childSteps ? enclosingFunctionOf(anchor.step.statement) : entryCall ? calledDefinitions(entryCall, context)[0] : undefined;
  const edits: TextEdit[] = [];
  const afterImports = names.lastImport ? { line: names.lastImport.endPosition.row + 1, character: 0 } : { line: 0, character: 0 };
  const moduleLines: string[] = [];
  if (!names.torch && !names.lightning) moduleLines.push('import torch');
  let value: string;
  let at: { line: number; character: number };
  let indent: string;
  if (entry?.type === 'function_definition') {
    const body = entry.childForFieldName('body');
    const first = body?.namedChildren.find((c) => c.type !== 'comment');
    if (!body || !first || first.startPosition.row === entry.startPosition.row) return undefined;
    data.where = `\`${entry.childForFieldName('name')?.text ?? 'main'}\``;
    indent = lineIndent(context.text, first);
    const parsed = parsedArgsIn(body, anchor.node.startIndex, context);
    const parameter = seedParameter(entry, context);
    if (parsed) {
      value = `${parsed.name}.seed`;
      at = { line: parsed.statement.endPosition.row + 1, character: 0 };
    } else {
      value = parameter ?? moduleSeedConstant(context, moduleLines);
      const docstring = first.type === 'expression_statement' && first.namedChild(0)?.type === 'string';
      const next = docstring ? body.namedChildren.filter((c) => c.type !== 'comment')[1] : first;
      if (docstring && !next) return undefined;
      at = docstring ? { line: next!.startPosition.row, character: 0 } : { line: first.startPosition.row, character: 0 };
    }
  } else {
    if (enclosingScope(anchor.node)) return undefined;
    indent = '';
    const parsed = parsedArgsIn(context.model.tree.rootNode, anchor.node.startIndex, context);
    if (parsed) {
      value = `${parsed.name}.seed`;
      at = { line: parsed.statement.endPosition.row + 1, character: 0 };
    } else {
      value = moduleSeedConstant(context, moduleLines);
      at = afterImports;
      if (names.lastImport && names.lastImport.startIndex > anchor.node.startIndex) return undefined;
    }
  }
  const lines = seedingLines(value, names, data);
  if (moduleLines.length > 0) {
    // A blank line separates the new module-level lines from the imports above them.
    const lead = names.lastImport ? '\n' : '';
    if (at.line === afterImports.line && indent === '') {
      edits.push({ range: { start: at, end: at }, newText: lead + [...moduleLines, ...lines].map((l) => `${l}\n`).join('') });
      return edits;
    }
    edits.push({ range: { start: afterImports, end: afterImports }, newText: lead + moduleLines.map((l) => `${l}\n`).join('') });
  }
  edits.push({ range: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}\n`).join('') });
  return edits;
}

/** `SEED` when the module already defines it, else a new `SEED = 0` line after the imports. */
function moduleSeedConstant(context: RuleContext, moduleLines: string[]): string {
  if (context.model.names.bindingsIn(null, 'SEED').length === 0) moduleLines.push('SEED = 0');
  return 'SEED';
}

/** `def main(args)` where every call site passes a namespace from parse_args with a `seed` option. */
function seedParameter(entry: SyntaxNode, context: RuleContext): string | undefined {
  for (const p of entry.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'identifier') continue;
    const origins = context.values.origins(p);
    if (origins.length > 0 && origins.every((o) => o.node.type === 'call' && argparseOptionFromParse(o.node, 'seed', context))) return `${p.text}.seed`;
  }
  return undefined;
}

function enclosingFunctionOf(node: SyntaxNode): SyntaxNode | undefined {
  let scope = enclosingScope(node);
  while (scope && scope.type !== 'function_definition') scope = enclosingScope(scope);
  return scope ?? undefined;
}

const DOCS = `## What it does
Flags an entry-point script (an \`if __name__ == "__main__":\` block, \`@hydra.main\`, \`fire.Fire\`,
a click command, sacred, \`LightningCLI\`, or top-level training code) that uses torch's global RNG
for training and never seeds it: a shuffling \`DataLoader\` or \`RandomSampler\` without
\`generator=\`, \`random_split\` without \`generator=\`, model construction, or \`torch.rand*\`.
The finding sits on the first shuffling loader, else on the first model construction or split.
When the script seeds torch after some of these, the draws before the seed are
\`seed-after-rng-use\` (RNG002); a loader built before the seed draws nothing until it is
iterated.

Not flagged: library modules; frameworks that seed for you (the transformers \`Trainer\`, an
mmengine \`Runner\` with a seed, detectron2's \`default_setup\`, sacred's \`@ex.automain\`,
\`LightningCLI\`); an mmengine \`Runner\` built without a seed is reported with its own message
(it chooses a seed at run time and logs it);
seeding helpers imported from another module (the CLI and the desktop editor read the helper's
body in its module; where it cannot be read, a name matching /seed/i is trusted); evaluation-only
scripts.

## Why is this bad?
The global CPU generator starts from OS entropy, different in every process. Weight
initialisation, shuffle order, dropout masks and worker base seeds all change from run to run.

## Example
\`\`\`python
import torch
from torch.utils.data import DataLoader


def main():
    model = Net()
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    train(model, loader)


if __name__ == "__main__":
    main()
\`\`\`

Use instead:
\`\`\`python
import torch
from torch.utils.data import DataLoader


def main():
    torch.manual_seed(0)
    model = Net()
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    train(model, loader)


if __name__ == "__main__":
    main()
\`\`\`

## Fix safety
The fix inserts a seed as the first statement of the entry function (after \`args =
parser.parse_args()\` when the script has a \`--seed\` option), or after the imports of a flat
script. It seeds torch, plus \`random\` and NumPy when those are imported, with the script's seed
option or a new module constant \`SEED = 0\`; with Lightning imported it calls
\`seed_everything(seed, workers=True)\` instead. It is unsafe: every random number the run draws
changes.

## References
- [Reproducibility (PyTorch notes), "Controlling sources of randomness"](https://pytorch.org/docs/stable/notes/randomness.html)
`;

export default defineRule<Data>({
  code: 'RNG001',
  name: 'missing-seed',
  severity: 'info',
  fixAvailability: 'always',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.runner
      ? 'The mmengine Runner has no seed: it chooses one at run time and logs it, so runs differ unless you pass that value back'
      : `Training uses torch's global RNG but nothing seeds it${d.helper ? `; ${d.helper}` : ''}`,
  fixTitle: (d) => (d.runner ? 'Pass `randomness=dict(seed=0)` to the Runner (unsafe)' : d.where === 'the script' ? `Seed ${d.what} after the imports (unsafe)` : `Seed ${d.what} at the start of ${d.where} (unsafe)`),
  docs: DOCS,
  visit: { module: check },
});
