/**
 * The transfers package's events as history lines: what the engine appends replays to the same state
 * from JSONL; a line that no command could have appended (a bad id, entity, initiator, lot, amount or
 * expiry) is refused with its code; decoding any JSON never throws.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { EventBase, Json } from '@pointfold/core';
import { arbHostileJson, arbSpoiled, canonicalState, logOf, testClock, toJsonl } from '@pointfold/core/testing';
import { PointsRedemptionReversed, PointsTransferred } from '@pointfold/transfers';
import { awarded, byId, customer, days, engine, group, groupTransfer, into, minutes, out, points, redeem, reverse, sys, transfersWorld } from './fixtures';

/** The log: g-fleet -> c5 10 (by c1), c5's expiring award, c1 redeems 30, reverses 10 of it. */
const built = () =>
  logOf(
    engine,
    [...transfersWorld, awarded('e-c5', minutes(2), customer('c5'), '40', { expiresAt: days(3) })],
    [
      { at: minutes(5), command: groupTransfer(byId('USERGROUP2', 'g-fleet'), byId('CUSTOMER', 'c5'), 'c1', '10') },
      { at: minutes(6), command: redeem('c1', '30', { transactionNumber: 'bill-1' }) },
      { at: minutes(7), command: reverse('r-4', 'c1', '10') },
    ],
    testClock('r'),
  );

const transfer = (): PointsTransferred => built().events.find((e): e is PointsTransferred => e.type === 'PointsTransferred') as PointsTransferred;
const reversal = (): PointsRedemptionReversed => built().events.find((e): e is PointsRedemptionReversed => e.type === 'PointsRedemptionReversed') as PointsRedemptionReversed;

/** The code a history refuses `line` with, after the world (and `before`). */
const refusedWith = (line: EventBase, before: readonly EventBase[] = []): number | 'accepted' => {
  const r = engine.replay([...transfersWorld, awarded('e-c5', minutes(2), customer('c5'), '40', { expiresAt: days(3) }), ...before, line]);
  return E.isLeft(r) ? r.left.error.code : 'accepted';
};

