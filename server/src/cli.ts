// `seedlint check | server | rng | rule`: the command line over the same linter and engine
// as the language server.

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectorMatches } from './analysis/suppressions';
import { FileChecker, shownPath, type CheckInput, type CheckedFile } from './cli/check-file';
import { checkInParallel, isCheckWorker, runCheckWorker } from './cli/check-pool';
import { FORMATS, formatGithub, formatJson, formatSarif, formatStatistics, formatText, type FileResult, type Format } from './cli/formats';
import { createLinter } from './linter';
import { readParserAssets } from './node-assets';
import { RULES, ruleByCodeOrName } from './rules/registry';
import type { Settings } from './settings';
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
      --jobs N                check on up to N threads (default: one per CPU core on
                              machines with more than two, for runs large enough to
                              gain from it; 1: no worker threads)
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

/**
 * Each worker thread warms its JIT up on its own (a fresh thread's first 3,000-line file takes
 * 330-420 ms, a warm one's about 50 ms: bench/README.md), so by default a thread is started only
 * for each 64 KiB (about 2,000 lines) of source.
 */
const BYTES_PER_WORKER = 64 * 1024;

/** How many worker threads to check `inputs` on; 1 or less: none, the main thread checks. */
function workerCount(jobs: number | undefined, inputs: readonly CheckInput[]): number {
  // Only the bundle can start itself as a worker (the sources run under a transpiler).
  if (!__filename.endsWith('.js')) return 1;
  if (jobs !== undefined) return Math.min(jobs, inputs.length);
  // With two cores, one thread already keeps the second busy with V8's compiler and collector
  // threads: two worker threads measured no faster (bench/README.md), so they are not started.
  const cores = availableParallelism();
  if (cores <= 2) return 1;
  let bytes = 0;
  for (const input of inputs) {
    try {
      bytes += input.text?.length ?? statSync(input.path).size;
    } catch {
      // unreadable: reported when it is checked
    }
  }
  return Math.min(cores, inputs.length, Math.floor(bytes / BYTES_PER_WORKER));
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
        jobs: { type: 'string' },
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
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    write(io.stderr, `seedlint check: --jobs takes a whole number of at least 1, not '${values.jobs}'\n`);
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
  const inputs: CheckInput[] = files.map((file) => ({ path: file, shown: shownPath(io.cwd, file) }));
  if (positionals.includes('-')) {
    const name = resolve(io.cwd, values['stdin-filename'] ?? 'stdin.py');
    inputs.push({ path: name, shown: shownPath(io.cwd, name), text: await readStdin(io.stdin) });
  }

  const workers = workerCount(jobs, inputs);
  // For tests and the bench: say where the files were checked.
  if (process.env.SEEDLINT_TRACE_JOBS) write(io.stderr, `seedlint: ${inputs.length} files on ${workers > 1 ? `${workers} worker threads` : 'the main thread'}\n`);
  let checked: CheckedFile[];
  if (workers > 1) {
    checked = await checkInParallel(inputs, workers, __filename, cliSettings);
  } else {
    const checker = new FileChecker(await createLinter(readParserAssets()), cliSettings, io.cwd);
    checked = inputs.map((input) => checker.check(input));
  }
  const results: FileResult[] = [];
  for (const file of checked) {
    for (const note of file.notes) write(io.stderr, `${note}\n`);
    errors.push(...file.errors);
    if (file.result) results.push(file.result);
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

if (isCheckWorker()) void runCheckWorker();
else if (require.main === module) main();
