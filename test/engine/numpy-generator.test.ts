// NumPy Generator and its bit generators against live /usr/bin/python3 (NumPy 1.24): SeedSequence,
// PCG64, PCG64DXSM, Philox, SFC64, MT19937 raw streams, and Generator call sequences that share
// one state per case (including the 32-bit half-buffer that carries over between calls).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { defaultRng, numpyGenerator, type NumpyGenerator } from '../../server/engine/src/numpy/generator';
import type { IntDtype } from '../../server/engine/src/numpy/bounded';
import { Native64BitGenerator, type NumpyBitGenerator } from '../../server/engine/src/bitgen/numpy-bitgen';
import { seedSequence, type SeedEntropy } from '../../server/engine/src/bitgen/seed-sequence';
import { pcg64, pcg64Dxsm, type Pcg64 } from '../../server/engine/src/bitgen/pcg64';
import { philox } from '../../server/engine/src/bitgen/philox';
import { sfc64 } from '../../server/engine/src/bitgen/sfc64';
import { numpyMt19937 } from '../../server/engine/src/bitgen/numpy-mt19937';
import { exp } from '../../server/engine/src/libm/exp';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE } from '../../server/engine/src/numpy/ziggurat-constants';
import { assertMatchesPython, caseRng, fhex, ival, PYTHON, requirePython, runPython } from './live-python';

type Op = [string, ...unknown[]];
type BitGenName = 'pcg64' | 'pcg64dxsm' | 'philox' | 'sfc64' | 'mt19937';
interface Case { bitgen: BitGenName; seed: string | string[]; ops: Op[] }

const SCRIPT = `
import numpy as np, hashlib
BG = {'pcg64': np.random.PCG64, 'pcg64dxsm': np.random.PCG64DXSM, 'philox': np.random.Philox, 'sfc64': np.random.SFC64, 'mt19937': np.random.MT19937}
def flat(v): return np.atleast_1d(np.asarray(v)).ravel()
def floats(v): return [fhex(x) for x in flat(v).tolist()]
def ints(v): return [ival(x) for x in flat(v).tolist()]
def size(s): return None if s is None else tuple(s)
def seedval(s): return int(s) if isinstance(s, str) else [int(x) for x in s]
def run(g, f, a):
    if f == 'random': return floats(g.random(size(a[0])))
    if f == 'random32': return floats(g.random(size(a[0]), dtype=np.float32))
    if f == 'integers':
        lo = int(a[0]); hi = None if a[1] is None else int(a[1])
        return ints(g.integers(lo, hi, size=size(a[2]), dtype=a[3], endpoint=a[4]))
    if f == 'permutation': return ints(g.permutation(a[0]))
    if f == 'permutation_hash': return hashlib.sha256(np.asarray(g.permutation(a[0]), dtype='<i8').tobytes()).hexdigest()
    if f == 'shuffle':
        x = np.arange(a[0]); g.shuffle(x); return ints(x)
    if f == 'shuffle2d':
        x = np.arange(a[0] * a[1]).reshape(a[0], a[1]); g.shuffle(x); return ints(x)
    if f == 'choice': return ints(g.choice(a[0], size=size(a[1]), replace=a[2], p=a[3], shuffle=a[4]))
    if f == 'standard_normal': return floats(g.standard_normal(size(a[0])))
    if f == 'normal': return floats(g.normal(a[0], a[1], size(a[2])))
    if f == 'uniform': return floats(g.uniform(a[0], a[1], size(a[2])))
    if f == 'raw': return [str(x) for x in g.bit_generator.random_raw(a[0]).tolist()]
    raise KeyError(f)
out = []
for case in data:
    g = np.random.Generator(BG[case['bitgen']](seedval(case['seed'])))
    res = []
    for op in case['ops']:
        try: res.append(run(g, op[0], op[1:]))
        except Exception as e: res.append({'raises': type(e).__name__})
    out.append(res)
`;

