// One long-lived `test/oracle/oracle.py` process: requests are written in batches and answers read
// back line by line, in order (the protocol's one-answer-per-line rule), so thousands of cases cost
// one Python start-up.

import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORACLE_PYTHON = process.env['SEEDLINT_ORACLE_PYTHON'] ?? '/usr/bin/python3';
export const ORACLE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'oracle.py');

export interface OracleVersions {
  python: string;
  torch: string;
  numpy: string;
  cuda: string | null;
  cuda_available: boolean;
  sm_count?: number;
  max_threads_per_sm?: number;
}

/** The oracle's library versions, or an explanation of why it cannot run. */
export function oracleVersions(): OracleVersions | { missing: string } {
  const r = spawnSync(ORACLE_PYTHON, [ORACLE_SCRIPT, '--versions'], { encoding: 'utf8' });
  if (r.status !== 0) return { missing: `${ORACLE_PYTHON} ${ORACLE_SCRIPT} --versions failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}` };
  return JSON.parse(r.stdout) as OracleVersions;
}

export class OracleProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private exited: string | undefined;

  constructor() {
    this.child = spawn(ORACLE_PYTHON, [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        this.lines.push(this.buffered.slice(0, nl));
        this.buffered = this.buffered.slice(nl + 1);
      }
      this.waiter?.();
    });
    let stderr = '';
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (c: string) => (stderr += c));
    this.child.on('exit', (code) => {
      this.exited = `oracle exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      this.waiter?.();
    });
  }

  /** Answers for `requests`, one line each, in order. */
  async ask(requests: readonly string[]): Promise<string[]> {
    if (requests.length === 0) return [];
    this.lines.length = 0;
    this.child.stdin.write(requests.map((r) => `${r}\n`).join(''));
    while (this.lines.length < requests.length) {
      if (this.exited) throw new Error(this.exited);
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
    return this.lines.splice(0, requests.length);
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

/** Answer lines compared as the protocol intends: everything but the human-readable `error`. */
export function comparableAnswer(line: string): string {
  const a = JSON.parse(line) as { ok: boolean; raises?: string; results?: unknown };
  if (a.ok) return line;
  return JSON.stringify(a.raises === undefined ? { ok: false } : { ok: false, raises: a.raises });
}
