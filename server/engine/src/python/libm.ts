// The math functions CPython's `random` calls (Modules/mathmodule.c hands math.log, sin, cos and
// sqrt straight to the C library), gathered in one place. log, sin and cos are the glibc-exact
// ports in ../libm (glibc 2.36 on x86-64 with FMA, the Linux reference); sqrt is correctly
// rounded everywhere, so Math.sqrt already equals glibc's.
export { log } from '../libm/log';
export { sin } from '../libm/sin';
export { cos } from '../libm/cos';
export const sqrt: (x: number) => number = Math.sqrt;
