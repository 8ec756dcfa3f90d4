// Quick fixes read the edits stored in each diagnostic's `data`; `source.fixAll.seedlint`
// applies every safe fix of the current version (unsafe ones too when the user opts in).

import { CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { OpenDocument } from '../session';
import type { Fix, Finding } from '../rules/rule';
import type { DiagnosticData } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.seedlint`;

function editFor(document: OpenDocument, fixes: readonly Fix[]) {
  const edits = fixes.flatMap((f) => f.edits);
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
}

export function codeActions(params: CodeActionParams, document: OpenDocument, lint: () => Finding[], unsafeFixes: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const wantsFixAll = !!only && only.some((k) => FIX_ALL_KIND.startsWith(k));
  if (wantsQuickFix) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'seedlint') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      if (!data?.fix || data.version !== document.version) continue;
      actions.push({
        title: data.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: data.fix.applicability === 'safe',
        edit: editFor(document, [data.fix]),
      });
    }
  }
  if (wantsFixAll) {
    const fixes = lint().flatMap((f) => (f.fix && (f.fix.applicability === 'safe' || unsafeFixes) ? [f.fix] : []));
    if (fixes.length > 0) actions.push({ title: 'Fix all seedlint findings', kind: FIX_ALL_KIND, edit: editFor(document, fixes) });
  }
  return actions;
}
