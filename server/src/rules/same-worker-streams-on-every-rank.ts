// RNG902 (opt-in): a DDP script that seeds torch with the same value on every rank and applies
// random augmentation in DataLoader workers. Every rank makes the same global draws, so worker i
// on every rank gets the same base seed and the same augmentation draws.

import { moduleAlias, scriptSeedAt } from '../analysis/loaders';
import { callArguments, lookupArgument } from '../analysis/calls';

import { DATA_LOADER, DISTRIBUTED_SAMPLER, DATA_LOADER_CALLEE } from '../analysis/known-names';
import { callsDirectlyIn, functionExecutionOrder, insideMainGuard, lazyMainExecutionOrder, spawnSites } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { pointToPosition } from '../analysis/positions';
import { certainlySeeds, seedingFor, type SeedCall } from '../analysis/seeding';
import { enclosingScope, enclosingStatement } from '../analysis/syntax';
import { literalValue } from '../analysis/values';

import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  seed: string;
  line: number;
}

/** DataLoader's positional parameters (torch.utils.data.DataLoader.__init__). */
const SHUFFLE = { keyword: 'shuffle', position: 2 };
const SAMPLER = { keyword: 'sampler', position: 3 };
const NUM_WORKERS = { keyword: 'num_workers', position: 5 };
const GENERATOR = { keyword: 'generator', position: 12 };

const DDP = /^torch\.(distributed\.(init_process_group|launch|run)|nn\.parallel\.(DistributedDataParallel|distributed\.DistributedDataParallel))$|^torch\.utils\.data\.distributed\.DistributedSampler$/;
/** Random augmentation: torchvision's random transforms, third-party augmenters, draws in a Dataset. */
const RANDOM_AUGMENTATION = /^torchvision\.transforms(\.v2)?\.(Random\w*|ColorJitter|AutoAugment|RandAugment|TrivialAugmentWide|AugMix|GaussianBlur|ElasticTransform)$|^(albumentations|imgaug)\.|^kornia\.augmentation\./;
const DATASET_DRAW = /^(torch\.(rand|randn|randint|randperm|normal|bernoulli|multinomial)|random\.\w+|numpy\.random\.\w+)$/;
const RANK = /rank|process_index|get_rank|local_process/i;

function usesDdp(context: RuleContext): boolean {
  return context.model.calls.some((c) => DDP.test(context.model.calleeName(c) ?? ''));
}

function augmentsRandomly(context: RuleContext): boolean {
  const { model } = context;
  return model.calls.some((c) => {
    const name = model.calleeName(c) ?? '';
    if (RANDOM_AUGMENTATION.test(name)) return true;
    // A draw from a global RNG inside a Dataset's __getitem__ (reseeded per worker: same on every rank).
    if (!DATASET_DRAW.test(name) || name.endsWith('.seed')) return false;
    for (let p = c.parent; p; p = p.parent) {
      if (p.type === 'function_definition') return p.childForFieldName('name')?.text === '__getitem__';
    }
    return false;
  });
}

/** The torch seed that every rank shares, or undefined when some seeding mixes in the rank. */
function sharedTorchSeed(context: RuleContext): SeedCall | undefined {
  const seeds = seedingFor(context).all();
  const torch = seeds.filter((s) => certainlySeeds(s, 'torch') && !s.entropy);
  if (torch.length === 0) return undefined;
  for (const s of seeds) {
    if (s.framework?.perRank || s.framework?.workers) return undefined;
    const value = s.effectiveValue ?? (s.value.kind === 'given' ? s.value.value : undefined);
    if (s.value.kind === 'unknown' || RANK.test(s.call.text)) return undefined;
    // `seed = args.seed + rank; torch.manual_seed(seed)`: the rank may come through a name.
    if (value && (RANK.test(value.text) || context.values.origins(value).some((o) => RANK.test(o.node.text)))) return undefined;
  }
  // Name the call the user wrote (`set_seed(args.seed)`), not the line inside the helper; but
  // not a helper called without a seed (`main()` in `if __name__ == "__main__":`, which seeds
  // inside): there the seeding call itself says more.
  return torch.find((s) => s.kind !== 'direct' && callArguments(s.call).length > 0) ?? torch.find((s) => s.kind === 'direct') ?? torch[0];
}

function isTrainingLoader(loader: SyntaxNode, context: RuleContext): boolean {
  const { model, values } = context;
  const workers = lookupArgument(loader, NUM_WORKERS);
  if (workers.kind === 'absent') return false;
  if (workers.kind === 'given') {
    const n = literalValue(workers.value);
    if (typeof n === 'number' && n <= 0) return false;
  }
  if (lookupArgument(loader, GENERATOR).kind !== 'absent') return false;
  const shuffle = lookupArgument(loader, SHUFFLE);
  if (shuffle.kind === 'given' && literalValue(shuffle.value) === true) return true;
  const sampler = lookupArgument(loader, SAMPLER);
  return sampler.kind === 'given' && values.origins(sampler.value).some((o) => o.node.type === 'call' && model.calleeName(o.node) === DISTRIBUTED_SAMPLER);
}

function fixEdits(loader: SyntaxNode, seed: string, context: RuleContext): TextEdit[] | undefined {
  const args = callArguments(loader);
  const last = args[args.length - 1];
  const torch = moduleAlias(context.model, 'torch');
  if (!last || !torch) return undefined;
  const dist = moduleAlias(context.model, 'torch.distributed');
  const rank = dist ? `${dist}.get_rank()` : `${torch}.distributed.get_rank()`;
  const end = pointToPosition(last.endPosition);
  return [{ range: { start: end, end }, newText: `, generator=${torch}.Generator().manual_seed(${seed} + ${rank})` }];
}

