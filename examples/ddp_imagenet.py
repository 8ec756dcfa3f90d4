"""ResNet-50 on ImageNet with DistributedDataParallel, in the style of pytorch/examples.

Typical mistakes kept on purpose (seedlint's bundled examples):
- the sampler is built for every run, but set_epoch only runs under `if args.distributed:`,
  so single-GPU runs see one permutation for the whole training (RNG110);
- NumPy is reseeded every epoch in the belief that it reshuffles the sampler (it does not).
"""

import argparse
import os
import random

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.optim as optim
import torchvision.datasets as datasets
import torchvision.models as models
import torchvision.transforms as T
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler


def parse_args():
    parser = argparse.ArgumentParser(description="ImageNet training")
    parser.add_argument("data", help="path to the dataset")
    parser.add_argument("--epochs", type=int, default=90)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--distributed", action="store_true")
    return parser.parse_args()


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_one_epoch(model, loader, criterion, optimizer, device):
    model.train()
    for images, targets in loader:
        images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
        loss = criterion(model(images), targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()


def main():
    args = parse_args()
    set_seed(args.seed)
    if args.distributed:
        dist.init_process_group("nccl")
        rank, world_size = dist.get_rank(), dist.get_world_size()
    else:
        rank, world_size = 0, 1
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))

    transform = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor()])
    train_set = datasets.ImageFolder(os.path.join(args.data, "train"), transform)
    train_sampler = DistributedSampler(train_set, num_replicas=world_size, rank=rank, shuffle=True)
    train_loader = DataLoader(
        train_set,
        batch_size=args.batch_size // world_size,
        sampler=train_sampler,
        num_workers=args.workers,
        pin_memory=True,
        drop_last=True,
    )

    model = models.resnet50().to(device)
    if args.distributed:
        model = DDP(model, device_ids=[device.index])
    criterion = nn.CrossEntropyLoss().to(device)
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

    for epoch in range(args.epochs):
        np.random.seed(epoch)  # "reshuffle" -- has no effect on DistributedSampler
        if args.distributed:
            train_sampler.set_epoch(epoch)
        train_one_epoch(model, train_loader, criterion, optimizer, device)
        scheduler.step()
        if rank == 0:
            torch.save(model.state_dict(), f"checkpoint_{epoch:03d}.pt")  # café ☕ checkpoints


if __name__ == "__main__":
    main()
