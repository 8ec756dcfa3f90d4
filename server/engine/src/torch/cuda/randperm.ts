// torch.randperm(n, device='cuda') in 2.x (aten/src/ATen/native/cuda/Randperm.cu
// `randperm_out_cuda` and its note "[Algorithm of randperm]"; Randperm.cuh
// `randperm_handle_duplicate_keys[_kernel]`; CUB radix_sort_pairs via aten/src/ATen/cuda/cub.cuh):
//  1. bits = min(64, ceil(log2(n - (6n^2 + 1) / (12 ln 0.9)))), so keys rarely collide;
//  2. keys: int32 random_(INT32_MIN, INT32_MAX) when bits <= 32, else int64
//     random_(INT64_MIN, INT64_MAX): both ranges are >= 2^28, the 64-bit path (2 values per block);
//  3. a stable LSD radix sort of (key, 0..n-1) on key bits [0, bits); CUB flips the sign bit of
//     signed keys first, so the sort key is v & mask with v = r mod (2^32 - 1) (resp. 2^64 - 1);
//  4. islands of equal masked keys are shuffled by their first thread t (curand_init(seed, t,
//     offset2)): Fisher-Yates with curand() % (i+1), after the generator reserved n more.

import type { CudaGenerator } from './generator';
import { forEachBlock, launchGridStride, type CudaDevice } from './launch';
import { CurandPhilox, CurandThread } from './stream';

/** The key width randperm_out_cuda picks (its double arithmetic, then ceil). */
export function randpermKeyBits(n: number): number {
  const logThreshold12 = Math.log(0.9) * 12;
  return Math.min(64, Math.ceil(Math.log2(n - (6 * n * n + 1) / logThreshold12)));
}

const M32 = 4294967295; // 2^32 - 1

/** `torch.randperm(n, device='cuda')` values (any integer dtype gives the same permutation). */
export function cudaRandperm(options: { gen: CudaGenerator; n: number; device: CudaDevice }): Int32Array | Float64Array {
  const { gen, n, device } = options;
  const out = n <= 0x7fffffff ? new Int32Array(n) : new Float64Array(n);
  if (n === 0) return out;
  const bits = randpermKeyBits(n);
  // Sort keys as (hi, lo) words of v & mask.
  const keyLo = new Uint32Array(n);
  const keyHi = bits > 32 ? new Uint32Array(n) : undefined;
  const launch = launchGridStride({ gen, n, unroll: 2, device });
  const { threads } = launch.layout;
  const maskLo = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const maskHi = bits >= 64 ? 0xffffffff : bits > 32 ? 2 ** (bits - 32) - 1 : 0;
  forEachBlock(launch, (w, first) => {
    for (let lane = 0, i = first; lane < 2 && i < n; lane++, i += threads) {
      const hi = w[2 * lane]!;
      const lo = w[2 * lane + 1]!;
      if (keyHi) {
        // r mod (2^64 - 1): only r = 2^64 - 1 changes (to 0).
        const full = hi === 0xffffffff && lo === 0xffffffff;
        keyLo[i] = full ? 0 : lo & maskLo;
        keyHi[i] = full ? 0 : hi & maskHi;
      } else {
        // r mod (2^32 - 1) = (hi + lo) mod (2^32 - 1), since 2^32 ≡ 1.
        let v = hi + lo;
        if (v >= M32) v -= M32;
        if (v >= M32) v -= M32;
        keyLo[i] = (v & maskLo) >>> 0;
      }
    }
  });
  const order = radixSortIndices(keyLo, keyHi, bits);
  for (let i = 0; i < n; i++) out[i] = order[i]!;
  shuffleIslands({ gen, out, keyLo, keyHi, order });
  return out;
}

/** Stable LSD radix sort of 0..n-1 by the (hi, lo) key on its low `bits` bits, 16 bits a pass. */
function radixSortIndices(keyLo: Uint32Array, keyHi: Uint32Array | undefined, bits: number): Uint32Array {
  const n = keyLo.length;
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const counts = new Uint32Array(65536);
  for (let shift = 0; shift < bits; shift += 16) {
    const keys = shift < 32 ? keyLo : keyHi!;
    const s = shift % 32;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> s) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      tmp[counts[(keys[k]! >>> s) & 0xffff]!++] = k;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}

/** randperm_handle_duplicate_keys: Fisher-Yates inside every run of equal masked keys. */
function shuffleIslands(o: { gen: CudaGenerator; out: Int32Array | Float64Array; keyLo: Uint32Array; keyHi: Uint32Array | undefined; order: Uint32Array }): void {
  const { out, keyLo, keyHi, order } = o;
  const n = out.length;
  const stream = new CurandPhilox(o.gen.philoxState(n));
  const same = (a: number, b: number) => keyLo[order[a]!] === keyLo[order[b]!] && (!keyHi || keyHi[order[a]!] === keyHi[order[b]!]);
  for (let t = 0; t < n - 1; ) {
    let size = 1;
    while (t + size < n && same(t, t + size)) size++;
    if (size > 1) {
      const thread = new CurandThread(stream, t);
      for (let i = size - 1; i > 0; i--) {
        const r = thread.curand() % (i + 1);
        if (r !== i) {
          const tmp = out[t + i]!;
          out[t + i] = out[t + r]!;
          out[t + r] = tmp;
        }
      }
    }
    t += size;
  }
}
