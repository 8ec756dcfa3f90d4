// Options shared by the desktop and web clients: which documents the server sees, which
// project files it must hear about, and what the client can do for it.

import { workspace } from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient';

/**
 * Files whose changes can change findings: configuration, declared library versions (every
 * name `isDeclarationFile` in server/src/analysis/versions.ts reads) and the Python modules a
 * document imports (cross-module resolution, setup.py included).
 */
const PROJECT_FILES = '**/{pyproject.toml,requirement*.txt,requirement*.in,requirements/*.txt,requirements/*.in,setup.cfg,*.py,environment*.yml,environment*.yaml,env.yml,env.yaml,conda.yml,conda.yaml}';

export function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      { scheme: 'vscode-vfs', language: 'python' },
    ],
    synchronize: { fileEvents: workspace.createFileSystemWatcher(PROJECT_FILES) },
    initializationOptions: { showDocumentationCommand: true },
  };
}
