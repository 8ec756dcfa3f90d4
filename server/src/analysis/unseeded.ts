// Unseeded RNG objects (spec rules.md F2): `np.random.default_rng()`, `RandomState()`, a bare
// bit generator, `random.Random()`, all seeded from OS entropy. Shared by RNG302 and RNG402:
// which constructor, whether a seed is given, whether the object is reseeded before use, and
// the fix that passes the script's seed.

import { callArguments, lookupArgument, methodName, receiver } from './calls';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { pointToPosition, nodeRange } from './positions';
import { unparenthesize } from './syntax';
import type { TextEdit } from '../rules/rule';

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
  return model.calls.some((c) => methodName(c) === 'seed' && receiver(c)?.text === object.target);
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

