// NumPy legacy RandomState against live /usr/bin/python3 (NumPy 1.24): call sequences on one
// RandomState per case, int and array seeds, so each call must also consume exactly NumPy's draws.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { randomState, type RandomState } from '../../server/engine/src/numpy/random-state';
import type { IntDtype } from '../../server/engine/src/numpy/bounded';
import { assertMatchesPython, caseRng, fhex, ival, requirePython } from './live-python';

type Op = [string, ...unknown[]];
interface Case { seed: number | number[]; ops: Op[] }

const SCRIPT = `
import numpy as np, hashlib
def flat(v): return np.atleast_1d(np.asarray(v)).ravel()
def floats(v): return [fhex(x) for x in flat(v).tolist()]
def ints(v): return [ival(x) for x in flat(v).tolist()]
def size(s): return None if s is None else tuple(s)
def run(rs, f, a):
    if f == 'rand': return floats(rs.random_sample(size(a[0])))
    if f == 'randn': return floats(rs.randn(*a[0]))
    if f == 'normal': return floats(rs.normal(a[0], a[1], size(a[2])))
    if f == 'randint':
        lo = int(a[0]); hi = None if a[1] is None else int(a[1])
        return ints(rs.randint(lo, hi, size=size(a[2]), dtype=a[3]))
    if f == 'permutation': return ints(rs.permutation(a[0]))
    if f == 'permutation_hash': return hashlib.sha256(np.asarray(rs.permutation(a[0]), dtype='<i8').tobytes()).hexdigest()
    if f == 'shuffle':
        x = np.arange(a[0]); rs.shuffle(x); return ints(x)
    if f == 'shuffle_list':
        x = list(range(a[0])); rs.shuffle(x); return x
    if f == 'shuffle2d':
        x = np.arange(a[0] * a[1]).reshape(a[0], a[1]); rs.shuffle(x); return ints(x)
    if f == 'choice': return ints(rs.choice(a[0], size=size(a[1]), replace=a[2], p=a[3]))
    if f == 'uniform': return floats(rs.uniform(a[0], a[1], size(a[2])))
    if f == 'state':
        st = rs.get_state()
        return [[int(x) for x in st[1][:4]], int(st[2]), int(st[3]), fhex(st[4])]
    raise KeyError(f)
out = []
for case in data:
    try: rs = np.random.RandomState(case['seed'])
    except Exception as e:
        out.append([{'raises': type(e).__name__}] * len(case['ops'])); continue
    res = []
    for op in case['ops']:
        try: res.append(run(rs, op[0], op[1:]))
        except Exception as e: res.append({'raises': type(e).__name__})
    out.append(res)
`;

/** The SHA-256 of the values as little-endian int64, like hashlib over a '<i8' array. */
function sha256Int64(v: Int32Array): string {
  return createHash('sha256').update(new Uint8Array(BigInt64Array.from(v, (x) => BigInt(x)).buffer)).digest('hex');
}

const floats = (v: ArrayLike<number>): string[] => Array.from(v, fhex);
const ints = (v: ArrayLike<number | bigint>): (number | string)[] => Array.from(v as ArrayLike<number>, (x) => ival(x));

