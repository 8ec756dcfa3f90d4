// The language server in the test's own process, started with a given host, and a client
// connection to it over in-memory streams. The caller registers its handlers, then listens.

import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startServer, type ServerHost } from '../../server/src/server';

export function connectInProcess(host: ServerHost): ProtocolConnection {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, host);
  server.listen();
  return createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
}
