// RNG302: a NumPy generator, RandomState or bit generator built without a seed in training code:
// its stream comes from OS entropy and cannot be reproduced (F2; SonarQube S6709).

import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { unseededConstructionReports, type UnseededConstructionData } from '../analysis/unseeded';
import { defineRule, type Report, type RuleContext } from './rule';

type Data = UnseededConstructionData;

/** Constructors that take OS entropy without a seed, and the keyword of their seed. */
const CONSTRUCTORS: Record<string, { keyword: string; extraSeedKeywords?: string[] }> = {
  'numpy.random.default_rng': { keyword: 'seed' },
  'numpy.random.RandomState': { keyword: 'seed' },
  'numpy.random.mtrand.RandomState': { keyword: 'seed' },
  'numpy.random.PCG64': { keyword: 'seed' },
  'numpy.random.PCG64DXSM': { keyword: 'seed' },
  'numpy.random.MT19937': { keyword: 'seed' },
  'numpy.random.SFC64': { keyword: 'seed' },
  'numpy.random.Philox': { keyword: 'seed', extraSeedKeywords: ['key'] },
};

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  return unseededConstructionReports(call, context, CONSTRUCTORS);
}

const DOCS = `## What it does
Flags \`np.random.default_rng()\`, \`np.random.RandomState()\` and bit generators such as
\`np.random.PCG64()\` created without a seed (or with \`None\`) in a training script (a file with
an entry point), unless the object is reseeded with \`.seed(...)\` before use.

## Why is this bad?
Without a seed NumPy takes fresh OS entropy, so every run draws different numbers, whatever the
script's \`--seed\` says. Seeding the global state with \`np.random.seed\` does not affect these
objects. This is the peer rule SonarQube S6709.

Library modules are not checked (only entry-point scripts), and generators created from a seed,
such as the per-worker \`np.random.default_rng(get_worker_info().seed)\` pattern, are fine.

## Example
\`\`\`python
import numpy as np

def main():
    rng = np.random.default_rng()
    noise = rng.normal(size=10)

if __name__ == "__main__":
    main()
\`\`\`

Use instead:
\`\`\`python
import numpy as np

def main(seed=0):
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=10)

if __name__ == "__main__":
    main()
\`\`\`

## Fix safety
When the script has a seed in scope (a \`seed\` variable or parameter, or \`args.seed\` from an
argparse \`--seed\` option), the fix passes it to the constructor. It is unsafe: the stream was
entropy before and becomes a fixed one, so the drawn numbers change. Without a seed in scope no
fix is offered. \`RandomState\` accepts only seeds below 2**32 (RNG301).

## References
- [numpy.random.default_rng](https://numpy.org/doc/stable/reference/random/generator.html#numpy.random.default_rng)
- SonarQube S6709
`;

export default defineRule<Data>({
  code: 'RNG302',
  name: 'unseeded-numpy-generator',
  severity: 'info',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.constructor}()\` is seeded from OS entropy, so its numbers differ on every run`,
  fixTitle: (d) => `Seed it with \`${d.seed ?? 'seed'}\` (unsafe)`,
  docs: DOCS,
  visit: { call: check },
  callees: exactly(Object.keys(CONSTRUCTORS)),
});
