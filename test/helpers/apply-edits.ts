// Applies LSP-style text edits (ranges in the original text) the way an editor does.

import { offsetAt, type Range } from '../../server/src/analysis/positions';

export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  // Applied from the end backwards; insertions at one point in reverse array order, so that they
  // appear in array order (LSP TextEdit[] semantics).
  const resolved = edits
    .map((e, index) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i]!.end > resolved[i - 1]!.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of resolved) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
