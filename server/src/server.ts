// Capability negotiation and handler wiring only. Transport-agnostic: main.node.ts and
// main.browser.ts create the connection and say how to get the parser's wasm bytes and, where
// files can be read, the project's configuration and declared versions.

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  MarkupKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { ParserAssets, PythonParser } from './analysis/parser';
import { nodeRange } from './analysis/positions';
import { codeActions, FIX_ALL_KIND } from './handlers/code-action';
import { fileUri, toDiagnostic } from './handlers/diagnostics';
import { collectYoungGeneration } from './idle-collection';
import { afterQueuedMessages, type Cancel } from './next-turn';
import { createLinter, type Linter } from './linter';
import { RULES } from './rules/registry';
import { NO_PROJECT_FACTS, type Finding, type ProjectFacts } from './rules/rule';
import { Session, type OpenDocument } from './session';
import { mergeSettings, parseSettings, selectRules, SettingsError, type Settings } from './settings';

/** What the host knows about the project around a document (node hosts read files). */
export interface ProjectContext {
  settings?: Partial<Settings>;
  /** The document's path relative to the project root, for per-file-ignores. */
  relativePath?: string;
  facts?: ProjectFacts;
  /**
   * The URI of a sibling module's file, as findings name it in related information (default: a
   * `file:` URI of the path; the web host's modules are other documents' URI paths).
   */
  moduleUri?(file: string): string;
}

/** The documents open in the editor, as the server holds them (unsaved edits included). */
export interface OpenDocuments {
  uris(): string[];
  /** The document's current text, or undefined when it is not open. */
  text(uri: string): string | undefined;
}

export interface ServerHost {
  loadParserAssets(): Promise<ParserAssets>;
  /** Called once, at the start: what the host reads instead of files where a document is open. */
  start?(open: OpenDocuments): void;
  /** `parser` is the linter's, for hosts that parse the document's sibling modules (§4.10). */
  projectContext?(uri: string, settings: Settings, parser: PythonParser): ProjectContext;
  /**
   * An open document was opened, edited or closed. Returns the other open documents whose lints
   * read it as a sibling module (§4.10): they are linted again.
   */
  documentChanged?(uri: string): string[];
  /** Project files changed on disk (pyproject.toml, requirements, Python modules): forget cached reads. */
  invalidateProjectContext?(): void;
}

export const SERVER_NAME = 'seedlint';

interface ClientFeatures {
  configuration: boolean;
  showDocumentation: boolean;
}

