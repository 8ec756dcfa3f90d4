// RNG904 (opt-in): calls to the legacy `np.random.<function>` API, in parity with Ruff NPY002.
// The docs warn that moving to a stored Generator needs a per-worker reseed (RNG102, W16).

import type { SyntaxNode } from '../analysis/parser';
import { defineRule, type Report, type RuleContext } from './rule';

interface Data {
  call: string;
}

/**
 * The functions of the global legacy RandomState (`numpy.random.mtrand.__all__`, NumPy 1.24.2),
 * including `random`, which Ruff once missed (astral-sh/ruff#9861).
 */
const LEGACY = new Set([
  'beta', 'binomial', 'bytes', 'chisquare', 'choice', 'dirichlet', 'exponential', 'f', 'gamma', 'geometric', 'get_state',
  'gumbel', 'hypergeometric', 'laplace', 'logistic', 'lognormal', 'logseries', 'multinomial', 'multivariate_normal',
  'negative_binomial', 'noncentral_chisquare', 'noncentral_f', 'normal', 'pareto', 'permutation', 'poisson', 'power', 'rand',
  'randint', 'randn', 'random', 'random_integers', 'random_sample', 'ranf', 'rayleigh', 'sample', 'seed', 'set_state',
  'shuffle', 'standard_cauchy', 'standard_exponential', 'standard_gamma', 'standard_normal', 'standard_t', 'triangular',
  'uniform', 'vonmises', 'wald', 'weibull', 'zipf',
]);

const PREFIX = /^numpy\.random(\.mtrand)?\.(\w+)$/;

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const name = context.model.calleeName(call);
  const m = name ? PREFIX.exec(name) : null;
  if (!m || !LEGACY.has(m[2]!)) return [];
  return [{ node: call.childForFieldName('function') ?? call, data: { call: `np.random.${m[2]}` } }];
}

const DOCS = `## What it does
Flags calls to the legacy global NumPy API, \`np.random.<function>(...)\` (\`rand\`, \`randint\`,
\`normal\`, \`shuffle\`, \`seed\`, \`random\`, ...), in parity with Ruff's NPY002. Off by default:
enable it with \`select\`.

## Why is this bad?
These functions share one hidden global \`RandomState\`. NumPy recommends a dedicated
\`Generator\` (\`rng = np.random.default_rng(seed)\`, NEP 19): it is faster, has better statistical
properties, and makes explicit which code draws from which stream.

**Migrate carefully in datasets.** A \`Generator\` stored on a \`Dataset\` (\`self.rng =
np.random.default_rng(seed)\`) is copied with the same state into every DataLoader worker, so all
workers draw identical "random" augmentations, and non-persistent workers replay them every
epoch. PyTorch reseeds the *global* NumPy state per worker (since 1.9), which the legacy calls
benefit from, but never your objects. Create the generator per worker (for example from
\`torch.utils.data.get_worker_info().seed\` in \`worker_init_fn\`) when you move away from the
legacy API; RNG102 catches the stored-generator pattern.

## Example
\`\`\`python
import numpy as np

np.random.seed(1337)
x = np.random.normal(size=3)
\`\`\`

Use instead:
\`\`\`python
import numpy as np

rng = np.random.default_rng(1337)
x = rng.normal(size=3)
\`\`\`

## References
- [Ruff NPY002 numpy-legacy-random](https://docs.astral.sh/ruff/rules/numpy-legacy-random/); astral-sh/ruff#9861
- [NumPy legacy random generation](https://numpy.org/doc/stable/reference/random/legacy.html)
- [Randomness in multi-process data loading](https://pytorch.org/docs/stable/data.html#randomness-in-multi-process-data-loading)
`;

export default defineRule<Data>({
  code: 'RNG904',
  name: 'legacy-numpy-random',
  severity: 'info',
  defaultEnabled: false,
  fixAvailability: 'none',
  fixApplicability: 'safe',
  message: (d) => `Legacy \`${d.call}\` draws from NumPy's hidden global state; prefer a \`np.random.Generator\` (mind per-worker seeding in datasets)`,
  fixTitle: () => '',
  docs: DOCS,
  visit: { call: check },
  callees: PREFIX,
});
