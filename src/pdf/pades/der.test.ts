import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CertificateCache } from './certificate';
import { parseSignedData } from './cms-verify';
import { p1363ToDer } from './cms';
import { children, content, DerError, encodeOid, encodeUnsigned, oidOf, readDer, tags, tlv } from './der';

describe('DER reader and writer', () => {
  it('round-trips OIDs, unsigned integers and nested TLVs of any length (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2 ** 31), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), (arcs, first, second) => {
        const text = [first, second, ...arcs].join('.');
        assert.equal(oidOf(readDer(encodeOid(text))), text);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 70_000 }), (body) => {
        const node = readDer(tlv(tags.sequence, tlv(tags.octetString, body)));
        assert.ok(Buffer.from(content(children(node)[0]!)).equals(Buffer.from(body)));
      }),
      { numRuns: 30 },
    );
  });

  it('encodes P1363 ECDSA signatures as DER integers without sign problems', () => {
    const signature = new Uint8Array(64).fill(0x80);
    const [r, s] = children(readDer(p1363ToDer(signature)));
    assert.equal(content(r!)[0], 0, 'a high bit gets a leading zero');
    assert.equal(content(s!).length, 33);
    assert.equal(content(readDer(encodeUnsigned(Uint8Array.from([0, 0, 1])))).length, 1, 'leading zeros are trimmed');
  });

  it('throws only DerError on random bytes, and parseSignedData returns undefined (property)', () => {
    const cache = new CertificateCache();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const node = readDer(bytes);
          if (node.tag & 0x20) children(node);
        } catch (error) {
          assert.ok(error instanceof DerError, String(error));
        }
        assert.equal(parseSignedData(bytes, cache), undefined);
      }),
      { numRuns: 500 },
    );
  });
});
