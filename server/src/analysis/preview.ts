// The shuffle-order preview for a DistributedSampler (rules.md §8 (a)): its order depends only
// on seed + epoch, the dataset length, num_replicas, rank and drop_last, so when those are known
// the engine computes exactly what PyTorch will yield. Unknown values are never guessed: the
// preview says which one is missing and how to state it (a `# seedlint: len=N` /
// `world_size=N` / `rank=N` hint on the sampler's line or the line above).

import { distributedSamplerIndices } from '../../engine/src/torch/data';
import { argumentValue } from './calls';
import type { ValueTracker } from './flow';
import { DISTRIBUTED_SAMPLER } from './known-names';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { evaluate, evaluateInteger } from './values';

export interface SamplerPreview {
  /** Markdown for the hover. */
  markdown: string;
  /** The call the preview is about. */
  call: SyntaxNode;
}

const EPOCHS = 3;
const SHOWN = 8;
const MAX_RANKS_SHOWN = 4;
/** Sizes of well-known torchvision datasets (train split), for `Dataset(root, train=True)`. */
const KNOWN_LENGTHS: Record<string, number> = {
  'torchvision.datasets.MNIST': 60000,
  'torchvision.datasets.FashionMNIST': 60000,
  'torchvision.datasets.KMNIST': 60000,
  'torchvision.datasets.CIFAR10': 50000,
  'torchvision.datasets.CIFAR100': 50000,
};

function hint(model: FileModel, call: SyntaxNode, key: string): number | undefined {
  const row = call.startPosition.row;
  for (const r of [row, row - 1]) {
    if (r < 0) continue;
    const m = new RegExp(`#\\s*seedlint:[^\\n]*\\b${key}\\s*=\\s*(\\d+)`).exec(model.tree.lineText(r));
    if (m) return Number(m[1]);
  }
  return undefined;
}

function datasetLength(dataset: SyntaxNode | undefined, context: { model: FileModel; values: ValueTracker }): { n?: number; how: string } {
  if (!dataset) return { how: 'no dataset argument' };
  for (const origin of context.values.origins(dataset)) {
    const node = origin.node;
    if (node.type !== 'call') continue;
    const name = context.model.calleeName(node);
    const args = positionalArguments(node);
    const first = args[0];
    // range(n) and list(range(n))
    const rangeCall = name === 'builtins.range' ? node : name === 'builtins.list' && first?.type === 'call' && context.model.calleeName(first) === 'builtins.range' ? first : undefined;
    const rangeArgs = rangeCall ? positionalArguments(rangeCall) : [];
    if (rangeArgs.length === 1) {
      const n = evaluateInteger(rangeArgs[0]!, context);
      if (n) return { n: Number(n.value), how: `len(range(${n.value}))` };
    }
    if (name === 'torch.utils.data.TensorDataset' && first?.type === 'call' && context.model.calleeName(first) === 'torch.arange') {
      const arangeArgs = positionalArguments(first);
      const n = arangeArgs.length === 1 ? evaluateInteger(arangeArgs[0]!, context) : undefined;
      if (n) return { n: Number(n.value), how: `TensorDataset(torch.arange(${n.value}))` };
    }
    if (name && KNOWN_LENGTHS[name] !== undefined) {
      const train = argumentValue(node, { keyword: 'train', position: 1 });
      const isTrain = !train || evaluate(train, context)?.value === true;
      if (isTrain) return { n: KNOWN_LENGTHS[name], how: `${name.split('.').pop()} train split` };
    }
  }
  return { how: 'unknown' };
}

/** Positional argument expressions (up to the first keyword or splat). */
function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat') break;
    if (a.type !== 'comment') out.push(a);
  }
  return out;
}

function argInt(call: SyntaxNode, keyword: string, position: number, context: { model: FileModel; values: ValueTracker }) {
  const node = argumentValue(call, { keyword, position });
  return node ? evaluateInteger(node, context) : undefined;
}

/** The preview for the DistributedSampler call at `call`, or undefined when it is not one. */
export function distributedSamplerPreview(call: SyntaxNode, context: { model: FileModel; values: ValueTracker }): SamplerPreview | undefined {
  const { model } = context;
  if (model.calleeName(call) !== DISTRIBUTED_SAMPLER) return undefined;
  const header = '**seedlint: DistributedSampler order**';
  const shuffleNode = argumentValue(call, { keyword: 'shuffle', position: 3 });
  const shuffle = shuffleNode ? evaluate(shuffleNode, context)?.value : true;
  const dropNode = argumentValue(call, { keyword: 'drop_last', position: 5 });
  const dropLast = dropNode ? evaluate(dropNode, context)?.value : false;
  const seedNode = argumentValue(call, { keyword: 'seed', position: 4 });
  const seed = seedNode ? evaluateInteger(seedNode, context) : { value: 0n, assumptions: [] as string[] };
  const length = datasetLength(argumentValue(call, { keyword: 'dataset', position: 0 }), context);
  const n = length.n ?? hint(model, call, 'len');
  const replicas = argInt(call, 'num_replicas', 1, context)?.value ?? (hint(model, call, 'world_size') !== undefined ? BigInt(hint(model, call, 'world_size')!) : undefined);
  const rankArg = argInt(call, 'rank', 2, context)?.value ?? (hint(model, call, 'rank') !== undefined ? BigInt(hint(model, call, 'rank')!) : undefined);
  const missing: string[] = [];
  if (n === undefined) missing.push('the dataset length (add `# seedlint: len=N` on this line)');
  if (replicas === undefined) missing.push('the world size (add `# seedlint: world_size=N`)');
  if (seed === undefined) missing.push('the seed (pass a literal `seed=` or an argparse option with a default)');
  if (typeof shuffle !== 'boolean' || typeof dropLast !== 'boolean') missing.push('`shuffle` / `drop_last` (literal values needed)');
  if (missing.length > 0) return { call, markdown: `${header}\n\nUnknown: ${missing.join('; ')}. No preview rather than a guess.` };
  const worldSize = Number(replicas);
  const ranks = rankArg !== undefined ? [Number(rankArg)] : Array.from({ length: Math.min(worldSize, MAX_RANKS_SHOWN) }, (_, r) => r);
  const lines: string[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const rank of ranks) {
      try {
        const indices = distributedSamplerIndices({ n: n!, numReplicas: worldSize, rank, shuffle: shuffle as boolean, seed: seed!.value, dropLast: dropLast as boolean, epoch });
        const shown = Array.from(indices.subarray(0, SHOWN)).join(', ');
        lines.push(`epoch ${epoch}, rank ${rank}: [${shown}${indices.length > SHOWN ? ', …' : ''}] (${indices.length} samples)`);
      } catch (error) {
        return { call, markdown: `${header}\n\nPyTorch would raise here: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
  }
  const assumptions = [...(seed!.assumptions ?? [])];
  if (length.n !== undefined) assumptions.push(`n = ${n} from ${length.how}`);
  else assumptions.push(`n = ${n} from the hint comment`);
  if (rankArg === undefined && worldSize > ranks.length) assumptions.push(`ranks ${ranks.length}..${worldSize - 1} not shown`);
  const note = '`set_epoch(epoch)` selects these orders; without it every epoch repeats epoch 0 (RNG110).';
  return {
    call,
    markdown: `${header} (seed ${seed!.value}, ${worldSize} replica${worldSize === 1 ? '' : 's'}, shuffle=${shuffle ? 'True' : 'False'}, drop_last=${dropLast ? 'True' : 'False'})\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\`\n\n${note}\n\n_${assumptions.join('; ')}._`,
  };
}
