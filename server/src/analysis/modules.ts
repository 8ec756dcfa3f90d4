// Cross-module resolution (spec rules.md §4.10): seed helpers, worker_init_fn bodies, Dataset
// classes and transforms often live in sibling modules (`utils/seed.py`, `datasets/__init__.py`).
// A light index of the project's Python files, keyed by module path, lets the rules follow one
// import into them. The index parses a sibling file into its own FileModel once and keeps it
// until the host says files changed.
//
// Pure: the host gives a reader (the Node hosts read the disk, the web host the open documents;
// where a module cannot be read, rules fall back to the /seed/i heuristic). Paths are absolute
// POSIX paths.

import { ValueTracker } from './flow';
import { canonicalName } from './known-names';
import { FileModel } from './model';
import type { PythonParser, SyntaxNode } from './parser';

/** A project module that some import names. */
export interface SiblingModule {
  /** Absolute path of the file. */
  readonly file: string;
  /** The path as messages show it: relative to the project root when there is one. */
  readonly path: string;
  readonly model: FileModel;
  readonly values: ValueTracker;
  /** The index as this module's own imports see it (for re-exports from a package's `__init__`). */
  readonly modules: ModuleIndex;
}

export interface ModuleIndex {
  /**
   * The project module `names` (`['datasets', 'synapse']`), absolute when `level` is 0, else
   * relative with `level` dots; undefined when no project file is that module.
   */
  module(level: number, names: readonly string[]): SiblingModule | undefined;
}

export interface ModuleReader {
  /** A file's text, or undefined when there is no such (small enough, regular) file. */
  read(file: string): string | undefined;
}

export interface ProjectModulesOptions {
  /** Absolute imports are searched from the importing file's folder up to this folder (inclusive). */
  root?: string;
  /** How messages name a module file; default: relative to `root`, else the absolute path. */
  show?: (file: string) => string;
}

/** How many folders above the importing file absolute imports are searched (without a root). */
const MAX_SEARCH_UP = 4;
/** Parsed modules kept at once; the whole cache is dropped beyond it (a project rarely nears it). */
const MAX_CACHED = 256;

/**
 * Roots that name installed libraries, never project modules: resolving them would only cost
 * file-system lookups. Project packages that share a name with a library (a local `datasets/`)
 * are still found, as Python finds them first too.
 */
const LIBRARY_ROOTS = new Set(['torch', 'numpy', 'random', 'builtins', 'os', 'sys', 'math', 'functools', 'itertools', 'collections', 'typing', 'logging', 'argparse', 'time', 're', 'json', 'pathlib', 'warnings', 'copy', 'abc', 'dataclasses', '__future__']);

/** The project's modules as one host sees them (one instance per host; see `indexFor`). */
export class ProjectModules {
  private readonly cache = new Map<string, SiblingModule | null>();
  /** Per file looked up (found or not), the files whose imports looked it up. */
  private readonly readers = new Map<string, Set<string>>();

  constructor(
    private readonly parser: PythonParser,
    private readonly reader: ModuleReader,
    private readonly options: ProjectModulesOptions = {},
  ) {}

  /** Forget every parsed module (a Python file changed, was created or deleted). */
  clear(): void {
    this.cache.clear();
    this.readers.clear();
  }

  /**
   * Forget one file (its text changed in the editor). Returns the files whose findings may
   * change: those that looked it up, found or not, directly or through a re-export.
   */
  forget(file: string): Set<string> {
    this.cache.delete(file);
    const affected = new Set<string>();
    const pending = [file];
    while (pending.length > 0) {
      for (const reader of this.readers.get(pending.pop()!) ?? []) {
        if (affected.has(reader)) continue;
        affected.add(reader);
        pending.push(reader);
      }
    }
    return affected;
  }

  /** The index as the file `importer` sees it. */
  indexFor(importer: string): ModuleIndex {
    const folder = dirname(importer);
    return { module: (level, names) => this.find(folder, level, names, importer) };
  }