export function startServer(connection: Connection, host: ServerHost): void {
  let ready: Promise<{ linter: Linter; session: Session }> | undefined;
  /** Each document's scheduled lint (next-turn.ts), until it starts. */
  const pending = new Map<string, Cancel>();
  const editorSettings = new Map<string, Promise<Partial<Settings>>>();
  const reportedSettingsErrors = new Set<string>();
  let client: ClientFeatures = { configuration: false, showDocumentation: false };

  /** The session, once the parser is loaded (no document is open before). */
  let openSession: Session | undefined;
  host.start?.({ uris: () => openSession?.uris() ?? [], text: (uri) => openSession?.get(uri)?.text });

  const state = () => {
    ready ??= host.loadParserAssets().then(async (assets) => {
      const linter = await createLinter(assets);
      openSession = new Session(linter.parser);
      return { linter, session: openSession };
    });
    return ready;
  };

  /** Reports a settings problem once per message, then carries on with what is valid. */
  const settingsProblem = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (reportedSettingsErrors.has(message)) return;
    reportedSettingsErrors.add(message);
    void connection.window.showErrorMessage(`seedlint: ${message}`);
  };

  const editorSettingsFor = (uri: string): Promise<Partial<Settings>> => {
    if (!client.configuration) return Promise.resolve({});
    let cached = editorSettings.get(uri);
    if (!cached) {
      cached = connection.workspace.getConfiguration({ scopeUri: uri, section: 'seedlint' }).then(
        (raw: unknown) => {
          if (!raw || typeof raw !== 'object') return {};
          // VS Code also returns keys it does not know for the section; keep ours.
          try {
            return parseSettings(raw as Record<string, unknown>, 'editor', 'editor settings (seedlint.*)');
          } catch (error) {
            settingsProblem(error);
            return {};
          }
        },
        () => ({}),
      );
      editorSettings.set(uri, cached);
    }
    return cached;
  };

  /**
   * Each open document's last lint, with the document (version) it read. The code actions VS
   * Code asks for after every publish (the light bulb at the cursor) read it instead of linting
   * again, which would delay the next edit's diagnostics by a whole lint. Cleared when settings
   * or project files change, since both change what a lint finds.
   */
  const lastLint = new Map<string, { document: OpenDocument; findings: Finding[]; settings: Settings; moduleUri: (file: string) => string }>();
  /** Bumped when settings or project files change: a lint begun before must not be cached. */
  let settingsGeneration = 0;

  const lintDocument = async (linter: Linter, session: Session, document: OpenDocument) => {
    const known = lastLint.get(document.uri);
    if (known?.document === document) return known;
    const generation = settingsGeneration;
    const editor = await editorSettingsFor(document.uri);
    let context: ProjectContext = {};
    try {
      context = host.projectContext?.(document.uri, mergeSettings(editor), linter.parser) ?? {};
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      settingsProblem(error);
    }
    const settings = mergeSettings(editor, context.settings ?? {});
    const selection = selectRules(RULES, settings, context.relativePath);
    const findings = linter.lint(document.text, { syntax: document.syntax, selection, project: context.facts ?? NO_PROJECT_FACTS });
    const result = { document, findings, settings, moduleUri: context.moduleUri ?? fileUri };
    // Not if the document was edited or closed, or the settings changed, while they were awaited.
    if (session.get(document.uri) === document && generation === settingsGeneration) lastLint.set(document.uri, result);
    return result;
  };

  const forgetLints = () => {
    lastLint.clear();
    settingsGeneration++;
  };

  const publish = async (uri: string) => {
    pending.delete(uri);
    const { linter, session } = await state();
    const document = session.get(uri);
    if (!document) return;
    const { findings, moduleUri } = await lintDocument(linter, session, document);
    if (session.get(uri)?.version !== document.version) return; // a newer edit will publish
    await connection.sendDiagnostics({ uri, version: document.version, diagnostics: findings.map((f) => toDiagnostic(f, uri, document.version, moduleUri)) });
    // Diagnostics are out: now bring the document's tree up to date (session.ts), unless an edit
    // is already waiting (its own change did the work it needed). A timer, unlike the lint's
    // next turn (next-turn.ts): this is idle work, and the millisecond a timer waits lets a
    // keystroke that is on its way be read first. Then, still idle, collect the lint's garbage
    // (idle-collection.ts).
    setTimeout(() => {
      if (pending.has(uri)) return;
      void guard('settle', () => {
        session.settle(uri);
        collectYoungGeneration();
      });
    }, 0);
  };

  /** Coalesces bursts of edits: only the latest version of a document is linted. */
  const schedule = (uri: string) => {
    pending.get(uri)?.();
    pending.set(uri, afterQueuedMessages(() => void guard('publish diagnostics', () => publish(uri))));
  };

  /**
   * A document that other open documents import changed (§4.10): lint those again. The host
   * says which of them read it; most edits touch no one else's module.
   */
  const dependentsChanged = (uri: string) => {
    for (const other of host.documentChanged?.(uri) ?? []) {
      if (other === uri) continue;
      lastLint.delete(other);
      schedule(other);
    }
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

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = params.initializationOptions as { showDocumentationCommand?: boolean } | null | undefined;
    client = {
      configuration: params.capabilities?.workspace?.configuration === true,
      showDocumentation: options?.showDocumentationCommand === true,
    };
    void state(); // start loading the grammar while the client finishes its handshake
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onInitialized(() => {
    if (client.configuration) void guard('register configuration', () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'seedlint' }));
  });

  connection.onDidChangeConfiguration(() =>
    guard('configuration change', async () => {
      editorSettings.clear();
      reportedSettingsErrors.clear();
      forgetLints();
      const { session } = await state();
      for (const uri of session.uris()) schedule(uri);
    }),
  );

  connection.onDidChangeWatchedFiles(() =>
    guard('watched files', async () => {
      host.invalidateProjectContext?.();
      forgetLints();
      const { session } = await state();
      for (const uri of session.uris()) schedule(uri);
    }),
  );

  connection.onDidOpenTextDocument((params) =>
    guard('open', async () => {
      const { session } = await state();
      const { uri, version, text } = params.textDocument;
      session.open(uri, version, text);
      schedule(uri);
      dependentsChanged(uri);
    }),
  );

  connection.onDidChangeTextDocument((params) =>
    guard('change', async () => {
      const { session } = await state();
      const { uri, version } = params.textDocument;
      if (session.change(uri, version, params.contentChanges)) {
        schedule(uri);
        dependentsChanged(uri);
      }
    }),
  );

  connection.onDidCloseTextDocument((params) =>
    guard('close', async () => {
      const { session } = await state();
      const uri = params.textDocument.uri;
      session.close(uri);
      editorSettings.delete(uri);
      lastLint.delete(uri);
      pending.get(uri)?.();
      pending.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      dependentsChanged(uri);
    }),
  );

  connection.onCodeAction(async (params) => {
    const result = await guard('code action', async () => {
      const { linter, session } = await state();
      const document = session.get(params.textDocument.uri);
      if (!document) return [];
      const { findings, settings } = await lintDocument(linter, session, document);
      return codeActions(params, document, { lint: () => findings, unsafeFixes: settings.unsafeFixes, canShowDocumentation: client.showDocumentation });
    });
    return result ?? [];
  });

  connection.onHover(async (params) => {
    const result = await guard('hover', async () => {
      const { linter, session } = await state();
      const document = session.get(params.textDocument.uri);
      const preview = document && linter.previewAt(document.syntax, params.position);
      return preview ? { contents: { kind: MarkupKind.Markdown, value: preview.markdown }, range: nodeRange(preview.call.childForFieldName('function') ?? preview.call) } : null;
    });
    return result ?? null;
  });

  connection.onShutdown(async () => {
    if (ready) (await ready).session.dispose();
  });
}
