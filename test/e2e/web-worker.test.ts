// The web build of the language server (server/dist/server.browser.js) in a real browser: headless
// Debian Chromium loads it as a dedicated Worker from a local http server, and the test speaks LSP
// to it over postMessage, the transport of vscode-jsonrpc's BrowserMessageReader/Writer (plain
// message objects). This checks what the node tests cannot: the bundle runs without node
// built-ins, and it finds web-tree-sitter.wasm and the grammar by URL next to itself.
//
// Needs /usr/bin/chromium (Debian package `chromium`). Without it the test is skipped, except
// under CI=true, where it fails.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  createProtocolConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const WORKER_PATH = '/server/dist/server.browser.js';
const HARNESS_PATH = '/__e2e__/worker-host.html';
/** Flags from shared/spec/toolchain.md: nothing may reach the network or update itself. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * How the page starts the worker. `direct`: `new Worker(url)`. `vscode-web`: as VS Code for the
 * Web 1.139 starts an extension's worker (code-server's lib/vscode/out/vs/workbench/api/worker/
 * extensionHostWorkerMain.js wraps `Worker`): a blob: script that importScripts() the bundle, so
 * `self.location` in the worker is the blob: URL, not the bundle's.
 */
type WorkerHosting = 'direct' | 'vscode-web';

// The page only hosts the worker; messages cross to node through playwright's exposed function.
const HARNESS_HTML = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>seedlint worker host</title>
<script>
  window.startServer = (path, hosting) => {
    const url = new URL(path, location.href).href;
    const worker = hosting === 'vscode-web'
      ? new Worker(URL.createObjectURL(new Blob(['importScripts(' + JSON.stringify(url) + ')'], { type: 'application/javascript' })))
      : new Worker(url);
    worker.onmessage = (event) => window.seedlintFromWorker(event.data);
    worker.onerror = (event) => window.seedlintWorkerError(String(event.message || event.type));
    window.seedlintToWorker = (message) => worker.postMessage(message);
  };
