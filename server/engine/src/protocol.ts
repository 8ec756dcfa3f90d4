// The `seedlint rng` protocol, engine side (contract: shared/spec/rng-protocol.md). One JSON
// request in, one answer out; `answerRequestLine` never throws, so a stream of requests always
// gets one answer line per request line, in order.
//
// Refinements of the contract that the oracle (test/oracle/oracle.py) follows identically:
// - Integers in requests (seeds, bounds, counts) are JSON numbers or decimal strings; floats are
//   JSON numbers or 16-digit float64 hex strings.
// - `size` is a list of non-negative ints (negative dimensions: ok:false, no `raises`). numpy calls
//   without `size` answer a scalar; torch calls need `size`.
// - Defaults: torch rand/randn/bernoulli/multinomial weights float32, randint int64 (dtype may be
//   int64/int32/int16/int8/uint8), randint low 0, bernoulli p 0.5, multinomial replacement false;
//   python gauss mu 0 sigma 1; numpy randint/integers int64, uniform [0, 1), choice replace true.
// - Seeds "default" are served only where they are reproducible (`torch`: a fresh
//   torch.Generator()); elsewhere ok:false. Python seeds: int, {"str": s} or {"bytes": hex}.
// - `version`: an object such as {"torch": "1.13"}; the newest behaviour is the default.
// - torch.data answers `results: [R]`: one object described, one result. `out: "sha256"` on a
//   torch.data request digests its index lists flattened in order (not worker_seeds).
// - Caps (limits.ts): 2**20 values per list answer, 2**28 in digest form, getrandbits k <= 2**16,
//   10,000 calls per request, 16 epochs, 64 workers.
// - Comparisons between engine and oracle ignore the `error` text (it is for people; messages
//   differ between library versions) but not `ok` or `raises`.

import { isObj } from './protocol/args';
import { answerData } from './protocol/data';
import { type Json } from './protocol/encode';
import { asLibraryRaise, Unservable } from './protocol/errors';
import { answerNumpy } from './protocol/numpy';
import { answerPython } from './protocol/python';
import { answerTorch } from './protocol/torch';

export type { Json } from './protocol/encode';
export { DATA_KINDS, dataKindImplemented } from './protocol/data';
export { NUMPY_FNS, NUMPY_LEGACY_FNS, numpyFnImplemented } from './protocol/numpy';
export { PYTHON_FNS } from './protocol/python';
export { TORCH_FNS, torchFnImplemented } from './protocol/torch';
export * as limits from './protocol/limits';

export type Answer =
  | { ok: true; results: Json[] }
  | { ok: false; error: string }
  | { ok: false; error: string; raises: string };

export const LIBS = ['torch', 'torch.global', 'torch.cuda', 'torch.data', 'python', 'numpy.legacy', 'numpy'] as const;

function dispatch(req: unknown): Json[] {
  if (!isObj(req)) throw new Unservable('a request must be a JSON object');
  const lib = req['lib'];
  switch (lib) {
    case 'torch':
    case 'torch.global':
    case 'torch.cuda':
      return answerTorch(req, lib);
    case 'python':
      return answerPython(req);
    case 'numpy':
    case 'numpy.legacy':
      return answerNumpy(req, lib);
    case 'torch.data':
      return answerData(req);
    default:
      throw new Unservable(`unknown lib ${JSON.stringify(lib)}; known: ${LIBS.join(', ')}`);
  }
}

/** Answers one parsed request object. Never throws. */
export function answerRequest(req: unknown): Answer {
  try {
    return { ok: true, results: dispatch(req) };
  } catch (e) {
    const raise = asLibraryRaise(e);
    if (raise) return { ok: false, error: raise.message, raises: raise.raises };
    if (e instanceof Unservable) return { ok: false, error: e.message };
    const message = e instanceof Error ? e.message : String(e);
    if (/not implemented/i.test(message)) return { ok: false, error: `not implemented yet in the engine: ${message}` };
    if (e instanceof RangeError && /array length|allocation/i.test(message)) {
      return { ok: false, error: `the request is too large for this engine: ${message}` };
    }
    return { ok: false, error: `engine error (please report): ${message}` };
  }
}

/** Answers one request line (JSON text) with one answer line (no newline). Never throws. */
export function answerRequestLine(line: string): string {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ ok: false, error: `malformed JSON: ${e instanceof Error ? e.message : String(e)}` });
  }
  try {
    return JSON.stringify(answerRequest(req));
  } catch (e) {
    return JSON.stringify({ ok: false, error: `engine error (please report): ${e instanceof Error ? e.message : String(e)}` });
  }
}
