// RNG006: the script seeds torch, but the main process draws from the global `random` or
// `np.random` without ever seeding it. Draws that only happen in DataLoader workers are seeded
// per worker from torch's base seed (F4) and are not flagged.

import { argumentValue, callArguments, lookupArgument } from '../analysis/calls';
import { classMethod, directConsumer, insideForkRng, type ConsumerLibrary } from '../analysis/consumers';
import { callsDirectlyIn, isEntryPoint, lazyMainExecutionOrder } from '../analysis/entry-points';
import { DATA_LOADER } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { seedingFor, type SeedCall, type SeedLibrary } from '../analysis/seeding';
import { ancestors, enclosingStatement, lineIndent } from '../analysis/syntax';
import { literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** "NumPy", "`random`", or "`random` and NumPy". */
  library: string;
  /** 1-based line of the first unseeded draw. */
  line: number;
  plural: boolean;
}

const WORD: Record<'random' | 'numpy', string> = { random: '`random`', numpy: 'NumPy' };

/** Draws whose result only feeds a print or a log call do not matter for training. */
function onlyLogged(call: SyntaxNode): boolean {
  for (const a of ancestors(call)) {
    if (a.type === 'expression_statement' || a.type === 'block') break;
    if (a.type === 'call') {
      const text = a.childForFieldName('function')?.text ?? '';
      if (/(^print$|^pprint$|(^|\.)(log|info|debug|warning|write|add_text|add_image)$|^logger\.|^logging\.)/.test(text)) return true;
    }
  }
  return false;
}

interface Draw {
  node: SyntaxNode;
  library: 'random' | 'numpy';
}

/** Calls of a main-process Dataset's per-sample methods: the loader has no workers. */
function mainProcessDatasetCalls(loader: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const workers = lookupArgument(loader, { keyword: 'num_workers', position: 5 });
  const inMain = workers.kind === 'absent' || (workers.kind === 'given' && literalValue(workers.value) === 0);
  if (!inMain) return [];
  const dataset = argumentValue(loader, { keyword: 'dataset', position: 0 });
  if (!dataset) return [];
  const calls: SyntaxNode[] = [];
  for (const o of context.values.origins(dataset)) {
    if (o.node.type !== 'call') continue;
    const cls = context.model.localDefinition(o.node);
    if (cls?.type !== 'class_definition') continue;
    for (const name of ['__getitem__', '__iter__', '__getitems__']) {
      const method = classMethod(cls, name);
      if (method) calls.push(...context.model.callsWithin(method));
    }
  }
  return calls;
}

function check(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isEntryPoint(context)) return [];
  const index = seedingFor(context);
  const order = lazyMainExecutionOrder(context);
  // The seeds first, in execution order, and only as far as needed: once torch, `random` and
  // NumPy are all seeded there is nothing to report, whatever follows (usually near the top).
  const seeds: SeedCall[] = [];
  // The anchor is the seeding call as the script writes it: a seeding helper's call, not `main()`.
  let torchSeed: SeedCall | undefined;
  const seeded = (library: SeedLibrary) => seeds.some((s) => s.libraries.has(library));
  for (let i = 0, step = order.at(0); step; step = order.at(++i)) {
    for (const call of callsDirectlyIn(step.statement, context.model)) {
      const seed = index.seedingCall(call);
      if (!seed) continue;
      // A name matching /seed/i may seed everything: never enough to report.
      if (seed.kind === 'heuristic') return [];
      seeds.push(seed);
      if (!torchSeed && seed.libraries.has('torch') && (seed.kind !== 'helper' || /seed|rng|random|determinis/i.test(seed.name))) torchSeed = seed;
      if (torchSeed && seeded('random') && seeded('numpy')) return [];
    }
  }
  if (!torchSeed) return [];
  const unseeded = (['random', 'numpy'] as const).filter((l) => !seeded(l));
  if (unseeded.length === 0) return [];
  const draws: Draw[] = [];
  for (const step of order.all()) {
    for (const call of callsDirectlyIn(step.statement, context.model)) {
      if (insideForkRng(call, context.model)) continue;
      const consumer = directConsumer(call, context);
      if (consumer && isPythonOrNumpy(consumer.library) && (consumer.kind === 'draw' || consumer.kind === 'dataset-init') && !onlyLogged(call)) {
        draws.push({ node: call, library: consumer.library });
      }
      if (context.model.calleeName(call) === DATA_LOADER) {
        for (const inner of mainProcessDatasetCalls(call, context)) {
          const drawn = directConsumer(inner, context);
          if (drawn && isPythonOrNumpy(drawn.library) && drawn.kind === 'draw') draws.push({ node: inner, library: drawn.library });
        }
      }
    }
  }
  const missing = unseeded.filter((l) => draws.some((d) => d.library === l));
  if (missing.length === 0) return [];
  const first = draws.filter((d) => missing.includes(d.library as 'random' | 'numpy')).sort((a, b) => a.node.startIndex - b.node.startIndex)[0]!;
  const data: Data = { library: missing.map((l) => WORD[l]).join(' and '), line: first.node.startPosition.row + 1, plural: missing.length > 1 };
  const report: Report<Data> = { node: torchSeed.call, data, related: [{ node: first.node, message: `unseeded ${WORD[first.library as 'random' | 'numpy']} draw` }] };
  const edits = addSeeds(torchSeed, missing, context);
  if (edits) report.fix = { edits };
  return [report];
}

