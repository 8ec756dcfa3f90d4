// fast-check arbitraries for `seedlint rng` requests, shared by the differential test (live oracle)
// and the golden-vector generator (test/engine/vectors/make-requests.ts): bounded sizes, the seeds
// and bounds where the libraries change behaviour, and a share of requests the libraries refuse.

import fc from 'fast-check';

export type Req = Record<string, unknown>;
export type Call = Record<string, unknown>;

const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;

/** Integers as the protocol carries them: numbers when safe, decimal strings beyond. */
export function wire(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

const bigIntWire = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(wire);

/** Seeds torch accepts, with the edges that matter: negatives, >= 2**32, 2**64-1. */
export const torchSeed = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  { weight: 3, arbitrary: bigIntWire(0n, TWO_64 - 1n) },
  { weight: 2, arbitrary: bigIntWire(-TWO_63, -1n) },
  { weight: 1, arbitrary: fc.constantFrom<number | string>(0, 1, -1, 42, 4294967295, 4294967296, wire(TWO_64 - 1n), wire(TWO_63 - 1n), wire(-TWO_63)) },
  { weight: 1, arbitrary: bigIntWire(1n << 32n, (1n << 32n) + 100n) },
);
/** Seeds torch refuses (both sides must raise the same class). */
const badTorchSeed = fc.constantFrom<number | string>(wire(TWO_64), wire(-TWO_63 - 1n), wire(1n << 100n));

const smallSize = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => [n]),
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })).map(([a, b]) => [a, b]),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 })).map(([a, b, c]) => [a, b, c]),
  fc.constantFrom([], [15], [16], [17], [31], [32], [33], [100], [257]),
);
/** Sizes worth a digest: the bulk paths and their chunk boundaries. */
const bigSize = fc.constantFrom([1000], [4096], [65536], [65537], [100000]);
const floatDtype = fc.constantFrom('float32', 'float64');
const sizeOut = fc.oneof(
  { weight: 6, arbitrary: smallSize.map((size) => ({ size })) },
  { weight: 1, arbitrary: bigSize.map((size) => ({ size, out: 'sha256' })) },
);

/** randint bounds around every width rule (2**28, 2**32, 2**53, full int64). */
const randintBounds = fc.oneof(
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 1000 })).map(([low, r]) => ({ low, high: low + r })),
  fc.tuple(fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }), fc.constantFrom(1n, 2n, (1n << 28n) - 1n, 1n << 28n, (1n << 31n), (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n, 1n << 37n, 1n << 40n, 1n << 53n, 1n << 62n))
    .map(([low, r]) => ({ low: wire(low), high: wire(low + r) })),
  fc.constantFrom({ low: wire(-TWO_63), high: wire(TWO_63 - 1n) }, { low: 0, high: wire(TWO_63 - 1n) }, { low: wire(-TWO_63), high: 0 }),
  fc.integer({ min: 0, max: 5 }).map((r) => ({ low: 3, high: 3 - r })), // low >= high raises
);

export const weights = fc.array(fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0.001, max: 100, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(0) }), { minLength: 1, maxLength: 40 })
  .filter((w) => w.some((x) => x > 0));

const torchCall: Record<string, fc.Arbitrary<Call>> = {
  randperm: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 3000 }).map((n) => ({ fn: 'randperm', n })) },
    { weight: 1, arbitrary: fc.constantFrom(65536, 100000, 123457).map((n) => ({ fn: 'randperm', n, out: 'sha256' })) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }).map((n) => ({ fn: 'randperm', n })) },
  ),
  rand: fc.tuple(sizeOut, floatDtype).map(([s, dtype]) => ({ fn: 'rand', ...s, dtype })),
  randn: fc.tuple(sizeOut, floatDtype).map(([s, dtype]) => ({ fn: 'randn', ...s, dtype })),
  randint: fc.tuple(randintBounds, sizeOut).map(([b, s]) => ({ fn: 'randint', ...b, ...s })),
  random_int64: sizeOut.map((s) => ({ fn: 'random_int64', ...s })),
  bernoulli: fc.tuple(sizeOut, fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)), floatDtype)
    .map(([s, p, dtype]) => ({ fn: 'bernoulli', ...s, p, dtype })),
  multinomial: fc.tuple(weights, fc.boolean(), fc.integer({ min: 1, max: 60 }), floatDtype).map(([w, replacement, k, dtype]) => ({
    fn: 'multinomial',
    weights: w,
    replacement,
    num_samples: replacement ? k : 1 + (k % w.filter((x) => x > 0).length),
    dtype,
  })),
  initial_seed: fc.constant({ fn: 'initial_seed' }),
};

