// When the server lints after an edit: as soon as the messages already read have been handled,
// and no sooner.
//
// Why not setTimeout(fn, 0): Node waits at least 1 ms for it, and every keystroke's diagnostics
// paid that millisecond (bench/README.md, eighth session). Why not one setImmediate:
// vscode-jsonrpc handles one queued message per setImmediate turn, so a lint queued by one
// change could run before the next change already read, and lint a version that is stale on
// arrival; that the handlers happen to await first (which puts the next message ahead of them)
// is not something to build on. Two turns let any message turn queued before the first run
// first: its change reschedules, and the lint runs once, on the newest version.
//
// The browser's Worker has no setImmediate (vscode-jsonrpc handles its messages in microtasks
// there, which all run before any timer), so it keeps setTimeout(fn, 0).

/** Cancels work scheduled by `afterQueuedMessages` that has not run yet. */
export type Cancel = () => void;

/** Runs `work` once the message turns queued so far have run; returns its cancel function. */
export function afterQueuedMessages(work: () => void): Cancel {
  if (typeof setImmediate !== 'function') {
    const timer = setTimeout(work, 0);
    return () => clearTimeout(timer);
  }
  let handle = setImmediate(() => {
    handle = setImmediate(work);
  });
  return () => clearImmediate(handle);
}