function isPythonOrNumpy(library: ConsumerLibrary): library is 'random' | 'numpy' {
  return library === 'random' || library === 'numpy';
}

/** The direct `torch.manual_seed(...)` a seed call ends in (itself, or inside a helper). */
function directTorchSeed(seed: SeedCall, depth = 4): SeedCall | undefined {
  if (seed.kind === 'direct') return seed.libraries.has('torch') ? seed : undefined;
  if (depth <= 0) return undefined;
  for (const inner of seed.via) {
    const found = directTorchSeed(inner, depth - 1);
    if (found) return found;
  }
  return undefined;
}

function moduleAlias(qualified: string, context: RuleContext): string | undefined {
  for (const statement of context.model.tree.rootNode.namedChildren) {
    if (statement.type !== 'import_statement' && statement.type !== 'import_from_statement') continue;
    for (const id of statement.descendantsOfType(['identifier', 'dotted_name'])) {
      const b = context.model.names.bindingsIn(null, id.text).find((x) => x.kind === 'import' && x.node.id === id.id);
      if (b?.qualified === qualified) return b.name;
    }
  }
  return undefined;
}

function addSeeds(seed: SeedCall, missing: readonly ('random' | 'numpy')[], context: RuleContext): TextEdit[] | undefined {
  const direct = directTorchSeed(seed);
  if (!direct || direct.value.kind !== 'given') return undefined;
  const statement = enclosingStatement(direct.call);
  if (statement.type !== 'expression_statement' || statement.namedChild(0)?.id !== direct.call.id) return undefined;
  if (callArguments(direct.call).length !== 1) return undefined;
  const value = direct.value.value.text;
  const lines: string[] = [];
  for (const library of missing) {
    if (library === 'random') {
      const alias = moduleAlias('random', context);
      if (!alias) return undefined;
      lines.push(`${alias}.seed(${value})`);
    } else {
      const numpy = moduleAlias('numpy', context);
      const numpyRandom = numpy ? `${numpy}.random` : moduleAlias('numpy.random', context);
      if (!numpyRandom) return undefined;
      lines.push(`${numpyRandom}.seed(${value})`);
    }
  }
  const indent = lineIndent(context.text, statement);
  const at = { line: statement.endPosition.row + 1, character: 0 };
  return [{ range: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}\n`).join('') }];
}

const DOCS = `## What it does
Flags the torch seeding call of an entry-point script that seeds torch (directly, or through a
helper that seeds only torch) while the main process draws from the global \`random\` or
\`np.random\` without ever seeding it: at module level, in the training loop, in split code, or in
\`__getitem__\` of a Dataset whose loader runs in the main process (\`num_workers=0\` or not given).

Not flagged: draws that only happen in DataLoader worker processes (PyTorch seeds \`random\` and,
since 1.9, NumPy in each worker from torch's base seed), draws that only feed a print or a log
call, and helpers that seed all three libraries.

## Why is this bad?
Those draws are unseeded, so they differ on every run even though the script "has a seed". A
typical case: a pair-sampling dataset picks its partner with \`random.choice\` in \`__getitem__\`,
and the loader runs single-process, so the pairs change on every run.

## Example
\`\`\`python
import random
import torch
from torch.utils.data import DataLoader, Dataset


class PairDataset(Dataset):
    def __getitem__(self, i):
        j = random.randrange(len(self.items))
        return self.items[i], self.items[j]


if __name__ == "__main__":
    torch.manual_seed(args.seed)
    loader = DataLoader(PairDataset(items), batch_size=32, shuffle=True)
\`\`\`

Use instead:
\`\`\`python
import random
import torch
from torch.utils.data import DataLoader, Dataset


class PairDataset(Dataset):
    def __getitem__(self, i):
        j = random.randrange(len(self.items))
        return self.items[i], self.items[j]


if __name__ == "__main__":
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    loader = DataLoader(PairDataset(items), batch_size=32, shuffle=True)
\`\`\`

## Fix safety
The fix inserts \`random.seed(s)\` / \`np.random.seed(s)\` next to the torch seed, with the same value.
It is unsafe: every draw from those libraries changes.

## References
- [Reproducibility (PyTorch notes)](https://pytorch.org/docs/stable/notes/randomness.html): seed
  Python and NumPy too, when the program uses them.
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
`;

export default defineRule<Data>({
  code: 'RNG006',
  name: 'partially-seeded-libraries',
  severity: 'info',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `torch is seeded but ${d.library} ${d.plural ? 'are' : 'is'} drawn from at line ${d.line} without a seed`,
  fixTitle: (d) => `Also seed ${d.library} (unsafe)`,
  docs: DOCS,
  visit: { module: check },
});
