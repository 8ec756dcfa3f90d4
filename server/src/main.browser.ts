// Web worker transport. The worker script lives in server/dist/; the wasm files are fetched
// from the extension's own files (never from the network at large). Project facts come from the
// settings and the open documents (web-host.ts).

import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './server';
import { webHost } from './web-host';

declare const self: DedicatedWorkerGlobalScope;

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`seedlint: cannot load ${url.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The URL this bundle was loaded from, found while it is being evaluated. Not `self.location`:
 * VS Code for the Web (1.139, extensionHostWorkerMain.js) starts an extension's worker from a
 * blob: script that importScripts() the bundle, and relative URLs do not resolve against blob:.
 * A stack trace names the running script in every engine (`at URL:line:col`, `@URL:line:col`).
 */
function bundleUrl(): string {
  const frame = /((?:https?|file|vscode-[\w-]+):\/\/[^\s()]+?):\d+:\d+/.exec(new Error().stack ?? '');
  return frame?.[1] ?? self.location.href;
}
const BUNDLE_URL = bundleUrl();

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(
  connection,
  webHost(async () => {
    const base = new URL('.', BUNDLE_URL);
    const [runtimeWasm, grammarWasm] = await Promise.all([
      fetchBytes(new URL('web-tree-sitter.wasm', base)),
      fetchBytes(new URL('../../grammars/tree-sitter-python.wasm', base)),
    ]);
    return { runtimeWasm, grammarWasm };
  }),
);
connection.listen();
