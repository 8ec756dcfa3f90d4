// The language server over a Node transport: `--stdio`, `--node-ipc` or `--socket=N`
// (vscode-languageserver reads the choice from argv).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { readParserAssets } from './node-assets';
import { startServer } from './server';

export function runNodeServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, { loadParserAssets: async () => readParserAssets() });
  connection.listen();
}
