// Argument lookup for calls, the helper every rule needs: by keyword, else by position, and
// "unknown" as soon as a `*args`/`**kwargs` splat makes the position or keyword unknowable.

import type { SyntaxNode } from './parser';
import { unparenthesize } from './syntax';

export interface ArgumentSpec {
  keyword: string;
  /** Zero-based position among positional arguments, when the parameter can be positional. */
  position?: number;
}

export type ArgumentLookup =
  | { kind: 'given'; value: SyntaxNode }
  | { kind: 'absent' }
  /** A splat could supply it: nobody can tell without running the code. */
  | { kind: 'unknown' };

/** Parsed argument lists, per call node: rules ask for the same call's arguments many times. */
const ARGUMENTS = Symbol('call arguments');
const NO_ARGUMENTS: readonly SyntaxNode[] = Object.freeze([]);

/** The call's arguments (comments skipped), in order; shared and read-only. */
export function callArguments(call: SyntaxNode): readonly SyntaxNode[] {
  const cache = call.tree.memo<readonly SyntaxNode[]>(ARGUMENTS);
  let args = cache.get(call.id);
  if (!args) {
    const list = call.childForFieldName('arguments');
    args = list ? list.namedChildren.filter((c) => c.type !== 'comment') : NO_ARGUMENTS;
    cache.set(call.id, args);
  }
  return args;
}

/**
 * A call's arguments sorted for lookup, made once per call: a lint looks up about 2,400
 * arguments, and reading each argument's type, name and value again for every lookup was a
 * measurable share of it. Positions in `callArguments` order decide between a keyword and a
 * positional argument that both match, as a left-to-right scan would.
 */
interface ArgumentTable {
  /** Positional arguments before the first splat (after one, positions are unknowable). */
  positional: SyntaxNode[];
  positionalAt: number[];
  /** Keyword arguments: name, position, value (null when the value is missing). */
  keywords: string[];
  keywordAt: number[];
  keywordValues: (SyntaxNode | null)[];
  splat: boolean;
}

const ARGUMENT_TABLES = Symbol('call argument tables');

function argumentTable(call: SyntaxNode): ArgumentTable {
  const cache = call.tree.memo<ArgumentTable>(ARGUMENT_TABLES);
  let table = cache.get(call.id);
  if (table) return table;
  table = { positional: [], positionalAt: [], keywords: [], keywordAt: [], keywordValues: [], splat: false };
  const args = callArguments(call);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const type = arg.type;
    if (type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      if (name === undefined) continue;
      table.keywords.push(name);
      table.keywordAt.push(i);
      table.keywordValues.push(arg.childForFieldName('value'));
    } else if (type === 'list_splat' || type === 'dictionary_splat') {
      table.splat = true;
    } else if (!table.splat) {
      table.positional.push(arg);
      table.positionalAt.push(i);
    }
  }
  cache.set(call.id, table);
  return table;
}

export function lookupArgument(call: SyntaxNode, spec: ArgumentSpec): ArgumentLookup {
  const table = argumentTable(call);
  const k = table.keywords.indexOf(spec.keyword);
  const p = spec.position === undefined || spec.position >= table.positional.length ? -1 : spec.position;
  // The first match from the left wins, as in a scan of the argument list.
  if (p >= 0 && (k < 0 || table.positionalAt[p]! < table.keywordAt[k]!)) return { kind: 'given', value: unparenthesize(table.positional[p]!) };
  if (k >= 0) {
    const value = table.keywordValues[k];
    return value ? { kind: 'given', value: unparenthesize(value) } : { kind: 'unknown' };
  }
  return table.splat ? { kind: 'unknown' } : { kind: 'absent' };
}

/** The given argument's expression, or undefined when absent or unknowable. */
export function argumentValue(call: SyntaxNode, spec: ArgumentSpec): SyntaxNode | undefined {
  const found = lookupArgument(call, spec);
  return found.kind === 'given' ? found.value : undefined;
}

/** Positional and keyword argument values of a call (splats excluded). */
export function argumentValues(call: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      if (value) values.push(unparenthesize(value));
    } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat') {
      values.push(unparenthesize(arg));
    }
  }
  return values;
}

/** The callee of a call node: an identifier, an attribute, or something else. */
export function callee(call: SyntaxNode): SyntaxNode | null {
  return call.childForFieldName('function');
}

/** For `x.method(...)`, the method name; undefined otherwise. */
export function methodName(call: SyntaxNode): string | undefined {
  const fn = callee(call);
  return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
}

/** For `x.method(...)`, the receiver `x`. */
export function receiver(call: SyntaxNode): SyntaxNode | undefined {
  const fn = callee(call);
  return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
}
