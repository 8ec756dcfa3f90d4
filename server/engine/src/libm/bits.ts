// Reading and writing the two 32-bit halves of a double, as C code does with unions. One shared
// scratch buffer: these helpers never call each other, and JavaScript runs them to completion.

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** The high 32 bits (sign, exponent, top 20 mantissa bits) of x, as an unsigned number. */
export function highWord(x: number): number {
  scratch[0] = x;
  return words[1]!;
}

/** The low 32 bits of x, as an unsigned number. */
export function lowWord(x: number): number {
  scratch[0] = x;
  return words[0]!;
}

/** The double whose bits are hi:lo. */
export function fromWords(hi: number, lo: number): number {
  words[1] = hi;
  words[0] = lo;
  return scratch[0]!;
}

/** 2^e for integer e in [-1074, 1023], exact; scaling by it is exact when nothing over/underflows. */
const POW2 = (() => {
  const table = new Float64Array(1074 + 1024);
  let v = 1;
  for (let e = 0; e <= 1023; e++, v *= 2) table[1074 + e] = v;
  v = 1;
  for (let e = 0; e >= -1074; e--, v /= 2) table[1074 + e] = v;
  return table;
})();

export function pow2(e: number): number {
  return POW2[1074 + e]!;
}
