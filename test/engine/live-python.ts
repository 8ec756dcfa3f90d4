// Runs Debian's /usr/bin/python3 (CPython 3.11 + numpy 1.24) once with a JSON batch on stdin and
// returns its JSON answer: the live reference for the engine's python/numpy tests.
import { deepStrictEqual } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Python helpers every script gets: `fhex(x)` gives the float64 bits as 16 hex digits. */
const PRELUDE = `
import json, struct, sys
if hasattr(sys, "set_int_max_str_digits"): sys.set_int_max_str_digits(0)
def fhex(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', float(x)))[0]
def ival(v):
    v = int(v)
    return v if abs(v) <= 2**53 - 1 else str(v)
`;

/** Whether /usr/bin/python3 can import `module`. */
export function pythonHas(module: string): boolean {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0;
}

/** Runs `script` (which reads `data` and must assign `out`) with `data` as JSON on stdin. */
export function runPython<T>(script: string, data: unknown): T {
  const code = `${PRELUDE}\ndata = json.load(sys.stdin)\n${script}\njson.dump(out, sys.stdout)\n`;
  const r = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * Compares our answers with what `script` computes from `cases` under live /usr/bin/python3,
 * case by case. With SEEDLINT_PY_DUMP=dir set it writes {script, cases, got} to dir/name.json
 * instead (and asserts nothing), so another Python (for example NumPy 2.x) can check them.
 */
export function assertMatchesPython(args: { name: string; script: string; cases: unknown[]; got: unknown[]; label?: (i: number) => string }): void {
  const dump = process.env['SEEDLINT_PY_DUMP'];
  if (dump) {
    mkdirSync(dump, { recursive: true });
    writeFileSync(`${dump}/${args.name}.json`, JSON.stringify({ script: `${PRELUDE}\n${args.script}`, cases: args.cases, got: args.got }));
    return;
  }
  const expected = runPython<unknown[]>(args.script, args.cases);
  args.got.forEach((g, i) => {
    deepStrictEqual(g, expected[i], args.label ? args.label(i) : `case ${i}: ${JSON.stringify(args.cases[i]).slice(0, 600)}`);
  });
}

const view = new DataView(new ArrayBuffer(8));
/** The float64 bits of `x` as 16 lower-case hex digits, like the prelude's `fhex`. */
export function fhex(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** An integer as the prelude's `ival` writes it: a number when safe, else a decimal string. */
export function ival(v: bigint | number): number | string {
  const b = BigInt(v);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
}

/** Skips (or, under CI=true, fails) when /usr/bin/python3 lacks `module`. */
export function requirePython(ctx: Mocha.Context, module: string): void {
  if (pythonHas(module)) return;
  if (process.env['CI'] === 'true') throw new Error(`${PYTHON} cannot import ${module} (required under CI=true)`);
  ctx.skip();
}

/** A small deterministic generator for building test cases (not under test itself). */
export function caseRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
