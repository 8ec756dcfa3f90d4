// `seedlint check | server | rng | rule`: the command line over the same linter and engine
// as the language server.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectorMatches } from './analysis/suppressions';
import { FORMATS, formatGithub, formatJson, formatSarif, formatStatistics, formatText, type FileResult, type Format } from './cli/formats';
import { ConfigFinder, relativeToRoot } from './config-files';
import { createLinter } from './linter';
import { readParserAssets } from './node-assets';
import { projectFactsFor } from './project-files';
import { RULES, ruleByCodeOrName } from './rules/registry';
import { mergeSettings, selectRules, type Settings } from './settings';
import { VERSION } from './version';

const USAGE = `Usage: seedlint <command> [options]

Commands:
  check [options] PATH...   Lint Python files and folders (recursively; '-' reads stdin).
                            Exits 1 when something is found, 0 when clean, 2 on errors.
      --format FORMAT         text (default), json, sarif or github
      --select CODES          only these rules (codes, prefixes like RNG1, names, ALL)
      --extend-select CODES   add rules (for example the opt-in RNG9 rules)
      --ignore CODES          skip these rules
      --statistics            print the number of findings per rule instead of each finding
      --stdin-filename PATH   the path to report (and configure) for '-'
  server --stdio            Run the language server for any LSP client (also --node-ipc).
  rng                       Answer \`seedlint rng\` protocol requests (JSON lines on stdin).
  rule CODE|NAME            Print a rule's documentation.
  help                      Show this help.

Configuration: [tool.seedlint] in the nearest pyproject.toml (select, extend-select, ignore,
per-file-ignores, severity, unsafe-fixes, torch-version); command-line flags win.
`;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'env']);

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  cwd: string;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text);
}

/** Expands folders to the `.py` files under them; explicit files are kept whatever their name. */
function collectFiles(paths: readonly string[], io: CliIo): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      errors.push(`${dir}: cannot read directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        files.push(full);
      }
    }
  };
  for (const path of paths) {
    const full = resolve(io.cwd, path);
    let stats;
    try {
      stats = statSync(full);
    } catch (error) {
      errors.push(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read (${String(error)})`}`);
      continue;
    }
    if (stats.isDirectory()) walk(full);
    else files.push(full);
  }
  return { files, errors };
}

function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        select: { type: 'string', multiple: true },
        'extend-select': { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        statistics: { type: 'boolean', default: false },
        'stdin-filename': { type: 'string' },
      },
    });
  } catch (error) {
    write(io.stderr, `seedlint check: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    write(io.stderr, `seedlint check: unknown --format '${values.format}' (use ${FORMATS.join(', ')})\n`);
    return 2;
  }
  if (positionals.length === 0) {
    write(io.stderr, 'seedlint check: give at least one file or folder, e.g. `seedlint check .` (or `-` for stdin)\n');
    return 2;
  }
  const cliSettings: Partial<Settings> = {};
  if (values.select) cliSettings.select = list(values.select);
  if (values['extend-select']) cliSettings.extendSelect = list(values['extend-select']);
  if (values.ignore) cliSettings.ignore = list(values.ignore);
  const unknown = [...(cliSettings.select ?? []), ...(cliSettings.extendSelect ?? []), ...(cliSettings.ignore ?? [])].filter(
    (s) => !RULES.some((r) => selectorMatches(s, r)),
  );
  if (unknown.length > 0) {
    write(io.stderr, `seedlint check: no rule matches ${unknown.map((u) => `'${u}'`).join(', ')}\n`);
    return 2;
  }

  const { files, errors } = collectFiles(positionals.filter((p) => p !== '-'), io);
  const inputs: { path: string; read: () => Promise<string> }[] = files.map((file) => ({ path: file, read: async () => readFileSync(file, 'utf8') }));
  if (positionals.includes('-')) {
    const name = resolve(io.cwd, values['stdin-filename'] ?? 'stdin.py');
    inputs.push({ path: name, read: () => readStdin(io.stdin) });
  }

  const linter = await createLinter(readParserAssets());
  const configs = new ConfigFinder();
  const results: FileResult[] = [];
  for (const input of inputs) {
    const shown = shownPath(io.cwd, input.path);
    let text: string;
    try {
      text = await input.read();
    } catch (error) {
      errors.push(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    let fileConfig;
    try {
      fileConfig = configs.forFile(input.path);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    const settings = mergeSettings(fileConfig?.settings ?? {}, cliSettings);
    const selection = selectRules(RULES, settings, fileConfig ? relativeToRoot(fileConfig.root, input.path) : undefined);
    const project = projectFactsFor(input.path, { overrides: { torch: settings.torchVersion } });
    const tree = linter.parser.parse(text);
    let findings;
    try {
      if (tree.rootNode.hasError) write(io.stderr, `${shown}: note: syntax errors; findings cover the parts that parse\n`);
      findings = linter.lint(text, { syntax: linter.parser.mirror(tree, text), selection, project });
    } finally {
      tree.delete();
    }
    results.push({ path: shown, text, findings });
  }

  const found = results.reduce((n, r) => n + r.findings.length, 0);
  if (values.statistics) write(io.stdout, formatStatistics(results));
  else if (format === 'json') write(io.stdout, formatJson(results));
  else if (format === 'sarif') write(io.stdout, formatSarif(results, RULES, VERSION));
  else if (format === 'github') write(io.stdout, formatGithub(results));
  else write(io.stdout, formatText(results));
  for (const error of errors) write(io.stderr, `seedlint: error: ${error}\n`);
  if (format === 'text' && !values.statistics) {
    const withFindings = results.filter((r) => r.findings.length > 0).length;
    const checked = `${results.length} file${results.length === 1 ? '' : 's'}`;
    write(io.stdout, found === 0 ? `All clear: ${checked} checked.\n` : `Found ${found} problem${found === 1 ? '' : 's'} in ${withFindings} of ${checked}.\n`);
  }
  if (errors.length > 0) return 2;
  return found > 0 ? 1 : 0;
}

function rule(args: readonly string[], io: CliIo): number {
  const found = args[0] ? ruleByCodeOrName(args[0]) : undefined;
  if (!found) {
    write(io.stderr, `seedlint rule: unknown rule ${args[0] ?? '(none given)'}; known: ${RULES.map((r) => `${r.code} ${r.name}`).join(', ')}\n`);
    return 2;
  }
  write(io.stdout, `# ${found.code} ${found.name}\n\n${found.docs}`);
  return 0;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return check(rest, io);
    case '--version':
    case 'version':
      write(io.stdout, `seedlint ${VERSION}\n`);
      return 0;
    case 'server': {
      const { runNodeServer } = await import('./node-server');
      runNodeServer();
      return new Promise<number>(() => {}); // runs until the client disconnects
    }
    case 'rng': {
      const { rngCommand } = await import('./cli/rng-command');
      return rngCommand(io.stdin, io.stdout);
    }
    case 'rule':
      return rule(rest, io);
    case 'help':
    case '--help':
    case '-h':
      write(io.stdout, USAGE);
      return 0;
    default:
      write(io.stderr, `${command ? `seedlint: unknown command '${command}'\n\n` : ''}${USAGE}`);
      return 2;
  }
}

/** The `seedlint` executable (bin/seedlint.js calls this). */
export function main(): void {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`seedlint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) main();
