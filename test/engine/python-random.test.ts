// CPython `random.Random` against live /usr/bin/python3 (CPython 3.11): thousands of cases, each a
// seed (int of any size and sign, str, bytes) and a sequence of calls on one generator, so every
// call must also consume exactly as many draws as CPython does.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { pythonRandom, sampleSetSize, type PythonRandom, type PythonSeed } from '../../server/engine/src/python/random';
import { sha512 } from '../../server/engine/src/util/sha512';
import { assertMatchesPython, caseRng, fhex, ival, requirePython, runPython } from './live-python';

type SeedSpec = { int: string } | { str: string } | { bytes: string } | { fbits: string };
type Op = [string, ...unknown[]];
interface Case { seed: SeedSpec; ops: Op[] }

const SCRIPT = `
import random
def mk(s):
    if 'int' in s: return random.Random(int(s['int']))
    if 'str' in s: return random.Random(s['str'])
    if 'fbits' in s: return random.Random(struct.unpack('<d', struct.pack('<Q', int(s['fbits'], 16)))[0])
    return random.Random(bytes.fromhex(s['bytes']))
def num(v):
    return None if v is None else int(v)
def run(r, f, a):
    if f == 'random': return [fhex(r.random()) for _ in range(a[0])]
    if f == 'getrandbits': return ival(r.getrandbits(a[0]))
    if f == 'randrange':
        return ival(r.randrange(num(a[0])) if a[1] is None else r.randrange(num(a[0]), num(a[1]), num(a[2])))
    if f == 'randint': return ival(r.randint(num(a[0]), num(a[1])))
    if f == 'shuffle':
        x = list(range(a[0])); r.shuffle(x); return x
    if f == 'sample': return r.sample(range(a[0]), a[1])
    if f == 'sample_counts': return r.sample(range(len(a[0])), a[1], counts=a[0])
    if f == 'choice': return r.choice(range(a[0]))
    if f == 'choices':
        return r.choices(range(a[0]), weights=a[1], cum_weights=a[2], k=a[3])
    if f == 'uniform': return fhex(r.uniform(a[0], a[1]))
    if f == 'gauss': return fhex(r.gauss(a[0], a[1]))
    if f == 'normalvariate': return fhex(r.normalvariate(a[0], a[1]))
    if f == 'expovariate': return fhex(r.expovariate(a[0]))
    if f == 'state':
        st = r.getstate()
        return [list(st[1][:4]), st[1][-1], None if st[2] is None else fhex(st[2])]
    raise KeyError(f)
out = []
for case in data:
    r = mk(case['seed'])
    res = []
    for op in case['ops']:
        try: res.append(run(r, op[0], op[1:]))
        except Exception as e: res.append({'raises': type(e).__name__})
    out.append(res)
`;

function makeSeed(s: SeedSpec): PythonSeed {
  if ('int' in s) return BigInt(s.int);
  if ('str' in s) return s.str;
  if ('fbits' in s) {
    const v = new DataView(new ArrayBuffer(8));
    v.setBigUint64(0, BigInt(`0x${s.fbits}`));
    return { float: v.getFloat64(0) };
  }
  return Uint8Array.from(Buffer.from(s.bytes, 'hex'));
}

/** `range(n)` as an ArrayLike without materialising it. */
function range(n: number): ArrayLike<number> {
  return new Proxy({ length: n } as ArrayLike<number>, {
    get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : Reflect.get(target, key)),
  });
}

function big(v: unknown): bigint | number {
  if (typeof v === 'string') return BigInt(v);
  return v as number;
}

function runOp(r: PythonRandom, op: Op): unknown {
  const [f, ...a] = op;
  try {
    switch (f) {
      case 'random': return Array.from({ length: a[0] as number }, () => fhex(r.random()));
      case 'getrandbits': return ival(r.getrandbits(a[0] as number));
      case 'randrange':
        return ival(a[1] === null ? r.randrange(big(a[0])) : r.randrange(big(a[0]), big(a[1]), big(a[2])));
      case 'randint': return ival(r.randint(big(a[0]), big(a[1])));
      case 'shuffle': {
        const x = Array.from({ length: a[0] as number }, (_, i) => i);
        r.shuffle(x);
        return x;
      }
      case 'sample': return r.sampleIndices(a[0] as number, a[1] as number);
      case 'sample_counts': {
        const counts = a[0] as number[];
        return r.sample(counts.map((_, i) => i), a[1] as number, counts);
      }
      case 'choice': return r.choice(range(a[0] as number));
      case 'choices': {
        const args: Parameters<PythonRandom['choicesIndices']>[0] = { n: a[0] as number, k: a[3] as number };
        if (a[1] !== null) args.weights = a[1] as number[];
        if (a[2] !== null) args.cumWeights = a[2] as number[];
        return r.choicesIndices(args);
      }
      case 'uniform': return fhex(r.uniform(a[0] as number, a[1] as number));
      case 'gauss': return fhex(r.gauss(a[0] as number, a[1] as number));
      case 'normalvariate': return fhex(r.normalvariate(a[0] as number, a[1] as number));
      case 'expovariate': return fhex(r.expovariate(a[0] as number));
      case 'state': {
        const st = r.getstate();
        return [Array.from(st.words.subarray(0, 4)), st.index, st.gaussNext === null ? null : fhex(st.gaussNext)];
      }
    }
    throw new Error(`unknown op ${f}`);
  } catch (e) {
    if (f === 'choice') return { raises: 'IndexError' };
    return { raises: e instanceof TypeError ? 'TypeError' : 'ValueError' };
  }
}

