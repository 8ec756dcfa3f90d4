// RNG501 (opt-in): a scikit-learn splitter that shuffles with `random_state=None`, which draws
// from the global NumPy RandomState, in a script that does not seed NumPy before it.

import { scriptSeedAt } from '../analysis/loaders';
import { argumentValue, callArguments, lookupArgument } from '../analysis/calls';
import { isEntryPoint } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange, pointToPosition } from '../analysis/positions';
import { seedingFor } from '../analysis/seeding';
import { enclosingFunction, unparenthesize } from '../analysis/syntax';
import { literalValue } from '../analysis/values';

import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  splitter: string;
  seed?: string;
}

/** How each splitter decides whether it shuffles. */
type Shuffling = 'unless-shuffle-false' | 'only-shuffle-true' | 'always';

const SPLITTERS: Record<string, { shuffling: Shuffling; shufflePosition?: number }> = {
  train_test_split: { shuffling: 'unless-shuffle-false' },
  KFold: { shuffling: 'only-shuffle-true', shufflePosition: 1 },
  StratifiedKFold: { shuffling: 'only-shuffle-true', shufflePosition: 1 },
  StratifiedGroupKFold: { shuffling: 'only-shuffle-true', shufflePosition: 1 },
  ShuffleSplit: { shuffling: 'always' },
  StratifiedShuffleSplit: { shuffling: 'always' },
  GroupShuffleSplit: { shuffling: 'always' },
  RepeatedKFold: { shuffling: 'always' },
  RepeatedStratifiedKFold: { shuffling: 'always' },
};

const SKLEARN = /^sklearn\.(model_selection|cross_validation)(\._split)?\.(\w+)$/;

function shuffles(call: SyntaxNode, how: { shuffling: Shuffling; shufflePosition?: number }): boolean {
  if (how.shuffling === 'always') return true;
  const spec = how.shufflePosition === undefined ? { keyword: 'shuffle' } : { keyword: 'shuffle', position: how.shufflePosition };
  const shuffle = lookupArgument(call, spec);
  if (shuffle.kind === 'unknown') return false;
  if (shuffle.kind === 'absent') return how.shuffling === 'unless-shuffle-false';
  // Not a literal: unknown, so no finding.
  return literalValue(shuffle.value) === true;
}

/** A global NumPy seed that may run before `call`: earlier in the file, or in another function. */
function numpySeededBefore(call: SyntaxNode, context: RuleContext): boolean {
  const fn = enclosingFunction(call);
  return seedingFor(context)
    .all()
    .some((s) => s.libraries.has('numpy') && !s.entropy && (s.call.startIndex < call.startIndex || enclosingFunction(s.call)?.id !== fn?.id));
}

function randomStateEdit(call: SyntaxNode, seed: string): TextEdit | undefined {
  const given = argumentValue(call, { keyword: 'random_state' });
  if (given) return { range: nodeRange(given), newText: seed };
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const args = callArguments(call);
  const last = args[args.length - 1];
  if (!last) {
    const at = pointToPosition(list.child(0)!.endPosition);
    return { range: { start: at, end: at }, newText: `random_state=${seed}` };
  }
  const at = pointToPosition(last.endPosition);
  return { range: { start: at, end: at }, newText: `, random_state=${seed}` };
}

function check(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const name = context.model.calleeName(call);
  const m = name ? SKLEARN.exec(name) : null;
  const how = m ? SPLITTERS[m[3]!] : undefined;
  if (!how || !shuffles(call, how)) return [];
  const state = lookupArgument(call, { keyword: 'random_state' });
  if (state.kind === 'unknown' || (state.kind === 'given' && unparenthesize(state.value).type !== 'none')) return [];
  if (!isEntryPoint(context) || numpySeededBefore(call, context)) return [];
  const data: Data = { splitter: m![3]! };
  const report: Report<Data> = { node: call.childForFieldName('function') ?? call, data };
  const seed = scriptSeedAt(call, context.model);
  const edit = seed ? randomStateEdit(call, seed) : undefined;
  if (seed && edit) {
    data.seed = seed;
    report.fix = { edits: [edit] };
  }
  return [report];
}

const DOCS = `## What it does
Flags a scikit-learn splitter that shuffles with no \`random_state\` (or \`None\`) in a training
script that does not seed NumPy's global state before it: \`train_test_split\` (unless
\`shuffle=False\`), \`KFold(shuffle=True)\`, \`StratifiedKFold(shuffle=True)\`,
\`StratifiedGroupKFold(shuffle=True)\`, \`ShuffleSplit\`, \`StratifiedShuffleSplit\`,
\`GroupShuffleSplit\`, \`RepeatedKFold\` and \`RepeatedStratifiedKFold\`. Off by default: enable it
with \`select\`.

## Why is this bad?
\`random_state=None\` makes scikit-learn draw from the global NumPy \`RandomState\`
(\`check_random_state\`), which is seeded from OS entropy at import. The split, and with it the
train/validation boundary, then changes on every run.

Unlike the peer checks (dslinter W5509, SonarQube S6709), this rule knows that a global
\`np.random.seed(...)\` (or a helper such as Lightning's \`seed_everything\`) earlier in the script
*does* make these splits reproducible, and stays silent then. An explicit \`random_state\` is still
clearer: it does not depend on how many NumPy draws happen before the split.

It is off by default because deep-learning scripts rarely split their training data this way.

## Example
\`\`\`python
from sklearn.model_selection import train_test_split

def main(seed=0):
    train, val = train_test_split(items, test_size=0.1)

if __name__ == "__main__":
    main()
\`\`\`

Use instead:
\`\`\`python
from sklearn.model_selection import train_test_split

def main(seed=0):
    train, val = train_test_split(items, test_size=0.1, random_state=seed)

if __name__ == "__main__":
    main()
\`\`\`

## Fix safety
When the script has a seed in scope, the fix passes \`random_state=<seed>\`. It is unsafe: the
split changes. The seed must be below 2**32 (scikit-learn validates it like NumPy's legacy
seeding, RNG301). Without a seed in scope no fix is offered.

## References
- [scikit-learn: controlling randomness](https://scikit-learn.org/stable/common_pitfalls.html#controlling-randomness)
- [sklearn.utils.check_random_state](https://scikit-learn.org/stable/modules/generated/sklearn.utils.check_random_state.html)
`;

export default defineRule<Data>({
  code: 'RNG501',
  name: 'sklearn-missing-random-state',
  severity: 'info',
  defaultEnabled: false,
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.splitter}\` shuffles with \`random_state=None\` and NumPy is not seeded before it, so the split changes on every run`,
  fixTitle: (d) => `Pass \`random_state=${d.seed ?? 'seed'}\` (unsafe)`,
  docs: DOCS,
  visit: { call: check },
  callees: SKLEARN,
});
