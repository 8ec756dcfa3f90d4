// PyTorch's CPU generator (aten/src/ATen/CPUGeneratorImpl.{h,cpp}): an MT19937 engine seeded
// with init_genrand from the low 32 bits of a 64-bit seed, plus the two cached normals that
// `set_current_seed` clears. See ../../../../../shared/spec/torch-cpu.md §1 (in the repo's
// sibling `shared/` folder).

import { type Mt19937, mt19937FromSeed } from '../bitgen/mt19937';

/** `default_rng_seed_val` in c10/core/GeneratorImpl.h: the seed of a fresh torch.Generator(). */
export const DEFAULT_RNG_SEED = 67280421310721n;

const U64_MASK = (1n << 64n) - 1n;

export class TorchGenerator {
  private engine: Mt19937;
  private seed: bigint;
  /** `next_double_normal_sample_`: the second Box–Muller value, or undefined. */
  nextDoubleNormal: number | undefined = undefined;
  /** `next_float_normal_sample_`: never filled by CPU kernels, kept for state fidelity. */
  nextFloatNormal: number | undefined = undefined;

  constructor(seed: bigint = DEFAULT_RNG_SEED) {
    this.seed = seed & U64_MASK;
    this.engine = mt19937FromSeed(Number(this.seed & 0xffffffffn));
  }

  /**
   * `set_current_seed`: a new engine from the low 32 bits, both normal caches cleared.
   * `seed` must already be the uint64 PyTorch stores (see `unpackSeed` for the Python rules).
   */
  manualSeed(seed: bigint): this {
    this.seed = seed & U64_MASK;
    this.engine = mt19937FromSeed(Number(this.seed & 0xffffffffn));
    this.nextDoubleNormal = undefined;
    this.nextFloatNormal = undefined;
    return this;
  }

  /** `initial_seed()`: the full 64-bit seed, even though only 32 bits reach the engine. */
  initialSeed(): bigint {
    return this.seed;
  }

  /** `random()`: one 32-bit draw. */
  random(): number {
    return this.engine.nextUint32();
  }

  /** `random64()`: two draws, the FIRST is the high half. Returned as a BigInt (off hot paths). */
  random64(): bigint {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Fills `out` with consecutive 32-bit draws (hot paths). */
  fill(out: Uint32Array): void {
    this.engine.fill(out);
  }

  clone(): TorchGenerator {
    const copy = Object.create(TorchGenerator.prototype) as TorchGenerator;
    copy.engine = this.engine.clone();
    copy.seed = this.seed;
    copy.nextDoubleNormal = this.nextDoubleNormal;
    copy.nextFloatNormal = this.nextFloatNormal;
    return copy;
  }
}
