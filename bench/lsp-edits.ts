// Edit -> diagnostics as an editor sees it: the built language server (server/dist/server.node.js,
// node IPC, as the VS Code client starts it) gets a one-character didChange on a 3,000-line
// document, and the clock stops when publishDiagnostics for that version arrives. Same edits as
// bench/lint.ts (an edit, then its undo, 30 times). With `pauseMs`, the next edit waits that
// long after the diagnostics arrive, as between keystrokes (the server does its after-publish
// work then, see session.ts `settle`); without it, edits come back to back. With `codeActions`,
// the bench also asks for code actions as VS Code's light bulb does: 250 ms after the
// diagnostics change (`CodeActionOracle` in VS Code's codeActionModel.ts debounces marker changes
// and cursor moves by 250 ms), at the edited line, with the diagnostics there, and without waiting
// for the answer. A keystroke within those 250 ms cancels the request, so with pauses shorter
// than that VS Code sends none, and neither does the bench.

import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  CodeActionRequest,
  CodeActionTriggerKind,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';

/** The repository's built server, from the sources (bench/) or the bundle (out/bench/). */
function repositoryServerPath(): string {
  for (const up of ['..', '../..']) {
    const path = join(__dirname, up, 'server/dist/server.node.js');
    if (existsSync(path)) return path;
  }
  throw new Error('build the server first: npm run build');
}

/**
 * The server to time: the repository's, or SEEDLINT_BENCH_SERVER, another build of it copied into
 * server/dist (next to the grammar it loads), to time an older commit against this one in the
 * same run.
 */
function serverPath(): string {
  return process.env.SEEDLINT_BENCH_SERVER ?? repositoryServerPath();
}

function serverNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(dirname(repositoryServerPath()), '../../package.json'), 'utf8')) as { seedlint?: { serverNodeFlags?: string[] } };
  return manifest.seedlint?.serverNodeFlags ?? [];
}

/** VS Code's light bulb asks for code actions this long after the diagnostics or the cursor last changed. */
export const CODE_ACTION_DELAY_MS = 250;

export interface LspEditResult {
  medianMs: number;
  p95Ms: number;
  diagnostics: number;
  /** The size of the first publish as JSON (what the server serialises on every edit). */
  publishBytes: number;
}

export async function benchLspEdits(text: string, options: { codeActions?: boolean; pauseMs?: number } = {}): Promise<LspEditResult> {
  // The node flags the VS Code client starts the server with (package.json `seedlint.serverNodeFlags`),
  // plus SEEDLINT_BENCH_SERVER_NODE_ARGS, e.g. `--cpu-prof` to profile the server.
  const execArgv = [...serverNodeFlags(), ...(process.env.SEEDLINT_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = fork(serverPath(), ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiting = new Map<number, (diagnostics: Diagnostic[]) => void>();
  let publishBytes = 0;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    publishBytes ||= JSON.stringify(params).length;
    if (params.version !== undefined) waiting.get(params.version)?.(params.diagnostics);
  });
  connection.listen();
  const published = (version: number) => new Promise<Diagnostic[]>((resolve) => waiting.set(version, resolve));
  const pendingActions: Promise<unknown>[] = [];
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///bench/lsp.py';
    let version = 1;
    let ready = published(version);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
    const diagnostics = (await ready).length;
    const times: number[] = [];
    const lines = text.split('\n');
    /** The last edit's line and fresh diagnostics: what the light bulb asks about. */
    let previous: { line: number; diagnostics: Diagnostic[] } | undefined;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const askForCodeActions = ({ line, diagnostics }: { line: number; diagnostics: Diagnostic[] }) => {
      const range0 = { start: { line, character: 0 }, end: { line, character: 0 } };
      const context = { diagnostics: diagnostics.filter((d) => d.range.start.line <= line && line <= d.range.end.line), triggerKind: CodeActionTriggerKind.Automatic };
      pendingActions.push(connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: range0, context }));
    };
    const edit = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string, measured: boolean) => {
      const pause = options.pauseMs ?? 0;
      if (options.codeActions && previous && pause >= CODE_ACTION_DELAY_MS) {
        await sleep(CODE_ACTION_DELAY_MS);
        askForCodeActions(previous);
        await sleep(pause - CODE_ACTION_DELAY_MS);
      } else if (pause > 0) await sleep(pause);
      ready = published(++version);
      const t = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
      const fresh = await ready;
      if (measured) times.push(performance.now() - t);
      previous = { line: range.start.line, diagnostics: fresh };
    };
    for (let i = 0; i < 40; i++) {
      const line = (i * 97) % lines.length;
      const at = { line, character: 0 };
      await edit({ start: at, end: at }, i % 2 ? ' ' : '#', i >= 10);
      await edit({ start: at, end: { line, character: 1 } }, '', i >= 10);
    }
    await Promise.all(pendingActions);
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)]!, p95Ms: times[Math.floor(times.length * 0.95)]!, diagnostics, publishBytes };
  } finally {
    await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    // Let it exit by itself (a profiler writes its file then), but not forever.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    connection.dispose();
    child.kill();
  }
}
