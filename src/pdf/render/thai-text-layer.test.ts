import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { requireTool } from '../../test-support/tools';
import { repairThaiTextLayer } from './thai-text-layer';

// Names that stack tone marks on upper vowels, use sara am, thanthakhat and lower vowels.
const names = ['น้ำฝน ตั้งใจดี', 'กิ่งก้าน ปั้นน้ำ', 'ศักดิ์ชัย ผู้ใหญ่', 'ปิ่นทอง ที่นี่', 'เกื้อกูล ญาณี'];

const fontRoot = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/sarabun/package.json'));
const compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: ['400Regular/Sarabun_400Regular.ttf', '700Bold/Sarabun_700Bold.ttf'].map((file) => fs.readFileSync(path.join(fontRoot, file))) }] });
const typstPdf = (lines: string[], weight = 'regular') =>
  new Uint8Array(compiler.pdf({ mainFileContent: `#set page(width: 320pt, height: auto, margin: 12pt)\n#set text(font: "Sarabun", size: 14pt, weight: "${weight}")\n${lines.map((line) => `${line}\n\n`).join('')}` }));

function withFile<T>(pdf: Uint8Array, action: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thai-text-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    return action(path.join(dir, 'doc.pdf'), dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pdftotext = (pdf: Uint8Array) => withFile(pdf, (file) => spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout);

async function pdfjsLines(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: pdf.slice(), useSystemFonts: false }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  await document.destroy();
  return content.items
    .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

// Both extractors also split words on gaps, and Typst draws a raised tone mark in its own text object,
// shifted back over its base with no advance: where that shift is large, poppler and pdf.js see a gap
// after the mark and insert a space ("ตั้ งใจดี"), and poppler may order such a mark by position
// ("น่ี"). The code points are all there, once each; those two effects are left (see the issue note).
const codePoints = (text: string) => [...text.replace(/\s/g, '')].sort().join('');

for (const weight of ['regular', 'bold']) {
  test(`${weight}: pdf.js reads every name back with each code point once, in order, where Typst's layer doubled clusters`, async () => {
    const raw = typstPdf(names, weight);
    assert.ok((await pdfjsLines(raw)).some((line, i) => line.replace(/\s/g, '') !== names[i]!.replace(/\s/g, '')), 'Typst’s own text layer is wrong (if this fails, Typst fixed it)');
    const lines = await pdfjsLines(repairThaiTextLayer(raw));
    assert.deepEqual(lines.map((line) => line.replace(/\s/g, '')), names.map((name) => name.replace(/\s/g, '')));
    if (weight === 'bold') assert.deepEqual(lines, names);
  });
}

test('poppler reads the names back exactly or with only a split word or a reordered mark, never a doubled cluster', (t) => {
  if (!requireTool(t, 'pdftotext')) return;
  const raw = typstPdf(names);
  assert.match(pdftotext(raw), /ตั้ตั้ง/, 'Typst’s own text layer doubles the cluster');
  const lines = pdftotext(repairThaiTextLayer(raw)).split('\n').map((line) => line.trim()).filter(Boolean);
  assert.equal(lines[0], 'น้ำฝน ตั้งใจดี');
  assert.equal(lines[1]!.replace(/\s/g, ''), 'กิ่งก้านปั้นน้ำ');
  assert.equal(lines[4], 'เกื้อกูล ญาณี');
  assert.deepEqual(lines.map(codePoints), names.map(codePoints));
});

test('the page looks exactly the same, qpdf finds no damage and the fonts keep their ToUnicode', (t) => {
  for (const tool of ['pdftoppm', 'qpdf', 'pdffonts']) if (!requireTool(t, tool)) return;
  const raw = typstPdf(names);
  const repaired = repairThaiTextLayer(raw);
  const picture = (pdf: Uint8Array) => withFile(pdf, (file, dir) => {
    spawnSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(dir, 'page')]);
    return fs.readFileSync(path.join(dir, 'page.png'));
  });
  assert.ok(picture(raw).equals(picture(repaired)), 'identical pixels at 150 dpi');
  withFile(repaired, (file) => {
    assert.equal(spawnSync('qpdf', ['--check', file]).status, 0);
    assert.match(spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout, /Sarabun-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});

test('a PDF without Thai clusters is returned as it was', () => {
  const latin = typstPdf(['Medical certificate']);
  assert.equal(repairThaiTextLayer(latin), latin);
});
