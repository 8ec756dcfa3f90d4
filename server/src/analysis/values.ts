// Literal evaluation without running anything. Anything not provably known is `undefined`,
// never a guess.

import type { SyntaxNode } from './parser';
import { unparenthesize } from './syntax';

export type Literal = boolean | number | string | null;

export function literalValue(node: SyntaxNode): Literal | undefined {
  const n = unparenthesize(node);
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer': {
      const text = n.text.replace(/_/g, '').toLowerCase();
      const value = text.startsWith('0o') ? parseInt(text.slice(2), 8) : Number(text);
      return Number.isSafeInteger(value) ? value : undefined;
    }
    case 'unary_operator': {
      const operand = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text;
      const inner = operand ? literalValue(operand) : undefined;
      if (op === '-' && typeof inner === 'number') return -inner;
      return undefined;
    }
    case 'string': {
      const content = n.namedChildren.filter((c) => c.type === 'string_content');
      const hasInterpolation = n.namedChildren.some((c) => c.type === 'interpolation');
      return hasInterpolation ? undefined : content.map((c) => c.text).join('');
    }
    default:
      return undefined;
  }
}

/** True only when the expression is literally falsy (`False`, `0`, `None`). */
export function isLiteralFalsy(node: SyntaxNode): boolean {
  const value = literalValue(node);
  return value === false || value === 0 || value === null;
}

/** Number of iterations of `range(...)` with literal arguments, else undefined. */
export function rangeLength(call: SyntaxNode, isRange: boolean): number | undefined {
  if (!isRange) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const values = args.map((a) => literalValue(a));
  if (values.some((v) => typeof v !== 'number')) return undefined;
  const [a, b, step] = values as number[];
  if (args.length === 1) return Math.max(0, a!);
  if (args.length === 2) return Math.max(0, b! - a!);
  if (args.length === 3 && step !== 0) return Math.max(0, Math.ceil((b! - a!) / step!));
  return undefined;
}
