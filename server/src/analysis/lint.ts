// One lint pass: build the file model once over the tree's mirror, hand every node of the
// types the enabled rules visit to those rules. Pure: no LSP types, no I/O.

import type { Finding, ProjectFacts, Rule } from '../rules/rule';
import { docsUrl, NO_PROJECT_FACTS } from '../rules/rule';
import { ValueTracker } from './flow';
import { FileModel } from './model';
import type { PythonParser, SyntaxNode, SyntaxTree } from './parser';
import { nodeRange } from './positions';

export interface LintOptions {
  rules: readonly Rule[];
  project?: ProjectFacts;
}

/**
 * Per lint: the calls each callee filter wants. The filter is tested once per distinct callee
 * name of the file (a few hundred), not once per call, and the matching names' calls are taken
 * from the model's callee index.
 */
export class Dispatcher {
  private readonly matches = new Map<RegExp, readonly SyntaxNode[]>();

  constructor(
    private readonly tree: SyntaxTree,
    private readonly model: FileModel,
  ) {}

  /** The nodes a rule's visitor for `type` is called on, in document order. */
  targets(rule: Rule, type: string): readonly SyntaxNode[] {
    const filter = rule.callees;
    if (type !== 'call' || !filter) return this.tree.nodesOfType(type);
    let calls = this.matches.get(filter);
    if (!calls) {
      const lists: (readonly SyntaxNode[])[] = [];
      for (const [name, list] of this.model.calleeIndex()) if (filter.test(name)) lists.push(list);
      calls = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a.id - b.id);
      this.matches.set(filter, calls);
    }
    return calls;
  }
}

export function lintTree(tree: SyntaxTree, text: string, parser: PythonParser, options: LintOptions): Finding[] {
  const model = new FileModel(tree, text, parser, options.project?.modules);
  const context = { model, values: new ValueTracker(model), text, project: options.project ?? NO_PROJECT_FACTS };
  const dispatcher = new Dispatcher(tree, model);
  const findings: Finding[] = [];
  const superseded = new Set<string>();
  for (const rule of options.rules) {
    for (const [type, visit] of Object.entries(rule.visit)) {
      for (const node of dispatcher.targets(rule, type)) {
        for (const report of visit!(node, context)) {
          const finding: Finding = {
            code: rule.code,
            name: rule.name,
            severity: report.severity ?? rule.severity,
            message: rule.message(report.data),
            range: nodeRange(report.node),
            docsUrl: docsUrl(rule),
          };
          if (report.fix) finding.fix = { title: rule.fixTitle(report.data), applicability: rule.fixApplicability, edits: report.fix.edits };
          if (report.related?.length) finding.related = report.related.map((r) => ({ range: nodeRange(r.node), message: r.message, ...(r.module ? { file: r.module.file, path: r.module.path } : {}) }));
          findings.push(finding);
          for (const other of report.supersedes ?? []) superseded.add(findingKey(other.code, nodeRange(other.node)));
        }
      }
    }
  }
  if (superseded.size > 0) {
    const kept = findings.filter((f) => !superseded.has(findingKey(f.code, f.range)));
    findings.length = 0;
    findings.push(...kept);
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return findings;
}

function findingKey(code: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return `${code}:${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
}
