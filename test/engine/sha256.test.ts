// The engine's pure-TS SHA-256 (server/engine/src/util/sha256.ts) against node:crypto.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { Sha256, sha256Hex } from '../../server/engine/src/util/sha256';

const nodeHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('sha256 (pure TypeScript)', () => {
  it('matches the FIPS 180-4 examples', () => {
    assert.equal(sha256Hex(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex(new TextEncoder().encode('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches node:crypto at every length around the padding boundaries', () => {
    for (let n = 0; n <= 300; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff);
      assert.equal(sha256Hex(b), nodeHex(b), `length ${n}`);
    }
  });

  it('matches node:crypto for random data fed in random pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat({ max: 700 }), { maxLength: 12 }), (data, cuts) => {
        const h = new Sha256();
        let at = 0;
        for (const c of cuts) {
          const end = Math.min(data.length, at + c);
          h.update(data.subarray(at, end));
          at = end;
        }
        h.update(data.subarray(at));
        assert.equal(h.digestHex(), nodeHex(data));
      }),
      { numRuns: 500 },
    );
  });

  it('matches node:crypto on 64 MiB', () => {
    const b = new Uint8Array(64 << 20);
    for (let i = 0; i < b.length; i += 4099) b[i] = i & 0xff;
    assert.equal(sha256Hex(b), nodeHex(b));
  });
});
