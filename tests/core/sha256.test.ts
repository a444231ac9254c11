import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../src/core/sha256.js';

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals node:crypto for every length around the block boundaries, fed in uneven pieces', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4099]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      const hash = new Sha256();
      for (let i = 0; i < n; i += 1 + (i % 37)) hash.update(bytes.subarray(i, Math.min(n, i + 1 + (i % 37))));
      expect(hash.hexDigest()).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex('ü→π')).toBe(createHash('sha256').update('ü→π', 'utf8').digest('hex'));
  });
});
