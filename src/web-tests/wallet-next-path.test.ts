import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { safeNextPath } from '../../web/src/wallet/next-path';

const origin = 'https://medcert.moph.go.th';

describe('where the wallet goes on after sign-in', () => {
  test('a path on this site is kept, with its query', () => {
    assert.equal(safeNextPath('/wallet/line-link?linkToken=abcDEF123_-xyz', origin), '/wallet/line-link?linkToken=abcDEF123_-xyz');
    assert.equal(safeNextPath('/verify', origin), '/verify');
  });

  test('nothing to go on to without a next', () => {
    assert.equal(safeNextPath(null, origin), null);
    assert.equal(safeNextPath('', origin), null);
  });

  test('another site is refused however it is spelled', () => {
    for (const next of [
      '//evil.example/wallet',
      '///evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      'evil.example',
      '\\\\evil.example',
      ' /wallet',
      `${origin.replace('https', 'http')}/wallet`,
    ]) {
      assert.equal(safeNextPath(next, origin), null, JSON.stringify(next));
    }
  });

  test('whatever it is given, the answer stays on this site', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => `/${s}`), fc.string().map((s) => `//${s}`)), (next) => {
        const path = safeNextPath(next, origin);
        if (path === null) return;
        assert.ok(path.startsWith('/') && !path.startsWith('//'), path);
        assert.equal(new URL(path, origin).origin, origin);
      }),
      { numRuns: 2000 },
    );
  });
});
