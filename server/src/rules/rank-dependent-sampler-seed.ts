// RNG113: a DistributedSampler whose `seed=` differs between ranks, so the ranks partition
// different permutations (F7, W15).

import { argumentValue, lookupArgument, methodName, receiver } from '../analysis/calls';
import { additiveRankBase, involvesRank, seedsBefore, seedsPerRank } from '../analysis/loaders';
import { DISTRIBUTED_SAMPLER, exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { heldSetEpochSamplers, loadersHolding, targetsSampler } from '../analysis/set-epoch';
import { globalDraw } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  seed: string;
  base?: string;
  /** The value is the epoch given to `set_epoch`, which the sampler adds to its seed. */
  epoch?: boolean;
}

/** Samplers partitioned by rank, and the position of their `seed` parameter. */
const SEED_POSITION: Readonly<Record<string, number>> = {
  [DISTRIBUTED_SAMPLER]: 4,
  'mmengine.dataset.DefaultSampler': 2,
};

/** `torch.initial_seed()` after a per-rank `torch.manual_seed(...)`: per rank by construction. */
function perRankInitialSeed(value: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const calls = [value, ...value.descendantsOfType('call')].filter((c) => c.type === 'call');
  for (const origin of values.origins(value)) if (origin.node.type === 'call') calls.push(origin.node);
  return calls.some((c) => {
    if (model.calleeName(c) !== 'torch.initial_seed') return false;
    const seeds = seedsBefore(c, 'torch', model, values).filter((s) => s.kind !== 'heuristic');
    const last = seeds[seeds.length - 1];
    return !!last && seedsPerRank(last, 'torch', model, values);
  });
}

const PROCESS_UNIQUE = /^(os\.getpid|os\.urandom|uuid\.uuid[14]|secrets\.\w+|torch\.seed)$/;

/**
 * A value that differs between processes by construction: the pid, OS entropy, or a draw from a
 * global RNG that nothing seeded before it (each rank starts from its own OS entropy).
 */
function perProcessValue(value: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const calls = [value, ...value.descendantsOfType('call')].filter((c) => c.type === 'call');
  for (const origin of values.origins(value)) if (origin.node.type === 'call' && origin.node.id !== value.id) calls.push(origin.node, ...origin.node.descendantsOfType('call'));
  return calls.some((c) => {
    if (PROCESS_UNIQUE.test(model.calleeName(c) ?? '')) return true;
    const library = globalDraw(c, model);
    return !!library && seedsBefore(c, library, model, values).length === 0;
  });
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  const position = SEED_POSITION[model.calleeName(call) ?? ''];
  if (position === undefined) return [];
  const found = lookupArgument(call, { keyword: 'seed', position });
  if (found.kind !== 'given') return [];
  const value = found.value;
  if (!involvesRank(value, model, values) && !perRankInitialSeed(value, context) && !perProcessValue(value, context)) return [];
  const data: Data = { seed: value.text };
  const report: Report<Data> = { node: value, data };
  const base = additiveRankBase(value, model, values);
  if (base) {
    data.base = base;
    report.fix = { edits: [{ range: nodeRange(value), newText: base }] };
  }
  return [report];
}

/**
 * `sampler.set_epoch(epoch + rank)`: the sampler shuffles with `seed + epoch`, so a per-rank
 * epoch is a per-rank seed (yangkky/distributed_tutorial#5: the epoch must be the same on every
 * rank). Only receivers that may be a rank-partitioned sampler of this file count.
 */
function checkSetEpochCalls(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  const samplers = heldSetEpochSamplers(context).filter((s) => SEED_POSITION[model.calleeName(s) ?? ''] !== undefined);
  if (samplers.length === 0) return [];
  const reports: Report<Data>[] = [];
  for (const call of model.calls) {
    if (methodName(call) !== 'set_epoch') continue;
    const object = receiver(call);
    const value = argumentValue(call, { keyword: 'epoch', position: 0 });
    if (!object || !value || !involvesRank(value, model, values)) continue;
    if (!samplers.some((sampler) => loadersHolding(sampler, context).some((h) => targetsSampler(object, { sampler, loader: h.loader }, context)))) continue;
    const data: Data = { seed: value.text, epoch: true };
    const report: Report<Data> = { node: value, data };
    const base = additiveRankBase(value, model, values);
    if (base) {
      data.base = base;
      report.fix = { edits: [{ range: nodeRange(value), newText: base }] };
    }
    reports.push(report);
  }
  return reports;
}

const DOCS = `## What it does
Flags the \`seed=\` of a \`DistributedSampler\` (or mmengine \`DefaultSampler\`) when it involves
the rank (\`rank\`, \`local_rank\`, \`dist.get_rank()\`, \`accelerator.process_index\`, ...), is
\`torch.initial_seed()\` after a per-rank \`torch.manual_seed\`, or differs per process by
construction (\`os.getpid()\`, OS entropy, a draw from a global RNG that nothing seeded first).
Also flags \`set_epoch(epoch + rank)\` on such a sampler: it shuffles with \`seed + epoch\`, so a
per-rank epoch is a per-rank seed.

## Why is this bad?
A \`DistributedSampler\` builds one permutation from \`seed + epoch\` and gives each rank the slice
\`indices[rank::num_replicas]\`. That only partitions the data when every rank computes the *same*
permutation, which is why \`seed\` must be identical on all processes. With a per-rank seed each
rank slices a different permutation: some samples are seen several times per epoch and others
never. Advice to "seed each rank differently so each sampler sees different data" gets this
backwards; per-rank seeds are for augmentation, never for the sampler.

## Example
\`\`\`python
from torch.utils.data import DistributedSampler

sampler = DistributedSampler(train_set, seed=args.seed + rank)
\`\`\`

Use instead:
\`\`\`python
from torch.utils.data import DistributedSampler

sampler = DistributedSampler(train_set, seed=args.seed)
\`\`\`

## Fix safety
When the rank enters as an added term (\`seed + rank\`) the fix drops it. It is unsafe: every
rank's share of the data changes (to a correct partition). Other shapes get no fix.

## References
- pytorch/pytorch \`torch/utils/data/distributed.py\`: "seed ... This number should be
  identical across all processes in the distributed group."
`;

export default defineRule<Data>({
  code: 'RNG113',
  name: 'rank-dependent-sampler-seed',
  severity: 'error',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.epoch
      ? `The epoch \`${d.seed}\` given to \`set_epoch\` differs per rank, so ranks overlap and skip samples`
      : `The sampler seed \`${d.seed}\` differs per rank, so ranks overlap and skip samples`,
  fixTitle: (d) => (d.epoch ? `Pass the same epoch on every rank: \`${d.base ?? 'epoch'}\` (unsafe)` : `Use the same seed on every rank: \`${d.base ?? 'seed'}\` (unsafe)`),
  docs: DOCS,
  visit: { call: check, module: checkSetEpochCalls },
  callees: exactly(Object.keys(SEED_POSITION)),
});
