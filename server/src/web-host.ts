// What the web host (VS Code for the Web, a browser Worker) knows about a document's project.
// It has no file system, so:
// - the declared versions come from the `seedlint.torchVersion` setting alone;
// - a document's sibling modules (§4.10) are the other documents open in the editor. The index
//   works on absolute POSIX paths, so each document is named by its URI's path, with one index
//   per scheme and authority (one workspace of VS Code for the Web). A module that is not open is
//   not found, and the rules do what they do without an index (the /seed/i fallback).
// No node built-ins here: this module is bundled for the browser.

import { ProjectModules } from './analysis/modules';
import type { PythonParser } from './analysis/parser';
import { withVersionOverrides } from './analysis/versions';
import { pathUri } from './handlers/diagnostics';
import type { ParserAssets } from './analysis/parser';
import type { OpenDocuments, ProjectContext, ServerHost } from './server';
import type { Settings } from './settings';

interface Place {
  /** Scheme and authority: `vscode-vfs://github`. */
  base: string;
  /** The decoded path: `/owner/repo/utils/seed.py`. */
  path: string;
}

/** Where a hierarchical URI points, or undefined for one without a path (`untitled:Untitled-1`). */
function placeOf(uri: string): Place | undefined {
  const match = /^([a-zA-Z][\w+.-]*:\/\/[^/?#]*)(\/[^?#]*)/.exec(uri);
  if (!match) return undefined;
  try {
    return { base: match[1]!, path: decodeURIComponent(match[2]!) };
  } catch {
    return undefined; // a malformed escape
  }
}

export class WebProjects {
  private readonly byBase = new Map<string, ProjectModules>();

  constructor(private readonly open: OpenDocuments) {}

  projectContext(uri: string, settings: Settings, parser: PythonParser): ProjectContext {
    const facts = withVersionOverrides({ declared: new Map<string, string>() }, { torch: settings.torchVersion });
    const at = placeOf(uri);
    if (!at) return { facts };
    let modules = this.byBase.get(at.base);
    if (!modules) {
      modules = new ProjectModules(parser, { read: (file) => this.openText(at.base, file) });
      this.byBase.set(at.base, modules);
    }
    return { facts: { ...facts, modules: modules.indexFor(at.path) }, moduleUri: (file) => pathUri(at.base, file) };
  }

  /** The open documents whose lints read `uri` (opened, edited or closed), directly or through a re-export. */
  documentChanged(uri: string): string[] {
    const at = placeOf(uri);
    const readers = at && this.byBase.get(at.base)?.forget(at.path);
    if (!at || !readers || readers.size === 0) return [];
    return this.open.uris().filter((other) => {
      const place = placeOf(other);
      return place?.base === at.base && readers.has(place.path);
    });
  }

  private openText(base: string, path: string): string | undefined {
    for (const uri of this.open.uris()) {
      const place = placeOf(uri);
      if (place?.base === base && place.path === path) return this.open.text(uri);
    }
    return undefined;
  }
}

/** The web host: `loadParserAssets` fetches the wasm files; the project is `WebProjects`. */
export function webHost(loadParserAssets: () => Promise<ParserAssets>): ServerHost {
  let projects: WebProjects | undefined; // made by `start`, which the server calls first
  return {
    loadParserAssets,
    start: (open) => (projects = new WebProjects(open)),
    projectContext: (uri, settings, parser) => projects?.projectContext(uri, settings, parser) ?? {},
    documentChanged: (uri) => projects?.documentChanged(uri) ?? [],
  };
}
