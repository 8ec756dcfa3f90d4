// The linter as the server and the CLI use it: a parser plus the rule set, text in, findings
// out. Hosts own the parser assets; this file owns nothing global.

import { lintTree, type LintOptions } from './analysis/lint';
import { createPythonParser, type ParserAssets, type PythonParser, type Tree } from './analysis/parser';
import type { Finding, ProjectFacts, Rule } from './rules/rule';
import { RULES } from './rules/registry';

export interface Linter {
  readonly parser: PythonParser;
  /** Lints `text`; pass the already-parsed tree when the caller keeps one (incremental edits). */
  lint(text: string, options?: { tree?: Tree; rules?: readonly Rule[]; project?: ProjectFacts }): Finding[];
}

export async function createLinter(assets: ParserAssets): Promise<Linter> {
  const parser = await createPythonParser(assets);
  return {
    parser,
    lint(text, options = {}) {
      const tree = options.tree ?? parser.parse(text);
      try {
        const lintOptions: LintOptions = { rules: options.rules ?? RULES };
        if (options.project) lintOptions.project = options.project;
        return lintTree(tree, text, parser, lintOptions);
      } finally {
        if (!options.tree) tree.delete();
      }
    },
  };
}
