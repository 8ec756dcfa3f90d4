// Counts, for the benchmarks' reports, how often an edit took the statement parse
// (`updateStatements` answered) and how often it fell back to reparsing the tree.

import type { PythonParser } from '../server/src/analysis/parser';

export interface StatementParseCount {
  answered: number;
  declined: number;
}

/** Wraps `parser.updateStatements` (from now on) to count its answers into the returned object. */
export function countStatementParses(parser: PythonParser): StatementParseCount {
  const count: StatementParseCount = { answered: 0, declined: 0 };
  const update = parser.updateStatements.bind(parser);
  (parser as { updateStatements: PythonParser['updateStatements'] }).updateStatements = (previous, text, edit) => {
    const mirror = update(previous, text, edit);
    if (mirror) count.answered++;
    else count.declined++;
    return mirror;
  };
  return count;
}

/** "the statement parse for N of M" */
export function describeCount(count: StatementParseCount, what: string): string {
  return `statements parsed alone for ${count.answered} of ${count.answered + count.declined} ${what}`;
}
