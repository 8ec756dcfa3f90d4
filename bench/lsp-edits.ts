// Edit -> diagnostics as an editor sees it: the built language server (server/dist/server.node.js,
// node IPC, as the VS Code client starts it) gets a one-character didChange on a 3,000-line
// document, and the clock stops when publishDiagnostics for that version arrives. Same edits as
// bench/lint.ts (an edit, then its undo, 30 times). With `codeActions`, the bench also does what
// VS Code does when diagnostics arrive: it asks for the code actions at the cursor (the edited
// line, with the diagnostics there) and sends the next edit without waiting for the answer, so a
// server that works on that request delays the next edit's diagnostics. With `pauseMs`, the
// next edit waits that long after the diagnostics arrive, as between keystrokes (the server does
// its after-publish work then, see session.ts `settle`); without it, edits come back to back.

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
function serverPath(): string {
  for (const up of ['..', '../..']) {
    const path = join(__dirname, up, 'server/dist/server.node.js');
    if (existsSync(path)) return path;
  }
  throw new Error('build the server first: npm run build');
}

function serverNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(dirname(serverPath()), '../../package.json'), 'utf8')) as { seedlint?: { serverNodeFlags?: string[] } };
  return manifest.seedlint?.serverNodeFlags ?? [];
}

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
    const edit = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string, measured: boolean) => {
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      ready = published(++version);
      const t = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
      const fresh = await ready;
      if (measured) times.push(performance.now() - t);
      if (options.codeActions) {
        const line = range.start.line;
        const range0 = { start: { line, character: 0 }, end: { line, character: 0 } };
        const context = { diagnostics: fresh.filter((d) => d.range.start.line <= line && line <= d.range.end.line), triggerKind: CodeActionTriggerKind.Automatic };
        pendingActions.push(connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: range0, context }));
      }
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
