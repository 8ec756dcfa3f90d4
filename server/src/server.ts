// Capability negotiation and handler wiring only. Transport-agnostic: main.node.ts and
// main.browser.ts create the connection and hand over how to get the parser's wasm bytes.

import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import type { ParserAssets } from './analysis/parser';
import { codeActions, FIX_ALL_KIND } from './handlers/code-action';
import { toDiagnostic } from './handlers/diagnostics';
import { createLinter, type Linter } from './linter';
import { Session, type OpenDocument } from './session';

export interface ServerHost {
  loadParserAssets(): Promise<ParserAssets>;
}

export const SERVER_NAME = 'seedlint';

export function startServer(connection: Connection, host: ServerHost): void {
  let ready: Promise<{ linter: Linter; session: Session }> | undefined;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const state = () => {
    ready ??= host.loadParserAssets().then(async (assets) => {
      const linter = await createLinter(assets);
      return { linter, session: new Session(linter.parser) };
    });
    return ready;
  };

  const lintDocument = (linter: Linter, document: OpenDocument) => linter.lint(document.text, { tree: document.tree });

  const publish = async (uri: string) => {
    pending.delete(uri);
    const { linter, session } = await state();
    const document = session.get(uri);
    if (!document) return;
    const diagnostics = lintDocument(linter, document).map((f) => toDiagnostic(f, document.version));
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  };

  /** Coalesces bursts of edits: only the latest version of a document is linted. */
  const schedule = (uri: string) => {
    const previous = pending.get(uri);
    if (previous) clearTimeout(previous);
    pending.set(uri, setTimeout(() => void guard('publish diagnostics', () => publish(uri)), 0));
  };

  /** No request or notification may take the server down: log and carry on. */
  const guard = async <T>(what: string, work: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      connection.console.error(`seedlint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  };

  connection.onInitialize((): InitializeResult => {
    void state(); // start loading the grammar while the client finishes its handshake
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onDidOpenTextDocument((params) =>
    guard('open', async () => {
      const { session } = await state();
      const { uri, version, text } = params.textDocument;
      session.open(uri, version, text);
      schedule(uri);
    }),
  );

  connection.onDidChangeTextDocument((params) =>
    guard('change', async () => {
      const { session } = await state();
      const { uri, version } = params.textDocument;
      if (session.change(uri, version, params.contentChanges)) schedule(uri);
    }),
  );

  connection.onDidCloseTextDocument((params) =>
    guard('close', async () => {
      const { session } = await state();
      session.close(params.textDocument.uri);
      const timer = pending.get(params.textDocument.uri);
      if (timer) clearTimeout(timer);
      pending.delete(params.textDocument.uri);
      await connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
    }),
  );

  connection.onCodeAction(async (params) => {
    const result = await guard('code action', async () => {
      const { linter, session } = await state();
      const document = session.get(params.textDocument.uri);
      return document ? codeActions(params, document, () => lintDocument(linter, document), false) : [];
    });
    return result ?? [];
  });

  connection.onShutdown(async () => {
    if (ready) (await ready).session.dispose();
  });
}
