import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenDigest } from '../accounts/opaque-token';
import { ConflictError, NotFoundError } from '../errors';
import { createWalletFixture, type WalletFixture } from '../test-support/wallet';
import { ShareLinkGoneError } from './errors';
import { shareLifetimes } from './share-links';
import { coarseUserAgent } from './user-agent';

let f: WalletFixture;
let mine: string;
let theirs: string;
const me = { subjectKey: 'a'.repeat(64), actor: 'user:00000000-0000-4000-8000-000000000001' };
const androidChrome = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

before(async () => {
  f = await createWalletFixture();
  mine = await f.addCertificate(me.subjectKey);
  theirs = await f.addCertificate('b'.repeat(64), { nameEn: 'Someone Else' });
});
after(() => f.close());

test('the wallet lists only the signed-in subject’s certificates', async () => {
  const listed = await f.wallet.certificates.list(me.subjectKey);
  assert.deepEqual(listed.map((c) => c.id), [mine]);
  assert.equal(listed[0]!.qrPayload, `MC1:TEST${mine}`);
  assert.deepEqual(listed[0]!.typeName, { th: 'ใบรับรองแพทย์ลาป่วย', en: 'Sick leave certificate' });
  await assert.rejects(f.wallet.certificates.pdf(me.subjectKey, theirs), NotFoundError);
  assert.match(new TextDecoder().decode(await f.wallet.certificates.pdf(me.subjectKey, mine)), /^%PDF/);
});

test('drafts and certificates awaiting signature are not in the wallet', async () => {
  const subjectKey = 'c'.repeat(64);
  await f.addCertificate(subjectKey, { status: 'pending_signature' });
  assert.deepEqual(await f.wallet.certificates.list(subjectKey), []);
});

test('a share link carries a 256-bit token stored only as its hash, and shows the certificate to whoever holds it', async () => {
  const link = await f.wallet.shares.create(me, mine, '24h');
  assert.ok(Buffer.from(link.token, 'base64url').length >= 16);
  assert.equal(link.expiresAt.getTime() - f.clock.now.getTime(), shareLifetimes['24h']);
  const stored = await f.database.db.selectFrom('share_links').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
  assert.equal(stored.token_hash, tokenDigest(link.token));
  assert.ok(!JSON.stringify(stored).includes(link.token));
  const shown = await f.wallet.shares.view(link.token, coarseUserAgent(androidChrome));
  assert.equal(shown.certificate.id, mine);
  assert.equal(shown.certificate.patient.maskedId, '1-10XX-XXXXX-81-1');
});

test('nobody shares a certificate that is not theirs, nor one that is not issued', async () => {
  await assert.rejects(f.wallet.shares.create(me, theirs, '1h'), NotFoundError);
  const draft = await f.addCertificate(me.subjectKey, { status: 'revoked' });
  await assert.rejects(f.wallet.shares.create(me, draft, '1h'), ConflictError);
});

test('a link expires after its lifetime: 410 gone', async () => {
  const link = await f.wallet.shares.create(me, mine, '1h');
  const start = f.clock.now;
  f.clock.now = new Date(start.getTime() + shareLifetimes['1h'] - 1);
  await f.wallet.shares.view(link.token, 'Chrome on Android');
  f.clock.now = new Date(start.getTime() + shareLifetimes['1h']);
  try {
    await assert.rejects(f.wallet.shares.view(link.token, 'Chrome on Android'), (error: unknown) => error instanceof ShareLinkGoneError && error.httpStatus === 410 && error.details?.reason === 'expired');
    await assert.rejects(f.wallet.shares.pdf(link.token, 'Chrome on Android'), ShareLinkGoneError);
    assert.equal((await f.wallet.shares.list(me.subjectKey, mine)).find((l) => l.id === link.id)!.state, 'expired');
  } finally {
    f.clock.now = start;
  }
});

test('a revoked link stops at once; only its owner can revoke it', async () => {
  const link = await f.wallet.shares.create(me, mine, '7d');
  await assert.rejects(f.wallet.shares.revoke({ subjectKey: 'b'.repeat(64), actor: me.actor }, link.id), NotFoundError);
  await f.wallet.shares.view(link.token, 'Chrome on Android');
  await f.wallet.shares.revoke(me, link.id);
  await f.wallet.shares.revoke(me, link.id);
  await assert.rejects(f.wallet.shares.view(link.token, 'Chrome on Android'), (error: unknown) => error instanceof ShareLinkGoneError && error.details?.reason === 'revoked');
});

test('unknown or malformed tokens are not found', async () => {
  await assert.rejects(f.wallet.shares.view('A'.repeat(43), 'x'), NotFoundError);
  await assert.rejects(f.wallet.shares.view('../../etc', 'x'), NotFoundError);
});

test('the owner sees when and by what kind of browser the link was opened, and no address', async () => {
  const link = await f.wallet.shares.create(me, mine, '24h');
  await f.wallet.shares.view(link.token, coarseUserAgent(androidChrome));
  await f.wallet.shares.pdf(link.token, coarseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'));
  const listed = (await f.wallet.shares.list(me.subjectKey, mine)).find((l) => l.id === link.id)!;
  assert.equal(listed.state, 'active');
  assert.deepEqual(listed.opens.map((o) => [o.action, o.agent]).sort(), [['download', 'Safari on iOS'], ['view', 'Chrome on Android']]);
  const columns = Object.keys(await f.database.db.selectFrom('share_link_opens').selectAll().executeTakeFirstOrThrow());
  assert.deepEqual(columns.sort(), ['action', 'agent', 'id', 'opened_at', 'share_link_id']);
  assert.deepEqual(await f.wallet.shares.list('b'.repeat(64)), []);
});

test('user agents are reduced to browser and system; link previews are named', () => {
  assert.equal(coarseUserAgent(androidChrome), 'Chrome on Android');
  assert.equal(coarseUserAgent('facebookexternalhit/1.1'), 'Link preview (Facebook)');
  assert.equal(coarseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.5.0'), 'LINE on iOS');
  assert.equal(coarseUserAgent(undefined), 'Other browser');
});
