// RNG402: `random.Random()` built without a seed in training code: its stream comes from OS
// entropy and cannot be reproduced (F2).

import { exactly } from '../analysis/known-names';
import type { SyntaxNode } from '../analysis/parser';
import { unseededConstructionReports, type UnseededConstructionData } from '../analysis/unseeded';
import { defineRule, type Report, type RuleContext } from './rule';

type Data = UnseededConstructionData;

/** `random.Random(x=None)`: CPython's parameter is `x`. SystemRandom is entropy by design. */
const CONSTRUCTORS: Record<string, { keyword: string }> = { 'random.Random': { keyword: 'x' } };

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  return unseededConstructionReports(call, context, CONSTRUCTORS);
}

const DOCS = `## What it does
Flags \`random.Random()\` or \`random.Random(None)\` in a training script (a file with an entry
point), unless the instance is reseeded with \`.seed(...)\` before use.

## Why is this bad?
An unseeded \`random.Random\` seeds itself from OS entropy, so its draws differ on every run.
\`random.seed(...)\` seeds only the module-level instance, never the ones you create. Library
modules are not checked, and instances created from a seed (for example a worker-local
\`random.Random(seed + worker_id)\`) are fine. \`random.SystemRandom\` is entropy by design and is
not reported.

## Example
\`\`\`python
import random

def main():
    rng = random.Random()
    print(rng.random())

if __name__ == "__main__":
    main()
\`\`\`

Use instead:
\`\`\`python
import random

def main(seed=0):
    rng = random.Random(seed)
    print(rng.random())

if __name__ == "__main__":
    main()
\`\`\`

## Fix safety
When the script has a seed in scope (a \`seed\` variable or parameter, or \`args.seed\` from an
argparse \`--seed\` option), the fix passes it to the constructor. It is unsafe: the drawn numbers
change. Without a seed in scope no fix is offered.

## References
- [random.Random](https://docs.python.org/3/library/random.html#random.Random)
`;

export default defineRule<Data>({
  code: 'RNG402',
  name: 'unseeded-random-instance',
  severity: 'info',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: () => 'This `random.Random` is seeded from OS entropy, so its numbers differ on every run',
  fixTitle: (d) => `Seed it with \`${d.seed ?? 'seed'}\` (unsafe)`,
  docs: DOCS,
  visit: { call: check },
  callees: exactly(Object.keys(CONSTRUCTORS)),
});
