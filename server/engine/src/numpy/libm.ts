// The C math functions NumPy's samplers call (legacy_gauss: log, sqrt; the ziggurat: exp,
// log1p), gathered in one place so the glibc-exact ports can replace V8's Math.
// TEMPORARY: V8's Math.* differs from glibc in the last bit for a few percent of inputs.
export const log: (x: number) => number = Math.log;
export const log1p: (x: number) => number = Math.log1p;
export const exp: (x: number) => number = Math.exp;
export const sqrt: (x: number) => number = Math.sqrt;
