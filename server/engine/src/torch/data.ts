// torch.utils.data: samplers, DataLoader epochs, DistributedSampler, random_split, worker seeds.
export * from './data/samplers';
export * from './data/streams';
export * from './data/dataloader';
export * from './data/distributed';
export * from './data/random-split';
export * from './data/worker-seeds';
