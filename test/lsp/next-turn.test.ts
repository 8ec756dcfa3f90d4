// When the server lints after an edit (server/src/next-turn.ts): after the message turns that
// vscode-jsonrpc has already queued, so that a burst of changes is linted once, at its newest
// version; and without the millisecond a zero timeout waits in Node.

import { strict as assert } from 'node:assert';
import { afterQueuedMessages } from '../../server/src/next-turn';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('afterQueuedMessages', () => {
  it('runs after a message turn queued behind it, which can cancel and reschedule it', async () => {
    const order: string[] = [];
    let cancel = afterQueuedMessages(() => order.push('lint 1'));
    // What vscode-jsonrpc does after handling a message: the next queued message gets a turn.
    setImmediate(() => {
      order.push('change 2');
      cancel();
      cancel = afterQueuedMessages(() => order.push('lint 2'));
    });
    for (let i = 0; i < 4; i++) await turn();
    assert.deepEqual(order, ['change 2', 'lint 2']);
  });

  it('runs once, on immediates, without a timer (Node holds a zero timeout for 1 ms)', async () => {
    const saved = globalThis.setTimeout;
    let timers = 0;
    let runs = 0;
    try {
      globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
        timers++;
        return saved(...args);
      }) as typeof setTimeout;
      afterQueuedMessages(() => runs++);
    } finally {
      globalThis.setTimeout = saved;
    }
    await turn();
    await turn();
    assert.deepEqual([timers, runs], [0, 1]);
    await turn();
    assert.equal(runs, 1);
  });

  it('can be cancelled between its two turns', async () => {
    let runs = 0;
    const cancel = afterQueuedMessages(() => runs++);
    await turn();
    cancel();
    for (let i = 0; i < 3; i++) await turn();
    assert.equal(runs, 0);
  });

  it('falls back to a zero timeout where there is no setImmediate (the browser Worker)', async () => {
    const saved = globalThis.setImmediate;
    let runs = 0;
    let cancelled = 0;
    try {
      (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      afterQueuedMessages(() => runs++);
      afterQueuedMessages(() => cancelled++)();
    } finally {
      globalThis.setImmediate = saved;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual([runs, cancelled], [1, 0]);
  });
});
