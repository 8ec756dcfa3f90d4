// Unseeded RNG objects (spec rules.md F2): `np.random.default_rng()`, `RandomState()`, a bare
// bit generator, `random.Random()`, all seeded from OS entropy. Shared by RNG302 and RNG402:
// which constructor, whether a seed is given, whether the object is reseeded before use, and
// the fix that passes the script's seed.

import { callArguments, lookupArgument, receiver } from './calls';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { pointToPosition, nodeRange } from './positions';
import { unparenthesize } from './syntax';
import type { Report, RuleContext, TextEdit } from '../rules/rule';
import { isEntryPoint } from './entry-points';
import { scriptSeedAt } from './loaders';

export interface UnseededObject {
  call: SyntaxNode;
  /** The constructor as written (`np.random.default_rng`). */
  constructor: string;
  /** The text the object is bound to (`rng`, `self.rng`), when it is assigned. */
  target?: string;
}

/**
 * `call` constructs one of `names` (qualified; value = the seed keyword) without a seed or with
 * `None`. Splats make the seed unknown: not reported. `extraSeedKeywords` also seed (Philox `key=`).
 */
export function unseededConstruction(call: SyntaxNode, model: FileModel, names: Readonly<Record<string, { keyword: string; extraSeedKeywords?: string[] }>>): UnseededObject | undefined {
  const name = model.calleeName(call);
  const spec = name ? names[name] : undefined;
  if (!spec) return undefined;
  const seed = lookupArgument(call, { keyword: spec.keyword, position: 0 });
  if (seed.kind === 'unknown') return undefined;
  if (seed.kind === 'given' && seed.value.type !== 'none') return undefined;
  for (const keyword of spec.extraSeedKeywords ?? []) if (lookupArgument(call, { keyword }).kind !== 'absent') return undefined;
  const result: UnseededObject = { call, constructor: call.childForFieldName('function')?.text ?? name! };
  const parent = call.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id) {
    const left = parent.childForFieldName('left');
    if (left && (left.type === 'identifier' || left.type === 'attribute')) result.target = left.text;
  }
  return result;
}

/** `rng.seed(...)` somewhere in the file for the object's target (`rng = RandomState(); rng.seed(s)`). */
export function isReseeded(object: UnseededObject, model: FileModel): boolean {
  if (!object.target) return false;
  return model.callsToMethod('seed').some((c) => receiver(c)?.text === object.target);
}

/** Passes `seed` as the constructor's first argument (replacing a literal `None`). */
export function passSeedEdit(call: SyntaxNode, seed: string): TextEdit | undefined {
  const args = callArguments(call);
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  if (args.length === 0) {
    const open = list.child(0)!;
    const at = pointToPosition(open.endPosition);
    return { range: { start: at, end: at }, newText: seed };
  }
  const first = args[0]!;
  if (args.length === 1 && unparenthesize(first).type === 'none') return { range: nodeRange(first), newText: seed };
  if (first.type === 'keyword_argument' && /^(seed|x|a)$/.test(first.childForFieldName('name')?.text ?? '')) {
    const value = first.childForFieldName('value');
    if (value && unparenthesize(value).type === 'none') return { range: nodeRange(value), newText: seed };
  }
  return undefined;
}

export interface UnseededConstructionData {
  constructor: string;
  /** The script's seed expression the fix passes, when there is one. */
  seed?: string;
}

/**
 * The check shared by RNG302 and RNG402: an RNG object built without a seed in a training script
 * (an entry point), never reseeded, with a fix that passes the script's seed when it has one.
 */
export function unseededConstructionReports(
  call: SyntaxNode,
  context: RuleContext,
  constructors: Readonly<Record<string, { keyword: string; extraSeedKeywords?: string[] }>>,
): Report<UnseededConstructionData>[] {
  const object = unseededConstruction(call, context.model, constructors);
  if (!object || isReseeded(object, context.model) || !isEntryPoint(context)) return [];
  const data: UnseededConstructionData = { constructor: object.constructor };
  const report: Report<UnseededConstructionData> = { node: call, data };
  const seed = scriptSeedAt(call, context.model);
  const edit = seed ? passSeedEdit(call, seed) : undefined;
  if (seed && edit) {
    data.seed = seed;
    report.fix = { edits: [edit] };
  }
  return [report];
}
