// The linter as the server and the CLI use it: a parser plus the rule set, text in, findings
// out. It applies the rule selection and severities, drops findings silenced by `# noqa` /
// `# seedlint: ignore` comments, and attaches the edit that silences each remaining finding.
// Hosts own the parser assets and the configuration; this file owns nothing global.

import { ValueTracker } from './analysis/flow';
import { lintTree, type LintOptions } from './analysis/lint';
import { FileModel } from './analysis/model';
import type { Position } from './analysis/positions';
import { distributedSamplerPreview, type SamplerPreview } from './analysis/preview';
import { createPythonParser, type ParserAssets, type PythonParser, type SyntaxNode, type SyntaxTree } from './analysis/parser';
import { collectSuppressions, isSuppressed, suppressionEdit } from './analysis/suppressions';
import type { Finding, ProjectFacts, Rule } from './rules/rule';
import { RULES } from './rules/registry';
import { defaultSettings, selectRules, type RuleSelection } from './settings';

export interface LintRequest {
  /** The mirror of `text`, when the caller keeps one (an open document); else `text` is parsed. */
  syntax?: SyntaxTree;
  /** Which rules run and at what severity; default: the default rule set. */
  selection?: RuleSelection;
  /** Shorthand for tests: exactly these rules at their own severities. */
  rules?: readonly Rule[];
  project?: ProjectFacts;
}

export interface Linter {
  readonly parser: PythonParser;
  lint(text: string, request?: LintRequest): Finding[];
  /** The shuffle-order preview for the sampler call under `position`, if there is one. */
  previewAt(syntax: SyntaxTree, position: Position): SamplerPreview | undefined;
}

function selectionOf(request: LintRequest): RuleSelection {
  if (request.selection) return request.selection;
  if (request.rules) return { rules: [...request.rules], severityOf: (r) => r.severity };
  return selectRules(RULES, defaultSettings());
}

export async function createLinter(assets: ParserAssets): Promise<Linter> {
  const parser = await createPythonParser(assets);
  return {
    parser,
    previewAt(mirror, position) {
      try {
        const model = new FileModel(mirror, mirror.source, parser);
        const context = { model, values: new ValueTracker(model) };
        const offset = mirror.offset({ row: position.line, column: position.character });
        // The innermost call whose callee is under the cursor (hovering `DistributedSampler`).
        for (let node: SyntaxNode | null = mirror.rootNode.descendantForPosition({ row: position.line, column: position.character }); node; node = node.parent) {
          if (node.type !== 'call') continue;
          const fn = node.childForFieldName('function');
          if (fn && fn.startIndex <= offset && offset <= fn.endIndex) return distributedSamplerPreview(node, context);
        }
        return undefined;
      } finally {
        // The preview's call node stays usable (a node reads the mirror's arrays); the rest can go.
        mirror.releaseNodes();
      }
    },
    lint(text, request = {}) {
      const tree = request.syntax ? undefined : parser.parse(text);
      let releaseAfter: SyntaxTree | undefined;
      try {
        const selection = selectionOf(request);
        const options: LintOptions = { rules: selection.rules };
        if (request.project) options.project = request.project;
        const mirror = request.syntax ?? parser.mirror(tree!, text);
        if (mirror.source !== text) throw new Error('lint: the syntax given is not the text\'s');
        releaseAfter = mirror;
        const suppressions = collectSuppressions(mirror);
        const byCode = new Map(selection.rules.map((r) => [r.code, r]));
        const findings: Finding[] = [];
        for (const finding of lintTree(mirror, text, parser, options)) {
          const rule = byCode.get(finding.code)!;
          if (isSuppressed(suppressions, rule, finding.range.start.line)) continue;
          // A configured severity wins; otherwise keep the report's own (rules lower it to info where the spec says so).
          const configured = selection.severityOf(rule);
          if (configured !== rule.severity) finding.severity = configured;
          const edit = suppressionEdit(mirror, finding.range.start.line, finding.code);
          if (edit) finding.suppression = edit;
          findings.push(finding);
        }
        return findings;
      } finally {
        // Findings hold plain ranges and edits, no nodes: the lint's node objects can go now.
        releaseAfter?.releaseNodes();
        tree?.delete();
      }
    },
  };
}
