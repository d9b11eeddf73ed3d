import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CertificateCache } from './certificate';

describe('CertificateCache.parsed', () => {
  it('parses the same bytes once per kind, from a copy that later changes to the caller’s buffer do not reach', () => {
    const cache = new CertificateCache();
    const seen: Uint8Array[] = [];
    const parse = (der: Uint8Array) => {
      seen.push(der);
      return der;
    };
    const upload = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const first = cache.parsed('ocsp', upload.subarray(2, 5), parse);
    assert.deepEqual([...first], [3, 4, 5]);
    upload[3] = 99;
    assert.equal(cache.parsed('ocsp', Uint8Array.from([3, 4, 5]), parse), first, 'the same bytes elsewhere are the same parse');
    assert.deepEqual([...first], [3, 4, 5], 'the cached parse kept its own copy');
    cache.parsed('crl', Uint8Array.from([3, 4, 5]), parse);
    cache.parsed('ocsp', Uint8Array.from([3, 99, 5]), parse);
    assert.equal(seen.length, 3, 'another kind or other bytes are parsed anew');
  });
});
