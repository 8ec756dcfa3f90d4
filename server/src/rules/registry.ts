// Every rule, one line each. Order is the catalogue's order (by code).

import missingSetEpoch from './missing-set-epoch';
import falsyZeroSeed from './falsy-zero-seed';
import nondeterministicSeedValue from './nondeterministic-seed-value';
import constantReseedInLoop from './constant-reseed-in-loop';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  constantReseedInLoop,
  nondeterministicSeedValue,
  falsyZeroSeed,
  missingSetEpoch,
];

export function ruleByCodeOrName(key: string): Rule | undefined {
  const upper = key.toUpperCase();
  return RULES.find((r) => r.code === upper || r.name === key);
}
