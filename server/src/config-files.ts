// Host side of configuration: the nearest pyproject.toml with a [tool.seedlint] table, found
// from the linted file upwards. Its folder is the project root for per-file-ignores.

import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { settingsFromPyproject } from './config';
import type { Settings } from './settings';

export interface FileConfig {
  settings: Partial<Settings>;
  /** The folder per-file-ignores globs are relative to. */
  root: string;
  source?: string;
}

export class ConfigFinder {
  private readonly byDirectory = new Map<string, FileConfig | undefined>();

  /** Throws SettingsError with the file's name when a config exists but is invalid. */
  forFile(path: string): FileConfig | undefined {
    return this.forDirectory(dirname(path));
  }

  private forDirectory(dir: string): FileConfig | undefined {
    if (this.byDirectory.has(dir)) return this.byDirectory.get(dir);
    let found: FileConfig | undefined;
    const candidate = join(dir, 'pyproject.toml');
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch {
      text = undefined;
    }
    const settings = text === undefined ? undefined : settingsFromPyproject(text, candidate);
    if (settings) found = { settings, root: dir, source: candidate };
    else if (dirname(dir) !== dir) found = this.forDirectory(dirname(dir));
    this.byDirectory.set(dir, found);
    return found;
  }
}

export function relativeToRoot(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
