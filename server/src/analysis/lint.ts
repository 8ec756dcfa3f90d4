// One lint pass: build the file model once over the tree's mirror, hand every node of the
// types the enabled rules visit to those rules. Pure: no LSP types, no I/O.

import type { Finding, ProjectFacts, Rule } from '../rules/rule';
import { docsUrl, NO_PROJECT_FACTS } from '../rules/rule';
import { ValueTracker } from './flow';
import { FileModel } from './model';
import type { PythonParser, SyntaxTree } from './parser';
import { nodeRange } from './positions';

export interface LintOptions {
  rules: readonly Rule[];
  project?: ProjectFacts;
}

export function lintTree(tree: SyntaxTree, text: string, parser: PythonParser, options: LintOptions): Finding[] {
  const model = new FileModel(tree, text, parser);
  const context = { model, values: new ValueTracker(model), text, project: options.project ?? NO_PROJECT_FACTS };
  const byType = new Map<string, Rule[]>();
  for (const rule of options.rules) {
    for (const type of Object.keys(rule.visit)) {
      const list = byType.get(type) ?? [];
      list.push(rule);
      byType.set(type, list);
    }
  }
  const findings: Finding[] = [];
  const superseded = new Set<string>();
  for (const [name, rules] of byType) {
    for (const node of tree.nodesOfType(name)) for (const rule of rules) {
      for (const report of rule.visit[name]!(node, context)) {
        const finding: Finding = {
          code: rule.code,
          name: rule.name,
          severity: report.severity ?? rule.severity,
          message: rule.message(report.data),
          range: nodeRange(report.node),
          docsUrl: docsUrl(rule),
        };
        if (report.fix) finding.fix = { title: rule.fixTitle(report.data), applicability: rule.fixApplicability, edits: report.fix.edits };
        if (report.related?.length) finding.related = report.related.map((r) => ({ range: nodeRange(r.node), message: r.message }));
        findings.push(finding);
        for (const other of report.supersedes ?? []) superseded.add(findingKey(other.code, nodeRange(other.node)));
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
