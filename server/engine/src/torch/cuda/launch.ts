// Launch geometry of PyTorch's random distribution kernels and the element <-> (thread, iteration,
// lane) map it implies. aten/src/ATen/native/cuda/DistributionTemplates.h: `calc_execution_policy`
// (256-thread blocks, grid capped at SMs x maxThreadsPerSM/256, offset increment
// ((n-1) / (threads x unroll) + 1) x curand4_engine_calls) and
// `distribution_elementwise_grid_stride_kernel` (thread `tid` draws one Philox block per loop
// iteration and writes lane ii of it to element it·S·unroll + ii·S + tid, S = total threads).

import type { CudaGenerator } from './generator';
import { CurandPhilox } from './stream';

/** The GPU being emulated: the grid cap, hence every stream past 256·cap elements, depends on it. */
export interface CudaDevice {
  /** cudaDeviceProp.multiProcessorCount (H100 SXM / H200: 132, A100: 108). */
  smCount: number;
  /** cudaDeviceProp.maxThreadsPerMultiProcessor (2048 on data-centre parts, 1536 on Ampere/Ada consumer cards). */
  maxThreadsPerSm: number;
}

/** DistributionTemplates.h `block_size_bound`. */
export const BLOCK_SIZE = 256;
/** DistributionTemplates.h `curand4_engine_calls`: one curand4 block is 4 offset units. */
export const CURAND4_ENGINE_CALLS = 4;

/** Values one curand call yields: 4 (float4/uint4) or 2 (double2/ulonglong2). */
export type Unroll = 2 | 4;

export interface GridStrideLayout {
  n: number;
  unroll: Unroll;
  /** S = 256 x grid: threads in the launch, i.e. Philox subsequences 0 .. S-1. */
  threads: number;
  /** Loop iterations per thread (blocks each thread draws). */
  iterations: number;
  /** What the op asks philox_cuda_state for. */
  increment: number;
}

export function gridStrideLayout(options: { n: number; unroll: Unroll; device: CudaDevice }): GridStrideLayout {
  const { n, unroll, device } = options;
  const blocksPerSm = Math.floor(device.maxThreadsPerSm / BLOCK_SIZE);
  const grid = Math.min(Math.ceil(n / BLOCK_SIZE), device.smCount * blocksPerSm);
  const threads = BLOCK_SIZE * grid;
  const iterations = n === 0 ? 0 : Math.floor((n - 1) / (threads * unroll)) + 1;
  return { n, unroll, threads, iterations, increment: iterations * CURAND4_ENGINE_CALLS };
}

/** Where element `index` comes from: thread (= subsequence), loop iteration (= block), lane. */
export function gridStrideCoordinates(layout: GridStrideLayout, index: number): { thread: number; iteration: number; lane: number } {
  const perIteration = layout.threads * layout.unroll;
  const iteration = Math.floor(index / perIteration);
  const rest = index - iteration * perIteration;
  const lane = Math.floor(rest / layout.threads);
  return { thread: rest - lane * layout.threads, iteration, lane };
}

/** One launch: its layout and the Philox state it was handed (the generator has moved on). */
export interface GridStrideLaunch {
  layout: GridStrideLayout;
  stream: CurandPhilox;
}

/**
 * `distribution_nullary_kernel`: nothing happens for n == 0 (no offset consumed); otherwise the
 * generator reserves the increment and the launch gets the previous state.
 */
export function launchGridStride(options: { gen: CudaGenerator; n: number; unroll: Unroll; device: CudaDevice }): GridStrideLaunch {
  const layout = gridStrideLayout(options);
  const state = layout.n === 0 ? { seed: options.gen.initialSeed(), offset: options.gen.getOffset() } : options.gen.philoxState(layout.increment);
  return { layout, stream: new CurandPhilox(state) };
}

/**
 * Visits every (iteration, thread) block of a launch with the block's words and the index of its
 * lane-0 element; lane ii belongs to element `base + ii·S` when that is below n.
 */
export function forEachBlock(launch: GridStrideLaunch, visit: (words: Uint32Array, base: number) => void): void {
  const { layout, stream } = launch;
  const words = new Uint32Array(4);
  const stride = layout.threads * layout.unroll;
  for (let it = 0; it < layout.iterations; it++) {
    const start = it * stride;
    const active = Math.min(layout.threads, layout.n - start);
    // Threads whose lane-0 element is past n still exist, but none of their lanes is written.
    for (let tid = 0; tid < active; tid++) {
      stream.block(tid, it, words);
      visit(words, start + tid);
    }
  }
}

/** The block holding element `index` of a launch, without computing the others. */
export function blockOf(launch: GridStrideLaunch, index: number, out: Uint32Array): number {
  const c = gridStrideCoordinates(launch.layout, index);
  launch.stream.block(c.thread, c.iteration, out);
  return c.lane;
}
