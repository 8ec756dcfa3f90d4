// RNG009: NumPy or `random` reseeded inside an epoch loop, as if that reshuffled a torch sampler
// (W1). A DistributedSampler reshuffles only through set_epoch (F7); a RandomSampler draws from
// torch's RNG (F3), never from NumPy's.

import { argumentValue, callee, lookupArgument } from '../analysis/calls';
import { guardsOf } from '../analysis/flow';
import { classMethod, consumersIn, directConsumer } from '../analysis/consumers';
import { enclosingLoops, epochLoopLoaders } from '../analysis/entry-points';
import type { FileModel } from '../analysis/model';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { seedingFor, type SeedLibrary } from '../analysis/seeding';
import { isRASamplerName, samplersHeldBy, SET_EPOCH_SAMPLERS, setEpochCallsIn } from '../analysis/set-epoch';
import { dottedText, enclosingScope, enclosingStatement, isInside } from '../analysis/syntax';
import { isLiteralFalsy, literalValue } from '../analysis/values';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  /** `np.random.seed` or `random.seed` (or the helper's name). */
  seed: string;
  /** How the code names the sampler or loader. */
  sampler: string;
  distributed: boolean;
  /** The inserted call for the DistributedSampler fix. */
  call?: string;
  /** When the loop calls set_epoch only under a condition: that condition. */
  guard?: string;
}

const RANDOM_SAMPLER = 'torch.utils.data.RandomSampler';

interface SamplerUse {
  loader: SyntaxNode;
  /** The sampler construction (DistributedSampler / RandomSampler), when there is one. */
  sampler?: SyntaxNode;
  holding: 'sampler' | 'batch_sampler' | 'shuffle';
  distributed: boolean;
  /** The sampler reaches the loader only under a condition. */
  guarded: boolean;
}

/** Per lint: loader facts by loader id (every seeding call in an epoch loop asks again). */
interface LoaderFacts {
  samplers: Map<number, SamplerUse | undefined>;
  /** `${loader id}:${library}` -> a main-process Dataset draws from the library. */
  drawsInMain: Map<string, boolean>;
}

const LOADER_FACTS = new WeakMap<FileModel, LoaderFacts>();

function loaderFacts(model: FileModel): LoaderFacts {
  let facts = LOADER_FACTS.get(model);
  if (!facts) LOADER_FACTS.set(model, (facts = { samplers: new Map(), drawsInMain: new Map() }));
  return facts;
}

/** Where a loader's order comes from, when it is a torch sampler that reshuffles (cached per lint). */
function samplerOf(loader: SyntaxNode, context: RuleContext): SamplerUse | undefined {
  const known = loaderFacts(context.model).samplers;
  if (!known.has(loader.id)) known.set(loader.id, findSampler(loader, context));
  return known.get(loader.id);
}

function findSampler(loader: SyntaxNode, context: RuleContext): SamplerUse | undefined {
  const { model } = context;
  const classify = (node: SyntaxNode): 'distributed' | 'random' | undefined => {
    const name = model.calleeName(node);
    if (name && (SET_EPOCH_SAMPLERS.has(name) || isRASamplerName(name))) {
      const shuffle = argumentValue(node, { keyword: 'shuffle', position: 3 });
      return shuffle && isLiteralFalsy(shuffle) ? undefined : 'distributed';
    }
    if (name === RANDOM_SAMPLER) return 'random';
    return undefined;
  };
  // `sampler=` decides when given; otherwise the sampler inside `batch_sampler=`.
  const holding = argumentValue(loader, { keyword: 'sampler', position: 3 })
    ? 'sampler'
    : argumentValue(loader, { keyword: 'batch_sampler', position: 4 })
      ? 'batch_sampler'
      : undefined;
  if (holding) {
    for (const held of samplersHeldBy(loader, context)) {
      if (held.holding !== holding) continue;
      const kind = classify(held.sampler);
      if (kind) return { loader, sampler: held.sampler, holding, distributed: kind === 'distributed', guarded: held.guarded };
    }
    return undefined;
  }
  const shuffle = argumentValue(loader, { keyword: 'shuffle', position: 2 });
  if (shuffle && literalValue(shuffle) === true) return { loader, holding: 'shuffle', distributed: false, guarded: false };
  return undefined;
}

