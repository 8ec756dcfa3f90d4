// RNG105: an IterableDataset that never looks at worker info, used by a loader with workers:
// every worker replays the whole stream.

import { workerCount } from '../analysis/loaders';
import type { SyntaxNode } from '../analysis/parser';
import { sameNode } from '../analysis/modules';
import { datasetWorkerCode, findMethod, libraryBaseNames, workerLoaders } from '../analysis/workers';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  workers?: number;
}

const ITERABLE_DATASET = /^torch\.utils\.data\.(dataset\.)?IterableDataset$/;

/** Anything that suggests the stream is split by worker or rank, by hand or by a library. */
const SHARDING = /worker|shard|split_by_node|split_by_worker|split_dataset_by_node|rank|world_size|num_replicas|load_dataset|webdataset|\bwds\b|torchdata|datapipe|streaming/i;

/** The code's text without comments mentions worker ids, ranks or sharding. */
function mentionsSharding(node: SyntaxNode): boolean {
  let text = node.text;
  for (const comment of node.descendantsOfType('comment').reverse()) {
    const start = comment.startIndex - node.startIndex;
    text = text.slice(0, start) + text.slice(start + comment.text.length);
  }
  return SHARDING.test(text);
}

function check(cls: SyntaxNode, context: RuleContext): Report<Data>[] {
  const { model, values } = context;
  if (!libraryBaseNames(cls, model).some((n) => ITERABLE_DATASET.test(n))) return [];
  if (!findMethod(cls, '__iter__', model)) return [];
  if (mentionsSharding(cls)) return [];
  let workers: number | undefined;
  let found = false;
  for (const code of workerLoaders(model, values)) {
    const uses = code.datasets.filter((d) => sameNode(d.use.cls, cls));
    if (uses.length === 0) continue;
    // A worker_init_fn can configure the per-worker range (the docs' second pattern).
    if (code.init.kind !== 'absent') return [];
    for (const use of uses) {
      const iterCode = datasetWorkerCode(use.use, model, values, ['__iter__']);
      if (iterCode.functions.some((f) => mentionsSharding(f.fn))) return [];
    }
    found = true;
    workers ??= workerCount(code.loader, values);
  }
  if (!found) return [];
  const name = cls.childForFieldName('name') ?? cls;
  const data: Data = {};
  if (workers !== undefined) data.workers = workers;
  return [{ node: name, data }];
}

const DOCS = `## What it does
Flags an \`IterableDataset\` subclass whose \`__iter__\` (with the helpers it calls) never consults
\`torch.utils.data.get_worker_info()\`, a worker id or a sharding helper, when a \`DataLoader\`
with worker processes iterates it.

## Why is this bad?
With an iterable-style dataset each worker gets its own copy of the dataset object and runs
\`__iter__\` from the start. Unless the iterator splits the work by worker id, every worker yields
the whole stream, so each sample appears \`num_workers\` times per epoch, and shuffle buffers
built from a fixed seed are duplicated too. The data docs show how to split the range with
\`get_worker_info()\`, either in \`__iter__\` or in a \`worker_init_fn\`.

Not flagged: sharding done by libraries (webdataset \`split_by_worker\` / \`split_by_node\`, Hugging
Face \`split_dataset_by_node\`, torchdata), loaders with a \`worker_init_fn\`, and loaders without
workers.

## Example
\`\`\`python
from torch.utils.data import DataLoader, IterableDataset

class Lines(IterableDataset):
    def __init__(self, path):
        self.path = path

    def __iter__(self):
        with open(self.path) as f:
            yield from f

loader = DataLoader(Lines("train.txt"), batch_size=32, num_workers=4)
\`\`\`

Use instead:
\`\`\`python
import itertools
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

class Lines(IterableDataset):
    def __init__(self, path):
        self.path = path

    def __iter__(self):
        info = get_worker_info()
        step, start = (info.num_workers, info.id) if info else (1, 0)
        with open(self.path) as f:
            yield from itertools.islice(f, start, None, step)

loader = DataLoader(Lines("train.txt"), batch_size=32, num_workers=4)
\`\`\`

## References
- [Iterable-style datasets](https://pytorch.org/docs/stable/data.html#iterable-style-datasets)
- [torch.utils.data.IterableDataset](https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset) (the \`worker_init_fn\` example)
`;

export default defineRule<Data>({
  code: 'RNG105',
  name: 'iterable-dataset-not-sharded',
  severity: 'warning',
  fixAvailability: 'none',
  fixApplicability: 'unsafe',
  message: (d) =>
    d.workers !== undefined
      ? `Each of the ${d.workers} workers yields the full stream`
      : 'Each DataLoader worker yields the full stream',
  fixTitle: () => '',
  docs: DOCS,
  visit: { class_definition: check },
});
