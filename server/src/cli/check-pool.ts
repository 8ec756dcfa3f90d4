// `seedlint check` over several files at once: worker threads, each with its own parser and
// linter, take the next file as soon as they finish one (file sizes vary a lot), and the
// results come back in input order, so the output is the same as a sequential run's.
//
// The worker runs the CLI's own bundle (`server/dist/cli.js`): it is started with WORKER_ROLE
// in its workerData, and `cli.ts` hands such a thread to `runCheckWorker`.

import { Worker, parentPort, workerData } from 'node:worker_threads';
import { createLinter } from '../linter';
import { readParserAssets } from '../node-assets';
import type { Settings } from '../settings';
import { FileChecker, type CheckInput, type CheckedFile } from './check-file';

const WORKER_ROLE = 'seedlint-check-worker';

interface WorkerSetup {
  role: typeof WORKER_ROLE;
  cliSettings: Partial<Settings>;
}

type Request = { index: number; input: CheckInput };
type Reply = { index: number; checked: CheckedFile } | { index: number; failure: string };

/** Is this thread a check worker started by `checkInParallel`? */
export function isCheckWorker(): boolean {
  return parentPort !== null && (workerData as WorkerSetup | undefined)?.role === WORKER_ROLE;
}

/** The worker side: lint each file it is sent, reply with the outcome. */
export async function runCheckWorker(): Promise<void> {
  const port = parentPort!;
  const { cliSettings } = workerData as WorkerSetup;
  const checker = new FileChecker(await createLinter(readParserAssets()), cliSettings);
  port.on('message', ({ index, input }: Request) => {
    let reply: Reply;
    try {
      reply = { index, checked: checker.check(input) };
    } catch (error) {
      reply = { index, failure: `${input.shown}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
    }
    port.postMessage(reply);
  });
}

/**
 * Checks `inputs` on `workers` threads running `script` (the CLI bundle). Rejects on the first
 * internal failure, as the sequential loop would throw.
 */
export function checkInParallel(inputs: readonly CheckInput[], workers: number, script: string, cliSettings: Partial<Settings>): Promise<CheckedFile[]> {
  const results: CheckedFile[] = new Array(inputs.length);
  const threads: Worker[] = [];
  return new Promise<CheckedFile[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const thread of threads) void thread.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (thread: Worker) => {
      if (next < inputs.length) {
        const index = next++;
        thread.postMessage({ index, input: inputs[index]! } satisfies Request);
      }
    };
    for (let i = 0; i < Math.min(workers, inputs.length); i++) {
      const setup: WorkerSetup = { role: WORKER_ROLE, cliSettings };
      const thread = new Worker(script, { workerData: setup });
      threads.push(thread);
      thread.on('message', (reply: Reply) => {
        if ('failure' in reply) return finish(new Error(reply.failure));
        results[reply.index] = reply.checked;
        if (++done === inputs.length) return finish();
        feed(thread);
      });
      thread.on('error', (error) => finish(error));
      thread.on('exit', (code) => {
        if (!settled) finish(new Error(`a check worker stopped (exit code ${code}) before all files were checked`));
      });
      feed(thread);
    }
    if (inputs.length === 0) finish();
  });
}
