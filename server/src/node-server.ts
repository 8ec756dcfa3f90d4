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
import { startServer, type OpenDocuments, type ProjectContext } from './server';
import { mergeSettings } from './settings';

export function runNodeServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  let configs = new ConfigFinder();
  let modules: ModuleFiles | undefined;
  let open: OpenDocuments = { uris: () => [], text: () => undefined };
  /** The `file:` URIs of the open documents, with their paths. */
  const openFiles = (): { uri: string; path: string }[] => {
    const files: { uri: string; path: string }[] = [];
    for (const uri of open.uris()) {
      if (!uri.startsWith('file:')) continue;
      try {
        files.push({ uri, path: fileURLToPath(uri) });
      } catch {
        // not a path this platform can name
      }
    }
    return files;
  };
  /** The editor's text of a file, when it is open (compared as paths: `c%3A` vs `C:`). */
  const openText = (file: string): string | undefined => {
    const wanted = resolve(file);
    const found = openFiles().find(({ path }) => resolve(path) === wanted);
    return found && open.text(found.uri);
  };
  startServer(connection, {
    start(documents) {
      open = documents;
    },
    invalidateProjectContext() {
      configs = new ConfigFinder();
      clearProjectFactsCache();
      modules?.clear();
    },
    loadParserAssets: async () => readParserAssets(),
    documentChanged(uri) {
      if (!modules || !uri.startsWith('file:')) return [];
      const readers = modules.forget(fileURLToPath(uri));
      if (readers.size === 0) return [];
      return openFiles()
        .filter(({ path }) => readers.has(ModuleFiles.key(path)))
        .map(({ uri }) => uri);
    },
    projectContext(uri, editor, parser): ProjectContext {
      if (!uri.startsWith('file:')) return {};
      const path = fileURLToPath(uri);
      const config = configs.forFile(path);
      const settings = mergeSettings(editor, config?.settings ?? {});
      // Open documents win over the disk: a module being edited is read as the editor has it.
      modules ??= new ModuleFiles(parser, undefined, openText);
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
