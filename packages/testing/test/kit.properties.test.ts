/**
 * Properties of the testing kit itself, each named after what it promises: every generated history
 * replays, keeps the balance invariants after every event and covers every module; commands against a
 * state name only what the state holds; amounts come with the refusal they must get.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { EventBase, Points, PointsAwarded, Timestamp, limits } from '@pointfold/core';
import { PointsRedeemed } from '@pointfold/groups';
import { PointsTransferred } from '@pointfold/transfers';
import {
  arbAmountInput,
  arbCommandsAgainst,
  arbHistory,
  assertBalanced,
  canonicalState,
  fullEngine,
  isBalanced,
  kitClock,
  lotsWithinBounds,
  nothingRedeemableNegative,
  postingsSumToZero,
  watchInvariants,
} from '@pointfold/testing';

const numRuns = 200;

/** What kind of fact an event is, finely enough to tell that every module was exercised. */
const kindOf = (e: EventBase): string => {
  switch (e.type) {
    case 'PointsAwarded': {
      const a = e as PointsAwarded;
      return `award ${a.entity.type}${a.pointsCategory === 'Main' ? '' : ' promised'}${a.expiresAt === undefined ? '' : ' expiring'}`;
    }
    case 'PointsRedeemed':
      return `redemption ${(e as PointsRedeemed).wallet.type}`;
    case 'PointsTransferred': {
      const t = e as PointsTransferred;
      return `transfer ${t.from.type} to ${t.to.type}`;
    }
    default:
      return e.type;
  }
};

describe('properties of the testing kit', () => {
  it('every generated history replays without error, event by event checked, to the same state (and covers every module)', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(arbHistory(), (h) => {
        const replayed = fullEngine.replay(h.events);
        expect(E.isRight(replayed) ? canonicalState(replayed.right) : `event #${replayed.left.index}: ${replayed.left.error.message}`).toBe(canonicalState(h.state));
        for (const e of h.events) seen.set(kindOf(e), (seen.get(kindOf(e)) ?? 0) + 1);
      }),
      { numRuns },
    );
    const expected = [
      'ProgramDefined',
      'CustomerRegistered',
      'OrgConfigured',
      'UserGroupCreated',
      'UserGroupMemberJoined',
      'UserGroupMemberLeft',
      'RewardDefined',
      'CustomerSegmentsAssigned',
      'CardIssued',
      'award CUSTOMER',
      'award CUSTOMER expiring',
      'award CUSTOMER promised',
      'award USERGROUP2',
      'award USERGROUP2 expiring',
      'PromisedPointsReleased',
      'PointsDeducted',
      'PointsExpired',
      'redemption CUSTOMER',
      'redemption USERGROUP2',
      'transfer CUSTOMER to CUSTOMER',
      'transfer CUSTOMER to USERGROUP2',
      'transfer USERGROUP2 to CUSTOMER',
      'transfer USERGROUP2 to USERGROUP2',
      'PointsRedemptionReversed',
      'RewardIssued',
      'RewardIssueRefused',
      'OneTimeCodeIssued',
      'OneTimeCodeUsed',
      'OneTimeCodeRejected',
      'CommandRecorded',
    ];
    expect(expected.filter((k) => (seen.get(k) ?? 0) === 0)).toEqual([]);
  });

  it('the balance invariants hold after every event of every generated history (the predicates, the assertion and the incremental watch agree)', () => {
    let checked = 0;
    fc.assert(
      fc.property(arbHistory({ keepStates: true, maxSteps: 30 }), (h) => {
        const watch = watchInvariants(fullEngine);
        let s = fullEngine.initialState;
        for (const e of h.events) {
          s = fullEngine.evolve(s, e);
          expect(watch.afterEvent(e, s)).toEqual([]);
        }
        expect(watch.final(s)).toEqual([]);
        for (const st of h.states ?? []) {
          assertBalanced(st);
          checked++;
        }
        expect([postingsSumToZero(h.state), nothingRedeemableNegative(h.state), lotsWithinBounds(h.state), isBalanced(h.state)]).toEqual([true, true, true, true]);
      }),
      { numRuns },
    );
    expect(checked).toBeGreaterThan(numRuns);
  });

  it('commands against a state name only what it holds: never an unknown command or a malformed one, and a refusal changes nothing', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        arbHistory({ maxSteps: 20 }).chain((h) => fc.tuple(fc.constant(h), arbCommandsAgainst(h.state))),
        ([h, commands]) => {
          const before = canonicalState(h.state);
          const clock = kitClock('c');
          const now = ((h.state.lastAt ?? 0) + 60_000) as Timestamp;
          let s = h.state;
          for (const c of commands) {
            const r = fullEngine.execute(s, c, clock.at(now));
            if (E.isLeft(r)) {
              seen.refused++;
              expect([9909, 9911]).not.toContain(r.left.code);
              continue;
            }
            seen.accepted++;
            s = r.right.state;
            assertBalanced(s);
          }
          expect(canonicalState(h.state)).toBe(before);
        },
      ),
      { numRuns },
    );
    expect([seen.accepted > 0, seen.refused > 0]).toEqual([true, true]);
  });

  it('every generated amount gets the answer it says: valid ones parse to themselves, invalid ones are refused with their code', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(arbAmountInput(), ({ value, code }) => {
        const r = Points.parsePositivePoints(value);
        if (code === undefined) {
          seen.valid++;
          expect(E.isRight(r) ? Number(Points.format(r.right)) : r.left.message).toBe(Number(value));
        } else {
          seen.invalid++;
          expect(E.isLeft(r) ? r.left.code : `accepted ${String(value)}`).toBe(code);
        }
      }),
      { numRuns },
    );
    expect([seen.valid > 0, seen.invalid > 0, limits.pointsDecimalPlacesMax]).toEqual([true, true, 3]);
  });
});
