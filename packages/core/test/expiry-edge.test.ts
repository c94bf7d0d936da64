/**
 * A lot at its very `expiresAt`, its expiry not yet recorded: it is no longer spendable (expiry is
 * inclusive, DESIGN.md), and the debit plan agrees with the spendable points at every time around it.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { Points, Posting, Timestamp, balanceAt, coreEngine, planDebit, planMove, planRestore, spendableAt, systemPosting } from '@pointfold/core';
import { awarded, days, minutes, points, world } from './fixtures';

const t1 = minutes(1);
const mainOf = (programId = 765) => ({ entityType: 'CUSTOMER' as const, entityId: 'c1', programId, pointsCategory: 'Main' as const });
const lotPosting = (lotId: string, amount: string): Posting => ({ ...mainOf(), lotId, points: points(amount) });

describe('a lot at its expiresAt, its expiry not yet recorded (plan.ts: spendableAt, takeLots)', () => {
  // a1: 10 points due on day 1; a2: 5 never-expiring points. Folded without any expiry recorded.
  const s = coreEngine.fold([...world, awarded('a1', t1, 'c1', '10', { expiresAt: days(1) }), awarded('a2', t1, 'c1', '5')]);

  it('spendableAt leaves the lot out from its expiresAt on (expiresAt <= now), as the balance does', () => {
    const at = (t: number): string[] => [Points.format(spendableAt(s.ledger, mainOf(), t as Timestamp)), Points.format(balanceAt(s.ledger, mainOf(), t as Timestamp))];
    expect([at(days(1) - 1), at(days(1)), at(days(1) + 1)]).toEqual([
      ['15.000', '15.000'],
      ['5.000', '5.000'],
      ['5.000', '5.000'],
    ]);
  });

  it('planDebit takes the lot one millisecond before its expiresAt, and not at it', () => {
    expect(planDebit(s.ledger, mainOf(), points('12'), (days(1) - 1) as Timestamp)).toEqual(
      E.right([lotPosting('a1', '-10'), lotPosting('a2', '-2'), systemPosting('REDEEMED', 765, 'Main', points('12'))]),
    );
    expect(planDebit(s.ledger, mainOf(), points('5'), days(1))).toEqual(E.right([lotPosting('a2', '-5'), systemPosting('REDEEMED', 765, 'Main', points('5'))]));
    expect(planDebit(s.ledger, mainOf(), points('12'), days(1))).toEqual(E.left({ requested: points('12'), available: points('5') }));
  });
});

describe("a move and a restoration around a lot's expiresAt (plan.ts: planMove, planRestore)", () => {
  // a1: 10 points due on day 1; a2: 5 never-expiring points, as above.
  const s = coreEngine.fold([...world, awarded('a1', t1, 'c1', '10', { expiresAt: days(1) }), awarded('a2', t1, 'c1', '5')]);
  const c2Main = { ...mainOf(), entityId: 'c2' };

  it('planMove makes each lot taken a new lot `{eventId}/{n}` at the receiver with the same expiry (none for a lot without)', () => {
    expect(planMove(s.ledger, mainOf(), c2Main, points('12'), (days(1) - 1) as Timestamp, 'e9')).toEqual(
      E.right([lotPosting('a1', '-10'), { ...c2Main, lotId: 'e9/0', points: points('10'), expiresAt: days(1) }, lotPosting('a2', '-2'), { ...c2Main, lotId: 'e9/1', points: points('2') }]),
    );
  });

  it('planRestore gives back into the lot one millisecond before its expiresAt, and to EXPIRED at it', () => {
    const parts = [{ lotId: 'a1', points: points('4') }];
    expect(planRestore(s.ledger, parts, (days(1) - 1) as Timestamp)).toEqual([systemPosting('REDEEMED', 765, 'Main', points('-4')), lotPosting('a1', '4')]);
    expect(planRestore(s.ledger, parts, days(1))).toEqual([systemPosting('REDEEMED', 765, 'Main', points('-4')), systemPosting('EXPIRED', 765, 'Main', points('4'))]);
  });

  it('planRestore posts nothing for a part of zero points', () => {
    const parts = [
      { lotId: 'a1', points: Points.zero },
      { lotId: 'a2', points: points('4') },
    ];
    expect(planRestore(s.ledger, parts, t1)).toEqual([systemPosting('REDEEMED', 765, 'Main', points('-4')), lotPosting('a2', '4')]);
  });
});

describe('spendable points and the debit plan agree at every time, a lot expiry included (plan.ts)', () => {
  // Up to 6 lots of c1 in 765 Main, each due on day 1, 2 or 3 or never; asked at an expiry, or 1 ms either side.
  const arbLot = fc.record({ amount: fc.integer({ min: 1, max: 50_000 }), due: fc.constantFrom(1, 2, 3, undefined) });
  const arbCase = fc.record({ lots: fc.array(arbLot, { minLength: 1, maxLength: 6 }), day: fc.constantFrom(1, 2, 3), ms: fc.constantFrom(-1, 0, 1) });

  it('spendableAt is the balance at that time, planDebit takes exactly that much and no more', () => {
    fc.assert(
      fc.property(arbCase, ({ lots, day, ms }) => {
        const s = coreEngine.fold([
          ...world,
          ...lots.map((l, i) => awarded(`l${i}`, t1, 'c1', Points.format(Points.fromMillis(BigInt(l.amount))), l.due === undefined ? {} : { expiresAt: days(l.due) })),
        ]);
        const now = (days(day) + ms) as Timestamp;
        const spendable = spendableAt(s.ledger, mainOf(), now);
        expect(Points.format(spendable)).toBe(Points.format(balanceAt(s.ledger, mainOf(), now)));
        const more = Points.add(spendable, points('0.001'));
        expect(planDebit(s.ledger, mainOf(), more, now)).toEqual(E.left({ requested: more, available: spendable }));
        if (Points.isPositive(spendable)) expect(E.isRight(planDebit(s.ledger, mainOf(), spendable, now))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
