// The language server over a Node transport: `--stdio`, `--node-ipc` or `--socket=N`
// (vscode-languageserver reads the choice from argv). Node hosts read pyproject.toml and the
// dependency declarations next to `file:` documents.

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
  startServer(connection, {
    invalidateProjectContext() {
      configs = new ConfigFinder();
      clearProjectFactsCache();
      modules?.clear();
    },
    loadParserAssets: async () => readParserAssets(),
    projectContext(uri, editor, parser): ProjectContext {
      if (!uri.startsWith('file:')) return {};
      const path = fileURLToPath(uri);
      const config = configs.forFile(path);
      const settings = mergeSettings(editor, config?.settings ?? {});
      modules ??= new ModuleFiles(parser);
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
