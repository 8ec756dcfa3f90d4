// Applies LSP-style text edits (ranges in the original text) the way an editor does.

import { offsetAt, type Range } from '../../server/src/analysis/positions';

export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const resolved = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i]!.end > resolved[i - 1]!.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of resolved) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