function seeds(rand: () => number): SeedSpec[] {
  const out: SeedSpec[] = [];
  for (let s = -5; s <= 40; s++) out.push({ int: String(s) });
  for (const s of [2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, 10n ** 30n, -(10n ** 30n), 3n ** 200n, -(2n ** 19937n), 12345678901234567890123456789n]) out.push({ int: s.toString() });
  for (let i = 0; i < 80; i++) {
    const words = 1 + Math.floor(rand() * 8);
    let v = 0n;
    for (let w = 0; w < words; w++) v = (v << 32n) | BigInt(Math.floor(rand() * 2 ** 32));
    out.push({ int: (rand() < 0.3 ? -v : v).toString() });
  }
  for (const s of ['', 'a', 'hello', 'seed', '0', '42', 'héllo wörld', '日本語', '😀 emoji', 'x'.repeat(111), 'y'.repeat(112), 'z'.repeat(300)]) out.push({ str: s });
  for (let i = 0; i < 20; i++) {
    const len = Math.floor(rand() * 200);
    out.push({ bytes: Buffer.from(Array.from({ length: len }, () => Math.floor(rand() * 256))).toString('hex') });
  }
  out.push({ bytes: '' }, { bytes: '00' }, { bytes: '0000ff' });
  const floats = [0, -0, 1, -1, 1.5, -1.5, 0.1, -2.5e-300, 5e-324, 1e300, -1e308, 2 ** 61, 2 ** 62 + 2048, 123456789.125, Infinity, -Infinity, -2, 0.5];
  for (let i = 0; i < 12; i++) floats.push((rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
  for (const f of floats) out.push({ fbits: fhex(f) });
  return out;
}

function integerOps(rand: () => number): Op[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const ops: Op[] = [['random', 3]];
  for (let i = 0; i < 25; i++) {
    const kind = pick(['getrandbits', 'randrange', 'randrange3', 'randint', 'shuffle', 'sample', 'choice', 'choices', 'uniform', 'random', 'sample_counts', 'big']);
    const n = pick([1, 2, 3, 5, 10, 17, 32, 33, 64, 100, 255, 256, 257, 1000, 4096, 65536, 1e6, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 7, 2 ** 53 - 1]);
    switch (kind) {
      case 'getrandbits': ops.push(['getrandbits', pick([0, 1, 5, 31, 32, 33, 53, 63, 64, 65, 100, 128, 1000])]); break;
      case 'randrange': ops.push(['randrange', n, null, 1]); break;
      case 'randrange3': ops.push(['randrange', pick([-50, 0, 7, -(2 ** 40)]), pick([-3, 0, 100, 2 ** 33]), pick([1, 2, 3, -1, -7, 0, 1000])]); break;
      case 'randint': ops.push(['randint', pick([-10, 0, 1, -(2 ** 52)]), pick([-10, 0, 1, 9, 2 ** 31, 2 ** 52])]); break;
      case 'shuffle': ops.push(['shuffle', pick([0, 1, 2, 3, 10, 100, 257, 1000])]); break;
      case 'sample': {
        const pop = pick([0, 1, 5, 21, 22, 84, 85, 86, 100, 276, 277, 278, 1000, 1045, 1046, 5000, 10 ** 6, 2 ** 40]);
        ops.push(['sample', pop, Math.min(pop, pick([0, 1, 5, 6, 7, 20, 21, 22, 28, 29, 60, 85, 86, 200, 342, 400]))]);
        break;
      }
      case 'choice': ops.push(['choice', pick([0, 1, 2, 10, 1000, 2 ** 32 + 5])]); break;
      case 'choices': {
        const m = pick([1, 2, 5, 20]);
        const w = Array.from({ length: m }, () => pick([0, 1, 2, 0.5, 3.25, 1e-3]));
        w[0] = 1;
        const mode = pick(['none', 'w', 'cum']);
        const cum = w.map((_, i) => w.slice(0, i + 1).reduce((s, x) => s + x));
        ops.push(['choices', m, mode === 'w' ? w : null, mode === 'cum' ? cum : null, pick([0, 1, 5, 30])]);
        break;
      }
      case 'sample_counts': ops.push(['sample_counts', [3, 0, 5, 1, 10], pick([0, 1, 5, 19])]); break;
      case 'uniform': ops.push(['uniform', pick([0, -1, 2.5, 1e10]), pick([1, 0, -3.75, 1e-10])]); break;
      case 'big': ops.push(['randrange', (2n ** 80n + 3n).toString(), null, 1], ['randint', (-(2n ** 70n)).toString(), (2n ** 65n).toString()]); break;
      default: ops.push(['random', 2]);
    }
  }
  ops.push(['random', 2], ['state']);
  return ops;
}

describe('python random.Random vs live CPython', function () {
  this.timeout(120000);
  before(function () {
    requirePython(this, 'random');
  });

  it('matches golden values', () => {
    const r = pythonRandom(42);
    assert.deepEqual([r.random(), r.random(), r.random()], [0.6394267984578837, 0.025010755222666936, 0.27502931836911926]);
    assert.equal(pythonRandom('hello').random(), 0.3537754404730722);
  });

  it('seeds, integer methods, shuffle, sample, choice(s), uniform: thousands of call sequences', () => {
    const rand = caseRng(2024);
    const cases: Case[] = [];
    for (const seed of seeds(rand)) {
      for (let rep = 0; rep < 12; rep++) cases.push({ seed, ops: integerOps(rand) });
    }
    const got = cases.map((c) => {
      const r = pythonRandom(makeSeed(c.seed));
      return c.ops.map((op) => runOp(r, op));
    });
    const calls = got.reduce((n, g) => n + g.length, 0);
    assertMatchesPython({ name: 'python-random-integers', script: SCRIPT, cases, got });
    assert.ok(calls > 40000, `only ${calls} calls compared`);
  });

  it('sample switches strategy exactly where CPython does', () => {
    // The setsize formula, checked directly against Python's float expression.
    const ks = Array.from({ length: 6000 }, (_, i) => i);
    const expected = runPython<number[]>(`
from math import ceil, log
out = [21 + (4 ** ceil(log(k * 3, 4)) if k > 5 else 0) for k in data]`, ks);
    assert.deepEqual(ks.map(sampleSetSize), expected);
  });

  it('gauss (with its cache), normalvariate, expovariate', () => {
    const rand = caseRng(77);
    const cases: Case[] = [];
    for (const seed of seeds(rand)) {
      const ops: Op[] = [];
      for (let i = 0; i < 40; i++) {
        const f = ['gauss', 'gauss', 'normalvariate', 'expovariate', 'random'][Math.floor(rand() * 5)]!;
        if (f === 'expovariate') ops.push([f, [1, 0.5, 3][i % 3]]);
        else if (f === 'random') ops.push([f, 1]);
        else ops.push([f, [0, 1, -2.5][i % 3], [1, 0.1, 3][i % 3]]);
      }
      ops.push(['state']);
      cases.push({ seed, ops });
    }
    const got = cases.map((c) => {
      const r = pythonRandom(makeSeed(c.seed));
      return c.ops.map((op) => runOp(r, op));
    });
    assertMatchesPython({ name: 'python-random-normals', script: SCRIPT, cases, got });
  });
});

describe('python random.Random properties', () => {
  it('sha512 equals node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (m) => {
        assert.equal(Buffer.from(sha512(m)).toString('hex'), createHash('sha512').update(m).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('same seed, same stream; negative seeds equal positive; clones are independent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), fc.nat(50), (seed, skip) => {
        const a = pythonRandom(seed);
        const b = pythonRandom(-seed);
        for (let i = 0; i < skip; i++) a.random();
        for (let i = 0; i < skip; i++) b.random();
        const c = a.clone();
        const fromA = [a.random(), a.getrandbits(70), a.randbelow(1000)];
        assert.deepEqual([b.random(), b.getrandbits(70), b.randbelow(1000)], fromA);
        assert.deepEqual([c.random(), c.getrandbits(70), c.randbelow(1000)], fromA);
      }),
    );
  });

  it('shuffle and sample give permutations and distinct picks', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(3000), (seed, n) => {
        const x = Int32Array.from({ length: n }, (_, i) => i);
        pythonRandom(seed).shuffle(x);
        assert.deepEqual(Array.from(x).sort((p, q) => p - q), Array.from({ length: n }, (_, i) => i));
        const k = Math.floor(n / 3);
        const s = pythonRandom(seed).sampleIndices(n, k);
        assert.equal(new Set(s).size, k);
        assert.ok(s.every((v) => v >= 0 && v < n));
      }),
      { numRuns: 200 },
    );
  });
});
