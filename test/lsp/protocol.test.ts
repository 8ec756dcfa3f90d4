// Drives the real built server (server/dist/server.node.js) over stdio with the LSP client
// libraries, as an editor would.

import { strict as assert } from 'node:assert';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  FileChangeType,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  HoverRequest,
  ConfigurationRequest,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';

const SERVER = join(__dirname, '../../server/dist/server.node.js');

const SOURCE = [
  'from torch.utils.data import DataLoader, DistributedSampler',
  '',
  'note = "épöch 😀"; sampler = DistributedSampler(train_set)',
  'loader = DataLoader(train_set, sampler=sampler, batch_size=64)',
  'for epoch in range(10):',
  '    for batch in loader:',
  '        step(batch)',
  '',
].join('\n');

interface Harness {
  connection: ProtocolConnection;
  process: ChildProcess;
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Waits for the next publication for `uri` after the call (a re-lint keeps the version). */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
}

async function startServer(transport: 'stdio' | 'ipc' = 'stdio', execArgv: string[] = []): Promise<Harness> {
  let child: ChildProcess;
  let connection: ProtocolConnection;
  if (transport === 'stdio') {
    child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  } else {
    child = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv });
    connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  }
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    waiters.splice(0).forEach((w) => w());
  });
  connection.listen();
  const waitFor = async (match: (p: PublishDiagnosticsParams, index: number) => boolean, what: string) => {
    for (;;) {
      const found = published.find(match);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${what}`)), 20000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const diagnostics = (uri: string, version: number) => waitFor((p) => p.uri === uri && p.version === version, `${uri} v${version}`);
  const nextDiagnostics = (uri: string) => {
    const seen = published.length;
    return waitFor((p, index) => index >= seen && p.uri === uri, `${uri} (next)`);
  };
  return { connection, process: child, diagnostics, nextDiagnostics };
}

describe('language server over stdio', function () {
  this.timeout(60000);
  let harness: Harness;

  before(async function () {
    assert.ok(existsSync(SERVER), 'build the server first: npm run build');
    harness = await startServer();
    const result = await harness.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    assert.equal(result.serverInfo?.name, 'seedlint');
    await harness.connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    await harness.connection.sendRequest(ShutdownRequest.type);
    await harness.connection.sendNotification(ExitNotification.type);
    harness.connection.dispose();
    harness.process.kill();
  });

  it('publishes RNG110 with code, docs link, source and UTF-16 range, offers the fix, and clears it after the edit', async () => {
    const uri = 'file:///work/train.py';
    await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: SOURCE },
    });
    const first = await harness.diagnostics(uri, 1);
    assert.equal(first.diagnostics.length, 1);
    const diagnostic: Diagnostic = first.diagnostics[0]!;
    assert.equal(diagnostic.code, 'RNG110');
    assert.equal(diagnostic.source, 'seedlint');
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/missing-set-epoch\.md$/);
    const line = SOURCE.split('\n')[2]!;
    assert.deepEqual(diagnostic.range, {
      start: { line: 2, character: line.indexOf('DistributedSampler') },
      end: { line: 2, character: line.indexOf('DistributedSampler') + 'DistributedSampler'.length },
    });
    assert.match(String(diagnostic.message), /`sampler` never gets `set_epoch`/);

    const actions = await harness.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions?.find((a) => 'kind' in a && a.kind === 'quickfix');
    assert.ok(fix && 'edit' in fix && fix.edit, 'a quick fix with an edit');
    assert.match(fix.title, /set_epoch\(epoch\).*\(unsafe\)/);
    const edit = (fix.edit.documentChanges![0] as TextDocumentEdit).edits[0]!;
    assert.deepEqual(edit, { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '    sampler.set_epoch(epoch)\n' });

    // Apply the fix as an incremental change: the finding must go away.
    await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: edit.range, text: edit.newText }],
    });
    const second = await harness.diagnostics(uri, 2);
    assert.deepEqual(second.diagnostics, []);

    // And a full-text change that brings the bug back reports it again.
    await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: SOURCE }],
    });
    assert.equal((await harness.diagnostics(uri, 3)).diagnostics.length, 1);
  });

  it('hovers a DistributedSampler with its order, or says what is unknown', async () => {
    const uri = 'file:///work/hover.py';
    const text = ['from torch.utils.data import DistributedSampler', 'a = DistributedSampler(range(10), num_replicas=2, rank=0)', 'b = DistributedSampler(train_set)', ''].join('\n');
    await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    const known = await harness.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 6 } });
    assert.match(JSON.stringify(known?.contents), /epoch 0, rank 0: \[/);
    const unknown = await harness.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.match(JSON.stringify(unknown?.contents), /Unknown: the dataset length/);
    const nothing = await harness.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  it('reads imported modules from disk and lints again when one changes (§4.10)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seedlint-modules-'));
    try {
      mkdirSync(join(root, '.git'));
      writeFileSync(join(root, 'requirements.txt'), 'torch==1.8.1\n');
      const drawing = 'import numpy as np\nfrom torch.utils.data import Dataset\n\n\nclass Jitter(Dataset):\n    def __getitem__(self, i):\n        return self.images[i] * np.random.uniform(0.8, 1.2)\n';
      writeFileSync(join(root, 'data.py'), drawing);
      const uri = pathToFileURL(join(root, 'train.py')).href;
      const text = 'from torch.utils.data import DataLoader\nfrom data import Jitter\n\nloader = DataLoader(Jitter(images), batch_size=16, num_workers=4)\n';
      await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
      const first = (await harness.diagnostics(uri, 1)).diagnostics.filter((d) => d.code === 'RNG101');
      assert.equal(first.length, 1);
      assert.match(String(first[0]!.message), /`Jitter.__getitem__` in data\.py \(line 7\)/);
      assert.equal(first[0]!.range.start.line, 3);

      // The module stops drawing from NumPy: the editor reports the file change, the finding goes.
      writeFileSync(join(root, 'data.py'), drawing.replace('np.random.uniform(0.8, 1.2)', '1.0'));
      const next = harness.nextDiagnostics(uri);
      await harness.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(root, 'data.py')).href, type: FileChangeType.Changed }] });
      assert.deepEqual((await next).diagnostics.filter((d) => d.code === 'RNG101'), []);

      // Open in the editor, the module is read as the editor has it (here it draws, the disk's copy
      // does not), and editing it lints the file that imports it again; closed, the disk counts.
      const moduleUri = pathToFileURL(join(root, 'data.py')).href;
      let after = harness.nextDiagnostics(uri);
      await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: moduleUri, languageId: 'python', version: 1, text: drawing } });
      assert.equal((await after).diagnostics.filter((d) => d.code === 'RNG101').length, 1, 'the open module draws');
      after = harness.nextDiagnostics(uri);
      await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: moduleUri, version: 2 }, contentChanges: [{ text: drawing.replace('np.random.uniform(0.8, 1.2)', '2.0') }] });
      assert.deepEqual((await after).diagnostics.filter((d) => d.code === 'RNG101'), [], 'the edit removed the draw');
      after = harness.nextDiagnostics(uri);
      await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: moduleUri, version: 3 }, contentChanges: [{ text: drawing }] });
      assert.equal((await after).diagnostics.filter((d) => d.code === 'RNG101').length, 1, 'the draw is back, unsaved');
      after = harness.nextDiagnostics(uri);
      await harness.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: moduleUri } });
      assert.deepEqual((await after).diagnostics.filter((d) => d.code === 'RNG101'), [], 'closed unsaved: the disk has no draw');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('survives malformed messages and unknown methods', async () => {
    await assert.rejects(harness.connection.sendRequest('seedlint/doesNotExist', { x: 1 }));
    await harness.connection.sendNotification('textDocument/didOpen', { nonsense: true });
    await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: 'file:///never-opened.py', version: 9 },
      contentChanges: [{ text: 'x = 1' }],
    });
    const uri = 'file:///work/other.py';
    await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: 'def broken(:\n\x00\uffff' },
    });
    assert.deepEqual((await harness.diagnostics(uri, 1)).diagnostics, []);
    assert.equal(harness.process.exitCode, null, 'the server is still running');
  });
});

describe('language server started as the VS Code client starts it', function () {
  this.timeout(60000);

  it('collects the young generation after publishing, with the node flags of package.json', async () => {
    // The flags VS Code passes (client/src/extension.node.ts), plus V8's collection trace on the
    // server's stdout: a collection the server asks for is traced with the reason "testing".
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { seedlint: { serverNodeFlags: string[] } };
    const harness = await startServer('ipc', [...manifest.seedlint.serverNodeFlags, '--trace-gc']);
    let trace = '';
    harness.process.stdout!.on('data', (chunk: Buffer) => (trace += chunk.toString()));
    try {
      await harness.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      await harness.connection.sendNotification(InitializedNotification.type, {});
      const uri = 'file:///work/collect.py';
      await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'python', version: 1, text: SOURCE },
      });
      await harness.diagnostics(uri, 1);
      const asked = () => trace.split('\n').filter((line) => / Scavenge .* testing/.test(line)).length;
      for (let waited = 0; asked() === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(asked() >= 1, `a young-generation collection asked for after the publish; trace:\n${trace}`);
    } finally {
      harness.connection.dispose();
      harness.process.kill();
    }
  });
});

describe('language server over node IPC, with editor settings', function () {
  this.timeout(60000);

  it('asks the client for seedlint.* settings and applies them (severity, ignore)', async () => {
    const harness = await startServer('ipc');
    let settings: Record<string, unknown> = { severity: { RNG110: 'error' } };
    harness.connection.onRequest(ConfigurationRequest.type, () => [settings]);
    harness.connection.onRequest(RegistrationRequest.method, () => null);
    await harness.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await harness.connection.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///work/ipc.py';
    await harness.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: SOURCE },
    });
    const first = await harness.diagnostics(uri, 1);
    assert.deepEqual(first.diagnostics.map((d) => [d.code, d.severity]), [['RNG110', 1]]);

    const actions = await harness.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: first.diagnostics[0]!.range,
      context: { diagnostics: first.diagnostics },
    });
    const ignore = actions?.find((a) => a.title === 'Ignore RNG110 on this line');
    assert.ok(ignore && 'edit' in ignore && ignore.edit);
    const edit = (ignore.edit.documentChanges![0] as TextDocumentEdit).edits[0] as { range: { start: { line: number } }; newText: string };
    assert.equal(edit.newText, '  # seedlint: ignore[RNG110]');
    assert.equal(edit.range.start.line, 2);

    settings = { ignore: ['RNG110'] };
    await harness.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await harness.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: SOURCE }],
    });
    assert.deepEqual((await harness.diagnostics(uri, 2)).diagnostics, []);

    await harness.connection.sendRequest(ShutdownRequest.type);
    await harness.connection.sendNotification(ExitNotification.type);
    harness.connection.dispose();
    harness.process.kill();
  });
});
