import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineCommandOf } from './line-commands';

test('the rich-menu phrases and their typed variants are commands', () => {
  assert.equal(lineCommandOf('เชื่อมบัญชี'), 'link');
  assert.equal(lineCommandOf(' Link account! '), 'link');
  assert.equal(lineCommandOf('เชื่อมบัญชีครับ'), 'link');
  assert.equal(lineCommandOf('ยกเลิกการเชื่อมบัญชี'), 'unlink');
  assert.equal(lineCommandOf('UNLINK'), 'unlink');
  assert.equal(lineCommandOf('ใบรับรองของฉัน'), 'my-certificates');
  assert.equal(lineCommandOf('My certificates'), 'my-certificates');
  assert.equal(lineCommandOf('“ใบรับรองของฉัน” ค่ะ'), 'my-certificates');
});

test('questions that only mention linking or certificates are left to the chatbot', () => {
  assert.equal(lineCommandOf('เชื่อมบัญชี LINE ยังไง'), null);
  assert.equal(lineCommandOf('how do I link my account?'), null);
  assert.equal(lineCommandOf('ใบรับรองแพทย์ใช้ลาป่วยได้ไหม'), null);
  assert.equal(lineCommandOf(''), null);
});
