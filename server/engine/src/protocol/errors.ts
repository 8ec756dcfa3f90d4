// The two ways a request fails: the protocol cannot serve it (ok:false, no `raises`), or the real
// library raises for these arguments (ok:false with the Python exception class in `raises`).

export type PythonExceptionClass =
  | 'RuntimeError'
  | 'ValueError'
  | 'TypeError'
  | 'OverflowError'
  | 'ZeroDivisionError'
  | 'IndexError';

/** Not servable: unknown lib/fn, wrong argument types, too large, not implemented yet. */
export class Unservable extends Error {}

/** What the real library raises for these arguments. */
export class LibraryRaise extends Error {
  constructor(
    readonly raises: PythonExceptionClass,
    message: string,
  ) {
    super(message);
  }
}

export function notImplemented(what: string): Unservable {
  return new Unservable(`${what} is not implemented yet in the engine`);
}

/** Engine functions signal a Python exception with an object carrying `raises` and `error`. */
export function asLibraryRaise(e: unknown): LibraryRaise | undefined {
  if (e instanceof LibraryRaise) return e;
  if (typeof e === 'object' && e !== null && 'raises' in e && typeof (e as { raises: unknown }).raises === 'string') {
    const err = e as { raises: string; error?: unknown; message?: unknown };
    const msg = typeof err.error === 'string' ? err.error : typeof err.message === 'string' ? err.message : err.raises;
    return new LibraryRaise(err.raises as PythonExceptionClass, msg);
  }
  return undefined;
}