describe('history lines', () => {
  it('what the engine appended replays from JSONL to the same state', () => {
    const { events, state } = built();
    const decoded = toJsonl(engine, events)
      .trim()
      .split('\n')
      .map((line) => engine.decodeEvent(JSON.parse(line)));
    expect(decoded.every(E.isRight)).toBe(true);
    const replayed = engine.replay(decoded.flatMap((d) => (E.isRight(d) ? [d.right] : [])));
    expect(E.isRight(replayed) && canonicalState(replayed.right)).toBe(canonicalState(state));
    const line = engine.encodeEvent(transfer());
    expect(line).toEqual({
      type: 'PointsTransferred',
      id: 'r-1',
      at: '2026-01-01T00:05:00Z',
      transferId: 'r-2',
      from: { type: 'USERGROUP2', id: 'g-fleet' },
      to: { type: 'CUSTOMER', id: 'c5' },
      transferredBy: 'c1',
      programId: 765,
      points: '10.000',
      postings: [
        { entityType: 'USERGROUP2', entityId: 'g-fleet', programId: 765, pointsCategory: 'Main', points: '-10.000', lotId: 'a-fleet' },
        { entityType: 'CUSTOMER', entityId: 'c5', programId: 765, pointsCategory: 'Main', points: '10.000', lotId: 'r-1/0' },
      ],
    });
  });

  it('refuses a PointsTransferred that no transfer could have appended', () => {
    const t = transfer();
    const ok = refusedWith(t);
    expect(ok).toBe('accepted');
    const cases: [string, PointsTransferred, number][] = [
      ['unknown program', { ...t, programId: 999, postings: t.postings.map((p) => ({ ...p, programId: 999 })) }, 885],
      ['to itself', { ...t, to: group('g-fleet'), postings: [t.postings[0] as PointsTransferred['postings'][number], into(group('g-fleet'), 'r-1/0', '10')] }, 418],
      ['unknown customer', { ...t, to: customer('ghost'), postings: [t.postings[0] as PointsTransferred['postings'][number], into(customer('ghost'), 'r-1/0', '10')] }, 816],
      ['unknown group', { ...t, from: group('nope') }, 1632],
      ['a group source without who transferred', (({ transferredBy: _t, ...rest }) => rest)(t), 830],
      ['a group source by a non-member', { ...t, transferredBy: 'c5' }, 1620],
      ['a customer source by someone else', { ...t, from: customer('c1'), transferredBy: 'c2', postings: [out(customer('c1'), 'a-c1', '10'), into(customer('c5'), 'r-1/0', '10')] }, 830],
      ['postings not in pairs', { ...t, postings: t.postings.slice(0, 1) }, 9906],
      ['a receiver other than to', { ...t, postings: [t.postings[0] as PointsTransferred['postings'][number], into(customer('c4'), 'r-1/0', '10')] }, 9906],
      ['postings not in pairs (a third, to a system account)', { ...t, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'r-1/0', '9'), sys('ISSUED', '1')] }, 9906],
      ['a credit to an existing lot', { ...t, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'e-c5', '10')] }, 9906],
      ['an expiry not kept', { ...t, postings: [out(group('g-fleet'), 'a-fleet', '10'), into(customer('c5'), 'r-1/0', '10', days(9))] }, 9906],
      ['points other than moved', { ...t, points: points('11') }, 9906],
      ['a lot of another wallet', { ...t, postings: [out(group('g-fleet'), 'a-fam', '10'), into(customer('c5'), 'r-1/0', '10')] }, 9906],
      ['more than the lot holds', { ...t, points: points('600'), postings: [out(group('g-fleet'), 'a-fleet', '600'), into(customer('c5'), 'r-1/0', '600')] }, 9905],
      ['a debit from the receiver', { ...t, postings: [into(group('g-fleet'), 'a-fleet', '10'), out(customer('c5'), 'r-1/0', '10')] }, 9906],
    ];
    for (const [what, line, code] of cases) expect([what, refusedWith(line)]).toEqual([what, code]);
    expect(refusedWith(t, [t])).toBe(9901);
    expect(refusedWith({ ...t, id: 'other' }, [t])).toBe(9907);
  });

  it('refuses a PointsRedemptionReversed that no reversal could have appended', () => {
    const { events } = built();
    const upToRedemption = events.slice(transfersWorld.length + 1, events.findIndex((e) => e.type === 'PointsRedemptionReversed'));
    const r = reversal();
    expect(refusedWith(r, upToRedemption)).toBe('accepted');
    const lots = (lotId: string, amount: string) => [{ lotId, points: points(amount) }];
    const cases: [string, PointsRedemptionReversed, number][] = [
      ['unknown redemption', { ...r, redemptionId: 'r-9' }, 902],
      ['another customer', { ...r, customerId: 'c2' }, 9906],
      ['another wallet', { ...r, wallet: group('g-fleet') }, 9906],
      ['another program', { ...r, programId: 1414 }, 9906],
      ['another transaction number', { ...r, transactionNumber: 'bill-2' }, 9906],
      ['more than was redeemed', { ...r, points: points('31'), lots: lots('a-c1', '31'), postings: [sys('REDEEMED', '-31'), into(customer('c1'), 'a-c1', '31')] }, 810],
      ['a lot the redemption did not take', { ...r, lots: lots('a-c2', '10'), postings: [sys('REDEEMED', '-10'), into(customer('c2'), 'a-c2', '10')] }, 9906],
      ['a lot twice', { ...r, lots: [...lots('a-c1', '5'), ...lots('a-c1', '5')] }, 9906],
      ['lots for other than its points', { ...r, lots: lots('a-c1', '9') }, 9906],
      ['postings that are not the restoration', { ...r, postings: [sys('REDEEMED', '-10'), sys('EXPIRED', '10')] }, 9906],
    ];
    for (const [what, line, code] of cases) expect([what, refusedWith(line, upToRedemption)]).toEqual([what, code]);
    expect(refusedWith({ ...r, id: 'x-1' }, [...upToRedemption, r])).toBe(9907);
    // A second reversal of the remaining 20 is fine; one of 21 is not.
    const rest: PointsRedemptionReversed = { ...r, id: 'x-2', reversalId: 'x-3', points: points('20'), lots: lots('a-c1', '20'), postings: [sys('REDEEMED', '-20'), into(customer('c1'), 'a-c1', '20')] };
    expect(refusedWith(rest, [...upToRedemption, r])).toBe('accepted');
    const tooMuch: PointsRedemptionReversed = { ...rest, points: points('21'), lots: lots('a-c1', '21'), postings: [sys('REDEEMED', '-21'), into(customer('c1'), 'a-c1', '21')] };
    expect(refusedWith(tooMuch, [...upToRedemption, r])).toBe(810);
  });

  it('refuses a reversal into a lot that has expired (it goes to EXPIRED instead)', () => {
    const { events } = logOf(engine, [...transfersWorld, awarded('e-c5', minutes(2), customer('c5'), '40', { expiresAt: days(3) })], [{ at: minutes(5), command: redeem('c5', '40') }], testClock('r'));
    const line = (postings: PointsRedemptionReversed['postings']): PointsRedemptionReversed => ({
      type: 'PointsRedemptionReversed',
      id: 'x-1',
      at: days(4),
      reversalId: 'x-2',
      redemptionId: 'r-2',
      customerId: 'c5',
      wallet: customer('c5'),
      programId: 765,
      points: points('40'),
      lots: [{ lotId: 'e-c5', points: points('40') }],
      postings,
    });
    const r1 = engine.replay([...events, line([sys('REDEEMED', '-40'), into(customer('c5'), 'e-c5', '40')])]);
    expect(E.isLeft(r1) && r1.left.error.code).toBe(9906);
    expect(E.isRight(engine.replay([...events, line([sys('REDEEMED', '-40'), sys('EXPIRED', '40')])]))).toBe(true);
  });

  it('decodes any JSON, hostile or spoiled, without throwing', () => {
    const samples: Json[] = [engine.encodeEvent(transfer()), engine.encodeEvent(reversal())];
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    let decoded = 0;
    fc.assert(
      // The samples themselves are drawn too (a quarter of the time), so that the branch of what decodes is
      // always taken: spoiled ones alone may all fail to decode in a run.
      fc.property(fc.oneof(arbHostileJson({ keys: ['type', 'postings', 'lots', 'from', 'to'] }), fc.constantFrom(...samples), ...samples.map((s) => arbSpoiled(s, arbHostileJson()))), (u) => {
        const r = engine.decodeEvent(u);
        if (E.isRight(r)) {
          decoded++;
          // What decodes encodes back to a line that decodes to the same event.
          expect(engine.decodeEvent(engine.encodeEvent(r.right))).toEqual(r);
        }
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      }),
      { numRuns: 300 },
    );
    expect(decoded).toBeGreaterThan(0);
    const unknownField = { ...engine.encodeEvent(transfer()), transferedBy: 'c1' };
    const r = engine.decodeEvent(unknownField);
    expect(E.isLeft(r) && r.left).toMatch(/transferedBy/);
  });
});
