import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { suppressBreakdown, suppressCell } from './suppression';

test('a count under 10 is published as "<10", never as the number', () => {
  assert.equal(suppressCell(0), '<10');
  assert.equal(suppressCell(9), '<10');
  assert.equal(suppressCell(10), 10);
});

test('a single small part beside its total is protected by withholding the next smallest part too', () => {
  const parts = [
    { key: 'sick-leave', count: 120 },
    { key: 'fit-to-work', count: 15 },
    { key: 'hiv-test', count: 3 },
  ];
  assert.deepEqual(suppressBreakdown(parts, 138), [
    { key: 'sick-leave', count: 120 },
    { key: 'fit-to-work', count: 'withheld' },
    { key: 'hiv-test', count: '<10' },
  ]);
});

test('no suppressed part can be recovered from the total and the parts that are shown', () => {
  const parts = fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 4 }), count: fc.nat({ max: 40 }) }), { selector: (p) => p.key, minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(parts, (list) => {
      const total = list.reduce((sum, p) => sum + p.count, 0);
      const published = suppressBreakdown(list, total);
      const original = new Map(list.map((p) => [p.key, p.count]));
      for (const cell of published) {
        if (typeof cell.count === 'number') assert.ok(cell.count >= 10, 'no small number is shown');
        else assert.equal(cell.count, original.get(cell.key)! < 10 ? '<10' : 'withheld', 'each marker tells the truth');
      }
      const hidden = published.filter((c) => typeof c.count === 'string');
      const smallHidden = hidden.filter((c) => original.get(c.key)! < 10);
      // Worked out by subtraction: possible only when exactly one cell is hidden and the total is shown.
      if (total >= 10 && smallHidden.length > 0) assert.ok(hidden.length >= 2, 'a small hidden cell always has company');
    }),
  );
});