export function callsOf(table: Record<string, fc.Arbitrary<Call>>, fns: readonly string[]): fc.Arbitrary<Call[]> {
  return fc.array(fc.oneof(...fns.map((f) => table[f]!)), { minLength: 1, maxLength: 4 });
}

export function torchRequests(lib: 'torch' | 'torch.global', fns: readonly string[], version: Req): fc.Arbitrary<Req> {
  const seed = lib === 'torch' ? fc.oneof({ weight: 12, arbitrary: torchSeed }, { weight: 1, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: badTorchSeed }) : fc.oneof({ weight: 12, arbitrary: torchSeed }, { weight: 1, arbitrary: badTorchSeed });
  return fc.record({ lib: fc.constant(lib), seed, calls: callsOf(torchCall, fns) }).map((r) => ({ ...r, version }));
}

// ------------------------------------------------------------------------------------------ python

const pyInt = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: bigIntWire(-(1n << 70n), 1n << 70n) },
  { weight: 1, arbitrary: bigIntWire(-(1n << 200n), 1n << 200n) },
);
const pythonSeed = fc.oneof(
  { weight: 6, arbitrary: pyInt },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => ({ str: s })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => ({ bytes: Buffer.from(b).toString('hex') })) },
  { weight: 1, arbitrary: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1.0, 0.5, 1e300, -0.0)).map((x) => ({ float: x })) },
  { weight: 1, arbitrary: fc.constantFrom('0x7ff0000000000000', '0xfff0000000000000', '0x0000000000000001').map((x) => ({ float: x })) },
);
const unitDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true });

const pythonCall: Record<string, fc.Arbitrary<Call>> = {
  random: fc.constant({ fn: 'random' }),
  getrandbits: fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom(31, 32, 33, 63, 64, 65, 1000)).map((k) => ({ fn: 'getrandbits', k })),
  randrange: fc.oneof(
    fc.integer({ min: 1, max: 1 << 20 }).map((start) => ({ fn: 'randrange', start })),
    fc.tuple(pyInt, pyInt).map(([start, stop]) => ({ fn: 'randrange', start, stop })),
    fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: -9, max: 9 })).map(([start, stop, step]) => ({ fn: 'randrange', start, stop, step })),
  ),
  randint: fc.tuple(pyInt, fc.nat({ max: 1 << 30 })).map(([a, d]) => ({ fn: 'randint', a, b: typeof a === 'number' ? a + d : wire(BigInt(a) + BigInt(d)) })),
  shuffle: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 600 }).map((n) => ({ fn: 'shuffle', n })) }, { weight: 1, arbitrary: fc.constant({ fn: 'shuffle', n: 100000, out: 'sha256' }) }),
  sample: fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 60 })).map(([n, k]) => ({ fn: 'sample', n, k: k <= n || k % 7 === 0 ? k : n })),
  choice: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) }, { weight: 1, arbitrary: fc.constant(0) }).map((n) => ({ fn: 'choice', n })),
  uniform: fc.tuple(unitDouble, unitDouble).map(([a, b]) => ({ fn: 'uniform', a, b })),
  gauss: fc.tuple(unitDouble, fc.double({ min: 0, max: 100, noNaN: true })).map(([mu, sigma]) => ({ fn: 'gauss', mu, sigma })),
};

export function pythonRequests(fns: readonly string[]): fc.Arbitrary<Req> {
  return fc.record({ lib: fc.constant('python'), seed: pythonSeed, calls: callsOf(pythonCall, fns) });
}

// ------------------------------------------------------------------------------------------ numpy

const u32Seed = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const legacySeed = fc.oneof(
  { weight: 12, arbitrary: u32Seed },
  { weight: 2, arbitrary: fc.array(u32Seed, { minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(2 ** 32, -1) },
);
const pcgSeed = fc.oneof(
  { weight: 6, arbitrary: u32Seed },
  { weight: 2, arbitrary: bigIntWire(0n, 1n << 128n) },
  { weight: 2, arbitrary: fc.array(u32Seed, { minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant(-1) },
);
const npSize = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Call>({}) },
  { weight: 6, arbitrary: smallSize.map((size) => ({ size })) },
  { weight: 1, arbitrary: bigSize.map((size) => ({ size, out: 'sha256' })) },
);
const npBounds = fc.oneof(
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 1000 })).map(([low, r]) => ({ low, high: low + r })),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40, 2 ** 53)).map(([low, r]) => ({ low, high: low + r })),
  fc.integer({ min: 1, max: 100 }).map((low) => ({ low })),
);
const npPerm = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 2000 }).map((n) => ({ n })) }, { weight: 1, arbitrary: fc.constant({ n: 100000, out: 'sha256' }) });
const npChoice = fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 30 }), fc.boolean()).map(([n, k, replace]) => ({ n, size: [replace ? k : Math.min(k, n)], replace }));

