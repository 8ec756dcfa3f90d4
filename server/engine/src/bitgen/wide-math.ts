// Exact 32x32 -> 64-bit products on doubles: the building block for NumPy's 64- and 128-bit
// generators and Lemire's method without BigInt.

/** The high 32 bits of the unsigned 64-bit product a*b (a, b unsigned 32-bit). */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** Scratch for 64x64 products: four u32 words, least significant first. */
export const wide = new Uint32Array(4);

/** The full 128-bit product of two u64 values given as [hi, lo] halves, into `wide` (LS word first). */
export function mul64x64(ah: number, al: number, bh: number, bl: number): void {
  const p00l = Math.imul(al, bl) >>> 0;
  const p00h = mulhi32(al, bl);
  const p01l = Math.imul(al, bh) >>> 0;
  const p01h = mulhi32(al, bh);
  const p10l = Math.imul(ah, bl) >>> 0;
  const p10h = mulhi32(ah, bl);
  const p11l = Math.imul(ah, bh) >>> 0;
  const p11h = mulhi32(ah, bh);
  wide[0] = p00l;
  let t = p00h + p01l + p10l; // < 3 * 2^32
  wide[1] = t >>> 0;
  let carry = Math.floor(t / 4294967296);
  t = p01h + p10h + p11l + carry;
  wide[2] = t >>> 0;
  carry = Math.floor(t / 4294967296);
  wide[3] = (p11h + carry) >>> 0;
}

/** The low 64 bits of a u64 product: [hi, lo] written to out[0], out[1]. */
export function mullo64(ah: number, al: number, bh: number, bl: number, out: Uint32Array): void {
  const lo = Math.imul(al, bl) >>> 0;
  out[0] = (mulhi32(al, bl) + Math.imul(al, bh) + Math.imul(ah, bl)) >>> 0;
  out[1] = lo;
}
