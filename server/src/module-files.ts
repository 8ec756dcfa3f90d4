// Host side of cross-module resolution (spec rules.md §4.10): the project's Python files as the
// Node hosts (CLI and desktop server) read them from disk. One `ProjectModules` per repository
// root, so that absolute imports are searched up to that root and messages name files relative
// to it. The web host has no file system and no index.

import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { ProjectModules, type ModuleIndex, type ProjectModulesOptions } from './analysis/modules';
import type { PythonParser } from './analysis/parser';
import { readSmallFile } from './project-files';

/** Modules larger than this are not read (generated code, vendored data). */
const MAX_MODULE_BYTES = 1_000_000;

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function readModule(file: string): string | undefined {
  return readSmallFile(file, MAX_MODULE_BYTES);
}

export class ModuleFiles {
  private readonly byRoot = new Map<string, ProjectModules>();
  private readonly rootOf = new Map<string, string>();

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
    const file = resolve(pythonFile);
    const root = this.repositoryRoot(dirname(file));
    let modules = this.byRoot.get(root);
    if (!modules) {
      const options: ProjectModulesOptions = root ? { root: toPosix(root) } : {};
      if (this.show) options.show = this.show;
      const overlay = this.overlay;
      const read = overlay ? (file: string) => overlay(file) ?? readModule(file) : readModule;
      modules = new ProjectModules(this.parser, { read }, options);
      this.byRoot.set(root, modules);
    }
    return modules.indexFor(toPosix(file));
  }

  /**
   * Forget one file (an open document changed). Returns the files (absolute, POSIX-style) whose
   * lints read it, directly or through a re-export.
   */
  forget(pythonFile: string): Set<string> {
    const file = toPosix(resolve(pythonFile));
    const affected = new Set<string>();
    for (const modules of this.byRoot.values()) for (const reader of modules.forget(file)) affected.add(reader);
    return affected;
  }

  /** The form `forget` names files in. */
  static key(pythonFile: string): string {
    return toPosix(resolve(pythonFile));
  }

  /** Forget every module read so far (a Python file changed on disk). */
  clear(): void {
    for (const modules of this.byRoot.values()) modules.clear();
    this.rootOf.clear();
  }

  /** The nearest folder holding `.git` at or above `folder`; '' when there is none. */
  private repositoryRoot(folder: string): string {
    const known = this.rootOf.get(folder);
    if (known !== undefined) return known;
    let root = '';
    for (let f = folder; ; ) {
      if (existsSync(`${f}${sep}.git`)) {
        root = f;
        break;
      }
      const up = dirname(f);
      if (up === f) break;
      f = up;
    }
    this.rootOf.set(folder, root);
    return root;
  }
}
