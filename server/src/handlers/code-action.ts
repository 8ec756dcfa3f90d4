// Code actions, per seedlint diagnostic: the fix (preferred only when safe; its title says
// "(unsafe)" otherwise), "Fix all RNGxxx in file", "Ignore RNGxxx on this line" and, for
// clients that registered it, "Show documentation". Plus `source.fixAll.seedlint`: every safe
// fix (unsafe ones too when `seedlint.unsafeFixes` is on).

import { CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import { combineFixes } from '../combine-fixes';
import type { Finding, TextEdit } from '../rules/rule';
import type { OpenDocument } from '../session';
import type { DiagnosticData } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.seedlint`;
export const SHOW_DOCUMENTATION_COMMAND = 'seedlint.showDocumentation';

export interface CodeActionOptions {
  lint: () => Finding[];
  unsafeFixes: boolean;
  /** The client registered `seedlint.showDocumentation` (our VS Code client does). */
  canShowDocumentation: boolean;
}

function editFor(document: OpenDocument, edits: readonly TextEdit[]) {
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [...edits])] };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(params: CodeActionParams, document: OpenDocument, options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  let findings: Finding[] | undefined;
  const current = () => (findings ??= options.lint());

  if (wants(only, CodeActionKind.QuickFix)) {
    const seen = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'seedlint') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      if (!data || data.version !== document.version) continue;
      const code = String(diagnostic.code);
      // The finding this diagnostic was made from (same version, so the same lint's findings).
      const finding = current().find((f) => f.code === code && sameRange(f.range, diagnostic.range));
      if (!finding) continue;
      if (finding.fix) {
        actions.push({ title: finding.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: finding.fix.applicability === 'safe', edit: editFor(document, finding.fix.edits) });
      }
      if (!seen.has(code)) {
        seen.add(code);
        const all = current().filter((f) => f.code === code && f.fix);
        if (all.length > 1) {
          actions.push({ title: `Fix all ${code} in file${all.some((f) => f.fix!.applicability === 'unsafe') ? ' (unsafe)' : ''}`, kind: CodeActionKind.QuickFix, edit: editFor(document, combineFixes(all.map((f) => f.fix!))) });
        }
      }
      if (finding.suppression) {
        actions.push({ title: `Ignore ${code} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editFor(document, [finding.suppression]) });
      }
      if (options.canShowDocumentation) {
        actions.push(documentationAction(diagnostic, finding.name));
      }
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const edits = combineFixes(current().flatMap((f) => (f.fix && (f.fix.applicability === 'safe' || options.unsafeFixes) ? [f.fix] : [])));
    if (edits.length > 0) actions.push({ title: 'seedlint: fix all', kind: FIX_ALL_KIND, edit: editFor(document, edits) });
  }
  return actions;
}

function documentationAction(diagnostic: Diagnostic, name: string): CodeAction {
  const code = String(diagnostic.code);
  return {
    title: `Show documentation for ${code} (${name})`,
    kind: CodeActionKind.QuickFix,
    command: { title: `Show documentation for ${code}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [name] },
  };
}
