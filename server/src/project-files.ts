// Host side of version detection (spec rules.md §4.9): find the dependency declarations that
// govern a Python file and turn them into ProjectFacts. The parsing itself is pure and lives in
// `analysis/versions.ts`; this module only reads files.
//
// Search: from the file's folder upwards, every folder contributes its requirements*.txt (also
// the singular requirement*.txt, and requirements/*.txt), pyproject.toml, setup.cfg, setup.py and
// environment*.yml (also env.yml, conda.yml). The walk
// stops after a repository root (a folder holding `.git`) or at the file system root. A nearer
// folder's declaration of a package wins over a farther one; within one folder the declaration
// that allows the newest release wins (see `addDeclaration`). Results are cached per folder.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { addDeclaration, isDeclarationFile, normalizePackageName, parseDeclarationFile, withVersionOverrides } from './analysis/versions';
import type { ProjectFacts } from './rules/rule';

interface FolderDeclarations {
  declared: Map<string, string>;
  /** Per package, the file that declared it. */
  sources: Map<string, string>;
}

/** Declaration files larger than this are not read (a lockfile-sized requirements.txt is fine). */
const MAX_FILE_BYTES = 2_000_000;

const folderCache = new Map<string, FolderDeclarations>();
const factsCache = new Map<string, ProjectFacts>();

/** Forget everything read so far (call when a declaration file changes). */
export function clearProjectFactsCache(): void {
  folderCache.clear();
  factsCache.clear();
  rootCache.clear();
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** A regular file's text, or undefined when it is missing, unreadable or over `maxBytes`. */
export function readSmallFile(path: string, maxBytes: number): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The declaration files of one folder, in a fixed order (for stable messages). */
function declarationFilesIn(folder: string): string[] {
  const entries = safeList(folder);
  const files = entries.filter((n) => isDeclarationFile(n)).sort().map((n) => join(folder, n));
  if (entries.includes('requirements')) {
    const sub = join(folder, 'requirements');
    for (const n of safeList(sub).sort()) if (/\.(txt|in)$/i.test(n)) files.push(join(sub, n));
  }
  return files;
}

function readFolder(folder: string): FolderDeclarations {
  const cached = folderCache.get(folder);
  if (cached) return cached;
  const result: FolderDeclarations = { declared: new Map(), sources: new Map() };
  for (const file of declarationFilesIn(folder)) {
    const text = readSmallFile(file, MAX_FILE_BYTES);
    if (text === undefined) continue;
    const base = file.slice(file.lastIndexOf('/') + 1);
    const parsed = parseDeclarationFile(/\/requirements\/[^/]+$/.test(file) ? 'requirements.txt' : base, text);
    if (!parsed) continue;
    for (const [pkg, spec] of parsed) {
      const before = result.declared.get(pkg);
      addDeclaration(result.declared, pkg, spec);
      if (result.declared.get(pkg) !== before || !result.sources.has(pkg)) result.sources.set(pkg, file);
    }
  }
  folderCache.set(folder, result);
  return result;
}

function isRepositoryRoot(folder: string): boolean {
  return existsSync(join(folder, '.git'));
}

export interface ProjectFactsOptions {
  /** Settings that win over every declaration, e.g. `{ torch: '1.8.1' }` from `seedlint.torchVersion`. */
  overrides?: Readonly<Record<string, string | undefined>>;
}

/**
 * The declared dependency versions that govern `pythonFile`. `source` names the file that
 * declared torch (or the first declaration file found), relative to the repository root when
 * there is one.
 */
export function projectFactsFor(pythonFile: string, options: ProjectFactsOptions = {}): ProjectFacts {
  const start = dirname(resolve(pythonFile));
  let facts = factsCache.get(start);
  if (!facts) {
    facts = collect(start);
    factsCache.set(start, facts);
  }
  return withVersionOverrides(facts, options.overrides ?? {});
}

const rootCache = new Map<string, string | undefined>();

/**
 * The nearest folder at or above `folder` that holds `.git`, or undefined (cached per folder).
 * Declarations are read up to it, and sibling modules searched up to it (module-files.ts).
 */
export function repositoryRoot(folder: string): string | undefined {
  if (rootCache.has(folder)) return rootCache.get(folder);
  let root: string | undefined;
  for (let f = folder, depth = 0; depth < 64; depth++) {
    if (isRepositoryRoot(f)) {
      root = f;
      break;
    }
    const parent = dirname(f);
    if (parent === f) break;
    f = parent;
  }
  rootCache.set(folder, root);
  return root;
}

function collect(start: string): ProjectFacts {
  const declared = new Map<string, string>();
  const sources = new Map<string, string>();
  const root = repositoryRoot(start);
  for (let folder = start, depth = 0; depth < 64; depth++) {
    const found = readFolder(folder);
    for (const [pkg, spec] of found.declared) {
      if (declared.has(pkg)) continue; // the nearer folder wins
      declared.set(pkg, spec);
      sources.set(pkg, found.sources.get(pkg)!);
    }
    if (folder === root) break;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  const main = sources.get(normalizePackageName('torch')) ?? sources.values().next().value;
  if (declared.size === 0 || main === undefined) return { declared };
  return { declared, source: root ? relative(root, main) : main };
}
