/**
 * The decoding worker's memory of the ids it read (`FreshIds`, decisions 104 and 106): it may call a
 * fresh id "maybe seen" (a hash collision only costs a lookup in the main thread), never a repeated id
 * fresh; and the lot ids it remembers of each line (`forEachLotId`).
 */
import fc from 'fast-check';
import { FreshIds, forEachLotId } from '../src/store/fresh-ids';

describe('FreshIds', () => {
  test('never calls an id fresh that was added before, and calls every id fresh the first time it comes (no collision among these)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[a-z]\d{1,7}$/)), { maxLength: 300 }), (ids) => {
        const fresh = new FreshIds();
        const model = new Set<string>();
        for (const id of ids) {
          expect(fresh.add(id)).toBe(!model.has(id));
          model.add(id);
        }
        expect(fresh.size).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });

  test('keeps every id across its growth: 300,000 ids, each fresh once, then each seen', () => {
    const fresh = new FreshIds();
    let firstTime = 0;
    for (let i = 0; i < 300_000; i++) if (fresh.add(`e${i}`)) firstTime++;
    let again = 0;
    for (let i = 0; i < 300_000; i++) if (fresh.add(`e${i}`)) again++;
    expect([firstTime, again, fresh.size]).toEqual([300_000, 0, 300_000]);
  });
});

describe('forEachLotId', () => {
  test('finds every text under a lotId key of an event: postings, a released lot, lists of lots; nothing else', () => {
    const found: string[] = [];
    forEachLotId(
      {
        type: 'PointsRedemptionReversed',
        id: 'x1',
        lotId: 'released',
        postings: [{ entityType: 'CUSTOMER', lotId: 'p1' }, { entityType: 'SYSTEM' }, { lotId: 'p2', note: { lotId: 'deep' } }],
        lots: [{ lotId: 'l1', points: '1.000' }],
        other: { id: 'not-a-lot', lotIds: ['nor-these'], lot: 'nor-this' },
        numeric: { lotId: 7 },
      },
      (x) => found.push(x),
    );
    expect(found).toEqual(['released', 'p1', 'p2', 'deep', 'l1']);
  });

  test('stops at its depth, and reads nothing from a value that is not an object', () => {
    const found: string[] = [];
    for (const json of [null, 'lotId', 3, [['x']], { a: { b: { c: { d: { lotId: 'too-deep' } } } } }]) forEachLotId(json, (x) => found.push(x));
    expect(found).toEqual([]);
  });
});
