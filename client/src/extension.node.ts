// Desktop VS Code: starts the bundled server over IPC for Python files.

import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions } from './client-options';
import { registerShowDocumentation } from './show-documentation';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  registerShowDocumentation(context);
  const module = context.asAbsolutePath(path.join('server', 'dist', 'server.node.js'));
  // Node flags for the server, kept in package.json so that the benchmark starts it the same
  // way: a larger young generation makes a lint's short-lived objects die young instead of
  // being copied mid-lint (about 15% off edit -> diagnostics, bench/README.md), and `gc` lets the
  // server collect them while it waits for the next keystroke (server/src/idle-collection.ts).
  const flags = (context.extension.packageJSON as { seedlint?: { serverNodeFlags?: string[] } }).seedlint?.serverNodeFlags ?? [];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: flags } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...flags, '--nolazy', '--inspect=6009'] } },
  };
  client = new LanguageClient('seedlint', 'seedlint', serverOptions, clientOptions());
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
