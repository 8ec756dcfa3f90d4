// The rule unit: one file per rule, one `defineRule` default export (see rules/README.md).

import type { FileModel } from '../analysis/model';
import type { ModuleIndex, SiblingModule } from '../analysis/modules';
import type { SyntaxNode } from '../analysis/parser';
import type { Range } from '../analysis/positions';
import type { ValueTracker } from '../analysis/flow';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type FixAvailability = 'none' | 'sometimes' | 'always';
/** Ruff's terms: `safe` keeps the program's meaning except the intended change. */
export type Applicability = 'safe' | 'unsafe';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
}

export interface RelatedPlace {
  range: Range;
  message: string;
  /** Absolute path of another module the place is in (§4.10); absent: the linted file. */
  file?: string;
  /** That module as messages name it. */
  path?: string;
}

export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
  /** The edit that adds `# seedlint: ignore[CODE]` to the finding's line, where that is safe. */
  suppression?: TextEdit;
  /** Places that explain the finding: in the same file, or in another module (`file`, `path`). */
  related?: RelatedPlace[];
  docsUrl: string;
}

/**
 * Facts about the project around the file, gathered by the host (which reads files): the
 * dependency specifiers declared in requirements*.txt, pyproject.toml, setup.cfg/setup.py or
 * environment.yml, keyed by normalised package name (`torch` -> `==1.8.1`, `>=1.8,<1.9`).
 * Empty when nothing is declared: rules then assume the newest releases.
 */
export interface ProjectFacts {
  readonly declared: ReadonlyMap<string, string>;
  /** Where the declarations came from, for messages ("requirements.txt pins torch==1.8.1"). */
  readonly source?: string;
  /** The project's other Python modules, where the host can read them (§4.10). */
  readonly modules?: ModuleIndex;
}

export const NO_PROJECT_FACTS: ProjectFacts = { declared: new Map() };

export interface RuleContext {
  readonly model: FileModel;
  readonly values: ValueTracker;
  readonly text: string;
  readonly project: ProjectFacts;
}

export interface Report<D> {
  node: SyntaxNode;
  data: D;
  /** Edits of the fix, when one is possible for this finding. */
  fix?: { edits: TextEdit[] };
  /** A lower severity for this finding than the rule's default (e.g. info where the spec says so). */
  severity?: Severity;
  /**
   * Findings of other rules this one replaces when both are enabled (spec: "report only RNG009
   * when RNG110 would fire for the same sampler"): the other rule's code and the node it reports on.
   */
  supersedes?: { code: string; node: SyntaxNode }[];
  /**
   * The cause elsewhere (the earlier draw, the unseeded use): LSP relatedInformation. `module`
   * is set when the node is in a sibling module rather than in the linted file.
   */
  related?: { node: SyntaxNode; message: string; module?: SiblingModule }[];
}

export interface RuleDefinition<D> {
  code: string;
  name: string;
  /** The severity when enabled. */
  severity: Severity;
  /** False for opt-in rules (RNG9xx and the catalogue's "off" defaults): enabled only by `select`. */
  defaultEnabled?: boolean;
  fixAvailability: FixAvailability;
  fixApplicability: Applicability;
  message(data: D): string;
  fixTitle(data: D): string;
  /** Markdown: ## What it does, ## Why is this bad?, ## Example, Use instead:, ## Fix safety, ## References. */
  docs: string;
  /** Visitors keyed by tree-sitter node type; each returns the findings for that node. */
  visit: Partial<Record<string, (node: SyntaxNode, context: RuleContext) => Report<D>[]>>;
  /**
   * For a `call` visitor that only cares about some library callees: the qualified names it
   * wants. The linter then hands it only those calls, testing each distinct name once per lint
   * instead of calling the visitor for every call in the file (about 1,000 in 3,000 lines).
   * Calls whose callee does not resolve to a library name are never passed.
   */
  callees?: RegExp;
}

export interface Rule extends RuleDefinition<unknown> {}

export const DOCS_BASE_URL = 'https://github.com/seedlint/seedlint/blob/main/docs/rules/';

export function defineRule<D>(definition: RuleDefinition<D>): Rule {
  return definition as unknown as Rule;
}

export function docsUrl(rule: Pick<Rule, 'name'>): string {
  return `${DOCS_BASE_URL}${rule.name}.md`;
}
