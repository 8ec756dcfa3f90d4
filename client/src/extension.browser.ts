// VS Code for the Web: runs the bundled server in a web worker.

import { Uri, type ExtensionContext } from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions } from './client-options';
import { registerShowDocumentation } from './show-documentation';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  registerShowDocumentation(context);
  const serverMain = Uri.joinPath(context.extensionUri, 'server/dist/server.browser.js');
  const worker = new Worker(serverMain.toString(true));
  client = new LanguageClient('seedlint', 'seedlint', worker, clientOptions());
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
