"""SimCLR-style contrastive pre-training: the loader factory returns the sampler, and the
training loop forgets to call set_epoch (the bug fixed in Spijkervet/SimCLR PR #26)."""

import torch
import torch.nn.functional as F
from torch.utils import data
from torchvision import transforms
from torchvision.datasets import STL10


class TwoViews:
    def __init__(self, transform):
        self.transform = transform

    def __call__(self, x):
        return self.transform(x), self.transform(x)


def build_loader(root, batch_size, world_size, rank):
    augment = transforms.Compose(
        [transforms.RandomResizedCrop(96), transforms.ColorJitter(0.4, 0.4, 0.4, 0.1), transforms.ToTensor()]
    )
    dataset = STL10(root, split="unlabeled", transform=TwoViews(augment), download=False)
    sampler = data.distributed.DistributedSampler(dataset, num_replicas=world_size, rank=rank)
    loader = data.DataLoader(dataset, batch_size=batch_size, sampler=sampler, num_workers=8, drop_last=True)
    return loader, sampler


def nt_xent(z1, z2, temperature=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.t() / temperature
    sim.fill_diagonal_(float("-inf"))
    n = z1.shape[0]
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).to(z.device)
    return F.cross_entropy(sim, targets)


def pretrain(model, optimizer, loader, epochs, device):
    for epoch in range(epochs):
        total = 0.0
        for (x1, x2), _ in loader:
            loss = nt_xent(model(x1.to(device)), model(x2.to(device)))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch}: loss {total / len(loader):.4f}")


def main(model, device, world_size=1, rank=0):
    torch.manual_seed(0)
    loader, sampler = build_loader("./data", 256, world_size, rank)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    pretrain(model, optimizer, loader, epochs=100, device=device)