function makeBitGen(name: BitGenName, seed: SeedEntropy): NumpyBitGenerator {
  switch (name) {
    case 'pcg64': return pcg64(seed);
    case 'pcg64dxsm': return pcg64Dxsm(seed);
    case 'philox': return philox(seed);
    case 'sfc64': return sfc64(seed);
    case 'mt19937': return numpyMt19937(seed);
  }
}

/** The SHA-256 of the values as little-endian int64, like hashlib over a '<i8' array. */
function sha256Int64(v: Int32Array): string {
  return createHash('sha256').update(new Uint8Array(BigInt64Array.from(v, (x) => BigInt(x)).buffer)).digest('hex');
}

const floats = (v: ArrayLike<number>): string[] => Array.from(v, fhex);
const ints = (v: ArrayLike<number | bigint>): (number | string)[] => Array.from(v as ArrayLike<number>, (x) => ival(x));

function runOp(g: NumpyGenerator, name: BitGenName, op: Op): unknown {
  const [f, ...a] = op;
  try {
    switch (f) {
      case 'random': return floats(g.random(a[0] as number[] | null));
      case 'random32': return floats(g.randomFloat32(a[0] as number[] | null));
      case 'integers':
        return ints(g.integers({ low: BigInt(a[0] as string), high: a[1] === null ? null : BigInt(a[1] as string), size: a[2] as number[] | null, dtype: a[3] as IntDtype, endpoint: a[4] as boolean }));
      case 'permutation': return ints(g.permutation(a[0] as number));
      case 'permutation_hash': return sha256Int64(g.permutation(a[0] as number));
      case 'shuffle': {
        const x = Array.from({ length: a[0] as number }, (_, i) => i);
        g.shuffle(x);
        return x;
      }
      case 'shuffle2d': {
        const x = Array.from({ length: (a[0] as number) * (a[1] as number) }, (_, i) => i);
        g.shuffleRows({ x, rowLength: a[1] as number });
        return x;
      }
      case 'choice': return ints(g.choice({ a: a[0] as number, size: a[1] as number[] | null, replace: a[2] as boolean, p: a[3] as number[] | null, shuffle: a[4] as boolean }));
      case 'standard_normal': return floats(g.standardNormal(a[0] as number[] | null));
      case 'normal': return floats(g.normal({ loc: a[0] as number, scale: a[1] as number, size: a[2] as number[] | null }));
      case 'uniform': return floats(g.uniform({ low: a[0] as number, high: a[1] as number, size: a[2] as number[] | null }));
      case 'raw': {
        const bg = g.bitGenerator;
        return Array.from({ length: a[0] as number }, () => (name === 'mt19937' ? String(bg.nextUint32()) : bg.next64Big().toString()));
      }
    }
    throw new Error(`unknown op ${f}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('unknown op')) throw e;
    return { raises: e instanceof TypeError ? 'TypeError' : 'ValueError' };
  }
}

const RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n], int16: [-32768n, 32767n], uint16: [0n, 65535n], int8: [-128n, 127n], uint8: [0n, 255n], bool: [0n, 1n],
};

function makeOps(rand: () => number): Op[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const size = (): number[] | null => pick([null, [1], [3], [7], [2, 3], [0], [40]]);
  const ops: Op[] = [];
  for (let i = 0; i < 16; i++) {
    const f = pick(['random', 'random32', 'integers', 'integers', 'integers', 'permutation', 'shuffle', 'shuffle2d', 'choice', 'choice', 'uniform', 'raw']);
    switch (f) {
      case 'random': case 'random32': ops.push([f, size()]); break;
      case 'integers': {
        const dtype = pick(['int64', 'int64', 'uint64', 'int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8', 'bool']);
        const [min, max] = RANGES[dtype]!;
        const endpoint = rand() < 0.4;
        const w = pick([0n, 1n, 2n, 6n, 9n, 99n, 254n, 255n, 256n, 1000n, 65534n, 65535n, 65536n, 2n ** 31n, 2n ** 32n - 2n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 40n + 3n, 2n ** 63n + 7n, 2n ** 64n - 2n, 2n ** 64n - 1n, max - min, max - min + 1n]);
        // closed range [lo, lo + w], as [lo, hi) or [lo, hi]
        let lo = pick([min, 0n, max - w, min + (max - min - w) / 5n]);
        if (lo < min) lo = min;
        const hi = endpoint ? lo + w : lo + w + 1n;
        if (!endpoint && lo === 0n && rand() < 0.2) ops.push(['integers', hi.toString(), null, size(), dtype, false]);
        else ops.push(['integers', lo.toString(), hi.toString(), size(), dtype, endpoint]);
        break;
      }
      case 'permutation': if (rand() < 0.05) ops.push(['permutation_hash', pick([70000, 1000003])]); else ops.push(['permutation', pick([0, 1, 2, 10, 255, 1000, 3000])]); break;
      case 'shuffle': ops.push(['shuffle', pick([0, 1, 3, 100, 257])]); break;
      case 'shuffle2d': ops.push(['shuffle2d', pick([1, 5, 8]), pick([1, 2])]); break;
      case 'choice': {
        const n = pick([1, 3, 10, 100, 10000, 10001, 20000, 2 ** 33]);
        const replace = rand() < 0.4;
        let p: number[] | null = null;
        if (n <= 10 && rand() < 0.5) {
          p = Array.from({ length: n }, () => pick([0, 1, 2, 0.25]));
          p[0] = 1;
          const s = p.reduce((x, y) => x + y);
          p = p.map((x) => x / s);
        }
        const k = pick([null, [0], [1], [3], [2, 2], [199], [201], [400], [501], [1000]]);
        ops.push(['choice', n, k, replace, p, rand() < 0.7]);
        break;
      }
      case 'uniform': ops.push(['uniform', pick([0, -2, 1.5]), pick([1, 3, 1e6]), size()]); break;
      case 'raw': ops.push(['raw', pick([1, 2, 3, 5])]); break;
    }
  }
  ops.push(['random32', [1]], ['raw', 2]);
  return ops;
}

function seedsFor(rand: () => number): (string | string[])[] {
  const out: (string | string[])[] = ['0', '1', '42', '12345', String(2 ** 32 - 1), String(2 ** 32), (2n ** 64n).toString(), (2n ** 128n + 7n).toString(), (3n ** 100n).toString()];
  for (let i = 0; i < 12; i++) out.push(String(Math.floor(rand() * 2 ** 32)));
  for (let i = 0; i < 6; i++) out.push(Array.from({ length: 1 + Math.floor(rand() * 10) }, () => String(Math.floor(rand() * 2 ** 40))));
  out.push(['0'], ['1', '2', '3', '4', '5', '6']);
  return out;
}

function toEntropy(s: string | string[]): SeedEntropy {
  return typeof s === 'string' ? BigInt(s) : s.map((x) => BigInt(x));
}

describe('numpy Generator and bit generators vs live NumPy', function () {
  this.timeout(180000);
  before(function () {
    requirePython(this, 'numpy');
  });

  it('ziggurat tables equal the ones compiled into NumPy', () => {
    const got = runPython<{ ok: boolean }>(`
import struct
lib = open('/usr/lib/python3/dist-packages/numpy/random/lib/libnpyrandom.a', 'rb').read()
fi0 = struct.pack('<dd', 1.0, 9.77101701267671596263e-01)
i = lib.find(fi0)
fi = struct.unpack('<256d', lib[i:i+2048]); wi = struct.unpack('<256d', lib[i+2048:i+4096]); ki = struct.unpack('<256Q', lib[i+4096:i+6144])
out = {'fi': [fhex(x) for x in fi], 'wi': [fhex(x) for x in wi], 'ki': [str(x) for x in ki], 'ok': lib.count(fi0) == 1}
`, null) as unknown as { ok: boolean; fi: string[]; wi: string[]; ki: string[] };
    assert.ok(got.ok);
    assert.deepEqual(Array.from(FI_DOUBLE, fhex), got.fi);
    assert.deepEqual(Array.from(WI_DOUBLE, fhex), got.wi);
    assert.deepEqual(Array.from(KI_DOUBLE, (k) => String(k)), got.ki);
  });

  it('libm exp (the ziggurat wedge test) equals glibc exp on a million inputs', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n);
    const rand = caseRng(8);
    for (let i = 0; i < n; i++) {
      const k = i % 5;
      const u = rand() + rand() / 2 ** 32;
      xs[i] = k === 0 ? -0.5 * (u * 3.7) ** 2 : k === 1 ? (u - 0.5) * 1420 : k === 2 ? (u - 0.5) * 2 : k === 3 ? -700 - u * 50 : (u - 0.5) * 1e-6;
    }
    const r = spawnSync(PYTHON, ['-c', `
import sys, math, array
a = array.array('d'); a.frombytes(sys.stdin.buffer.read())
def e(x):
    try: return math.exp(x)
    except OverflowError: return float('inf')
sys.stdout.buffer.write(array.array('d', [e(x) for x in a]).tobytes())`], { input: Buffer.from(xs.buffer), maxBuffer: 1 << 28 });
    const ref = new Float64Array(new Uint8Array(r.stdout).buffer);
    assert.equal(ref.length, n);
    let bad = 0;
    for (let i = 0; i < n; i++) if (!Object.is(exp(xs[i]!), ref[i]!)) bad++;
    assert.equal(bad, 0, `${bad} of ${n} exp values differ from glibc`);
  });

  it('SeedSequence pools and generate_state (u32, u64), with spawn keys', () => {
    const rand = caseRng(3);
    const cases = seedsFor(rand).map((s, i) => ({ s, spawn: i % 3 === 0 ? [i, 7] : [], pool: i % 4 === 1 ? 8 : 4 }));
    const expected = runPython<unknown[]>(`
from numpy.random import SeedSequence
out = []
for c in data:
    s = c['s']; e = int(s) if isinstance(s, str) else [int(x) for x in s]
    ss = SeedSequence(e, spawn_key=tuple(c['spawn']), pool_size=c['pool'])
    kid = ss.spawn(2)[1]
    out.append([ss.pool.tolist(), ss.generate_state(9).tolist(), [str(x) for x in ss.generate_state(5, 'uint64').tolist()], kid.generate_state(3).tolist()])
`, cases);
    cases.forEach((c, i) => {
      const ss = seedSequence(toEntropy(c.s), { spawnKey: c.spawn, poolSize: c.pool });
      const kid = ss.spawn(2)[1]!;
      assert.deepEqual([Array.from(ss.pool), Array.from(ss.generateState32(9)), ss.generateState64(5).map(String), Array.from(kid.generateState32(3))], expected[i], `case ${i}`);
    });
  });

  it('PCG64 state, advance and the 32-bit buffer', () => {
    const expected = runPython<unknown[]>(`
out = []
import numpy as np
for s in data:
    b = np.random.PCG64(int(s)); st = b.state['state']
    g = np.random.Generator(b); g.integers(0, 10, 3)
    st2 = b.state
    b.advance(2**70 + 12345)
    out.append([str(st['state']), str(st['inc']), st2['has_uint32'], st2['uinteger'], str(b.state['state']['state']), str(b.random_raw())])
`, ['0', '1', '42', '987654321', (2n ** 100n).toString()]);
    ['0', '1', '42', '987654321', (2n ** 100n).toString()].forEach((s, i) => {
      const b = pcg64(BigInt(s));
      const st = [b.state128.toString(), b.inc128.toString()];
      const g = numpyGenerator(b);
      g.integers({ low: 0, high: 10, size: 3 });
      const buf = [b.hasUint32 ? 1 : 0, b.uinteger];
      (b as Pcg64).advanceBy(2n ** 70n + 12345n);
      assert.deepEqual([...st, ...buf, b.state128.toString(), b.next64Big().toString()], expected[i]);
    });
  });

  it('integers, random (f64, f32), permutation, shuffle, choice, uniform over every bit generator', () => {
    const rand = caseRng(11);
    const cases: Case[] = [];
    const names: BitGenName[] = ['pcg64', 'pcg64', 'pcg64dxsm', 'philox', 'sfc64', 'mt19937'];
    for (const seed of seedsFor(rand)) for (const bitgen of names) for (let rep = 0; rep < 3; rep++) cases.push({ bitgen, seed, ops: makeOps(rand) });
    const got = cases.map((c) => {
      const g = numpyGenerator(makeBitGen(c.bitgen, toEntropy(c.seed)));
      return c.ops.map((op) => runOp(g, c.bitgen, op));
    });
    const calls = got.reduce((n, g) => n + g.length, 0);
    assertMatchesPython({ name: 'numpy-generator-integers', script: SCRIPT, cases, got });
    assert.ok(calls > 5000, `only ${calls} calls`);
  });

  it('standard_normal and normal (ziggurat)', () => {
    const rand = caseRng(21);
    const cases: Case[] = [];
    for (const seed of seedsFor(rand)) {
      for (const bitgen of ['pcg64', 'philox'] as BitGenName[]) {
        cases.push({ bitgen, seed, ops: [['standard_normal', [2000]], ['normal', 3, 0.5, [100]], ['raw', 1], ['standard_normal', null]] });
      }
    }
    const got = cases.map((c) => {
      const g = numpyGenerator(makeBitGen(c.bitgen, toEntropy(c.seed)));
      return c.ops.map((op) => runOp(g, c.bitgen, op));
    });
    assertMatchesPython({ name: 'numpy-generator-normals', script: SCRIPT, cases, got });
  });
});

describe('numpy Generator properties', () => {
  it('the WebAssembly-backed PCG64 shuffle equals the plain loop (permutation, state, 32-bit buffer)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.integer({ min: 4097, max: 30000 }), fc.nat(3), (seed, n, pre) => {
        const a = pcg64(seed);
        const b = pcg64(seed);
        for (let k = 0; k < pre; k++) {
          a.nextUint32();
          b.nextUint32();
        }
        const xa = Int32Array.from({ length: n }, (_, i) => i);
        const xb = xa.slice();
        a.shuffleInterval(xa, 1);
        Native64BitGenerator.prototype.shuffleInterval.call(b, xb, 1);
        assert.deepEqual(xa, xb);
        assert.deepEqual([a.state128, a.hasUint32, a.uinteger], [b.state128, b.hasUint32, b.uinteger]);
      }),
      { numRuns: 60 },
    );
  });

  it('same seed same stream; clones are independent; permutations are permutations', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 130n }), fc.nat(3000), (seed, n) => {
        const a = defaultRng(seed);
        a.integers({ low: 0, high: 7 }); // leaves half of a 64-bit output buffered
        const b = a.clone();
        const pa = a.permutation(n);
        assert.deepEqual(Array.from(b.permutation(n)), Array.from(pa));
        assert.deepEqual(ints(b.integers({ low: 0, high: 5, size: 5 })), ints(a.integers({ low: 0, high: 5, size: 5 })));
        assert.deepEqual(Array.from(pa).sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
        const k = Math.floor(n / 2);
        const c = defaultRng(seed).choice({ a: Math.max(n, 1), size: Math.min(k, Math.max(n, 1)), replace: false });
        assert.equal(new Set(c).size, c.length);
      }),
      { numRuns: 150 },
    );
  });
});