  private find(folder: string, level: number, names: readonly string[], importer: string): SiblingModule | undefined {
    if (level === 0 && (names.length === 0 || LIBRARY_ROOTS.has(names[0]!))) return undefined;
    if (names.some((n) => !/^\w+$/.test(n))) return undefined;
    for (const base of this.searchFolders(folder, level)) {
      const stem = names.length ? `${base}/${names.join('/')}` : base;
      for (const file of names.length ? [`${stem}.py`, `${stem}/__init__.py`] : [`${stem}/__init__.py`]) {
        let readers = this.readers.get(file);
        if (!readers) this.readers.set(file, (readers = new Set()));
        readers.add(importer);
        const module = this.load(file);
        if (module) return module;
      }
    }
    return undefined;
  }

  /** Relative imports: the one package folder the dots name. Absolute: the folder and those above. */
  private searchFolders(folder: string, level: number): string[] {
    if (level > 0) {
      let base = folder;
      for (let i = 1; i < level; i++) base = dirname(base);
      return [base];
    }
    const folders: string[] = [];
    const root = this.options.root;
    for (let f = folder, i = 0; ; i++) {
      folders.push(f);
      const up = dirname(f);
      if (f === root || up === f || (!root && i >= MAX_SEARCH_UP) || (root && !isWithin(up, root))) break;
      f = up;
    }
    return folders;
  }

  private load(file: string): SiblingModule | undefined {
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached ?? undefined;
    if (this.cache.size >= MAX_CACHED) this.clear();
    const text = this.reader.read(file);
    let module: SiblingModule | null = null;
    if (text !== undefined) {
      const tree = this.parser.parse(text);
      try {
        const model = new FileModel(this.parser.mirror(tree, text), text, this.parser);
        const { root, show } = this.options;
        const path = show ? show(file) : root && isWithin(file, root) ? file.slice(root.length).replace(/^\/+/, '') : file;
        module = { file, path, model, values: new ValueTracker(model), modules: this.indexFor(file) };
      } finally {
        tree.delete();
      }
    }
    this.cache.set(file, module);
    return module ?? undefined;
  }
}

export interface ImportedDefinition {
  module: SiblingModule;
  /** The `function_definition` or `class_definition` in that module. */
  definition: SyntaxNode;
}

/** Import hops followed: the import itself, and one re-export (a package `__init__` importing it). */
const MAX_HOPS = 2;

/**
 * The top-level `def` or `class` of a project module that a qualified name (as `NameResolver`
 * spells it: `datasets.synapse.Synapse`, `.utils.set_seed`) names, or undefined.
 */
export function importedDefinition(qualified: string | undefined, index: ModuleIndex | undefined, hops = MAX_HOPS): ImportedDefinition | undefined {
  if (!qualified || !index || hops <= 0) return undefined;
  const match = /^(\.*)(.*)$/.exec(qualified)!;
  const level = match[1]!.length;
  const names = match[2] ? match[2].split('.') : [];
  if (names.length === 0 || (level === 0 && names.length < 2)) return undefined;
  const member = names.pop()!;
  const module = index.module(level, names);
  if (!module) return undefined;
  const bindings = module.model.names.bindingsIn(null, member);
  const last = bindings[bindings.length - 1];
  if (!last) return undefined;
  if ((last.kind === 'def' || last.kind === 'class') && last.definition) return { module, definition: last.definition };
  if (last.kind === 'import' && last.qualified) return importedDefinition(canonicalName(last.qualified), module.modules, hops - 1);
  return undefined;
}

/** The imported definition a call's callee names (`MyDataset(...)`, `utils.set_seed(...)`). */
export function importedCallee(call: SyntaxNode, model: FileModel): ImportedDefinition | undefined {
  if (!model.modules) return undefined;
  return importedDefinition(model.calleeName(call), model.modules);
}

/** True when two nodes are the same node of the same tree (ids repeat across modules). */
export function sameNode(a: SyntaxNode | undefined, b: SyntaxNode | undefined): boolean {
  return !!a && !!b && a.id === b.id && a.tree === b.tree;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
