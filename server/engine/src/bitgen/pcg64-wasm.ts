// Bulk PCG64 output through a tiny hand-assembled WebAssembly module: the 128-bit LCG step needs
// 64x64 -> 128-bit products, which WebAssembly's i64 arithmetic does in a few instructions
// where JavaScript needs two dozen double-precision operations. It only speeds up long runs of
// draws (shuffles); the JavaScript step in pcg64.ts stays the reference and the fallback where
// WebAssembly is missing. Both produce the same stream (tested).
//
// The module exports `mem` and `fill(n)`: it reads state (lo, hi) and inc (lo, hi) as i64 at
// bytes 0, 8, 16, 24, runs n steps of pcg_setseq_128_xsl_rr_64_random_r (src/pcg64/pcg64.h:
// state = state * PCG_DEFAULT_MULTIPLIER_128 + inc, then rotr64(hi ^ lo, hi >> 58)), writes the
// n outputs as i64 from byte 64 and stores the state back.

/** The part of the WebAssembly JS API used here (the engine's lib has no DOM/wasm typings). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

export const PCG_BULK_BLOCK = 2048;
const OUT_OFFSET = 64;

// Opcodes (WebAssembly core spec, binary format).
const BLOCK = 0x02, LOOP = 0x03, BR = 0x0c, BR_IF = 0x0d, END = 0x0b;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
const I64_LOAD = 0x29, I64_STORE = 0x37, I32_CONST = 0x41, I64_CONST = 0x42;
const I32_GE_U = 0x4f, I64_LT_U = 0x54, I32_ADD = 0x6a, I32_SHL = 0x74;
const I64_ADD = 0x7c, I64_MUL = 0x7e, I64_AND = 0x83, I64_XOR = 0x85, I64_SHR_U = 0x88, I64_ROTR = 0x8a;
const I64_EXTEND_I32_U = 0xad;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb64(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  // locals: 0 n (param, i32); 1 k (i32); 2 lo, 3 hi, 4 il, 5 ih, 6 a0, 7 a1, 8 p00, 9 p01,
  // 10 p10, 11 mid, 12 nlo, 13 t (i64)
  const N = 0, K = 1, LO = 2, HI = 3, IL = 4, IH = 5, A0 = 6, A1 = 7, P00 = 8, P01 = 9, P10 = 10, MID = 11, NLO = 12, T = 13;
  const ML = 0x4385df649fccf645n, MH = 0x2360ed051fc65da4n, B0 = 0x9fccf645n, B1 = 0x4385df64n;
  const get = (i: number): number[] => [LOCAL_GET, i];
  const set = (i: number): number[] => [LOCAL_SET, i];
  const c64 = (v: bigint): number[] => [I64_CONST, ...sleb64(v)];
  const lo32 = [...c64(0xffffffffn), I64_AND];
  const shr32 = [...c64(32n), I64_SHR_U];
  const load = (off: number): number[] => [I32_CONST, 0, I64_LOAD, 3, off];
  const code: number[] = [
    ...load(0), ...set(LO), ...load(8), ...set(HI), ...load(16), ...set(IL), ...load(24), ...set(IH),
    BLOCK, 0x40, LOOP, 0x40,
    ...get(K), ...get(N), I32_GE_U, BR_IF, 1,
    // mulhi64(lo, ML) from 32-bit halves
    ...get(LO), ...lo32, ...set(A0),
    ...get(LO), ...shr32, ...set(A1),
    ...get(A0), ...c64(B0), I64_MUL, ...set(P00),
    ...get(A0), ...c64(B1), I64_MUL, ...set(P01),
    ...get(A1), ...c64(B0), I64_MUL, ...set(P10),
    ...get(P00), ...shr32, ...get(P01), ...lo32, I64_ADD, ...get(P10), ...lo32, I64_ADD, ...set(MID),
    ...get(A1), ...c64(B1), I64_MUL,
    ...get(P01), ...shr32, I64_ADD,
    ...get(P10), ...shr32, I64_ADD,
    ...get(MID), ...shr32, I64_ADD,
    // + hi*ML + lo*MH + ih: the new high half before the carry from the low half
    ...get(HI), ...c64(ML), I64_MUL, I64_ADD,
    ...get(LO), ...c64(MH), I64_MUL, I64_ADD,
    ...get(IH), I64_ADD, ...set(T),
    // lo = lo*ML + il; hi = t + carry
    ...get(LO), ...c64(ML), I64_MUL, LOCAL_TEE, NLO, ...get(IL), I64_ADD, ...set(LO),
    ...get(T), ...get(LO), ...get(NLO), I64_LT_U, I64_EXTEND_I32_U, I64_ADD, ...set(HI),
    // out[k] = rotr64(hi ^ lo, hi >> 58)
    ...get(K), I32_CONST, 3, I32_SHL, I32_CONST, ...sleb64(BigInt(OUT_OFFSET)), I32_ADD,
    ...get(HI), ...get(LO), I64_XOR, ...get(HI), ...c64(58n), I64_SHR_U, I64_ROTR,
    I64_STORE, 3, 0,
    ...get(K), I32_CONST, 1, I32_ADD, ...set(K),
    BR, 0,
    END, END,
    I32_CONST, 0, ...get(LO), I64_STORE, 3, 0,
    I32_CONST, 0, ...get(HI), I64_STORE, 3, 8,
    END,
  ];
  const body = [2, 1, 0x7f, 12, 0x7e, ...code];
  const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('fill'), 0x00, 0, ...name('mem'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** A compiled bulk generator: `words` views its memory as u32 (state at 0..7, outputs from 16). */
export interface PcgBulk {
  fill(n: number): void;
  words: Uint32Array;
}

let cached: PcgBulk | null | undefined;

/** The bulk generator, or null where WebAssembly is unavailable or refuses the module. */
export function pcgBulk(): PcgBulk | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api) {
      const instance = new api.Instance(new api.Module(moduleBytes()), {});
      const mem = instance.exports['mem'] as { buffer: ArrayBuffer };
      cached = { fill: instance.exports['fill'] as (n: number) => void, words: new Uint32Array(mem.buffer) };
    }
  } catch {
    cached = null;
  }
  return cached;
}

/** Where output k's [lo, hi] u32 words sit in `words`. */
export const PCG_BULK_OUT_WORD = OUT_OFFSET / 4;
