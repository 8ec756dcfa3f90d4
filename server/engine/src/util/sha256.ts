// SHA-256 (FIPS 180-4), pure TypeScript: the engine has no dependencies and no node:* imports, and
// the `seedlint rng` digest form (`"out": "sha256"`) must hash hundreds of megabytes, so this is
// incremental and works on 32-bit words with `>>> 0` arithmetic.

// Int32Array, not Uint32Array: V8 keeps int32 values unboxed, while uint32 values >= 2**31 become
// doubles and slow the compression loop several-fold.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Incremental SHA-256: `update` any number of times, then `digestHex` once. */
export class Sha256 {
  private readonly h = new Int32Array(H0);
  private readonly w = new Int32Array(64);
  private readonly block = new Uint8Array(64);
  private readonly blockView = new DataView(this.block.buffer);
  private blockLen = 0;
  private bytes = 0; // total length; a double is exact up to 2**53 bytes
  private done = false;

  update(data: Uint8Array): this {
    if (this.done) throw new Error('Sha256: update after digest');
    let i = 0;
    const n = data.length;
    this.bytes += n;
    if (this.blockLen > 0) {
      while (i < n && this.blockLen < 64) this.block[this.blockLen++] = data[i++]!;
      if (this.blockLen < 64) return this;
      compressBlock(this.h, this.w, this.blockView, 0);
      this.blockLen = 0;
    }
    if (i + 64 <= n) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (; i + 64 <= n; i += 64) compressBlock(this.h, this.w, view, i);
    }
    while (i < n) this.block[this.blockLen++] = data[i++]!;
    return this;
  }

  digestHex(): string {
    if (this.done) throw new Error('Sha256: digest called twice');
    const bitsHi = Math.floor(this.bytes / 0x20000000) >>> 0;
    const bitsLo = (this.bytes * 8) >>> 0;
    const pad = new Uint8Array(((this.blockLen < 56 ? 56 : 120) - this.blockLen) + 8);
    pad[0] = 0x80;
    const end = pad.length - 8;
    pad[end] = bitsHi >>> 24;
    pad[end + 1] = bitsHi >>> 16;
    pad[end + 2] = bitsHi >>> 8;
    pad[end + 3] = bitsHi;
    pad[end + 4] = bitsLo >>> 24;
    pad[end + 5] = bitsLo >>> 16;
    pad[end + 6] = bitsLo >>> 8;
    pad[end + 7] = bitsLo;
    const total = this.bytes;
    this.update(pad);
    this.bytes = total;
    this.done = true;
    let hex = '';
    for (const v of this.h) hex += (v >>> 0).toString(16).padStart(8, '0');
    return hex;
  }

}

function compressBlock(h: Int32Array, w: Int32Array, view: DataView, off: number): void {
  for (let t = 0; t < 16; t++) w[t] = view.getInt32(off + 4 * t, false);
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (k + S1 + ch + K[t]! + w[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}

/** SHA-256 of `data` as 64 lower-case hex digits. */
export function sha256Hex(data: Uint8Array): string {
  return new Sha256().update(data).digestHex();
}
