// The engine's libm ports (server/engine/src/libm) against glibc itself: log, log1p, sin, cos, exp as
// x86-64 glibc computes them on CPUs with FMA (the `__*_fma` variants), and exact fma/fmaf.
// * Live: /usr/bin/python3 draws millions of inputs with a seeded random.Random and evaluates
//   them with CPython's math module (which calls the C library) and, for fma/fmaf, with ctypes;
//   it writes the pairs to a binary file in /tmp that this test reads back. Runs on x86-64
//   Linux with glibc and an FMA-capable CPU; elsewhere the C library computes other last bits.
// * Golden: test/engine/vectors/glibc-libm.json, from Debian glibc 2.36 (identical hashes over
//   20 million inputs on Ubuntu glibc 2.39), checked everywhere.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

import { fma, fmaExact, fmaf } from '../../server/engine/src/libm/fma';
import { log } from '../../server/engine/src/libm/log';
import { log1p } from '../../server/engine/src/libm/log1p';
import { sin } from '../../server/engine/src/libm/sin';
import { cos } from '../../server/engine/src/libm/cos';
import { exp } from '../../server/engine/src/libm/exp';
import { sincos } from '../../server/engine/src/libm/sincos';
import { fhex, pythonHas, runPython } from './live-python';

const FUNCTIONS = { log, log1p, sin, cos, exp } as const;
type Name = keyof typeof FUNCTIONS;
const ORACLE = readFileSync(join(__dirname, 'py', 'libm_glibc.py'), 'utf8');
const GOLDEN = join(__dirname, 'vectors', 'glibc-libm.json');

function glibcWithFma(): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  try {
    return /^flags\s*:.*\bfma\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

function sameDouble(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function readDoubles(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('libm ports against live glibc', function () {
  this.timeout(600_000);
  let dir = '';
  let counts: Record<string, number> = {};

  before(function () {
    if (!glibcWithFma() || !pythonHas('ctypes')) {
      if (process.env['CI'] === 'true' && process.platform === 'linux' && process.arch === 'x64') {
        throw new Error('live glibc comparison needs /usr/bin/python3 and an FMA-capable x86-64 CPU (CI=true)');
      }
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'seedlint-libm-'));
    const answer = runPython<{ libc: [string, string]; counts: Record<string, number> }>(ORACLE, { seed: 20261127, n: 2_000_000, nfma: 300_000, dir });
    assert.equal(answer.libc[0], 'glibc');
    counts = answer.counts;
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of Object.keys(FUNCTIONS) as Name[]) {
    it(`${name} equals glibc's on 2 million inputs`, function () {
      if (!(name in counts)) this.skip();
      const fn = FUNCTIONS[name];
      const pairs = readDoubles(join(dir, `${name}.bin`));
      assert.equal(pairs.length / 2, counts[name]);
      const bad: string[] = [];
      for (let i = 0; i < pairs.length; i += 2) {
        const got = fn(pairs[i]!);
        if (!sameDouble(got, pairs[i + 1]!) && bad.length < 5) bad.push(`${name}(${pairs[i]}) = ${pairs[i + 1]}, got ${got}`);
      }
      assert.deepEqual(bad, []);
    });
  }

  it('sincos equals sin and cos', () => {
    const pairs = readDoubles(join(dir, 'sin.bin'));
    const out = new Float64Array(2);
    for (let i = 0; i < pairs.length; i += 2) {
      sincos(pairs[i]!, out);
      assert.ok(sameDouble(out[0]!, pairs[i + 1]!) && sameDouble(out[1]!, cos(pairs[i]!)), `sincos(${pairs[i]})`);
    }
  });

  it('fma and fmaf equal the C library on 300000 adversarial triples each', () => {
    const d = readDoubles(join(dir, 'fma.bin'));
    for (let i = 0; i < d.length; i += 4) {
      assert.ok(sameDouble(fma(d[i]!, d[i + 1]!, d[i + 2]!), d[i + 3]!), `fma(${d[i]}, ${d[i + 1]}, ${d[i + 2]}) = ${d[i + 3]}`);
    }
    const bytes = readFileSync(join(dir, 'fmaf.bin'));
    const f = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    for (let i = 0; i < f.length; i += 4) {
      assert.ok(sameDouble(fmaf(f[i]!, f[i + 1]!, f[i + 2]!), f[i + 3]!), `fmaf(${f[i]}, ${f[i + 1]}, ${f[i + 2]}) = ${f[i + 3]}`);
    }
  });
});

describe('libm ports against golden glibc vectors', () => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<Name, [string, string][]> & { _provenance: string };
  for (const name of Object.keys(FUNCTIONS) as Name[]) {
    if (!golden[name]) continue;
    it(`${name} matches ${golden[name].length} glibc values`, () => {
      const view = new DataView(new ArrayBuffer(8));
      const fromHex = (h: string): number => {
        view.setBigUint64(0, BigInt(`0x${h}`));
        return view.getFloat64(0);
      };
      for (const [x, y] of golden[name]) {
        assert.equal(fhex(FUNCTIONS[name](fromHex(x))), y, `${name}(${fromHex(x)})`);
      }
    });
  }
});

describe('libm ports outside their range', () => {
  it('sin and cos refuse |x| >= 105414350 (glibc __branred is not ported) rather than guess', () => {
    assert.throws(() => sin(2e8), RangeError);
    assert.throws(() => cos(-105414350), RangeError);
    assert.ok(Number.isNaN(sin(Infinity)) && Number.isNaN(cos(NaN)));
  });
  it('log and log1p follow C at the domain edges', () => {
    assert.equal(log(0), -Infinity);
    assert.ok(Number.isNaN(log(-1)));
    assert.equal(log(Infinity), Infinity);
    assert.equal(log(1), 0);
    assert.equal(log1p(-1), -Infinity);
    assert.ok(Number.isNaN(log1p(-2)));
    assert.ok(Object.is(log1p(-0), -0));
  });
});

describe('fma against exact rational arithmetic', () => {
  const double = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 });
  it('fma(a, b, c) is a·b + c rounded once (random operands)', () => {
    fc.assert(fc.property(double, double, double, (a, b, c) => sameDouble(fma(a, b, c), fmaExact(a, b, c))), { numRuns: 20_000 });
  });
  it('fma(a, b, c) is exact around cancellation, c ≈ -a·b', () => {
    fc.assert(
      fc.property(double, double, fc.integer({ min: -64, max: 64 }), (a, b, k) => {
        const c = -(a * b) * (1 + k * 2 ** -52);
        return sameDouble(fma(a, b, c), fmaExact(a, b, c));
      }),
      { numRuns: 20_000 },
    );
  });
  it('fmaf(a, b, c) of float32 values equals fma rounded to float32 where that is single rounding', () => {
    // a·b + c of float32 values with exponents close together is exact in a double, so the
    // float32 FMA is then just Math.fround of it
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 16), max: 2 ** 16 }), fc.integer({ min: -(2 ** 16), max: 2 ** 16 }), fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), (a, b, c) =>
        sameDouble(fmaf(a / 1024, b / 1024, c), Math.fround((a / 1024) * (b / 1024) + c)),
      ),
      { numRuns: 20_000 },
    );
  });
});
