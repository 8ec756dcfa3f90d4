// Messages that cite another line must cite the statement a reader would look for: RNG902 names
// the seeding call, not `main()` when main only seeds somewhere inside (pytorch/examples imagenet).

import { strict as assert } from 'node:assert';
import { ruleByCodeOrName } from '../../server/src/rules/registry';
import { testLinter } from '../helpers/linter';

const IMAGENET_SHAPE = `import torch
import torch.distributed as dist
import torchvision.transforms as T
from torch.utils.data import DataLoader, DistributedSampler


def main():
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    dist.init_process_group("nccl")
    ds = Folder(transform=T.RandomResizedCrop(224))
    loader = DataLoader(ds, sampler=DistributedSampler(ds), num_workers=4)
    train(loader)


if __name__ == "__main__":
    main()
`;

const HELPER_SHAPE = `import torch
import torch.distributed as dist
import torchvision.transforms as T
from torch.utils.data import DataLoader, DistributedSampler


def set_seed(seed):
    torch.manual_seed(seed)


set_seed(7)
dist.init_process_group("nccl")
ds = Folder(transform=T.RandomResizedCrop(224))
loader = DataLoader(ds, shuffle=True, num_workers=4)
`;

describe('lines cited in messages', () => {
  it('RNG902 cites the seeding call inside main(), not the call of main()', async () => {
    const linter = await testLinter();
    const findings = linter.lint(IMAGENET_SHAPE, { rules: [ruleByCodeOrName('RNG902')!] });
    assert.deepEqual(findings.map((f) => f.message), ['Every rank seeds torch with `args.seed` (line 9), so worker i on each rank draws the same augmentations']);
  });

  it('RNG902 cites a seeding helper called with the seed', async () => {
    const linter = await testLinter();
    const findings = linter.lint(HELPER_SHAPE, { rules: [ruleByCodeOrName('RNG902')!] });
    assert.deepEqual(findings.map((f) => f.message), ['Every rank seeds torch with `7` (line 11), so worker i on each rank draws the same augmentations']);
  });
});