</script>`;

interface StaticServer {
  server: Server;
  origin: string;
  /** Requests that did not get a 200, for failure messages. */
  failures: string[];
}

/** Serves the repository root read-only on 127.0.0.1 (plus the harness page). */
async function serveRepository(): Promise<StaticServer> {
  const failures: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === HARNESS_PATH) {
      response.writeHead(200, { 'content-type': 'text/html' }).end(HARNESS_HTML);
      return;
    }
    const file = resolve(ROOT, '.' + path);
    if ((file !== ROOT && !file.startsWith(ROOT + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      failures.push(`404 ${path}`);
      response.writeHead(404).end();
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, failures };
}

/** Messages the worker posts, handed to vscode-jsonrpc as they come. */
class WorkerMessageReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    this.early.splice(0).forEach(callback);
    return { dispose: () => (this.callback = undefined) };
  }

  deliver(message: Message): void {
    if (this.callback) this.callback(message);
    else this.early.push(message);
  }

  fail(reason: string): void {
    this.fireError(new Error(reason));
  }
}

/** Posts each message, as a plain object, to the worker (what BrowserMessageWriter does). */
class WorkerMessageWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly page: Page) {
    super();
  }

  async write(message: Message): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as { seedlintToWorker(m: unknown): void }).seedlintToWorker(m), message);
  }

  end(): void {}
}

describe('web worker server in headless Chromium', function () {
  this.timeout(60000);
  let site: StaticServer | undefined;
  let browser: Browser | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') assert.fail(`${CHROMIUM} is missing: apt-get install chromium`);
      this.skip();
    }
    assert.ok(existsSync(join(ROOT, 'server/dist/server.browser.js')), 'build the server first: npm run build');
    site = await serveRepository();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (site ? site.server.close(done) : done(undefined)));
  });

  for (const hosting of ['direct', 'vscode-web'] as const) {
    describe(`started ${hosting === 'direct' ? 'with new Worker(url)' : 'as VS Code for the Web does (blob: + importScripts)'}`, () => {
      const harness = workerHarness(() => ({ site: site!, browser: browser! }), hosting);

      it('publishes RNG110 for examples/simclr_pretrain.py and offers its quick fix', async () => {
        const text = readFileSync(join(ROOT, 'examples/simclr_pretrain.py'), 'utf8');
        const uri = 'file:///workspace/simclr_pretrain.py';
        const connection = harness.connection();
        await connection.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: { uri, languageId: 'python', version: 1, text },
        });
        const { diagnostics } = await harness.diagnosticsFor(uri, 1);
        const rng110 = diagnostics.filter((d) => d.code === 'RNG110');
        assert.equal(rng110.length, 1, `RNG110 diagnostics: ${JSON.stringify(diagnostics)}`);
        const diagnostic = rng110[0]!;
        assert.equal(diagnostic.source, 'seedlint');
        assert.match(String(diagnostic.message), /`sampler` never gets `set_epoch`, so every epoch has the same order/);
        // The CLI reports examples/simclr_pretrain.py:24:15 (1-based); LSP positions are 0-based.
        const line = text.split('\n')[23]!;
        assert.deepEqual(diagnostic.range.start, { line: 23, character: 14 });
        assert.equal(line.slice(14, diagnostic.range.end.character), 'data.distributed.DistributedSampler');

        const actions = await connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        const fix = actions?.find((a) => 'kind' in a && a.kind === 'quickfix' && /set_epoch/.test(a.title));
        assert.ok(fix && 'edit' in fix && fix.edit, `a set_epoch quick fix with an edit, got ${JSON.stringify(actions)}`);

        // Typing: incremental edits (the statements around each parsed alone, the tree settled
        // after each publish) find the same, and nothing logs an error in the worker.
        const at = { line: 0, character: 0 };
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '# typed\n' }] });
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: at, end: at }, text: 'x = (' }] });
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 4 }, contentChanges: [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: ')\n' }] });
        const after = await harness.diagnosticsFor(uri, 4);
        assert.deepEqual(
          after.diagnostics.filter((d) => d.code === 'RNG110').map((d) => d.range.start),
          [{ line: 25, character: 14 }],
        );
        await new Promise((resolve) => setTimeout(resolve, 200)); // after-publish work
        assert.equal(harness.firstError(), undefined);
      });

      it('reads an imported helper from the open documents (no file system in the browser)', async () => {
        const connection = harness.connection();
        const helpers = 'import random\n\nimport numpy as np\n\n\ndef set_seed(seed):\n    random.seed(seed)\n    np.random.seed(seed)\n';
        const train = 'from torch.utils.data import DataLoader\nfrom helpers import set_seed\n\nif __name__ == "__main__":\n    set_seed(1)\n    loader = DataLoader(ds, shuffle=True)\n    train(loader)\n';
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///project/helpers.py', languageId: 'python', version: 1, text: helpers } });
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///project/train.py', languageId: 'python', version: 1, text: train } });
        const { diagnostics } = await harness.diagnosticsFor('file:///project/train.py', 1);
        const rng001 = diagnostics.filter((d) => d.code === 'RNG001');
        assert.equal(rng001.length, 1, `RNG001 diagnostics: ${JSON.stringify(diagnostics)}`);
        assert.match(String(rng001[0]!.message), /`set_seed` in \/project\/helpers\.py seeds only random and NumPy/);
      });
    });
  }
});

/** A page hosting the server worker, with an LSP connection to it, set up around each `describe`. */
function workerHarness(shared: () => { site: StaticServer; browser: Browser }, hosting: WorkerHosting) {
  let page: Page | undefined;
  let connection: ProtocolConnection | undefined;
  const published: PublishDiagnosticsParams[] = [];
  const browserLog: string[] = [];
  const waiters: (() => void)[] = [];
  /** Set by the first error the browser or the server reports, so that waits end at once. */
  let fatal: string | undefined;
  const failed = (line: string) => {
    browserLog.push(line);
    fatal ??= line;
    waiters.splice(0).forEach((wake) => wake());
  };
  /** Everything that might explain a failure: browser console, worker errors, failed requests. */
  const context = () =>
    [...browserLog, ...shared().site.failures].map((line) => `\n  ${line}`).join('') || ' (no browser messages)';

  before(async () => {
    const { site, browser } = shared();
    page = await browser.newPage();
    page.on('console', (message) => browserLog.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => failed(`page error: ${error.stack ?? error.message}`));
    const reader = new WorkerMessageReader();
    await page.exposeFunction('seedlintFromWorker', (message: Message) => reader.deliver(message));
    await page.exposeFunction('seedlintWorkerError', (message: string) => {
      failed(`worker error: ${message}`);
      reader.fail(message);
    });
    await page.goto(site.origin + HARNESS_PATH);
    await page.evaluate(
      ([path, how]) => (globalThis as unknown as { startServer(path: string, how: string): void }).startServer(path, how),
      [WORKER_PATH, hosting] as const,
    );

    connection = createProtocolConnection(reader, new WorkerMessageWriter(page));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      waiters.splice(0).forEach((wake) => wake());
    });
    connection.onNotification(LogMessageNotification.type, ({ type, message }) => {
      if (type === MessageType.Error) failed(`server error: ${message}`);
      else browserLog.push(`server log: ${message}`);
    });
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    assert.equal(result.serverInfo?.name, 'seedlint');
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(async () => {
    if (connection) {
      await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      connection.dispose();
    }
    await page?.close();
  });

  async function diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + 30000;
    for (;;) {
      const found = published.find((p) => p.uri === uri && p.version === version);
      if (found) return found;
      if (fatal) assert.fail(`no diagnostics for ${uri} v${version}; browser said:${context()}`);
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`no diagnostics for ${uri} v${version}; browser said:${context()}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** The first error the browser or the server reported, if any. */
  const firstError = () => fatal;

  return { connection: () => connection!, diagnosticsFor, firstError };
}
