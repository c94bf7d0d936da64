/**
 * The example of the README's "Testing your own code with Pointfold", as a user's jest suite would hold
 * it (only the imports of "your code" are replaced by the function itself), so that the documented
 * example keeps working.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { OrgState, Points, PointsAmount, Timestamp, accountsOfEntity, balanceAt } from '@pointfold/core';
import { RedeemPoints } from '@pointfold/groups';
import { arbCommandsAgainst, arbHistory, assertBalanced, defaultWorld, fullEngine, kitClock, pointfoldSpec, worldSetup } from '@pointfold/testing';

// Your code: the points a customer can spend now, over every program (what your app shows, say).
const spendableEverywhere = (s: OrgState, customerId: string, now: Timestamp): PointsAmount =>
  Points.sum(accountsOfEntity(s.ledger, 'CUSTOMER', customerId).filter((a) => a.pointsCategory === 'Main').map((a) => balanceAt(s.ledger, a, now)));

describe('my loyalty app', () => {
  it('shows the points left after a redemption (given/when/then over the whole engine)', () => {
    const redeem: RedeemPoints = { type: 'RedeemPoints', customer: { type: 'mobile', value: '919000000001' }, points: Points.points('40'), skipValidation: true };
    const after = pointfoldSpec
      .given(worldSetup(defaultWorld)) // programs, customers c1..c5 with 500 points, groups, rewards
      .when(redeem)
      .then((events) => expect(events.map((e) => e.type)).toEqual(['PointsRedeemed']));
    expect(Points.format(spendableEverywhere(after, 'c2', after.lastAt as Timestamp))).toBe('460.000');
  });

  it('never shows a negative balance, on any valid history of any module', () => {
    fc.assert(
      fc.property(arbHistory(), (h) => {
        for (const c of h.world.customers) expect(Points.isNegative(spendableEverywhere(h.state, c, h.state.lastAt as Timestamp))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the ledger balanced whatever users ask next (commands against a state, invariants after each)', () => {
    fc.assert(
      fc.property(
        arbHistory({ maxSteps: 15 }).chain((h) => fc.tuple(fc.constant(h), arbCommandsAgainst(h.state))),
        ([h, commands]) => {
          const clock = kitClock('next');
          let s = h.state;
          for (const c of commands) {
            const r = fullEngine.execute(s, c, clock.at(((s.lastAt ?? 0) + 60_000) as Timestamp));
            if (E.isLeft(r)) continue; // refused: nothing changed
            s = r.right.state;
            assertBalanced(s);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
