// One file of `seedlint check`: read it, find its configuration and project facts, lint it.
// The same function runs in the CLI's own thread and in its worker threads, so that a
// parallel run reports exactly what a sequential one does.

import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { ConfigFinder, relativeToRoot } from '../config-files';
import type { Linter } from '../linter';
import { ModuleFiles } from '../module-files';
import { projectFactsFor } from '../project-files';
import { RULES } from '../rules/registry';
import { mergeSettings, selectRules, type Settings } from '../settings';
import type { FileResult } from './formats';

export interface CheckInput {
  /** Absolute path: where the file is read from (unless `text` is given) and configured for. */
  path: string;
  /** As shown to the user. */
  shown: string;
  /** The contents, when already read (stdin). */
  text?: string;
}

/** What checking one file produced; plain data, so that it can cross a worker boundary. */
export interface CheckedFile {
  result?: FileResult;
  /** Problems that make the run exit 2 (an unreadable file, an invalid pyproject.toml). */
  errors: string[];
  /** Remarks for stderr that change nothing (a file with syntax errors). */
  notes: string[];
}

export class FileChecker {
  private readonly configs = new ConfigFinder();
  private readonly modules: ModuleFiles;

  constructor(
    private readonly linter: Linter,
    private readonly cliSettings: Partial<Settings>,
    /** Messages name other modules relative to this folder, as the CLI names the files it checks. */
    cwd: string = process.cwd(),
  ) {
    this.modules = new ModuleFiles(linter.parser, (file) => shownPath(cwd, file));
  }

  check(input: CheckInput): CheckedFile {
    const errors: string[] = [];
    const notes: string[] = [];
    let text = input.text;
    if (text === undefined) {
      try {
        text = readFileSync(input.path, 'utf8');
      } catch (error) {
        return { errors: [`${input.shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`], notes };
      }
    }
    let fileConfig;
    try {
      fileConfig = this.configs.forFile(input.path);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    const settings = mergeSettings(fileConfig?.settings ?? {}, this.cliSettings);
    const selection = selectRules(RULES, settings, fileConfig ? relativeToRoot(fileConfig.root, input.path) : undefined);
    const project = { ...projectFactsFor(input.path, { overrides: { torch: settings.torchVersion } }), modules: this.modules.indexFor(input.path) };
    const { parser } = this.linter;
    const tree = parser.parse(text);
    try {
      if (tree.rootNode.hasError) notes.push(`${input.shown}: note: syntax errors; findings cover the parts that parse`);
      const findings = this.linter.lint(text, { syntax: parser.mirror(tree, text), selection, project });
      return { result: { path: input.shown, text, findings }, errors, notes };
    } finally {
      tree.delete();
    }
  }
}

/** A path relative to `cwd` when it is inside it, else as it is. */
export function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
