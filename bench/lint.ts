// Lint throughput (lines per second) side by side with Ruff (its wasm build, NPY rules only)
// on the same corpus in the same process, and the time from a one-line edit in a 3,000-line
// file to fresh diagnostics (incremental reparse + lint), as the language server does it.

import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectYoungGeneration } from '../server/src/idle-collection';
import { createLinter } from '../server/src/linter';
import { readParserAssets } from '../server/src/node-assets';
import { Session, type ContentChange } from '../server/src/session';
import { asOneFunction, buildCorpus, ROOT, type CorpusFile } from './corpus';
import { countStatementParses, describeCount, type StatementParseCount } from './instrument';
import { benchLspEdits, CODE_ACTION_DELAY_MS } from './lsp-edits';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export interface LintBenchResult {
  lines: number;
  /** One pass over the corpus in a fresh process (as a CI run does), median of 3 processes each. */
  coldSeedlintLinesPerSecond: number;
  coldRuffLinesPerSecond: number;
  seedlintLinesPerSecond: number;
  ruffLinesPerSecond: number;
  ratio: number;
  parseOnlyLinesPerSecond: number;
  editMedianMs: number;
  editP95Ms: number;
  editCpuMedianMs: number;
  typingMedianMs: number;
  typingP95Ms: number;
  /** Heap + array buffers (KiB) after 300 and 600 edits, when run with --expose-gc. */
  memoryKb: { stitched: [number, number]; oneFunction: [number, number] } | undefined;
  lspEditMedianMs: number;
  lspEditP95Ms: number;
  lspActionsEditMedianMs: number;
  lspActionsEditP95Ms: number;
  lspTypingEditMedianMs: number;
  lspTypingEditP95Ms: number;
  fullParseMs: number;
  findings: number;
  /** Whole command runs over the corpus written to a folder (process start included), median of 3. */
  commandLine: { sequentialMs: number; parallelMs: number; workers: number; ruffMs: number };
}

export const COLD_PASS_FLAG = '--cold-lint-pass';
/** A child process of the command-line measure: Ruff's wasm over every `.py` file of a folder. */
export const RUFF_FOLDER_FLAG = '--ruff-check-folder';

/** What a `ruff check` command would do with the wasm build: read each file, check it, count. */
export function ruffCheckFolder(folder: string): void {
  const ruff = new Workspace({ lint: { select: ['NPY'] } }, PositionEncoding.Utf16);
  let found = 0;
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.py')).sort()) {
    found += (ruff.check(readFileSync(join(folder, name), 'utf8')) as unknown[]).length;
  }
  console.log(JSON.stringify({ found }));
}

/** Wall milliseconds of a whole command, median of 3 runs; returns the last run's output too. */
function commandMs(args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; stdout: string; stderr: string } {
  const times: number[] = [];
  let last = { stdout: '', stderr: '' };
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
    times.push(performance.now() - t);
    if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr}`);
    last = child;
  }
  return { ms: median(times), ...last };
}

/**
 * `seedlint check --format json` over the corpus as files, on one thread and on a thread per
 * core, against the same for Ruff's wasm: what a CI job waits for.
 */
function commandLineRuns(corpus: readonly CorpusFile[], ruffFindings: number): LintBenchResult['commandLine'] {
  const folder = mkdtempSync(join(tmpdir(), 'seedlint-bench-'));
  try {
    for (const f of corpus) writeFileSync(join(folder, f.name), f.text);
    const bin = join(ROOT, 'bin/seedlint.js');
    const sequential = commandMs([bin, 'check', '--format', 'json', '--jobs', '1', folder]);
    // A thread per core, asked for: the default starts none on two cores or fewer.
    const parallel = commandMs([bin, 'check', '--format', 'json', '--jobs', String(availableParallelism()), folder], { SEEDLINT_TRACE_JOBS: '1' });
    if (parallel.stdout !== sequential.stdout) throw new Error('seedlint check printed other findings on several threads than on one');
    const workers = Number(/on (\d+) worker threads/.exec(parallel.stderr)?.[1] ?? 1);
    const ruff = commandMs([process.argv[1]!, RUFF_FOLDER_FLAG, folder]);
    const ruffFound = (JSON.parse(ruff.stdout.trim()) as { found: number }).found;
    if (ruffFound !== ruffFindings) throw new Error(`the Ruff command found ${ruffFound} problems, Ruff in this process ${ruffFindings}`);
    return { sequentialMs: sequential.ms, parallelMs: parallel.ms, workers, ruffMs: ruff.ms };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}


/** Edit number `i`: a `#` or a space at the start of line `i * stride`, then its undo. */
function editAndUndo(lines: readonly string[], i: number, stride: number): ContentChange[] {
  const line = (i * stride) % lines.length;
  const at = { line, character: 0 };
  return [
    { range: { start: at, end: at }, text: i % 2 ? ' ' : '#' },
    { range: { start: at, end: { line, character: 1 } }, text: '' },
  ];
}

