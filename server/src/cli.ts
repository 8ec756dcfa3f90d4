// `seedlint check | server | rng | rule`: the command line over the same linter and engine
// as the language server.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createLinter } from './linter';
import { readParserAssets } from './node-assets';
import { RULES, ruleByCodeOrName } from './rules/registry';
import type { Finding } from './rules/rule';

const USAGE = `Usage: seedlint <command> [options]

Commands:
  check PATH...        Lint Python files and folders (recursively); exits 1 when
                       something is found, 0 when clean, 2 on errors.
  server --stdio       Run the language server for any LSP client (also --node-ipc).
  rng                  Answer \`seedlint rng\` protocol requests (JSON lines on stdin).
  rule CODE|NAME       Print a rule's documentation.
  help                 Show this help.
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

function codeFrame(text: string, finding: Finding): string {
  const lines = text.split('\n');
  const { start, end } = finding.range;
  const lineText = (lines[start.line] ?? '').replace(/\r$/, '');
  const number = String(start.line + 1);
  const gutter = ' '.repeat(number.length);
  const width = Math.max(1, (end.line === start.line ? end.character : lineText.length) - start.character);
  const caret = ' '.repeat(start.character) + '^'.repeat(width);
  const help = finding.fix ? `${gutter} = help: ${finding.fix.title}\n` : '';
  return `${gutter} |\n${number} | ${lineText}\n${gutter} | ${caret}\n${help}`;
}

async function check(paths: readonly string[], io: CliIo): Promise<number> {
  if (paths.length === 0) {
    write(io.stderr, 'seedlint check: give at least one file or folder, e.g. `seedlint check .`\n');
    return 2;
  }
  const { files, errors } = collectFiles(paths, io);
  const linter = await createLinter(readParserAssets());
  let found = 0;
  let filesWithFindings = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(`${relative(io.cwd, file) || file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    const shown = relative(io.cwd, file) || file;
    const tree = linter.parser.parse(text);
    if (tree.rootNode.hasError) write(io.stderr, `${shown}: note: syntax errors; findings cover the parts that parse\n`);
    const findings = linter.lint(text, { tree });
    tree.delete();
    if (findings.length > 0) filesWithFindings++;
    for (const f of findings) {
      found++;
      write(io.stdout, `${shown}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.code} ${f.message}\n${codeFrame(text, f)}\n`);
    }
  }
  for (const error of errors) write(io.stderr, `seedlint: error: ${error}\n`);
  const checked = `${files.length} file${files.length === 1 ? '' : 's'} checked`;
  write(io.stdout, found === 0 ? `All clear: ${checked}.\n` : `Found ${found} problem${found === 1 ? '' : 's'} in ${filesWithFindings} of ${checked.replace(' checked', '')}.\n`);
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