const legacyCall: Record<string, fc.Arbitrary<Call>> = {
  rand: npSize.map((s) => ({ fn: 'rand', ...s })),
  randn: npSize.map((s) => ({ fn: 'randn', ...s })),
  randint: fc.tuple(npBounds, npSize).map(([b, s]) => ({ fn: 'randint', ...b, ...s })),
  permutation: npPerm.map((p) => ({ fn: 'permutation', ...p })),
  shuffle: npPerm.map((p) => ({ fn: 'shuffle', ...p })),
  choice: npChoice.map((c) => ({ fn: 'choice', ...c })),
  uniform: fc.tuple(unitDouble, unitDouble, npSize).map(([low, high, s]) => ({ fn: 'uniform', low, high, ...s })),
};
const generatorCall: Record<string, fc.Arbitrary<Call>> = {
  random: npSize.map((s) => ({ fn: 'random', ...s })),
  standard_normal: npSize.map((s) => ({ fn: 'standard_normal', ...s })),
  integers: fc.tuple(npBounds, npSize, fc.boolean()).map(([b, s, endpoint]) => ({ fn: 'integers', ...b, ...s, endpoint })),
  permutation: npPerm.map((p) => ({ fn: 'permutation', ...p })),
  shuffle: npPerm.map((p) => ({ fn: 'shuffle', ...p })),
  choice: npChoice.map((c) => ({ fn: 'choice', ...c })),
};

export function numpyRequests(lib: 'numpy' | 'numpy.legacy', fns: readonly string[]): fc.Arbitrary<Req> {
  const table = lib === 'numpy' ? generatorCall : legacyCall;
  return fc.record({ lib: fc.constant(lib), seed: lib === 'numpy' ? pcgSeed : legacySeed, calls: callsOf(table, fns) });
}

// ------------------------------------------------------------------------------------------ torch.data

const genSeeds = fc.oneof(
  fc.record({ generator_seed: torchSeed, global_seed: fc.constant(null) }),
  fc.record({ generator_seed: fc.constant(null), global_seed: torchSeed }),
  fc.record({ generator_seed: torchSeed, global_seed: torchSeed }),
);
const loader = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean(), genSeeds, fc.integer({ min: 1, max: 3 }))
  .map(([n, batch_size, shuffle, drop_last, seeds, epochs]) => ({ lib: 'torch.data', kind: 'DataLoader', n, batch_size, shuffle, drop_last, ...seeds, epochs }));

export const dataRequest: Record<string, fc.Arbitrary<Req>> = {
  DataLoader: loader,
  worker_seeds: fc.tuple(loader, fc.integer({ min: 1, max: 8 })).map(([l, num_workers]) => ({ ...l, kind: 'worker_seeds', num_workers })),
  DistributedSampler: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 8 }), fc.nat(), fc.boolean(), torchSeed, fc.boolean(), fc.integer({ min: 0, max: 5 }))
    .map(([n, num_replicas, r, shuffle, seed, drop_last, epoch]) => ({ lib: 'torch.data', kind: 'DistributedSampler', n, num_replicas, rank: r % num_replicas, shuffle, seed: typeof seed === 'string' ? seed : Math.abs(seed), drop_last, epoch })),
  random_split: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }), fc.boolean(), torchSeed)
    .map(([n, parts, fractions, seed]) => {
      const total = parts.reduce((a, b) => a + b, 0);
      let lengths: number[];
      if (fractions) lengths = parts.map((p) => p / total);
      else {
        lengths = parts.map((p) => Math.floor((p * n) / total));
        lengths[0]! += n - lengths.reduce((a, b) => a + b, 0);
      }
      return { lib: 'torch.data', kind: 'random_split', n, lengths, generator_seed: seed };
    }),
  RandomSampler: fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean(), fc.option(fc.integer({ min: 1, max: 700 })), torchSeed)
    .map(([n, replacement, num_samples, generator_seed]) => ({ lib: 'torch.data', kind: 'RandomSampler', n, replacement, num_samples, generator_seed })),
  SubsetRandomSampler: fc.tuple(fc.array(fc.integer({ min: 0, max: 10000 }), { maxLength: 200 }), torchSeed)
    .map(([indices, generator_seed]) => ({ lib: 'torch.data', kind: 'SubsetRandomSampler', indices, generator_seed })),
  WeightedRandomSampler: fc.tuple(weights, fc.integer({ min: 1, max: 100 }), fc.boolean(), torchSeed).map(([w, m, replacement, generator_seed]) => ({
    lib: 'torch.data',
    kind: 'WeightedRandomSampler',
    weights: w,
    num_samples: replacement ? m : 1 + (m % w.filter((x) => x > 0).length),
    replacement,
    generator_seed,
  })),
};

