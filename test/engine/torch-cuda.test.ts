// The CUDA engine (server/engine/src/torch/cuda/): Philox4x32-10 known answers, the generator's
// offset bookkeeping, lazy element access, and the libdevice ports against values the GPU computed.
// End-to-end streams are checked against torch 2.11 on an H200 by golden.test.ts
// (test/engine/vectors/torch-cuda-2.11.0-sm132.jsonl).
import assert from 'node:assert/strict';
import { Philox4x32 } from '../../server/engine/src/bitgen/philox4x32';
import {
  CudaGenerator,
  cudaBernoulli,
  cudaRand,
  cudaRandAt,
  cudaRandLaunch,
  cudaRandint,
  cudaRandnDouble,
  cudaRandomInt64,
  cudaRandperm,
  gridStrideCoordinates,
  gridStrideLayout,
  nvLog,
  nvSincospi,
  randpermKeyBits,
  rcpApproxF64,
  sincospiOut,
  type CudaDevice,
} from '../../server/engine/src/torch/cuda';
import { answerRequest } from '../../server/engine/src/protocol';

const H100: CudaDevice = { smCount: 132, maxThreadsPerSm: 2048 };
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const fromHex = (h: string) => ((u64[0] = BigInt(h)), f64[0]!);
const toHex = (x: number) => ((f64[0] = x), '0x' + u64[0]!.toString(16).padStart(16, '0'));
const hex32 = (w: Uint32Array) => [...w].map((x) => x.toString(16).padStart(8, '0')).join(' ');

