// RNG005: the seed option defaults to None and every seeding call that uses it is guarded by
// `is not None` (or truthiness), so the default invocation is unseeded.

import { argumentValue, callArguments, callee } from '../analysis/calls';
import { guardsOf } from '../analysis/flow';
import type { SyntaxNode } from '../analysis/parser';
import { nodeRange } from '../analysis/positions';
import { enclosingFunction } from '../analysis/syntax';
import { seedingFor, type SeedCall } from '../analysis/seeding';
import {
  argparseOptionFromParse,
  dataclassFields,
  describeArgparseOption,
  isDataclass,
  literalValue,
  type ArgparseOption,
} from '../analysis/values';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** `--seed`, or `Config.seed` for a dataclass field. */
  option: string;
}

const SEED_NAME = /^(\w+_)?seed$/i;

/**
 * The attributes `expression` may read (through local assignments), by attribute name: the
 * option reads `args.<dest>` or `cfg.<field>`. Gathered once per seeding call; each option then
 * tests only the attributes of its own name.
 */
function readAttributes(expression: SyntaxNode, context: RuleContext): Map<string, SyntaxNode[]> {
  const byName = new Map<string, SyntaxNode[]>();
  const add = (attributes: SyntaxNode[]) => {
    for (const attribute of attributes) {
      const name = attribute.childForFieldName('attribute')?.text;
      if (name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push(attribute);
      else byName.set(name, [attribute]);
    }
  };
  for (const origin of context.values.origins(expression)) {
    const node = origin.node;
    add(node.type === 'attribute' ? [node, ...node.descendantsOfType('attribute')] : node.descendantsOfType('attribute'));
    for (const id of node.descendantsOfType('identifier')) {
      if (id.parent?.type === 'attribute') continue;
      for (const o of context.values.origins(id)) add(o.node.type === 'attribute' ? [o.node] : o.node.descendantsOfType('attribute'));
    }
  }
  return byName;
}

function seedValue(seed: SeedCall): SyntaxNode | undefined {
  return seed.value.kind === 'given' ? seed.value.value : undefined;
}

/** True when the seeding only runs when the option is set (a guard that tests it, or a guarded helper). */
function guardedOn(seed: SeedCall, name: string): boolean {
  if (seed.kind === 'helper' && seed.conditional) return true;
  return guardsOf(seed.call).some((g) => new RegExp(`\\b${name}\\b`).test(g.condition.text));
}

/** A seeding call inside a helper that is only ever called as a seeding call: its call sites speak for it. */
function insideSeedingHelper(seed: SeedCall, context: RuleContext): boolean {
  // The value's binding first: most seeds are not given a parameter.
  const value = seedValue(seed);
  const binding = value?.type === 'identifier' ? context.model.names.lookup(value) : undefined;
  if (binding?.kind !== 'param') return false;
  const fn = enclosingFunction(seed.call);
  if (!fn || binding.scope?.id !== fn.id) return false;
  const sites = context.model.callSitesOf(fn);
  return sites.length > 0 && sites.every((site) => seedingFor(context).seedingCall(site) !== undefined);
}

interface OptionReader {
  seed: SeedCall;
  /** What its value may read, by attribute name (see `readAttributes`). */
  attributes: Map<string, SyntaxNode[]>;
}

/** The seeding calls that may read a seed option, per model: every option asks about the same ones. */
const OPTION_READERS = new WeakMap<RuleContext['model'], OptionReader[]>();

function optionReaders(context: RuleContext): OptionReader[] {
  let readers = OPTION_READERS.get(context.model);
  if (!readers) {
    readers = [];
    for (const seed of seedingFor(context).all()) {
      if (seed.kind === 'heuristic' || insideSeedingHelper(seed, context)) continue;
      const value = seedValue(seed);
      readers.push({ seed, attributes: value ? readAttributes(value, context) : new Map() });
    }
    OPTION_READERS.set(context.model, readers);
  }
  return readers;
}

/**
 * Shared check: the uses of the option among the file's seeding calls, all guarded. `matches`
 * is only true for attributes named `dest`.
 */
function onlyGuardedUses(matches: (attribute: SyntaxNode) => boolean, dest: string, context: RuleContext): boolean {
  const uses = optionReaders(context)
    .filter((r) => r.attributes.get(dest)?.some(matches) ?? false)
    .map((r) => r.seed);
  if (uses.length === 0) return false;
  // Lightning & co. fall back to a fixed or logged seed: an unguarded call is fine there, and an
  // unguarded direct call with None would crash rather than run unseeded.
  return uses.every((s) => guardedOn(s, dest));
}

/**
 * Cheap rejection, before reading the option: the dest (SEED_NAME) comes from a plain string
 * literal of the call, so a call whose text has no "seed" has none (escape sequences aside:
 * a backslash keeps the call in).
 */
function mayNameSeedOption(call: SyntaxNode): boolean {
  const text = call.text;
  return /seed/i.test(text) || text.includes('\\');
}

/**
 * The calls worth a look, in document order: `add_argument(...)` calls that may name a seed
 * option (argparse), and calls that are decorators (click options).
 */
function candidates(context: RuleContext): { call: SyntaxNode; argparse: boolean }[] {
  const { model } = context;
  const found = new Map<number, { call: SyntaxNode; argparse: boolean }>();
  for (const decorator of model.tree.nodesOfType('decorator')) {
    for (const child of decorator.children) if (child.type === 'call') found.set(child.id, { call: child, argparse: false });
  }
  for (const call of model.callsToMethod('add_argument')) if (mayNameSeedOption(call)) found.set(call.id, { call, argparse: true });
  return [...found.values()].sort((a, b) => a.call.id - b.call.id);
}

const ASSIGNED_NAMES = new WeakMap<RuleContext['model'], ReadonlySet<string>>();

/**
 * What follows the last `.` of every assigned attribute target's text (`args.seed = ...` gives
 * `seed`), per model: each seed option asks whether its dest is among them.
 */
function assignedAttributeNames(context: RuleContext): ReadonlySet<string> {
  let names = ASSIGNED_NAMES.get(context.model);
  if (!names) {
    const found = new Set<string>();
    for (const [text, targets] of context.model.attributeAssignments) {
      const dot = text.lastIndexOf('.');
      if (targets.length > 0 && dot >= 0) found.add(text.slice(dot + 1));
    }
    ASSIGNED_NAMES.set(context.model, (names = found));
  }
  return names;
}

function checkArgparse(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  const option = describeArgparseOption(call, context);
  if (!option || !SEED_NAME.test(option.dest) || option.required) return [];
  if (option.action && option.action !== 'store') return [];
  if (option.defaultValue && option.defaultValue.type !== 'none') return [];
  // The program fills the seed in when it is missing (`if args.seed is None: args.seed = ...`).
  if (assignedAttributeNames(context).has(option.dest)) return [];
  const matches = (attribute: SyntaxNode) => {
    if (attribute.childForFieldName('attribute')?.text !== option.dest) return false;
    const object = attribute.childForFieldName('object');
    if (!object) return false;
    return context.values.origins(object).some((o) => o.node.type === 'call' && argparseOptionFromParse(o.node, option.dest, context)?.definition.id === call.id);
  };
  if (!onlyGuardedUses(matches, option.dest, context)) return [];
  const report: Report<Data> = { node: callee(call) ?? call, data: { option: option.flag } };
  const edits = defaultEdits(call, option);
  if (edits) report.fix = { edits };
  return [report];
}

/**
 * click: `@click.option("--seed", type=int)` on a command whose parameter `seed` is only used
 * for seeding under a guard. click passes None for an option given no default.
 */
function checkClick(call: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!/^click(\.decorators)?\.option$/.test(context.model.calleeName(call) ?? '')) return [];
  const flags = callArguments(call)
    .filter((a) => a.type !== 'keyword_argument')
    .map((a) => literalValue(a));
  if (flags.length === 0 || flags.some((f) => typeof f !== 'string')) return [];
  const names = flags as string[];
  const explicit = names.find((n) => !n.startsWith('-'));
  const longest = [...names].filter((n) => n.startsWith('-')).sort((a, b) => b.length - a.length)[0];
  const dest = (explicit ?? longest ?? '').replace(/^-+/, '').replace(/-/g, '_').toLowerCase();
  if (!SEED_NAME.test(dest)) return [];
  const defaultValue = argumentValue(call, { keyword: 'default' });
  if (defaultValue && defaultValue.type !== 'none') return [];
  for (const keyword of ['required', 'is_flag', 'multiple', 'prompt']) {
    const v = argumentValue(call, { keyword });
    if (v && v.type !== 'false') return [];
  }
  const definition = call.parent?.parent?.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return [];
  const parameter = (definition.childForFieldName('parameters')?.namedChildren ?? []).find(
    (p) => (p.type === 'identifier' ? p : p.childForFieldName('name'))?.text === dest,
  );
  if (!parameter) return [];
  const id = parameter.type === 'identifier' ? parameter : parameter.childForFieldName('name')!;
  const uses = seedingFor(context)
    .within(definition)
    .filter((seed) => seed.kind !== 'heuristic')
    .filter((seed) => {
      const value = seedValue(seed);
      return !!value && (value.text === dest || value.descendantsOfType('identifier').some((n) => n.text === dest && context.model.names.lookup(n)?.node.id === id.id));
    });
  if (uses.length === 0 || !uses.every((seed) => guardedOn(seed, dest))) return [];
  const option = longest ?? explicit ?? dest;
  const report: Report<Data> = { node: call.childForFieldName('function') ?? call, data: { option } };
  const edits = defaultEdits(call, defaultValue ? { defaultValue } : {});
  if (edits) report.fix = { edits };
  return [report];
}

