import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyPdf, verifyQr } from '../../web/src/verify/api';
import { cachedTrustList, refreshTrustList, trustListStorageKey } from '../../web/src/verify/trust-list-cache';
import { genuine } from './verify-results';

type Fetch = typeof fetch;
const answering = (response: Response | Error): Fetch => (async () => {
  if (response instanceof Error) throw response;
  return response;
}) as Fetch;
const json = (body: unknown, status = 200, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('verify API client', () => {
  test('sends the PDF raw as application/pdf and the QR payload as JSON', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const recording = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return json(genuine);
    }) as unknown as Fetch;
    const pdf = new Blob(['%PDF-1.7']);
    assert.deepEqual(await verifyPdf(pdf, recording), { kind: 'result', result: genuine });
    await verifyQr('MC1:ABC', recording);
    assert.equal(seen[0]?.url, '/api/v1/verify');
    assert.equal((seen[0]?.init.headers as Record<string, string>)['content-type'], 'application/pdf');
    assert.equal(seen[0]?.init.body, pdf);
    assert.equal(seen[1]?.url, '/api/v1/verify/qr');
    assert.equal(seen[1]?.init.body, '{"payload":"MC1:ABC"}');
  });

  test('a problem+json answer is kept as a problem with its status, detail and request id', async () => {
    const problem = { type: 'https://medcert.dev/problems/invalid-input', title: 'Invalid input', status: 400, detail: 'Not a PDF.', instance: 'req-1' };
    assert.deepEqual(await verifyPdf(new Blob(['x']), answering(json(problem, 400, 'application/problem+json'))), { kind: 'problem', problem });
  });

  test('an answer that is not JSON, or 200 without the contract shape, is a problem, not a crash', async () => {
    assert.deepEqual(await verifyPdf(new Blob(['x']), answering(new Response('<html>Bad gateway</html>', { status: 502 }))), { kind: 'problem', problem: { status: 502 } });
    assert.deepEqual(await verifyQr('MC1:A', answering(json({ hello: 'world' }))), { kind: 'problem', problem: { hello: 'world', status: 502 } });
  });

  test('a network failure is "unreachable", which sends the page to its offline check', async () => {
    assert.deepEqual(await verifyQr('MC1:A', answering(new TypeError('Failed to fetch'))), { kind: 'unreachable' });
  });
});

describe('trust list cache', () => {
  const list = { issuedAt: '2026-11-20T03:00:00.000Z', sealKeys: [] };

  test('keeps the fetched list with its ETag and revalidates with If-None-Match', async () => {
    const storage = memoryStorage();
    assert.deepEqual(await refreshTrustList(storage, answering(new Response(JSON.stringify(list), { headers: { etag: '"v1"' } }))), list);
    let sentTag: string | undefined;
    const notModified = (async (_url: string, init: RequestInit) => {
      sentTag = (init.headers as Record<string, string>)['if-none-match'];
      return new Response(null, { status: 304 });
    }) as unknown as Fetch;
    assert.deepEqual(await refreshTrustList(storage, notModified), list);
    assert.equal(sentTag, '"v1"');
  });

  test('offline or on a bad answer, the cached list is still used; without one there is none', async () => {
    const storage = memoryStorage();
    assert.equal(await refreshTrustList(storage, answering(new TypeError('offline'))), null);
    await refreshTrustList(storage, answering(json(list)));
    assert.deepEqual(await refreshTrustList(storage, answering(new TypeError('offline'))), list);
    assert.deepEqual(await refreshTrustList(storage, answering(json({ not: 'a list' }))), list);
    assert.deepEqual(await refreshTrustList(storage, answering(new Response('oops', { status: 500 }))), list);
    assert.deepEqual(cachedTrustList(storage), list);
  });

  test('a corrupted cache entry is ignored', () => {
    const storage = memoryStorage();
    storage.setItem(trustListStorageKey, '{not json');
    assert.equal(cachedTrustList(storage), null);
  });
});
