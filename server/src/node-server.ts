// The language server over a Node transport: `--stdio`, `--node-ipc` or `--socket=N`
// (vscode-languageserver reads the choice from argv). Node hosts read pyproject.toml and the
// dependency declarations next to `file:` documents.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ConfigFinder, relativeToRoot } from './config-files';
import { readParserAssets } from './node-assets';
import { ModuleFiles } from './module-files';
import { clearProjectFactsCache, projectFactsFor } from './project-files';
import { startServer, type ProjectContext } from './server';
import { mergeSettings } from './settings';

export function runNodeServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  let configs = new ConfigFinder();
  let modules: ModuleFiles | undefined;
  let listOpen: () => { uri: string; text: string }[] = () => [];
  /** The editor's text of a file, when it is open (URIs compared as paths: `c%3A` vs `C:`). */
  const openText = (file: string): string | undefined => {
    for (const { uri, text } of listOpen()) {
      if (!uri.startsWith('file:')) continue;
      try {
        if (resolve(fileURLToPath(uri)) === resolve(file)) return text;
      } catch {
        // not a path this platform can name
      }
    }
    return undefined;
  };
  startServer(connection, {
    invalidateProjectContext() {
      configs = new ConfigFinder();
      clearProjectFactsCache();
      modules?.clear();
    },
    loadParserAssets: async () => readParserAssets(),
    documentChanged(uri, openUris) {
      if (!modules || !uri.startsWith('file:')) return [];
      const readers = modules.forget(fileURLToPath(uri));
      if (readers.size === 0) return [];
      return openUris.filter((open) => {
        try {
          return open.startsWith('file:') && readers.has(ModuleFiles.key(fileURLToPath(open)));
        } catch {
          return false;
        }
      });
    },
    projectContext(uri, editor, parser, openDocuments): ProjectContext {
      listOpen = openDocuments;
      if (!uri.startsWith('file:')) return {};
      const path = fileURLToPath(uri);
      const config = configs.forFile(path);
      const settings = mergeSettings(editor, config?.settings ?? {});
      // Open documents win over the disk: a module being edited is read as the editor has it.
      modules ??= new ModuleFiles(parser, undefined, (file) => openText(file));
      const facts = projectFactsFor(path, { overrides: { torch: settings.torchVersion } });
      const context: ProjectContext = { facts: { ...facts, modules: modules.indexFor(path) } };
      if (config) {
        context.settings = config.settings;
        context.relativePath = relativeToRoot(config.root, path);
      }
      return context;
    },
  });
  connection.listen();
}