/** A same-file Dataset that draws from `library` in its methods, run in the main process (cached per lint). */
function datasetDrawsInMainProcess(loader: SyntaxNode, library: SeedLibrary, context: RuleContext): boolean {
  const known = loaderFacts(context.model).drawsInMain;
  const key = `${loader.id}:${library}`;
  let draws = known.get(key);
  if (draws === undefined) known.set(key, (draws = datasetDraws(loader, library, context)));
  return draws;
}

function datasetDraws(loader: SyntaxNode, library: SeedLibrary, context: RuleContext): boolean {
  const workers = lookupArgument(loader, { keyword: 'num_workers', position: 5 });
  const inMain = workers.kind === 'absent' || (workers.kind === 'given' && literalValue(workers.value) === 0);
  if (!inMain) return false;
  const dataset = argumentValue(loader, { keyword: 'dataset', position: 0 });
  if (!dataset) return false;
  for (const o of context.values.origins(dataset)) {
    if (o.node.type !== 'call') continue;
    const cls = context.model.localDefinition(o.node);
    if (cls?.type !== 'class_definition') continue;
    for (const name of ['__getitem__', '__iter__', '__getitems__']) {
      const method = classMethod(cls, name);
      if (!method) continue;
      if (context.model.callsWithin(method).some((c) => directConsumer(c, context)?.library === library)) return true;
    }
  }
  return false;
}

function samplerText(use: SamplerUse, loop: SyntaxNode, context: RuleContext): string {
  const sampler = use.sampler;
  if (sampler) {
    const statement = sampler.parent;
    if (statement?.type === 'assignment' && statement.childForFieldName('right')?.id === sampler.id) {
      const left = statement.childForFieldName('left');
      const text = left && dottedText(left);
      const root = text?.split('.')[0];
      if (text && root && enclosingScope(sampler)?.id === enclosingScope(loop)?.id) {
        const bound = context.model.names.bindingsIn(enclosingScope(loop), root).some((b) => b.node.startIndex < loop.startIndex);
        if (bound || text.startsWith('self.')) return text;
      }
    }
  }
  const loaderStatement = use.loader.parent;
  const loaderName = loaderStatement?.type === 'assignment' ? dottedText(loaderStatement.childForFieldName('left')!) : undefined;
  const base = loaderName ?? 'loader';
  if (use.holding === 'shuffle') return base;
  return use.holding === 'batch_sampler' ? `${base}.batch_sampler.sampler` : `${base}.sampler`;
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const index = seedingFor(context);
  const seed = index.seedingCall(call);
  if (!seed || seed.kind === 'heuristic' || seed.kind === 'framework') return [];
  if (seed.libraries.has('torch') || seed.libraries.has('cuda')) return [];
  const library: SeedLibrary | undefined = seed.libraries.has('numpy') ? 'numpy' : seed.libraries.has('random') ? 'random' : undefined;
  if (!library) return [];
  for (const loop of enclosingLoops(call)) {
    const loaders = epochLoopLoaders(loop, context);
    if (loaders.length === 0) continue;
    const uses = loaders.map((l) => samplerOf(l, context)).filter((u): u is SamplerUse => !!u);
    if (uses.length === 0) return [];
    const body = loop.childForFieldName('body') ?? loop;
    const use = uses.find((u) => u.distributed) ?? uses[0]!;
    // set_epoch on every iteration defeats nothing; one only under a guard (RNG110 (b)) still leaves runs without it.
    // Which calls reach the sampler, and which guards only test it exists: the analysis RNG110 uses.
    const calls = setEpochCallsIn(loop, { ...(use.sampler ? { sampler: use.sampler } : {}), loader: use.loader }, context);
    if (calls.some((c) => c.guards.length === 0)) return [];
    if (index.within(body).some((s) => s.libraries.has('torch'))) return [];
    // Trap: the loop (or a helper it calls, or a main-process Dataset) draws from the seeded library.
    if (consumersIn(body, context, 1).some((c) => c.library === library)) return [];
    if (seed.libraries.has('numpy') && seed.libraries.has('random') && consumersIn(body, context, 1).some((c) => c.library === 'random' || c.library === 'numpy')) return [];
    if (uses.some((u) => datasetDrawsInMainProcess(u.loader, library, context))) return [];
    // A guarded set_epoch is enough when the sampler itself only exists (or reaches the loader) under a condition.
    if (calls.length > 0 && (!use.distributed || use.guarded || (use.sampler && guardsOf(use.sampler).length > 0))) return [];
    const seedName = seed.kind === 'direct' ? seed.name.replace(/^numpy\./, 'np.') : seed.name;
    const data: Data = { seed: seedName, sampler: samplerText(use, loop, context), distributed: use.distributed };
    const guard = calls[0]?.guards[calls[0].guards.length - 1];
    if (guard) data.guard = `${guard.negated ? 'not ' : ''}${guard.condition.text}`;
    if (!use.distributed) return [{ node: call, data, severity: 'info' }];
    const report: Report<Data> = { node: call, data };
    const target = use.sampler;
    if (target) report.supersedes = [{ code: 'RNG110', node: callee(target) ?? target }];
    const epoch = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
    const statement = enclosingStatement(call);
    if (epoch?.type === 'identifier' && statement.type === 'expression_statement' && statement.namedChild(0)?.id === call.id && isInside(call, body)) {
      data.call = `${data.sampler}.set_epoch(${epoch.text})`;
      report.fix = { edits: [{ range: nodeRange(call), newText: data.call }] };
    }
    return [report];
  }
  return [];
}

