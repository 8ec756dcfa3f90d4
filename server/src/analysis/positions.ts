// Conversions between tree-sitter points and LSP positions, in exactly one place.
// web-tree-sitter parses JavaScript strings, so its columns and indices already count UTF-16
// code units, which is also LSP's default encoding: a point maps to a position one to one.
// The test suite pins this with non-ASCII lines (é, emoji) so a runtime change cannot slip by.

import type { Point } from './parser';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function pointToPosition(point: Point): Position {
  return { line: point.row, character: point.column };
}

export function nodeRange(node: { startPosition: Point; endPosition: Point }): Range {
  return { start: pointToPosition(node.startPosition), end: pointToPosition(node.endPosition) };
}

/** UTF-16 offset of a position in `text` (positions past a line's end clamp to it). */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, end);
}

/** The tree-sitter point of a UTF-16 offset in `text`. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
