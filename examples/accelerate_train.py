"""Hugging Face accelerate: the prepared loader calls set_epoch itself (DataLoaderShard), so a
hand-written epoch loop without set_epoch is fine here."""

from accelerate import Accelerator
from accelerate.utils import set_seed
from torch.utils.data import DataLoader, DistributedSampler


def main(model, optimizer, dataset, epochs=3):
    set_seed(42)
    accelerator = Accelerator()
    loader = DataLoader(dataset, batch_size=16, sampler=DistributedSampler(dataset))
    model, optimizer, loader = accelerator.prepare(model, optimizer, loader)
    for epoch in range(epochs):
        for batch in loader:
            outputs = model(**batch)
            accelerator.backward(outputs.loss)
            optimizer.step()
            optimizer.zero_grad()


if __name__ == "__main__":
    main(None, None, None)
