// In-file controls: `# noqa: RNG110` and `# seedlint: ignore[RNG110]` on a line, a bare
// `# noqa` / `# seedlint: ignore` for every rule on that line, and `# seedlint: ignore-file`
// (optionally `[codes]`) anywhere in the file. Codes may be given by code, prefix (`RNG1`) or
// rule name. Also computes the edit that adds a line suppression, for the code action.

import type { SyntaxNode, SyntaxTree } from './parser';
import type { Range } from './positions';

export interface Suppressions {
  /** line -> selectors, or 'all' */
  readonly lines: ReadonlyMap<number, readonly string[] | 'all'>;
  readonly file: readonly string[] | 'all' | undefined;
}

const NOQA = /#\s*noqa(?::\s*([A-Za-z0-9_,\s-]+))?/i;
const IGNORE = /#\s*seedlint:\s*ignore(-file)?(?:\[([^\]]*)\])?/g;

function selectors(list: string | undefined): string[] | 'all' {
  if (list === undefined) return 'all';
  const items = list.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : 'all';
}

function merge(a: readonly string[] | 'all' | undefined, b: readonly string[] | 'all'): readonly string[] | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return [...(a ?? []), ...b];
}

export function collectSuppressions(tree: SyntaxTree): Suppressions {
  const lines = new Map<number, readonly string[] | 'all'>();
  let file: readonly string[] | 'all' | undefined;
  for (const node of tree.nodesOfType('comment')) {
    const text = node.text;
    const noqa = NOQA.exec(text);
    if (noqa) {
      // `# noqa: E501` style lists that name no seedlint code do not silence seedlint.
      const list = selectors(noqa[1]);
      lines.set(node.startPosition.row, merge(lines.get(node.startPosition.row), list));
    }
    for (const m of text.matchAll(IGNORE)) {
      const list = selectors(m[2]);
      if (m[1]) file = merge(file, list);
      else lines.set(node.startPosition.row, merge(lines.get(node.startPosition.row), list));
    }
  }
  return { lines, file };
}

/** Whether `selector` (code, code prefix, or rule name) covers the rule. */
export function selectorMatches(selector: string, rule: { code: string; name: string }): boolean {
  const s = selector.trim();
  if (s.toUpperCase() === 'ALL') return true;
  if (s === rule.name) return true;
  return /^RNG\d{0,3}$/i.test(s) && rule.code.startsWith(s.toUpperCase());
}

export function isSuppressed(suppressions: Suppressions, rule: { code: string; name: string }, line: number): boolean {
  const covers = (list: readonly string[] | 'all' | undefined) => list === 'all' || (!!list && list.some((s) => selectorMatches(s, rule)));
  return covers(suppressions.file) || covers(suppressions.lines.get(line));
}

/**
 * The edit that silences `code` on `line`: extends an existing `# seedlint: ignore[...]` or
 * appends one. Undefined where a trailing comment would change the code: a line that ends inside
 * a string or continues with a backslash.
 */
export function suppressionEdit(tree: SyntaxTree, line: number, code: string): { range: Range; newText: string } | undefined {
  const lineText = tree.lineText(line);
  if (/\\\s*$/.test(lineText)) return undefined;
  const end = { row: line, column: lineText.length };
  const atEnd: SyntaxNode | null = tree.rootNode.descendantForPosition({ row: line, column: Math.max(0, lineText.length - 1) });
  for (let n: SyntaxNode | null = atEnd; n; n = n.parent) {
    if ((n.type === 'string' || n.type === 'string_content') && n.endPosition.row > line) return undefined;
  }
  const existing = /#\s*seedlint:\s*ignore\[([^\]]*)\]/.exec(lineText);
  if (existing) {
    const insertAt = existing.index + existing[0].length - 1;
    const pos = { line, character: insertAt };
    return { range: { start: pos, end: pos }, newText: `, ${code}` };
  }
  const pos = { line, character: end.column };
  return { range: { start: pos, end: pos }, newText: `  # seedlint: ignore[${code}]` };
}