/** What the typing measure types, one keystroke at a time. */
const TYPED = 'torch.manual_seed(args.seed + rank)';

/** `count` lines spread over the file that start a statement inside a function body (4+ spaces of indentation, not a comment). */
function typingLines(lines: readonly string[], count: number): number[] {
  const chosen: number[] = [];
  for (let k = 1; k <= count; k++) {
    for (let line = Math.floor((lines.length * k) / (count + 1)); line < lines.length; line++) {
      if (/^ {4,}[a-z_]/i.test(lines[line]!) && !/[,([{\\]$/.test(lines[line - 1]!.trimEnd())) {
        chosen.push(line);
        break;
      }
    }
  }
  return chosen;
}

/** A fast typist's gap between keystrokes is about 100 ms (120 words a minute); half of that. */
const TYPING_PAUSE_MS = 50;
/** A pause long enough for VS Code's light bulb to ask for code actions before the next keystroke. */
const READING_PAUSE_MS = 300;

/**
 * In a fresh process: set the tool up, lint every corpus file once, print the milliseconds of
 * that pass (setup excluded). Nothing is warm: not the JIT, not wasm's optimising tier (Ruff's
 * wasm only reaches its full speed after about three passes over this corpus).
 */
export async function coldPass(tool: string | undefined): Promise<void> {
  const corpus = buildCorpus();
  let check: (text: string) => unknown;
  if (tool === 'seedlint') {
    const linter = await createLinter(readParserAssets());
    check = (text) => linter.lint(text);
  } else if (tool === 'ruff') {
    const ruff = new Workspace({ lint: { select: ['NPY'] } }, PositionEncoding.Utf16);
    check = (text) => ruff.check(text);
  } else throw new Error(`${COLD_PASS_FLAG} seedlint|ruff, not ${tool}`);
  const t = performance.now();
  for (const f of corpus) check(f.text);
  console.log(JSON.stringify({ ms: performance.now() - t }));
}

/** Median one-pass time of `tool` over 3 fresh processes (this script, re-run with the flag). */
function coldPassMs(tool: 'seedlint' | 'ruff'): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const child = spawnSync(process.execPath, [process.argv[1]!, COLD_PASS_FLAG, tool], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cold ${tool} pass failed: ${child.stderr}`);
    times.push((JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number }).ms);
  }
  return median(times);
}

export async function benchLint(log: (line: string) => void = console.log): Promise<LintBenchResult> {
  const corpus = buildCorpus();
  const lines = corpus.reduce((n, f) => n + f.lines, 0);
  const linter = await createLinter(readParserAssets());
  const ruff = new Workspace({ lint: { select: ['NPY'] } }, PositionEncoding.Utf16);

  // Warm both (JIT, wasm tier-up), then best of three passes each, alternating.
  let findings = 0;
  for (const f of corpus.slice(0, 4)) {
    linter.lint(f.text);
    ruff.check(f.text);
  }
  const seedlintTimes: number[] = [];
  const ruffTimes: number[] = [];
  let ruffFindings = 0;
  for (let pass = 0; pass < 3; pass++) {
    let t = performance.now();
    findings = 0;
    for (const f of corpus) findings += linter.lint(f.text).length;
    seedlintTimes.push(performance.now() - t);
    t = performance.now();
    ruffFindings = 0;
    for (const f of corpus) ruffFindings += (ruff.check(f.text) as unknown[]).length;
    ruffTimes.push(performance.now() - t);
  }
  const seedlintBest = Math.min(...seedlintTimes);
  const ruffBest = Math.min(...ruffTimes);
  // The floor under seedlint's throughput: web-tree-sitter's full parse of the same corpus,
  // with nothing else (no mirror, no rules).
  const parseTimes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const t = performance.now();
    for (const f of corpus) linter.parser.parse(f.text).delete();
    parseTimes.push(performance.now() - t);
  }
  const parseBest = Math.min(...parseTimes);

  // Edit latency: a one-character edit on a different line each time (a `#` or a space at
  // the line's start), then lint; then the undo of that edit, also timed: both are one-line
  // edits of the 3,000-line file, which stays the same file between rounds instead of piling up
  // 60 unrelated edits.
  const file = corpus[0]!;
  const session = new Session(linter.parser);
  let version = 1;
  let t0 = performance.now();
  session.open('file:///bench.py', version, file.text);
  const fullParseMs = performance.now() - t0;
  const editLines = file.text.split('\n');
  const editTimes: number[] = [];
  // CPU time too: on a shared machine wall time also counts waiting for a core.
  const editCpuTimes: number[] = [];
  const cpuNow = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  // Which timed edits took the statement parse, per measure.
  const parses = countStatementParses(linter.parser);
  const editParses: StatementParseCount = { answered: 0, declined: 0 };
  /** Whether the server's idle collection follows each edit (off for the comparison below). */
  let idleCollection = true;
  const timedEdit = (change: ContentChange, times = editTimes, cpuTimes = editCpuTimes, tally = editParses) => {
    const answered = parses.answered;
    t0 = performance.now();
    const c0 = cpuNow();
    const doc = session.change('file:///bench.py', ++version, [change])!;
    linter.lint(doc.text, { syntax: doc.syntax });
    cpuTimes.push(cpuNow() - c0);
    times.push(performance.now() - t0);
    if (parses.answered > answered) tally.answered++;
    else tally.declined++;
    // What the server does once diagnostics are out: settle the tree, collect the lint's
    // garbage (not part of the edit's latency; the server benchmark below sends the next edit
    // at once and so does pay for it).
    session.settle('file:///bench.py');
    if (idleCollection) collectYoungGeneration();
  };
  // The edits, and as many others (other lines) without the idle collection, in alternating
  // rounds of ten so that both see the same host load: what the collection is worth.
  const uncollectedTimes: number[] = [];
  for (let round = 0; round < 6; round++) {
    idleCollection = true;
    collectYoungGeneration(); // what the server did after the previous round's last publish
    for (let i = round * 5; i < round * 5 + 5; i++) for (const change of editAndUndo(editLines, i, 97)) timedEdit(change);
    idleCollection = false;
    for (let i = 30 + round * 5; i < 30 + round * 5 + 5; i++) for (const change of editAndUndo(editLines, i, 97)) timedEdit(change, uncollectedTimes, [], { answered: 0, declined: 0 });
  }
  idleCollection = true;
  // Typing: a statement typed one character at a time into function bodies of the same file,
  // each keystroke timed like the edits above. Many prefixes of a statement (`torch.`,
  // `f(args.`) are syntax errors, where the tree is reparsed instead of the statements alone.
  const typingTimes: number[] = [];
  const typingParses: StatementParseCount = { answered: 0, declined: 0 };
  for (const line of typingLines(editLines, 4)) {
    const indent = /^\s*/.exec(editLines[line]!)![0];
    let at = { line, character: 0 };
    session.change('file:///bench.py', ++version, [{ range: { start: at, end: at }, text: `${indent}\n` }]);
    at = { line, character: indent.length };
    for (const ch of TYPED) {
      timedEdit({ range: { start: at, end: at }, text: ch }, typingTimes, [], typingParses);
      at = { line, character: at.character + 1 };
    }
    session.change('file:///bench.py', ++version, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
  }
  // Memory: what the process holds (the JavaScript heap plus the typed arrays' buffers, after a
  // full collection; needs --expose-gc, as `npm run bench` runs) after 300 and after 600 edits
  // of a document, with a linter of its own. It must level off, not grow with the number of
  // edits: in this file, and in the same file as one long function (each clean edit of which
  // makes a new version of the whole statement for the statement cache).
  const collect = (globalThis as { gc?: () => void }).gc;
  const held = async () => {
    // Typed arrays' buffers are released by a background task after the collection: let it run.
    for (let k = 0; k < 3; k++) {
      collect!();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return (heapUsed + arrayBuffers) / 1024;
  };
  const heldAfterEdits = async (text: string): Promise<[number, number]> => {
    const own = await createLinter(readParserAssets());
    const docs = new Session(own.parser);
    docs.open('file:///memory.py', 1, text);
    const lines = text.split('\n');
    let v = 1;
    // Each round edits other lines (a round that repeated the last would only hit the caches).
    const round = async (first: number) => {
      for (let i = first; i < first + 150; i++) {
        for (const change of editAndUndo(lines, i, 89)) {
          const doc = docs.change('file:///memory.py', ++v, [change])!;
          own.lint(doc.text, { syntax: doc.syntax });
          docs.settle('file:///memory.py');
        }
      }
      return held();
    };
    const result: [number, number] = [await round(0), await round(150)];
    docs.dispose();
    return result;
  };
  const memory = collect ? { stitched: await heldAfterEdits(file.text), oneFunction: await heldAfterEdits(asOneFunction(file.text)) } : undefined;
  session.dispose();
  ruff.free();
  const coldSeedlintMs = coldPassMs('seedlint');
  const coldRuffMs = coldPassMs('ruff');
  const commandLine = commandLineRuns(corpus, ruffFindings);
  const lsp = await benchLspEdits(file.text);
  const lspTyping = await benchLspEdits(file.text, { pauseMs: TYPING_PAUSE_MS });
  const lspWithActions = await benchLspEdits(file.text, { codeActions: true, pauseMs: READING_PAUSE_MS });

  const result: LintBenchResult = {
    lines,
    coldSeedlintLinesPerSecond: lines / (coldSeedlintMs / 1000),
    coldRuffLinesPerSecond: lines / (coldRuffMs / 1000),
    seedlintLinesPerSecond: lines / (seedlintBest / 1000),
    ruffLinesPerSecond: lines / (ruffBest / 1000),
    ratio: ruffBest / seedlintBest,
    parseOnlyLinesPerSecond: lines / (parseBest / 1000),
    editMedianMs: median(editTimes),
    editP95Ms: percentile(editTimes, 0.95),
    editCpuMedianMs: median(editCpuTimes),
    typingMedianMs: median(typingTimes),
    typingP95Ms: percentile(typingTimes, 0.95),
    memoryKb: memory,
    lspEditMedianMs: lsp.medianMs,
    lspEditP95Ms: lsp.p95Ms,
    lspActionsEditMedianMs: lspWithActions.medianMs,
    lspActionsEditP95Ms: lspWithActions.p95Ms,
    lspTypingEditMedianMs: lspTyping.medianMs,
    lspTypingEditP95Ms: lspTyping.p95Ms,
    fullParseMs,
    findings,
    commandLine,
  };
  log(`lint corpus: ${corpus.length} files, ${lines} lines, ${findings} findings`);
  log(`  seedlint  ${Math.round(result.seedlintLinesPerSecond).toLocaleString('en')} lines/s (best of 3: ${seedlintBest.toFixed(0)} ms)`);
  log(`  ruff-wasm ${Math.round(result.ruffLinesPerSecond).toLocaleString('en')} lines/s (NPY only; best of 3: ${ruffBest.toFixed(0)} ms)`);
  log(`  throughput ratio seedlint/ruff: ${result.ratio.toFixed(2)}x (target >= 1.0x)`);
  log(`  one pass in a fresh process (a CI run; median of 3 processes each): seedlint ${Math.round(result.coldSeedlintLinesPerSecond).toLocaleString('en')} lines/s, ruff-wasm ${Math.round(result.coldRuffLinesPerSecond).toLocaleString('en')} lines/s, ratio ${(coldRuffMs / coldSeedlintMs).toFixed(2)}x`);
  const perSecond = (ms: number) => `${Math.round(lines / (ms / 1000)).toLocaleString('en')} lines/s`;
  const cli = commandLine;
  log(`  whole commands over the corpus as files (process start included; median of 3): seedlint check --jobs 1 ${perSecond(cli.sequentialMs)} (${(cli.ruffMs / cli.sequentialMs).toFixed(2)}x ruff), seedlint check on ${cli.workers > 1 ? `${cli.workers} worker threads` : 'one thread'} (${availableParallelism()} cores) ${perSecond(cli.parallelMs)} (${(cli.ruffMs / cli.parallelMs).toFixed(2)}x ruff), ruff-wasm ${perSecond(cli.ruffMs)}`);
  log(`  tree-sitter parse alone: ${Math.round(result.parseOnlyLinesPerSecond).toLocaleString('en')} lines/s, ${(ruffBest / parseBest).toFixed(2)}x ruff (the ceiling for any tree-sitter based linter here)`);
  log(`edit -> diagnostics, ${file.lines}-line file: median ${result.editMedianMs.toFixed(1)} ms, p95 ${result.editP95Ms.toFixed(1)} ms (target < 20 ms); CPU time median ${result.editCpuMedianMs.toFixed(1)} ms; first full parse ${fullParseMs.toFixed(0)} ms; ${describeCount(editParses, 'edits')}`);
  log(`  the same number of edits (other lines) without the server's idle collection, in alternating rounds: median ${median(uncollectedTimes).toFixed(1)} ms, p95 ${percentile(uncollectedTimes, 0.95).toFixed(1)} ms`);
  log(`  typing \`${TYPED}\` into ${typingTimes.length / TYPED.length} function bodies, per keystroke: median ${result.typingMedianMs.toFixed(1)} ms, p95 ${result.typingP95Ms.toFixed(1)} ms; ${describeCount(typingParses, 'keystrokes')}`);
  const mib = ([a, b]: [number, number]) => `${(a / 1024).toFixed(1)} MiB after 300 edits, ${(b / 1024).toFixed(1)} MiB after 600`;
  log(`  memory held (heap + array buffers): ${memory ? `${mib(memory.stitched)}; the file as one long function: ${mib(memory.oneFunction)}` : 'not measured (run node with --expose-gc)'}`);
  log(`edit -> publishDiagnostics through the language server (node IPC, ${lsp.diagnostics} diagnostics, ${lsp.publishBytes.toLocaleString('en')} bytes of JSON per publish): median ${lsp.medianMs.toFixed(1)} ms, p95 ${lsp.p95Ms.toFixed(1)} ms`);
  log(`  the same, with ${TYPING_PAUSE_MS} ms between a publish and the next keystroke (too soon for VS Code's code-action request): median ${lspTyping.medianMs.toFixed(1)} ms, p95 ${lspTyping.p95Ms.toFixed(1)} ms`);
  log(`  the same, with ${READING_PAUSE_MS} ms pauses and VS Code's code-action request ${CODE_ACTION_DELAY_MS} ms after each publish: median ${lspWithActions.medianMs.toFixed(1)} ms, p95 ${lspWithActions.p95Ms.toFixed(1)} ms`);
  return result;
}


