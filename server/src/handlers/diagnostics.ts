// Findings -> LSP diagnostics. `data` carries only the document version the diagnostic was
// made for: the code actions take the fix and the suppression edit from that version's
// findings, which the server keeps (server.ts `lastLint`), instead of every diagnostic of every
// publish carrying them (they made up about half of a publish, which is serialised, sent and
// parsed on every keystroke).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../rules/rule';

export interface DiagnosticData {
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `moduleUri` names the file of a related place in another module (default: its `file:` URI). */
export function toDiagnostic(finding: Finding, uri: string, version: number, moduleUri: (file: string) => string = fileUri): Diagnostic {
  const data: DiagnosticData = { version };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: finding.docsUrl },
    source: 'seedlint',
    message: finding.message,
    data,
  };
  if (finding.related) diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: r.file ? moduleUri(r.file) : uri, range: r.range }, message: r.message }));
  return diagnostic;
}

/** `file:` URI of an absolute POSIX-style path (`/a/b.py`, `C:/a/b.py`), as VS Code spells them. */
export function fileUri(file: string): string {
  return pathUri('file://', file.startsWith('/') ? file : `/${file}`);
}

/** The URI of an absolute path under `base` (scheme and authority), each segment escaped. */
export function pathUri(base: string, path: string): string {
  return `${base}${path.split('/').map(encodeURIComponent).join('/')}`;
}
