// The C math functions NumPy's samplers call (legacy_gauss: log and sqrt; the ziggurat: log1p on
// its tail and exp in its wedge test), gathered in one place. log, log1p and exp are the
// glibc-exact ports in ../libm (glibc 2.36 on x86-64 with FMA); sqrt is correctly rounded, so
// Math.sqrt equals glibc's.
export { log } from '../libm/log';
export { log1p } from '../libm/log1p';
export { exp } from '../libm/exp';
export const sqrt: (x: number) => number = Math.sqrt;
