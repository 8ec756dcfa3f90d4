// Host side of cross-module resolution (spec rules.md §4.10): the project's Python files as the
// Node hosts (CLI and desktop server) read them from disk. One `ProjectModules` per repository
// root, so that absolute imports are searched up to that root and messages name files relative
// to it. The web host reads open documents instead (web-host.ts).

import { dirname, resolve, sep } from 'node:path';
import { ProjectModules, type ModuleIndex, type ProjectModulesOptions } from './analysis/modules';
import type { PythonParser } from './analysis/parser';
import { readSmallFile, repositoryRoot } from './project-files';

/** Modules larger than this are not read (generated code, vendored data). */
const MAX_MODULE_BYTES = 1_000_000;

function readModule(file: string): string | undefined {
  return readSmallFile(file, MAX_MODULE_BYTES);
}

export class ModuleFiles {
  /** Keyed by repository root ('' outside any repository). */
  private readonly byRoot = new Map<string, ProjectModules>();

  /**
   * `show` names a module file in messages (the CLI: relative to its working folder, as it names
   * the files it checks); default: relative to the repository root.
   */
  constructor(
    private readonly parser: PythonParser,
    private readonly show?: (file: string) => string,
    /** Texts that win over the disk: the editor's open documents, unsaved edits included. */
    private readonly overlay?: (file: string) => string | undefined,
  ) {}

  /** The sibling-module index as `pythonFile`'s imports see it. */
  indexFor(pythonFile: string): ModuleIndex {
    const file = ModuleFiles.key(pythonFile);
    const root = repositoryRoot(dirname(resolve(pythonFile))) ?? '';
    let modules = this.byRoot.get(root);
    if (!modules) {
      const options: ProjectModulesOptions = root ? { root: ModuleFiles.key(root) } : {};
      if (this.show) options.show = this.show;
      const overlay = this.overlay;
      const read = overlay ? (file: string) => overlay(file) ?? readModule(file) : readModule;
      modules = new ProjectModules(this.parser, { read }, options);
      this.byRoot.set(root, modules);
    }
    return modules.indexFor(file);
  }

  /**
   * Forget one file (an open document changed). Returns the files (absolute, POSIX-style) whose
   * lints read it, directly or through a re-export.
   */
  forget(pythonFile: string): Set<string> {
    const file = ModuleFiles.key(pythonFile);
    const affected = new Set<string>();
    for (const modules of this.byRoot.values()) for (const reader of modules.forget(file)) affected.add(reader);
    return affected;
  }

  /** How the index names files: absolute, POSIX-style (the form `forget` returns). */
  static key(pythonFile: string): string {
    const path = resolve(pythonFile);
    return sep === '/' ? path : path.split(sep).join('/');
  }

  /** Forget every module read so far (a Python file changed on disk). */
  clear(): void {
    for (const modules of this.byRoot.values()) modules.clear();
  }
}
