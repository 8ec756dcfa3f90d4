// A young-generation garbage collection while the server waits for the next keystroke.
//
// Why: a lint allocates about 7 MB of short-lived objects (node facades, per-node tables,
// origin lists). When the young generation fills in the middle of a lint, V8 copies everything
// that lint still holds, and promotes what survives twice into the old generation, which later
// needs a full collection: 6–10 ms added to that edit's diagnostics (bench/README.md, seventh
// session). Once diagnostics are published the lint's objects are dead, so a collection then
// copies only the open documents' state, and the next lint starts with an empty young
// generation.
//
// It needs `gc`, which node exposes with `--expose-gc` (package.json `seedlint.serverNodeFlags`,
// the flags the VS Code client starts the server with). Where there is none (the browser's
// worker, a server started by hand) this does nothing.

type CollectGarbage = (options?: { type?: 'major' | 'minor' }) => void;

/** Collects the young generation now, when the host exposes `gc`; a no-op otherwise. */
export function collectYoungGeneration(): void {
  const gc = (globalThis as { gc?: CollectGarbage }).gc;
  if (typeof gc === 'function') gc({ type: 'minor' });
}
