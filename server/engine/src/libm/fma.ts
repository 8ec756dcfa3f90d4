// Exactly rounded fused multiply-add for doubles and for float32 values, as the FMA3
// instructions compute them (vfmadd*sd / vfmadd*ss): a·b + c with a single rounding to nearest
// even. JavaScript has neither, and every bit-exact port of code compiled with -mfma needs them.
//
// Double: Dekker's exact product, then error-free sums (TwoSum) and a correction of the single
// double-rounding case, the halfway one, in the spirit of Boldo & Melquiond's emulation through
// rounding to odd ("Emulation of FMA and correctly rounded sums: proved algorithms using rounding
// to odd", IEEE Trans. Computers 57(4), 2008). Valid while nothing overflows or underflows below
// about 2^-969; outside that range an exact BigInt evaluation takes over (never on hot paths).
// Tested against the hardware instruction on millions of adversarial triples.

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for 53-bit doubles
const TWO_995 = 2 ** 995;
const TWO_1000 = 2 ** 1000;
const TWO_M900 = 2 ** -900;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** fma(a, b, c) for doubles: a·b + c rounded once (glibc `fma`, x86 `vfmadd231sd`). */
export function fma(a: number, b: number, c: number): number {
  const uh = a * b;
  const mag = Math.abs(uh);
  // Fast path: no overflow in the splits, no underflow in the error terms. Zero products
  // (mag = 0) take the slow path's first exit.
  if (!(mag > TWO_M900 && mag < TWO_1000 && Math.abs(a) < TWO_995 && Math.abs(b) < TWO_995 &&
        Math.abs(c) < TWO_1000)) {
    return fmaExact(a, b, c);
  }
  // Dekker: uh + ul = a·b exactly
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = ah * bh - uh + ah * bl + al * bh + al * bl;
  // TwoSum: th + tl = c + uh exactly
  const th = c + uh;
  let bv = th - c;
  const tl = c - (th - bv) + (uh - bv);
  // TwoSum: v + e2 = tl + ul exactly, so a·b + c = th + v + e2 exactly
  const v = tl + ul;
  bv = v - tl;
  const e2 = tl - (v - bv) + (ul - bv);
  // TwoSum: r + e3 = th + v exactly
  const r = th + v;
  bv = r - th;
  const e3 = th - (r - bv) + (v - bv);
  if (e2 === 0) return r;
  if (e3 === 0) return r + e2;
  // r can be wrong only when th + v lies exactly halfway between r and its neighbour r + 2·e3
  // (rounding to odd in Boldo & Melquiond's terms): e2 then decides the direction.
  const other = r + 2 * e3;
  if (other - r !== 2 * e3) return r;
  return e2 > 0 === e3 > 0 ? other : r;
}

/** fma(a, b, c) for float32 inputs: a·b + c rounded once to float32 (`vfmadd*ss`/`ps`). */
export function fmaf(a: number, b: number, c: number): number {
  // a·b of two float32 values is exact in a double; only the sum can round twice.
  const s = a * b + c;
  const r = Math.fround(s);
  const d = s - r;
  if (d === 0) return r;
  // s is a float32 midpoint exactly when r + 2d (the other neighbour) is a float32 value.
  const other = r + 2 * d;
  if (Math.fround(other) !== other) return r;
  const p = a * b;
  const bv = s - p;
  const err = p - (s - bv) + (c - bv);
  if (err === 0) return r;
  return err > 0 === d > 0 ? other : r;
}

// ---- exact fallback (BigInt rationals), off the hot paths ------------------------------------

function decompose(x: number): { m: bigint; e: number } {
  // x = m · 2^e exactly, m an integer
  scratch[0] = x;
  const lo = scratchWords[0]!;
  const hi = scratchWords[1]!;
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) {
    e = -1074;
  } else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return { m: hi >>> 31 ? -m : m, e };
}

/** fma by exact BigInt arithmetic: slow, for operands outside the fast path's range (and tests). */
export function fmaExact(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  if (a === 0 || b === 0) return a * b + c;
  const da = decompose(a);
  const db = decompose(b);
  const dc = decompose(c);
  const pe = da.e + db.e;
  const e = Math.min(pe, dc.e);
  const pm = (da.m * db.m) << BigInt(pe - e);
  const cm = dc.m << BigInt(dc.e - e);
  const sum = pm + cm;
  if (sum === 0n) return a * b + c; // exact zero: sign as the hardware rounds it
  return roundBigToDouble(sum, e);
}

/** The double nearest to m · 2^e (ties to even). */
function roundBigToDouble(m: bigint, e: number): number {
  const neg = m < 0n;
  let mag = neg ? -m : m;
  const bits = mag.toString(2).length;
  // keep 53 significant bits, or fewer when the result is subnormal
  let shift = bits - 53;
  const minExp = -1074;
  if (e + shift < minExp) shift = minExp - e;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = mag & ((1n << BigInt(shift)) - 1n);
    mag >>= BigInt(shift);
    if (rem > half || (rem === half && (mag & 1n) === 1n)) mag += 1n;
    e += shift;
  }
  // mag < 2^54 and e >= -1074: the product is exact unless it overflows (then Infinity, as RN)
  const result = e > 970 ? Number(mag) * 2 ** 970 * 2 ** (e - 970) : Number(mag) * 2 ** e;
  return neg ? -result : result;
}
