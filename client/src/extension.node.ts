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
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  client = new LanguageClient('seedlint', 'seedlint', serverOptions, clientOptions());
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
