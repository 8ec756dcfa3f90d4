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
export function pointAt(text: string, offset: number, known?: { row: number; lineStart: number }): Point {
  // `known`: a line start at or before the offset, to scan from there.
  let row = known?.row ?? 0;
  let lineStart = known?.lineStart ?? 0;
  for (let i = text.indexOf('\n', lineStart); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

export interface EditSpan {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/**
 * The tree-sitter edit for replacing `range` of `text` with `insert`: the same offsets and
 * points as `offsetAt`/`pointAt` would give (clamped the same way), from one scan of the text up
 * to the range's end instead of five.
 */
export function editSpan(text: string, range: Range, insert: string): EditSpan {
  // Line starts up to the end line (clamped at the last line).
  let startLineStart = -1;
  let lineStart = 0;
  let line = 0;
  for (; line < range.end.line; line++) {
    if (line === range.start.line) startLineStart = lineStart;
    const next = text.indexOf('\n', lineStart);
    if (next < 0) break;
    lineStart = next + 1;
  }
  if (line === range.start.line && startLineStart < 0) startLineStart = lineStart;
  const clamp = (start: number, character: number) => {
    const lineEnd = text.indexOf('\n', start);
    return Math.min(start + character, lineEnd < 0 ? text.length : lineEnd);
  };
  // Past the last line, offsetAt gives the text's end.
  const startIndex = startLineStart < 0 ? text.length : clamp(startLineStart, range.start.character);
  const endOffset = line < range.end.line ? text.length : clamp(lineStart, range.end.character);
  const oldEndIndex = Math.max(startIndex, endOffset);
  const startPosition = pointAt(text, startIndex, startLineStart < 0 ? undefined : { row: range.start.line, lineStart: startLineStart });
  const oldEndPosition = oldEndIndex === endOffset && line === range.end.line ? { row: line, column: oldEndIndex - lineStart } : pointAt(text, oldEndIndex);
  const newEndIndex = startIndex + insert.length;
  const lastBreak = insert.lastIndexOf('\n');
  let breaks = 0;
  for (let i = insert.indexOf('\n'); i >= 0; i = insert.indexOf('\n', i + 1)) breaks++;
  const newEndPosition = lastBreak < 0 ? { row: startPosition.row, column: startPosition.column + insert.length } : { row: startPosition.row + breaks, column: insert.length - lastBreak - 1 };
  return { startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition };
}