// Several fixes applied at once ("Fix all RNG103 in file", `source.fixAll`): the edits of one
// workspace edit must not overlap, and two fixes that each add the same import must add it once.
// Like Ruff's fix loop, a fix whose edits collide with an earlier accepted fix is left out; it is
// still offered on its own, and the next lint offers it again.

import type { Position } from './analysis/positions';
import type { Fix, TextEdit } from './rules/rule';

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && compare(a.range.start, b.range.start) === 0 && compare(a.range.end, b.range.end) === 0;
}

/**
 * Two edits that an editor cannot apply together: overlapping ranges. Insertions at one point are
 * fine (LSP: they appear in the order of the array), and so are edits that only touch.
 */
function collide(a: TextEdit, b: TextEdit): boolean {
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

/** The edits of `fixes`, in order, without duplicates and without fixes that collide with earlier ones. */
export function combineFixes(fixes: readonly Pick<Fix, 'edits'>[]): TextEdit[] {
  const accepted: TextEdit[] = [];
  for (const fix of fixes) {
    const fresh = fix.edits.filter((edit) => !accepted.some((done) => sameEdit(done, edit)));
    if (fresh.some((edit) => accepted.some((done) => collide(done, edit)))) continue;
    accepted.push(...fresh);
  }
  return accepted;
}
