import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OAuthInvalidRequestError } from './errors';
import { readBasicCredentials, readTokenParams } from './oauth-token';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

test('HTTP Basic credentials round-trip for any id and secret, form-urlencoded as RFC 6749 asks', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string(), (id, secret) => {
      assert.deepEqual(readBasicCredentials(basic(id, secret)), { clientId: id, clientSecret: secret });
    }),
  );
  assert.deepEqual(readBasicCredentials(`Basic ${Buffer.from('my+client:s3cr%3At').toString('base64')}`), { clientId: 'my client', clientSecret: 's3cr:t' });
});

test('any Authorization header either parses or is invalid_request, never another error', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Basic ${s}`), fc.string().map((s) => `Basic ${Buffer.from(s).toString('base64')}`)), (header) => {
      try {
        readBasicCredentials(header);
      } catch (error) {
        assert.ok(error instanceof OAuthInvalidRequestError, String(error));
      }
    }),
  );
});

test('any body either yields string parameters or is invalid_request', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'other'), fc.jsonValue())), (body) => {
      try {
        const params = readTokenParams(body);
        assert.ok(Object.values(params).every((value) => typeof value === 'string'));
        assert.ok(Object.keys(params).every((key) => ['grant_type', 'client_id', 'client_secret', 'scope'].includes(key)));
      } catch (error) {
        assert.ok(error instanceof OAuthInvalidRequestError, String(error));
      }
    }),
  );
});

test('a repeated parameter (an array from a form) is refused by name', () => {
  assert.throws(() => readTokenParams({ grant_type: ['client_credentials', 'client_credentials'] }), /grant_type is repeated/);
  assert.deepEqual(readTokenParams({ grant_type: 'client_credentials', extra: 1 }), { grant_type: 'client_credentials' });
});