const DOCS = `## What it does
Flags \`np.random.seed(...)\` or \`random.seed(...)\` inside an epoch loop, often with the epoch as
argument, when the loop iterates a torch DataLoader whose order comes from a \`RandomSampler\`
(\`shuffle=True\`) or a \`DistributedSampler\`, and the loop neither calls \`set_epoch\` nor reseeds
torch. Loops that also draw from NumPy or \`random\` themselves (a hand-written shuffle, a
NumPy-based sampler, a main-process Dataset that draws) are not flagged: there the seed matters.

## Why is this bad?
NumPy and Python seeds never reach torch's samplers. A \`DistributedSampler\` draws its permutation
from a private generator seeded with \`seed + epoch\`; only \`set_epoch\` changes it, so without it
every epoch has the same order (pytorch/pytorch#31771). A \`RandomSampler\` already reshuffles every
epoch from torch's RNG: the NumPy seed is merely ineffective for the order (reported at info).

## Example
\`\`\`python
import numpy as np
from torch.utils.data import DataLoader, DistributedSampler

sampler = DistributedSampler(train_set)
loader = DataLoader(train_set, batch_size=64, sampler=sampler)
for epoch in range(args.epochs):
    np.random.seed(epoch)
    for batch in loader:
        train_step(batch)
\`\`\`

Use instead:
\`\`\`python
import numpy as np
from torch.utils.data import DataLoader, DistributedSampler

sampler = DistributedSampler(train_set)
loader = DataLoader(train_set, batch_size=64, sampler=sampler)
for epoch in range(args.epochs):
    sampler.set_epoch(epoch)
    for batch in loader:
        train_step(batch)
\`\`\`

## Fix safety
With a DistributedSampler the fix replaces the seeding call with \`sampler.set_epoch(epoch)\`. It is
unsafe: the data order changes every epoch from then on (which is the point), and anything else
that relied on the NumPy or \`random\` reseed draws differently. When this rule fires, the
\`missing-set-epoch\` (RNG110) finding for the same sampler is not reported separately.

## References
- [DistributedSampler](https://pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler):
  "calling the set_epoch() method at the beginning of each epoch before creating the DataLoader
  iterator is necessary to make shuffling work properly across multiple epochs."
- pytorch/pytorch#31771
`;

export default defineRule<Data>({
  code: 'RNG009',
  name: 'seed-does-not-reach-sampler',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.distributed
      ? `\`${d.seed}\` does not change the order of a torch sampler: \`${d.sampler}\` reshuffles only through \`set_epoch\`, which this loop ${d.guard ? `calls only when \`${d.guard}\`` : 'never calls'}`
      : `\`${d.seed}\` does not change the order of a torch sampler: \`${d.sampler}\` already reshuffles every epoch from torch's RNG`,
  fixTitle: (d) => `Replace with \`${d.call ?? 'sampler.set_epoch(epoch)'}\` (unsafe)`,
  docs: DOCS,
  // Only seeding calls can be findings: visit the file's seeding calls (found once per lint).
  visit: { module: (_module, context) => seedingFor(context).all().flatMap((seed) => check(seed.call, context)) },
});
