// Web worker transport. The worker script lives in server/dist/; the wasm files are fetched
// from the extension's own files (never from the network at large).

import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './server';

declare const self: DedicatedWorkerGlobalScope;

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`seedlint: cannot load ${url.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, {
  loadParserAssets: async () => {
    const base = new URL('.', self.location.href);
    const [runtimeWasm, grammarWasm] = await Promise.all([
      fetchBytes(new URL('web-tree-sitter.wasm', base)),
      fetchBytes(new URL('../../grammars/tree-sitter-python.wasm', base)),
    ]);
    return { runtimeWasm, grammarWasm };
  },
});
connection.listen();