describe('torch.cuda engine', () => {
  describe('Philox4x32-10', () => {
    // Random123 kat_vectors (philox4x32 10): counter, key -> output.
    const KAT: [number[], number[], string][] = [
      [[0, 0, 0, 0], [0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
      [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
      [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
    ];
    for (const [ctr, key, want] of KAT) {
      it(`counter ${ctr.map((c) => c.toString(16)).join(',')} key ${key.map((k) => k.toString(16)).join(',')}`, () => {
        const out = new Uint32Array(4);
        new Philox4x32(key[0]!, key[1]!).block(ctr, out);
        assert.equal(hex32(out), want);
      });
    }

    it('takes the 64-bit seed low word first, as curand_init does', () => {
      const p = Philox4x32.fromSeed(0x299f31d0a4093822n);
      assert.deepEqual([p.key0, p.key1], [0xa4093822, 0x299f31d0]);
      assert.deepEqual([Philox4x32.fromSeed(-1n).key0, Philox4x32.fromSeed(-1n).key1], [0xffffffff, 0xffffffff]);
    });
  });

  describe('generator state (CUDAGeneratorImpl)', () => {
    it('rounds every increment up to a multiple of 4 and hands out the previous offset', () => {
      const g = new CudaGenerator(7n);
      assert.deepEqual(g.philoxState(1), { seed: 7n, offset: 0n });
      assert.deepEqual(g.philoxState(10), { seed: 7n, offset: 4n });
      assert.equal(g.getOffset(), 16n);
      g.manualSeed(-1n);
      assert.equal(g.initialSeed(), 2n ** 64n - 1n);
      assert.equal(g.getOffset(), 0n);
    });

    it('get_state / set_state: 16 little-endian bytes (seed, offset), 8-byte states, offsets % 4', () => {
      const g = new CudaGenerator();
      assert.equal(g.initialSeed(), 67280421310721n); // torch.Generator(device='cuda').initial_seed()
      g.setState(Uint8Array.from([99, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0]));
      assert.deepEqual([g.initialSeed(), g.getOffset()], [99n, 40n]);
      assert.deepEqual([...g.getState()], [99, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0]);
      g.setState(Uint8Array.from([1, 2, 0, 0, 0, 0, 0, 0]));
      assert.deepEqual([g.initialSeed(), g.getOffset()], [513n, 0n]);
      assert.throws(() => g.setOffset(6n), /multiple of 4/);
    });
  });

  describe('launch geometry and offset increments (calc_execution_policy)', () => {
    // shared/spec/torch-cuda.md §4: on 132 SMs x 2048 threads, S = 270,336 threads; the increments
    // below were confirmed against torch 2.11 on an H100.
    const cases: [number, 2 | 4, number][] = [
      [1, 4, 4], [1000, 4, 4], [270_336, 4, 4], [270_337, 4, 4], [1_081_344, 4, 4], [1_081_345, 4, 8], [3_000_001, 4, 12],
      [1, 2, 4], [540_672, 2, 4], [540_673, 2, 8], [1_081_345, 2, 12], [2_000_001, 2, 16],
    ];
    for (const [n, unroll, inc] of cases) {
      it(`n = ${n}, ${unroll === 4 ? 'float32 / 32-bit' : 'float64 / 64-bit'}: +${inc}`, () => {
        assert.equal(gridStrideLayout({ n, unroll, device: H100 }).increment, inc);
      });
    }

    it('each op consumes its increment (engine ops on one generator)', () => {
      const g = new CudaGenerator(2024n);
      const small: CudaDevice = { smCount: 2, maxThreadsPerSm: 1536 }; // 12 blocks: S = 3,072
      const steps: [string, () => unknown, bigint][] = [
        ['rand 10', () => cudaRand({ gen: g, n: 10, device: small }), 4n],
        ['rand 12,289 float32', () => cudaRand({ gen: g, n: 12_289, device: small }), 8n], // 2 iterations of 4 x 3,072
        ['rand 6,145 float64', () => cudaRand({ gen: g, n: 6_145, dtype: 'float64', device: small }), 8n],
        ['randint wide 7', () => cudaRandint({ gen: g, low: 0n, high: 1n << 40n, n: 7, device: small }), 4n],
        ['random_ 0', () => cudaRandomInt64({ gen: g, n: 0, device: small }), 0n],
        ['bernoulli 13', () => cudaBernoulli({ gen: g, n: 13, p: 0.5, doubleAccumulate: false, device: small }), 4n],
        ['randperm 50', () => cudaRandperm({ gen: g, n: 50, device: small }), 4n + 52n], // keys, then 4·ceil(n/4)
        ['randn 5 float64', () => cudaRandnDouble({ gen: g, n: 5, device: small }), 4n],
      ];
      for (const [what, op, inc] of steps) {
        const before = g.getOffset();
        op();
        assert.equal(g.getOffset() - before, inc, what);
      }
    });

    it('a consumer GPU (1536 threads/SM) caps the grid at 6 blocks per SM', () => {
      const l = gridStrideLayout({ n: 10_000_000, unroll: 4, device: { smCount: 46, maxThreadsPerSm: 1536 } });
      assert.equal(l.threads, 46 * 6 * 256);
    });
  });

  describe('element <-> (thread, iteration, lane) map', () => {
    it('below the cap element i is lane 0 of thread i; past it i and i + S share a block', () => {
      const l = gridStrideLayout({ n: 1_000_000, unroll: 4, device: H100 });
      assert.deepEqual(gridStrideCoordinates(l, 12345), { thread: 12345, iteration: 0, lane: 0 });
      assert.deepEqual(gridStrideCoordinates(l, 12345 + 270_336), { thread: 12345, iteration: 0, lane: 1 });
      assert.deepEqual(gridStrideCoordinates(l, 12345 + 4 * 270_336), { thread: 12345, iteration: 1, lane: 0 });
    });

    for (const dtype of ['float32', 'float64'] as const) {
      it(`lazy access equals the full fill (${dtype}, several iterations and lanes)`, () => {
        const device: CudaDevice = { smCount: 3, maxThreadsPerSm: 512 }; // 6 blocks: S = 1,536
        const g = new CudaGenerator(123456789n);
        g.philoxState(40);
        const n = 20_011;
        const lazy = cudaRandLaunch({ gen: g.clone(), n, dtype, device });
        const full = cudaRand({ gen: g, n, dtype, device });
        for (let i = 0; i < n; i++) assert.equal(cudaRandAt(lazy, i, dtype), full[i], `element ${i}`);
      });
    }
  });

  describe('torch.rand on CUDA (values from torch 2.11 on an H200, torch-cuda-2.11.0-sm132.jsonl line 2)', () => {
    it('torch.cuda.manual_seed(0); torch.rand(4, device="cuda")', () => {
      const got = cudaRand({ gen: new CudaGenerator(0n), n: 4, device: H100 });
      const bits = [...new Uint32Array(Float32Array.from(got).buffer)].map((w) => '0x' + w.toString(16).padStart(8, '0'));
      assert.deepEqual(bits, ['0x3ecc4fd2', '0x3f044516', '0x3ccc3acf', '0x3f70a90b']); // 0.39904648, 0.51667917, 0.02493039, 0.94007939
    });
  });

  describe('libdevice ports (outputs of CUDA 13.0 libdevice on an H100 via NVRTC, test/oracle/cuda-rcp64h-table.py)', () => {
    // The first eight u values are ones whose log depends on the hardware reciprocal seed.
    const LOG: [string, string][] = [
      ['0x3fe88462b40d54fc', '0xbfd10c1ac1da9aa4'], ['0x3fe3a950e13f7278', '0xbfdf2c4db061aaee'], ['0x3fe932ec4880b352', '0xbfce956acafdb87f'],
      ['0x3fe9290e27cb2f38', '0xbfcec7944b0c076d'], ['0x3fe87ff75107bc3c', '0xbfd117a5311cee2b'], ['0x3fe9c4f38659f532', '0xbfcbb7ece0fd4d9d'],
      ['0x3fe6dba99362251e', '0xbfd5881b3d4246b5'], ['0x3fe851efd1551d5c', '0xbfd190543ffc0984'], ['0x3fd673120f0e5329', '0xbff0c307f0d69a7f'],
      ['0x3feaa4266527660c', '0xbfc7759b99057c69'], ['0x3fe4aeeab056346a', '0xbfdbee279c5f64e6'], ['0x3fd4269768e9df89', '0xbff27d8222025a93'],
      ['0x3fc916484ff46f16', '0xbffa132a213a00cf'], ['0x3fe9e5b3c0bff63a', '0xbfcb15a6411d15b5'], ['0x3fdb7fe2bdb9bb3b', '0xbfeb07e4370667d5'],
      ['0x3fee6c9494948bfe', '0xbfa9db10af6bc1a2'], ['0x3fe259239aeeec36', '0xbfe1cc6d46b40ed5'], ['0x3fec7065f337690e', '0xbfbe33722e4e45d6'],
      ['0x3fe29ffb282db406', '0xbfe151cc491d69b2'], ['0x3fa8240208af9da8', '0xc0086f778b9de4e9'],
    ];
    it('log', () => {
      for (const [u, want] of LOG) assert.equal(toHex(nvLog(fromHex(u))), want, `log(${u})`);
    });

    const SINCOSPI: [string, string, string][] = [
      ['0x3fe42c3d62eb62c7', '0x3fed5a25d8197d28', '0xbfd97dc74ecfe908'], ['0x3ffbcd207eb21f4a', '0xbfe77e2ce8d7abea', '0x3fe5ba3e7477f9c8'],
      ['0x3ffcc4083f34cdf8', '0xbfe2fb989458ede3', '0x3fe9c2efce17dc5a'], ['0x3ff628b6aea66d3a', '0xbfedee9c31523a1e', '0xbfd6a23a699a180c'],
      ['0x3ffe55b2f1a36684', '0xbfd48e1cdd90261c', '0x3fee4dfd6610929d'], ['0x3fd4b9a8d3824226', '0x3feb391264af52ae', '0x3fe0d1ea2b036f38'],
      ['0x3ffe3966cf279b8e', '0xbfd5dd9a6ead9d7f', '0x3fee13102ae8370e'], ['0x3fd88d4c45faf4fe', '0x3fede291dc777ac0', '0x3fd6e1861607840c'],
      ['0x3fd318b449cb739e', '0x3fe9caeb2342821e', '0x3fe2f0becd641349'], ['0x3ff0f51ad4638336', '0xbfc7ebef575575dc', '0xbfef6faae3d12099'],
    ];
    it('sincospi', () => {
      for (const [v, s, c] of SINCOSPI) {
        nvSincospi(fromHex(v));
        assert.deepEqual([toHex(sincospiOut[0]!), toHex(sincospiOut[1]!)], [s, c], `sincospi(${v})`);
      }
    });

    it('rcp.approx.ftz.f64: floor of 1/x on 21 bits except at the measured round-up mantissas', () => {
      assert.equal(rcpApproxF64(1), 1);
      assert.equal(rcpApproxF64(2), 0.5);
      // 0x3ffb5000...: mantissa 0xb5000 is in the measured range; the result has a zero low word.
      const r = rcpApproxF64(fromHex('0x3ffb500012345678'));
      assert.equal(toHex(r).slice(-8), '00000000');
      assert.ok(Math.abs(r * fromHex('0x3ffb500000000000') - 1) < 2 ** -20);
    });
  });

  describe('randperm', () => {
    it('key bits (shared/spec/torch-cuda.md §6.6, from Randperm.cu)', () => {
      const table: [number, number][] = [[1, 3], [2, 5], [3, 6], [4, 7], [10, 9], [100, 16], [1000, 23], [10_000, 29], [21_273, 32], [30_083, 32], [30_084, 33], [100_000, 36], [1_000_000, 43]];
      for (const [n, bits] of table) assert.equal(randpermKeyBits(n), bits, `n = ${n}`);
    });

    it('is a permutation and advances the offset by keys + 4·ceil(n/4)', () => {
      for (const n of [1, 2, 5, 31, 1000, 30_084]) {
        const g = new CudaGenerator(BigInt(n));
        const p = cudaRandperm({ gen: g, n, device: H100 });
        assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
        assert.equal(g.getOffset(), 4n + BigInt(4 * Math.ceil(n / 4)));
      }
    });
  });

  describe('protocol', () => {
    const req = (calls: object[], extra: object = {}) => answerRequest({ lib: 'torch.cuda', seed: 0, sm_count: 132, calls, ...extra });
    it('refuses float32 randn and float32 multinomial races with a reason', () => {
      const a = req([{ fn: 'randn', size: [3] }]);
      assert.equal(a.ok, false);
      assert.ok(!a.ok && /__sincosf/.test(a.error) && !('raises' in a));
      const m = req([{ fn: 'multinomial', weights: [1, 2], num_samples: 1 }]);
      assert.ok(!m.ok && /__logf/.test(m.error));
      assert.equal(req([{ fn: 'multinomial', weights: [1, 2], num_samples: 1, dtype: 'float64' }]).ok, true);
    });
    it('needs sm_count; refuses the unseeded default generator and torch 1.13', () => {
      assert.equal(answerRequest({ lib: 'torch.cuda', seed: 0, calls: [] }).ok, false);
      assert.equal(req([], { seed: 'default' }).ok, false);
      const old = req([{ fn: 'rand', size: [2] }], { version: { torch: '1.13' } });
      assert.ok(!old.ok && /2\.x/.test(old.error));
    });
  });
});
