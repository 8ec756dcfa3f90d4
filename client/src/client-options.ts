// Options shared by the desktop and web clients: which documents the server sees.

import type { LanguageClientOptions } from 'vscode-languageclient';

export function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'vscode-vfs', language: 'python' },
    ],
  };
}
