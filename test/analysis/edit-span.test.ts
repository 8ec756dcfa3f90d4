// `editSpan` (one scan) gives the same tree-sitter edit as the straightforward conversions it
// replaces in the session, for any text, range (out-of-range lines and columns included) and
// inserted text.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { editSpan, offsetAt, pointAt } from '../../server/src/analysis/positions';

const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', 'é', '😀', '\t', '#'), { maxLength: 60 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.nat({ max: 12 }), character: fc.nat({ max: 12 }) });

describe('editSpan', () => {
  it('equals offsetAt/pointAt for every range and insertion', () => {
    fc.assert(
      fc.property(text, position, position, fc.constantFrom('', 'x', '\n', 'ab\ncd', '\n\n', '😀\n'), (source, a, b, insert) => {
        const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
        const startIndex = offsetAt(source, start);
        const oldEndIndex = Math.max(startIndex, offsetAt(source, end));
        const next = source.slice(0, startIndex) + insert + source.slice(oldEndIndex);
        const newEndIndex = startIndex + insert.length;
        assert.deepEqual(editSpan(source, { start, end }, insert), {
          startIndex,
          oldEndIndex,
          newEndIndex,
          startPosition: pointAt(source, startIndex),
          oldEndPosition: pointAt(source, oldEndIndex),
          newEndPosition: pointAt(next, newEndIndex),
        });
      }),
      { numRuns: 5000, seed: 1127 },
    );
  });
});
