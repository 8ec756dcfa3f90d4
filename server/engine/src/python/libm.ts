// The math functions CPython's `random` calls (math.log, sqrt, sin, cos), gathered in one place so
// the glibc-exact ports can replace V8's Math without touching random.ts.
// TEMPORARY: V8's Math.* differs from glibc in the last bit for a few percent of inputs.
export const log: (x: number) => number = Math.log;
export const sin: (x: number) => number = Math.sin;
export const cos: (x: number) => number = Math.cos;
export const sqrt: (x: number) => number = Math.sqrt;
