// Qualified names that the libraries re-export under several paths, folded to one spelling so
// that rules compare against a single name.

const CANONICAL: Record<string, string> = {
  'torch.utils.data.DistributedSampler': 'torch.utils.data.distributed.DistributedSampler',
  'torch.utils.data.sampler.DistributedSampler': 'torch.utils.data.distributed.DistributedSampler',
  'torch.utils.data.dataloader.DataLoader': 'torch.utils.data.DataLoader',
  'torch.utils.data.sampler.BatchSampler': 'torch.utils.data.BatchSampler',
  'torch.utils.data.sampler.RandomSampler': 'torch.utils.data.RandomSampler',
  'mmengine.dataset.sampler.DefaultSampler': 'mmengine.dataset.DefaultSampler',
  'lightning.pytorch.Trainer': 'lightning.Trainer',
  'pytorch_lightning.Trainer': 'lightning.Trainer',
};

export function canonicalName(qualified: string): string {
  return CANONICAL[qualified] ?? qualified;
}

export const DATA_LOADER = 'torch.utils.data.DataLoader';
/** A `callees` filter matching exactly these qualified names. */
export function exactly(names: Iterable<string>): RegExp {
  return new RegExp(`^(${[...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}

/** `callees` filter for rules that only look at DataLoader calls. */
export const DATA_LOADER_CALLEE = /^torch\.utils\.data\.DataLoader$/;
export const BATCH_SAMPLER = 'torch.utils.data.BatchSampler';
export const DISTRIBUTED_SAMPLER = 'torch.utils.data.distributed.DistributedSampler';