function defaultEdits(call: SyntaxNode, option: Pick<ArgparseOption, 'defaultValue'>): TextEdit[] | undefined {
  if (option.defaultValue) return [{ range: nodeRange(option.defaultValue), newText: '42' }];
  const list = call.childForFieldName('arguments');
  const close = list?.lastChild;
  if (!list || close?.type !== ')') return undefined;
  const before = list.text.slice(0, -1).trimEnd();
  const at = nodeRange(close).start;
  return [{ range: { start: at, end: at }, newText: before.endsWith(',') ? 'default=42' : ', default=42' }];
}

function checkDataclass(definition: SyntaxNode, context: RuleContext): Report<Data>[] {
  if (!isDataclass(definition, context)) return [];
  const className = definition.childForFieldName('name')?.text ?? '';
  const reports: Report<Data>[] = [];
  for (const field of dataclassFields(definition)) {
    if (!SEED_NAME.test(field.name) || field.default?.type !== 'none') continue;
    const matches = (attribute: SyntaxNode) => {
      if (attribute.childForFieldName('attribute')?.text !== field.name) return false;
      const object = attribute.childForFieldName('object');
      if (!object) return false;
      return context.values.origins(object).some((o) => o.node.type === 'call' && context.model.localDefinition(o.node)?.id === definition.id);
    };
    if (!onlyGuardedUses(matches, field.name, context)) continue;
    const report: Report<Data> = { node: field.node, data: { option: `${className}.${field.name}` } };
    report.fix = { edits: [{ range: nodeRange(field.default), newText: '42' }] };
    reports.push(report);
  }
  return reports;
}

