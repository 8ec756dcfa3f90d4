// Small helpers over syntax nodes shared by the analysis modules. Nodes are mirror facades
// (mirror.ts): parent, span and type reads are plain array lookups.

import type { SyntaxNode } from './parser';

export const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * Ancestors from the parent outwards, stopping before `stop` when given. An array, not a
 * generator: trees are shallow, and the generator's objects were a measurable share of a lint's
 * garbage.
 */
export function ancestors(node: SyntaxNode, stop?: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = node.parent; p && (!stop || p.id !== stop.id); p = p.parent) out.push(p);
  return out;
}

export function isInside(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** The innermost function, lambda or class whose body (or parameters) contain `node`; null at module level. */
export function enclosingScope(node: SyntaxNode): SyntaxNode | null {
  const index = node.tree.enclosingScopeIndex(node.id);
  return index < 0 ? null : node.tree.node(index);
}

/** The innermost function definition containing `node`, or null at module level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'function_definition') return a;
  return null;
}

/** The statement (direct child of a block or the module) that contains `node`. */
export function enclosingStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (const a of ancestors(node)) {
    if (a.type === 'block' || a.type === 'module') return current;
    current = a;
  }
  return current;
}

/** `a.b.c` for identifiers and attribute chains, undefined for anything else. */
export function dottedText(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return undefined;
    const head = dottedText(object);
    return head === undefined ? undefined : `${head}.${attribute.text}`;
  }
  return undefined;
}

/** The leftmost identifier of an attribute chain (`a` in `a.b.c`), or undefined. */
export function rootIdentifier(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.type === 'attribute') current = current.childForFieldName('object');
  return current && current.type === 'identifier' ? current : undefined;
}

/** Strips redundant parentheses. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) current = current.namedChild(0)!;
  return current;
}

/** The whitespace that starts the line on which `node` starts. */
export function lineIndent(text: string, node: SyntaxNode): string {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, node.startIndex));
  return match ? match[0] : '';
}

/**
 * The nodes of `sorted` (in document order) that lie inside `container`'s span, found by binary
 * search for the first one starting at or after it; `keep` filters them further.
 */
export function nodesInside<T extends SyntaxNode>(sorted: readonly T[], container: SyntaxNode, keep?: (node: T) => boolean): T[] {
  const start = container.startIndex;
  const end = container.endIndex;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.startIndex < start) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startIndex < end; i++) {
    const node = sorted[i]!;
    if (node.endIndex <= end && (!keep || keep(node))) out.push(node);
  }
  return out;
}
