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

export function lookupArgument(call: SyntaxNode, spec: ArgumentSpec): ArgumentLookup {
  let position = 0;
  let splat = false;
  for (const arg of callArguments(call)) {
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === spec.keyword) {
        const value = arg.childForFieldName('value');
        return value ? { kind: 'given', value: unparenthesize(value) } : { kind: 'unknown' };
      }
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      splat = true;
    } else {
      if (!splat && spec.position === position) return { kind: 'given', value: unparenthesize(arg) };
      position++;
    }
  }
  return splat ? { kind: 'unknown' } : { kind: 'absent' };
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
