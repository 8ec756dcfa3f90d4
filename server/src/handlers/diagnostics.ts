// Findings -> LSP diagnostics. The fix edits are computed at lint time and travel in `data`,
// so code actions never re-lint (they only check that the document version still matches).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Fix, Finding, Severity } from '../rules/rule';

export interface DiagnosticData {
  version: number;
  fix?: Fix;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { version };
  if (finding.fix) data.fix = finding.fix;
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: finding.docsUrl },
    source: 'seedlint',
    message: finding.message,
    data,
  };
}
