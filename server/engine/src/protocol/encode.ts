// Value encodings of the `seedlint rng` protocol (shared/spec/rng-protocol.md, "Values"):
// integers as JSON numbers up to 2**53-1 and decimal strings beyond; floats as the exact IEEE-754
// bits in lower-case hex (8 digits float32, 16 float64); flat C-order lists; and the digest form,
// SHA-256 over raw little-endian int64 / float32 / float64 bytes.

import { Sha256 } from '../util/sha256';

export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/** How a result's values are typed in Python: integers (any dtype), float32 or float64. */
export type ValueKind = 'int' | 'f32' | 'f64';

/** Integer-valued arrays the engine returns: typed arrays of any width, or bigint arrays. */
export type IntValues = ArrayLike<number> | BigInt64Array | BigUint64Array | readonly bigint[];
export type Values = IntValues | Float32Array | Float64Array;

export interface Digest {
  [key: string]: Json;
  len: number;
  sha256: string;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Values hashed per chunk when bytes must be built (ints, big-endian hosts). */
const CHUNK = 1 << 15;

export function encodeInt(v: number | bigint): number | string {
  if (typeof v === 'bigint') {
    return v <= BigInt(MAX_SAFE) && v >= -BigInt(MAX_SAFE) ? Number(v) : v.toString();
  }
  if (!Number.isInteger(v)) throw new Error(`encodeInt: ${v} is not an integer`);
  // Integer-valued doubles beyond 2**53 are exact: spell them out as decimal strings.
  return Math.abs(v) <= MAX_SAFE ? (v === 0 ? 0 : v) : BigInt(v).toString();
}

const f64Scratch = new Float64Array(1);
const f64Words = new Uint32Array(f64Scratch.buffer);
const f32Scratch = new Float32Array(1);
const f32Word = new Uint32Array(f32Scratch.buffer);
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

function hex8(w: number): string {
  return (w >>> 0).toString(16).padStart(8, '0');
}

export function encodeF64(v: number): string {
  f64Scratch[0] = v;
  return `0x${hex8(f64Words[HI]!)}${hex8(f64Words[LO]!)}`;
}

export function encodeF32(v: number): string {
  f32Scratch[0] = v;
  return `0x${hex8(f32Word[0]!)}`;
}

/** A flat list, or its digest when `out` is "sha256". */
export function encodeValues(values: Values, kind: ValueKind, out: 'sha256' | undefined): Json[] | Digest {
  if (out === 'sha256') return digestValues(values, kind);
  const n = values.length;
  const list: Json[] = new Array(n);
  if (kind === 'int') {
    for (let i = 0; i < n; i++) list[i] = encodeInt((values as ArrayLike<number | bigint>)[i]!);
  } else if (kind === 'f32') {
    const a = values as ArrayLike<number>;
    for (let i = 0; i < n; i++) list[i] = encodeF32(a[i]!);
  } else {
    const a = values as ArrayLike<number>;
    for (let i = 0; i < n; i++) list[i] = encodeF64(a[i]!);
  }
  return list;
}

export function encodeScalar(v: number | bigint, kind: ValueKind, out: 'sha256' | undefined): Json {
  if (out === 'sha256') {
    return kind === 'int' ? digestValues(typeof v === 'bigint' ? [v] : [v], kind) : digestValues([Number(v)], kind);
  }
  if (kind === 'int') return encodeInt(v);
  return kind === 'f32' ? encodeF32(Number(v)) : encodeF64(Number(v));
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** `{len, sha256}` over little-endian int64 / float32 / float64 bytes of the values. */
export function digestValues(values: Values, kind: ValueKind): Digest {
  const h = new Sha256();
  const n = values.length;
  if (kind === 'f32') {
    if (LITTLE_ENDIAN && values instanceof Float32Array) h.update(bytesOf(values));
    else hashChunks(h, n, 4, (view, start, count) => {
      for (let i = 0; i < count; i++) view.setFloat32(4 * i, Number((values as ArrayLike<number>)[start + i]!), true);
    });
  } else if (kind === 'f64') {
    if (LITTLE_ENDIAN && values instanceof Float64Array) h.update(bytesOf(values));
    else hashChunks(h, n, 8, (view, start, count) => {
      for (let i = 0; i < count; i++) view.setFloat64(8 * i, Number((values as ArrayLike<number>)[start + i]!), true);
    });
  } else if (LITTLE_ENDIAN && values instanceof BigInt64Array) {
    h.update(bytesOf(values));
  } else if (LITTLE_ENDIAN && (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Uint8Array)) {
    // The hot case (permutations, sampler indices): sign-extend into (lo, hi) int32 pairs.
    const words = new Int32Array(2 * Math.min(n, CHUNK));
    const bytes = bytesOf(words);
    for (let start = 0; start < n; start += CHUNK) {
      const count = Math.min(CHUNK, n - start);
      for (let i = 0; i < count; i++) {
        const v = values[start + i]!;
        words[2 * i] = v;
        words[2 * i + 1] = v >> 31;
      }
      h.update(count === CHUNK ? bytes : bytes.subarray(0, 8 * count));
    }
  } else {
    hashChunks(h, n, 8, (view, start, count) => {
      for (let i = 0; i < count; i++) {
        const v = (values as ArrayLike<number | bigint>)[start + i]!;
        if (typeof v === 'bigint') {
          view.setBigInt64(8 * i, BigInt.asIntN(64, v), true);
        } else {
          // Two's-complement int64 of an integer-valued double, without BigInt.
          const hi = Math.floor(v / TWO_32);
          view.setUint32(8 * i, v - hi * TWO_32, true);
          view.setUint32(8 * i + 4, hi >>> 0, true);
        }
      }
    });
  }
  return { len: n, sha256: h.digestHex() };
}

function hashChunks(h: Sha256, n: number, width: number, fill: (view: DataView, start: number, count: number) => void): void {
  const buf = new Uint8Array(Math.min(n, CHUNK) * width);
  const view = new DataView(buf.buffer);
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    fill(view, start, count);
    h.update(count * width === buf.length ? buf : buf.subarray(0, count * width));
  }
}