function runOp(rs: RandomState, op: Op): unknown {
  const [f, ...a] = op;
  const size = a as unknown[];
  try {
    switch (f) {
      case 'rand': return floats(rs.randomSample(size[0] as number[] | null));
      case 'randn': return floats(rs.randn(...(size[0] as number[])));
      case 'normal': return floats(rs.normal({ loc: a[0] as number, scale: a[1] as number, size: a[2] as number[] | null }));
      case 'randint': {
        const args: Parameters<RandomState['randint']>[0] = { low: BigInt(a[0] as string), high: a[1] === null ? null : BigInt(a[1] as string), size: a[2] as number[] | null, dtype: a[3] as IntDtype };
        return ints(rs.randint(args));
      }
      case 'permutation': return ints(rs.permutation(a[0] as number));
      case 'permutation_hash': return sha256Int64(rs.permutation(a[0] as number));
      case 'shuffle':
      case 'shuffle_list': {
        const x = Array.from({ length: a[0] as number }, (_, i) => i);
        rs.shuffle(x);
        return x;
      }
      case 'shuffle2d': {
        const x = Array.from({ length: (a[0] as number) * (a[1] as number) }, (_, i) => i);
        rs.shuffleRows({ x, rowLength: a[1] as number });
        return x;
      }
      case 'choice': return ints(rs.choice({ a: a[0] as number, size: a[1] as number[] | null, replace: a[2] as boolean, p: a[3] as number[] | null }));
      case 'uniform': return floats(rs.uniform({ low: a[0] as number, high: a[1] as number, size: a[2] as number[] | null }));
      case 'state': {
        const st = rs.getState();
        return [Array.from(st.key.subarray(0, 4)), st.pos, st.hasGauss ? 1 : 0, fhex(st.gauss)];
      }
    }
    throw new Error(`unknown op ${f}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('unknown op')) throw e;
    return { raises: e instanceof TypeError ? 'TypeError' : 'ValueError' };
  }
}

const DTYPE_RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n], int16: [-32768n, 32767n], uint16: [0n, 65535n], int8: [-128n, 127n], uint8: [0n, 255n], bool: [0n, 1n],
};

/** A [low, high) pair for dtype with an interesting range width (including the special cases). */
function randintBounds(rand: () => number, dtype: string): [string, string | null] {
  const [min, max] = DTYPE_RANGES[dtype]!;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const span = max - min + 1n;
  const widths = [1n, 2n, 3n, 7n, 10n, 100n, 255n, 256n, 257n, 1000n, 65535n, 65536n, 65537n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 40n + 3n, 2n ** 62n + 5n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n, span, span + 1n].filter((w) => w <= span + 1n);
  const w = pick(widths);
  const lowMax = max + 1n - w;
  let low = lowMax < min ? min : pick([min, 0n < min ? min : 0n, lowMax, min + (lowMax - min) / 3n]);
  if (low < min) low = min;
  if (rand() < 0.1 && low >= 0n) return [(low + w).toString(), null];
  return [low.toString(), (low + w).toString()];
}

function makeOps(rand: () => number): Op[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const size = (): number[] | null => pick([null, [1], [3], [5], [17], [2, 3], [0], [64]]);
  const ops: Op[] = [];
  for (let i = 0; i < 16; i++) {
    const f = pick(['rand', 'randint', 'randint', 'randint', 'permutation', 'shuffle', 'shuffle_list', 'shuffle2d', 'choice', 'uniform']);
    switch (f) {
      case 'rand': ops.push(['rand', size()]); break;
      case 'randint': {
        const dtype = pick(['int64', 'int64', 'uint64', 'int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8', 'bool']);
        const [lo, hi] = randintBounds(rand, dtype);
        ops.push(['randint', lo, hi, size(), dtype]);
        break;
      }
      case 'permutation': if (rand() < 0.05) ops.push(['permutation_hash', pick([70000, 1000003])]); else ops.push(['permutation', pick([0, 1, 2, 5, 10, 100, 1000, 3000])]); break;
      case 'shuffle': ops.push(['shuffle', pick([0, 1, 2, 10, 256, 257, 1000])]); break;
      case 'shuffle_list': ops.push(['shuffle_list', pick([3, 50])]); break;
      case 'shuffle2d': ops.push(['shuffle2d', pick([1, 4, 9]), pick([1, 3])]); break;
      case 'choice': {
        const n = pick([1, 5, 10, 100, 20000]);
        const replace = rand() < 0.5;
        let p: number[] | null = null;
        if (n <= 10 && rand() < 0.5) {
          p = Array.from({ length: n }, () => pick([0, 1, 2, 3, 0.5]));
          p[0] = 1;
          const s = p.reduce((x, y) => x + y);
          p = p.map((x) => x / s);
        }
        ops.push(['choice', n, pick([null, [1], [3], [5], [2, 2]]), replace, p]);
        break;
      }
      case 'uniform': ops.push(['uniform', pick([0, -1, 2.5]), pick([1, 10, -3]), size()]); break;
    }
  }
  ops.push(['rand', [2]], ['state']);
  return ops;
}

function seeds(rand: () => number): (number | number[])[] {
  const out: (number | number[])[] = [0, 1, 2, 3, 42, 123, 1234, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, -1, 2 ** 32];
  for (let i = 0; i < 60; i++) out.push(Math.floor(rand() * 2 ** 32));
  for (let i = 0; i < 25; i++) out.push(Array.from({ length: 1 + Math.floor(rand() * 700) }, () => Math.floor(rand() * 2 ** 32)));
  out.push([0], [5], [2 ** 32 - 1, 0], []);
  return out;
}

describe('numpy legacy RandomState vs live NumPy', function () {
  this.timeout(180000);
  before(function () {
    requirePython(this, 'numpy');
  });

  it('matches golden values', () => {
    assert.deepEqual(Array.from(randomState(42).randomSample(3)), [0.3745401188473625, 0.9507143064099162, 0.7319939418114051]);
    assert.deepEqual(Array.from(randomState(42).permutation(10)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  });

  it('seeding, rand, randint (all dtypes), shuffle, permutation, choice, uniform', () => {
    const rand = caseRng(99);
    const cases: Case[] = [];
    for (const seed of seeds(rand)) for (let rep = 0; rep < 10; rep++) cases.push({ seed, ops: makeOps(rand) });
    const got = cases.map((c) => {
      try {
        const rs = randomState(c.seed);
        return c.ops.map((op) => runOp(rs, op));
      } catch (e) {
        return c.ops.map(() => ({ raises: e instanceof TypeError ? 'TypeError' : 'ValueError' }));
      }
    });
    const calls = got.reduce((n, g) => n + g.length, 0);
    assertMatchesPython({ name: 'numpy-legacy-integers', script: SCRIPT, cases, got });
    assert.ok(calls > 15000, `only ${calls} calls`);
  });

  it('randn / normal (polar method, cache carried across calls and cleared by seed)', () => {
    const rand = caseRng(5);
    const cases: Case[] = [];
    for (const seed of seeds(rand).slice(0, 90).filter((s) => typeof s !== 'number' || (s >= 0 && s < 2 ** 32))) {
      const ops: Op[] = [];
      for (let i = 0; i < 12; i++) {
        const k = Math.floor(rand() * 4);
        if (k === 0) ops.push(['randn', [1 + Math.floor(rand() * 9)]]);
        else if (k === 1) ops.push(['normal', 1.5, 2, [Math.floor(rand() * 5)]]);
        else if (k === 2) ops.push(['randn', []]);
        else ops.push(['rand', [1]]);
        if (rand() < 0.2) ops.push(['state']);
      }
      cases.push({ seed, ops });
    }
    const got = cases.map((c) => {
      const rs = randomState(c.seed);
      return c.ops.map((op) => runOp(rs, op));
    });
    assertMatchesPython({ name: 'numpy-legacy-normals', script: SCRIPT, cases, got });
  });
});

describe('numpy legacy RandomState properties', () => {
  it('same seed same stream; clones are independent; permutations are permutations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.nat(2000), (seed, n) => {
        const a = randomState(seed);
        a.randn(1); // leaves a cached normal behind
        const b = a.clone();
        const pa = a.permutation(n);
        assert.deepEqual(Array.from(b.permutation(n)), Array.from(pa));
        assert.deepEqual(Array.from(b.randn(3)), Array.from(a.randn(3)));
        assert.deepEqual(Array.from(pa).sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 200 },
    );
  });
});
