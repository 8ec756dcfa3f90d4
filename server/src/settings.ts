// The one settings table. The editor's `seedlint.*` settings (package.json `contributes`,
// generated from this table by `npm run docs`), `[tool.seedlint]` in pyproject.toml and the
// CLI flags all resolve to the same `Settings`.

import { minimatch } from 'minimatch';
import { selectorMatches } from './analysis/suppressions';
import type { Rule, Severity } from './rules/rule';

export interface Settings {
  select: string[];
  extendSelect: string[];
  ignore: string[];
  perFileIgnores: Record<string, string[]>;
  severity: Record<string, Severity>;
  unsafeFixes: boolean;
  torchVersion: string;
}

interface SettingSpec {
  key: keyof Settings;
  /** The `[tool.seedlint]` key. */
  toml: string;
  schema: Record<string, unknown>;
  description: string;
}

const SELECTOR_LIST = { type: 'array', items: { type: 'string' }, default: [] };
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

export const SETTINGS_TABLE: readonly SettingSpec[] = [
  { key: 'select', toml: 'select', schema: SELECTOR_LIST, description: 'Rules to enable, by code (`RNG110`), prefix (`RNG1`), name or `ALL`. Empty: the default rule set.' },
  { key: 'extendSelect', toml: 'extend-select', schema: SELECTOR_LIST, description: 'Rules to enable on top of `select` (for example the opt-in `RNG9` rules).' },
  { key: 'ignore', toml: 'ignore', schema: SELECTOR_LIST, description: 'Rules to disable, by code, prefix or name.' },
  {
    key: 'perFileIgnores',
    toml: 'per-file-ignores',
    schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, default: {} },
    description: 'Glob (relative to the project root) -> rules to disable in matching files.',
  },
  {
    key: 'severity',
    toml: 'severity',
    schema: { type: 'object', additionalProperties: { type: 'string', enum: SEVERITIES }, default: {} },
    description: 'Rule code or prefix -> severity (`error`, `warning`, `info`, `hint`).',
  },
  { key: 'unsafeFixes', toml: 'unsafe-fixes', schema: { type: 'boolean', default: false }, description: 'Let "fix all" apply unsafe fixes too (they change which random numbers a run draws).' },
  {
    key: 'torchVersion',
    toml: 'torch-version',
    schema: { type: 'string', default: '' },
    description: 'The PyTorch version to assume (for example `1.8.1`); wins over requirements files. Empty: read the project files, else assume the newest release.',
  },
];

export function defaultSettings(): Settings {
  return { select: [], extendSelect: [], ignore: [], perFileIgnores: {}, severity: {}, unsafeFixes: false, torchVersion: '' };
}

export class SettingsError extends Error {}

/** Validates loosely typed input (TOML table, editor JSON) into a partial Settings. */
export function parseSettings(input: Record<string, unknown>, keyStyle: 'toml' | 'editor', origin: string): Partial<Settings> {
  const out: Partial<Settings> = {};
  const known = new Set(SETTINGS_TABLE.map((s) => (keyStyle === 'toml' ? s.toml : s.key)));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw new SettingsError(`${origin}: unknown setting \`${key}\` (known: ${[...known].join(', ')})`);
  }
  for (const spec of SETTINGS_TABLE) {
    const value = input[keyStyle === 'toml' ? spec.toml : spec.key];
    if (value === undefined) continue;
    const name = keyStyle === 'toml' ? spec.toml : spec.key;
    const fail = (expected: string) => new SettingsError(`${origin}: \`${name}\` must be ${expected}`);
    switch (spec.key) {
      case 'select':
      case 'extendSelect':
      case 'ignore':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail('a list of strings');
        out[spec.key] = value;
        break;
      case 'perFileIgnores':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('a table of glob = [codes]');
        for (const v of Object.values(value)) if (!Array.isArray(v) || !v.every((c) => typeof c === 'string')) throw fail('a table of glob = [codes]');
        out.perFileIgnores = value as Record<string, string[]>;
        break;
      case 'severity':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('a table of code = severity');
        for (const v of Object.values(value)) if (!SEVERITIES.includes(v as string)) throw fail(`one of ${SEVERITIES.join(', ')} per rule`);
        out.severity = value as Record<string, Severity>;
        break;
      case 'unsafeFixes':
        if (typeof value !== 'boolean') throw fail('true or false');
        out.unsafeFixes = value;
        break;
      case 'torchVersion':
        if (typeof value !== 'string') throw fail('a version string');
        out.torchVersion = value;
        break;
    }
  }
  return out;
}

/** Later layers win key by key (defaults <- editor <- pyproject <- command line). */
export function mergeSettings(...layers: Partial<Settings>[]): Settings {
  return Object.assign(defaultSettings(), ...layers);
}

export interface RuleSelection {
  rules: Rule[];
  severityOf(rule: Rule): Severity;
}

/** The enabled rules for a file (path relative to the project root, `/`-separated) and their severities. */
export function selectRules(all: readonly Rule[], settings: Settings, relativePath?: string): RuleSelection {
  const matches = (list: readonly string[], rule: Rule) => list.some((s) => selectorMatches(s, rule));
  const fileIgnores = relativePath
    ? Object.entries(settings.perFileIgnores).flatMap(([glob, codes]) => (minimatch(relativePath, glob, { dot: true, matchBase: !glob.includes('/') }) ? codes : []))
    : [];
  const rules = all.filter((rule) => {
    const selected = settings.select.length > 0 ? matches(settings.select, rule) : rule.defaultEnabled !== false;
    return (selected || matches(settings.extendSelect, rule)) && !matches(settings.ignore, rule) && !matches(fileIgnores, rule);
  });
  const overrides = Object.entries(settings.severity).sort(([a], [b]) => a.length - b.length); // longest selector wins
  return {
    rules,
    severityOf(rule) {
      let severity = rule.severity;
      for (const [selector, value] of overrides) if (selectorMatches(selector, rule)) severity = value;
      return severity;
    },
  };
}

/** package.json `contributes.configuration`, generated from the table. */
export function contributedConfiguration(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const spec of SETTINGS_TABLE) properties[`seedlint.${spec.key}`] = { ...spec.schema, markdownDescription: spec.description, scope: 'resource' };
  return { title: 'seedlint', properties };
}