const DOCS = `## What it does
Flags a seed option whose default is \`None\` when every seeding call that uses it is guarded by
\`if args.seed is not None:\` (or an equivalent): an argparse \`--seed\` with no \`default\` or
\`default=None\` (argparse then yields \`None\`), a click \`--seed\` option without a default, or an
\`Optional[int] = None\` dataclass field.

Not flagged: programs that fill in a seed when none is given (\`if args.seed is None: args.seed =
...\`), and unguarded calls such as Lightning's \`seed_everything(args.seed)\`, which falls back to
\`PL_GLOBAL_SEED\` or 0.

## Why is this bad?
The default invocation is unseeded, and users rarely notice: the run that "has a seed option" is
not reproducible unless someone remembers to pass it.

## Example
\`\`\`python
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=None)
args = parser.parse_args()
if args.seed is not None:
    torch.manual_seed(args.seed)
\`\`\`

Use instead:
\`\`\`python
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()
if args.seed is not None:
    torch.manual_seed(args.seed)
\`\`\`
Alternatively, draw a seed when none is given and log it.

## Fix safety
The fix gives the option a concrete default (\`default=42\`). It is unsafe: default runs become
seeded, so they draw different numbers than before.

## References
- [argparse, default](https://docs.python.org/3/library/argparse.html#default): "the default value of
  default is None"
`;

export default defineRule<Data>({
  code: 'RNG005',
  name: 'optional-seed',
  severity: 'info',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `\`${d.option}\` defaults to None, so the default run is unseeded`,
  fixTitle: (d) => `Default \`${d.option}\` to 42 (unsafe)`,
  docs: DOCS,
  visit: {
    // The candidate calls (document order) rather than every call.
    module: (_module, context) => candidates(context).flatMap(({ call, argparse }) => (argparse ? checkArgparse(call, context) : checkClick(call, context))),
    class_definition: checkDataclass,
  },
});