/**
 * The loader is built only in spawned children (never on the main process's path) that do not
 * seed torch themselves, while the shared seed stays in the parent: spawn starts fresh
 * interpreters, so the ranks are not seeded alike at all (RNG007 reports the lost seed).
 */
function onlyInUnseededChildren(loader: SyntaxNode, shared: SeedCall, context: RuleContext): boolean {
  const sites = spawnSites(context).filter((site) => site.target);
  if (sites.length === 0) return false;
  // Module-level code outside the main guard runs again in every child.
  if (enclosingScope(shared.call) === null && !insideMainGuard(shared.call, context.model)) return false;
  const statement = enclosingStatement(loader);
  if (lazyMainExecutionOrder(context).all().some((step) => step.statement.id === statement.id)) return false;
  const index = seedingFor(context);
  let inChild = false;
  for (const site of sites) {
    const steps = functionExecutionOrder(site.target!, context);
    if (!steps.some((step) => step.statement.id === statement.id)) continue;
    inChild = true;
    const seeds = steps.some((step) => callsDirectlyIn(step.statement, context.model).some((call) => index.seedingCall(call)?.libraries.has('torch')));
    if (seeds) return false;
  }
  return inChild;
}

function check(loader: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (context.model.calleeName(loader) !== DATA_LOADER || !isTrainingLoader(loader, context)) return [];
  if (!usesDdp(context) || !augmentsRandomly(context)) return [];
  const shared = sharedTorchSeed(context);
  if (!shared || onlyInUnseededChildren(loader, shared, context)) return [];
  const value = shared.effectiveValue ?? (shared.value.kind === 'given' ? shared.value.value : undefined);
  const data: Data = { seed: value?.text ?? shared.name, line: shared.call.startPosition.row + 1 };
  const report: Report<Data> = { node: loader.childForFieldName('function') ?? loader, data };
  const seed = scriptSeedAt(loader, context.model);
  const edits = seed ? fixEdits(loader, seed, context) : undefined;
  if (edits) report.fix = { edits };
  return [report];
}

const DOCS = `## What it does
Flags the training \`DataLoader\` (with workers, shuffling or fed by a \`DistributedSampler\`, and no
\`generator=\`) of a distributed script that seeds torch with the same value on every rank
(\`torch.manual_seed(args.seed)\`) while it applies random augmentation in workers (torchvision
\`Random*\` transforms, albumentations, imgaug, kornia, or global-RNG draws in \`__getitem__\`).
Not flagged when the loader is built only in ranks started by \`mp.spawn\` that never seed torch
while the seed stays in the parent: those ranks start unseeded (\`seed-before-spawn\`).
Off by default: enable it with \`select\`.

## Why is this bad?
With the same seed, every rank makes the same global draws, so each rank's loader draws the same
worker base seed, and worker *i* on every rank runs the same augmentation stream, applied to
different samples. Nothing is wrong with the data order (the \`DistributedSampler\` partitions one
shared permutation, and needs the same seed everywhere), but the effective augmentation diversity
shrinks with the number of ranks. timm seeds with \`seed + rank\` for this reason (rwightman in
huggingface/pytorch-image-models#1519), and Lightning's \`seed_everything(workers=True)\` mixes
the global rank into worker seeds.

Not reported when a seeding call already mixes in the rank (\`torch.manual_seed(seed + rank)\`,
timm \`random_seed(seed, rank)\`, accelerate \`set_seed(..., device_specific=True)\`), or with
Lightning's \`workers=True\`.

## Example
\`\`\`python
import torch
import torch.distributed as dist
import torchvision.transforms as T
from torch.utils.data import DataLoader, DistributedSampler

def main(seed):
    dist.init_process_group("nccl")
    torch.manual_seed(seed)
    train_set = ImageFolder(root, transform=T.RandomResizedCrop(224))
    sampler = DistributedSampler(train_set, seed=seed)
    loader = DataLoader(train_set, sampler=sampler, batch_size=64, num_workers=8)
\`\`\`

Use instead:
\`\`\`python
import torch
import torch.distributed as dist
import torchvision.transforms as T
from torch.utils.data import DataLoader, DistributedSampler

def main(seed):
    dist.init_process_group("nccl")
    torch.manual_seed(seed)
    train_set = ImageFolder(root, transform=T.RandomResizedCrop(224))
    sampler = DistributedSampler(train_set, seed=seed)
    loader = DataLoader(train_set, sampler=sampler, batch_size=64, num_workers=8, generator=torch.Generator().manual_seed(seed + dist.get_rank()))
\`\`\`

## Fix safety
When the script's seed is in scope, the fix gives the loader a per-rank generator,
\`generator=torch.Generator().manual_seed(seed + dist.get_rank())\`. A \`DistributedSampler\`
ignores the loader's generator, so the data order is unchanged; only the worker base seeds, and so
the augmentations, differ per rank. It is unsafe: the augmentation draws change. Never change the
sampler's own seed (RNG113).

## References
- rwightman in huggingface/pytorch-image-models#1519
- [Lightning seed_everything(workers=True)](https://lightning.ai/docs/pytorch/stable/common/trainer.html#reproducibility)
`;

export default defineRule<Data>({
  code: 'RNG902',
  name: 'same-worker-streams-on-every-rank',
  severity: 'info',
  defaultEnabled: false,
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `Every rank seeds torch with \`${d.seed}\` (line ${d.line}), so worker i on each rank draws the same augmentations`,
  fixTitle: () => 'Give the loader a per-rank generator (unsafe)',
  docs: DOCS,
  visit: { call: check },
  callees: DATA_LOADER_CALLEE,
});
