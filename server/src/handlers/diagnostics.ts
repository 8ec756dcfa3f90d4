// Findings -> LSP diagnostics. The fix edits and the suppression edit are computed at lint
// time and travel in `data`, so code actions never re-lint for a single diagnostic (they only
// check that the document version still matches).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Fix, Finding, Severity, TextEdit } from '../rules/rule';

export interface DiagnosticData {
  version: number;
  name: string;
  fix?: Fix;
  suppression?: TextEdit;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { version, name: finding.name };
  if (finding.fix) data.fix = finding.fix;
  if (finding.suppression) data.suppression = finding.suppression;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: finding.docsUrl },
    source: 'seedlint',
    message: finding.message,
    data,
  };
  if (finding.related) diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  return diagnostic;
}
