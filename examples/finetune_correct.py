"""Fine-tuning done right: every epoch reshuffles through set_epoch, the generator is seeded,
and evaluation uses a non-shuffling sampler. seedlint reports nothing here."""

import torch
from torch.utils.data import DataLoader, DistributedSampler, random_split


def run(model, dataset, optimizer, epochs, seed=1234, world_size=1, rank=0):
    torch.manual_seed(seed)
    train_set, val_set = random_split(dataset, [0.9, 0.1], generator=torch.Generator().manual_seed(seed))
    train_sampler = DistributedSampler(train_set, num_replicas=world_size, rank=rank, seed=seed)
    val_sampler = DistributedSampler(val_set, num_replicas=world_size, rank=rank, shuffle=False)
    train_loader = DataLoader(train_set, batch_size=32, sampler=train_sampler, num_workers=4)
    val_loader = DataLoader(val_set, batch_size=64, sampler=val_sampler)

    for epoch in range(epochs):
        train_sampler.set_epoch(epoch)
        model.train()
        for inputs, labels in train_loader:
            loss = torch.nn.functional.cross_entropy(model(inputs), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(x).argmax(1) == y).sum().item() for x, y in val_loader)
        print(epoch, correct / len(val_set))
