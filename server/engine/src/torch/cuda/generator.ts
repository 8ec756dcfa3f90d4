// The state of a CUDA generator as PyTorch keeps it: aten/src/ATen/cuda/CUDAGeneratorImpl.cpp
// (`CUDAGeneratorImpl`: seed_, philox_offset_per_thread_, philox_cuda_state, get_state, set_state,
// set_philox_offset_per_thread). A kernel receives (seed, offset before the op); the op reserves
// its increment rounded up to a multiple of 4, so offsets are always multiples of 4.

import { DEFAULT_RNG_SEED } from '../generator';

/** What one kernel launch receives: `at::PhiloxCudaState` outside CUDA-graph capture. */
export interface PhiloxCudaState {
  seed: bigint;
  /** Philox offset per thread before the op, a multiple of 4 (curand_init's `offset`). */
  offset: bigint;
}

const U64 = (1n << 64n) - 1n;

export class CudaGenerator {
  private seed: bigint;
  private offset = 0n;

  /** A fresh `torch.Generator(device='cuda')` holds c10's default_rng_seed_val, offset 0. */
  constructor(seed: bigint = DEFAULT_RNG_SEED) {
    this.seed = seed & U64;
  }

  /** `manual_seed(s)` / `set_current_seed`: the uint64 seed, offset back to 0. */
  manualSeed(seed: bigint): void {
    this.seed = seed & U64;
    this.offset = 0n;
  }

  initialSeed(): bigint {
    return this.seed;
  }

  /** `Generator.get_offset()` (philox_offset_per_thread). */
  getOffset(): bigint {
    return this.offset;
  }

  /** `set_philox_offset_per_thread`: torch rejects offsets that are not multiples of 4. */
  setOffset(offset: bigint): void {
    if (offset % 4n !== 0n) throw new RangeError('offset must be a multiple of 4');
    this.offset = offset & U64;
  }

  /** `philox_cuda_state(increment)`: hands out the current state, then reserves round4(increment). */
  philoxState(increment: number): PhiloxCudaState {
    const state = { seed: this.seed, offset: this.offset };
    const inc = BigInt(Math.ceil(increment / 4) * 4);
    this.offset = (this.offset + inc) & U64;
    return state;
  }

  /** `get_rng_state()`: 16 bytes, the seed then the offset, both little-endian 64-bit. */
  getState(): Uint8Array {
    const out = new Uint8Array(16);
    for (let i = 0; i < 8; i++) {
      out[i] = Number((this.seed >> BigInt(8 * i)) & 0xffn);
      out[8 + i] = Number((this.offset >> BigInt(8 * i)) & 0xffn);
    }
    return out;
  }

  /** `set_rng_state(bytes)`: 16 bytes (seed, offset) or 8 bytes (seed only, offset 0). */
  setState(bytes: Uint8Array): void {
    if (bytes.length !== 16 && bytes.length !== 8) throw new RangeError('RNG state is wrong size');
    let seed = 0n;
    let offset = 0n;
    for (let i = 7; i >= 0; i--) seed = (seed << 8n) | BigInt(bytes[i]!);
    if (bytes.length === 16) for (let i = 15; i >= 8; i--) offset = (offset << 8n) | BigInt(bytes[i]!);
    this.manualSeed(seed);
    this.setOffset(offset);
  }

  clone(): CudaGenerator {
    const g = new CudaGenerator(this.seed);
    g.offset = this.offset;
    return g;
  }
}
