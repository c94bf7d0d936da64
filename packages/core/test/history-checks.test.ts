/**
 * Every refusal of a core history line, one given/when/then row each: given a valid history, when one
 * crafted line is replayed (as `pointfold replay` reads it: JSON, decoded, checked), then it is refused
 * with its code and a reason naming what does not fit, and the state is the state before the line.
 * The rows cover the checks of the reference, ledger, one-time code and request events, and the
 * engine's own envelope and double-entry checks.
 */
import {
  CodePurpose,
  CommandRecorded,
  EventBase,
  OneTimeCodeIssued,
  OneTimeCodeRejected,
  OneTimeCodeUsed,
  Timestamp,
  coreEngine,
  limits,
} from '@pointfold/core';
import { awarded, customerRegistered, deducted, ev, expired, lot, minutes, points, programDefined, released, sys, world } from './fixtures';
import { LineCase, lineChecks } from './line-checks';

const { line, json, object, thenRefused, thenAccepted } = lineChecks(coreEngine);
type Case = LineCase;

const t1 = minutes(1);
const t2 = minutes(2);


/** c1: a1 (10 Main, no expiry), a2 (20 Main, expiring at minute 10), p1 (5 promised), p2 (5 promised, expiring at minute 10). */
const withLots: readonly EventBase[] = [
  ...world,
  awarded('a1', t1, 'c1', '10'),
  awarded('a2', t1, 'c1', '20', { expiresAt: minutes(10) }),
  awarded('p1', t1, 'c1', '5', { category: 'DelayedAccrualPointCategory' }),
  awarded('p2', t1, 'c1', '5', { category: 'DelayedAccrualPointCategory', expiresAt: minutes(10) }),
];

describe('the engine refuses a line that breaks the log itself', () => {
  const cases: Case[] = [
    { name: 'an id already in the log (9901)', given: withLots, when: line(awarded('a1', t2, 'c2', '1')), code: 9901, reason: 'duplicate event id a1' },
    { name: 'an id already in the log as a registration (9901)', given: world, when: line(awarded('customer-c1', t2, 'c1', '1')), code: 9901, reason: 'duplicate event id customer-c1' },
    {
      name: 'a time before the previous event (9902)',
      given: [...world, awarded('a1', t2, 'c1', '1')],
      when: line(awarded('a2', (t2 - 1) as Timestamp, 'c1', '1')),
      code: 9902,
      reason: "event time 2026-01-01T00:01:59.999Z is before the previous event's time 2026-01-01T00:02:00Z",
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the same line at the same time as the previous event, under a new id (so the rows above are the id and the time)', () => {
    thenAccepted([...world, awarded('a1', t2, 'c1', '1')], line(awarded('a2', t2, 'c1', '1')));
  });

  // A JSON line of an unknown type or shape never reaches the check: its decoder names the field (engine.test.ts).
  // An event object handed to `push` (an embedding service's own log) does, and is refused the same way.
  it.each([
    ['an unknown event type (9909)', { type: 'PointsStolen', id: 'x1', at: t2 }, 'unknown event type "PointsStolen"'],
    ['an event not of its type\'s shape (9909)', { ...awarded('a9', t2, 'c1', '1'), points: 'ten' }, 'event a9 is not a well-formed PointsAwarded'],
  ])('%s', (name, event, reason) => {
    thenRefused({ name, given: withLots, when: object(event as EventBase), code: 9909, reason });
  });
});

describe('the reference events: OrgConfigured, ProgramDefined, CustomerRegistered, CustomerStatusChanged', () => {
  const at = '2026-01-01T00:02:00Z';
  const cases: Case[] = [
    {
      name: 'OrgConfigured: a flag given two values under its two names (9908)',
      given: world,
      when: json({ type: 'OrgConfigured', id: 'o1', at, config: { ENABLE_FLEET_LOYALTY: false, FLEET_GROUP_LOYALTY_ENABLED: true } }),
      code: 9908,
      reason: /ENABLE_FLEET_LOYALTY and FLEET_GROUP_LOYALTY_ENABLED name one flag and are given two values|FLEET_GROUP_LOYALTY_ENABLED and ENABLE_FLEET_LOYALTY name one flag and are given two values/,
    },
    {
      name: 'OrgConfigured: a minimum above the maximum in force (9908)',
      given: [...world, ev({ type: 'OrgConfigured', id: 'o1', at: t1, config: { redemption: { maxPoints: points('10') } } })],
      when: line(ev({ type: 'OrgConfigured', id: 'o2', at: t2, config: { redemption: { minPoints: points('10.001') } } })),
      code: 9908,
      reason: 'redemption.minPoints 10.001 is above maxPoints 10.000',
    },
    { name: 'ProgramDefined: a program id already defined (9907)', given: world, when: line(programDefined('d1', t2, 1414, 'Again')), code: 9907, reason: 'already defined: program 1414' },
    { name: 'CustomerRegistered: a customer id already registered (9907)', given: world, when: line(customerRegistered('r1', t2, 'c3')), code: 9907, reason: 'already defined: customer c3' },
    {
      name: 'CustomerRegistered: a mobile another customer holds (9907)',
      given: world,
      when: line(customerRegistered('r1', t2, 'c9', { mobile: '919000000001' })),
      code: 9907,
      reason: 'already defined: identifier mobile:919000000001 (customer c2)',
    },
    {
      name: 'CustomerRegistered: an email another customer holds, in other letters (9907)',
      given: world,
      when: line(customerRegistered('r1', t2, 'c9', { externalId: 'ext-c9', email: 'C4@Example.COM' })),
      code: 9907,
      reason: 'already defined: identifier email:c4@example.com (customer c4)',
    },
    {
      name: 'CustomerStatusChanged: an unknown customer (816)',
      given: world,
      when: line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'nobody', status: 'FRAUD' })),
      code: 816,
      reason: 'Unable to find customer in this organization (id nobody)',
    },
    {
      name: 'CustomerStatusChanged: MERGED without mergedInto (9908)',
      given: world,
      when: line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'c1', status: 'MERGED' })),
      code: 9908,
      reason: 'a MERGED status names the customer it was merged into (mergedInto)',
    },
    {
      name: 'CustomerStatusChanged: a customer merged into itself (9908)',
      given: world,
      when: line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'c1', status: 'MERGED', mergedInto: 'c1' })),
      code: 9908,
      reason: 'customer c1 cannot be merged into itself',
    },
    {
      name: 'CustomerStatusChanged: a merge into an unknown customer (816)',
      given: world,
      when: line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'c1', status: 'MERGED', mergedInto: 'c9' })),
      code: 816,
      reason: 'Unable to find customer in this organization (id c9)',
    },
    {
      name: 'CustomerStatusChanged: mergedInto with a status other than MERGED (9908)',
      given: world,
      when: line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'c1', status: 'ACTIVE', mergedInto: 'c2' })),
      code: 9908,
      reason: 'mergedInto goes only with the status MERGED',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the well-formed siblings of those lines (a merge into another customer, a new program and customer)', () => {
    thenAccepted(world, line(ev({ type: 'CustomerStatusChanged', id: 's1', at: t2, customerId: 'c1', status: 'MERGED', mergedInto: 'c2' })));
    thenAccepted(world, line(programDefined('d1', t2, 1500, 'New')));
    thenAccepted(world, line(customerRegistered('r1', t2, 'c9', { mobile: '919000000009', email: 'c9@example.com' })));
  });
});

describe('the ledger events: PromisedPointsReleased, PointsExpired, PointsDeducted', () => {
  const cases: Case[] = [
    { name: 'a release of an unknown lot (9903)', given: withLots, when: line(released('r1', t2, 'zz')), code: 9903, reason: 'unknown lot zz' },
    { name: 'a release of a Main lot (9908)', given: withLots, when: line(released('r1', t2, 'a1')), code: 9908, reason: 'lot a1 is not in a promised points category' },
    { name: 'a release of a promised lot at its expiry (9906)', given: withLots, when: line(released('r1', minutes(10), 'p2')), code: 9906, reason: 'lot p2 expired at 2026-01-01T00:10:00Z' },
    {
      name: 'a release of all of a lot released in full before (9905)',
      given: [...withLots, released('r1', t2, 'p1')],
      when: line(released('r2', minutes(3), 'p1')),
      code: 9905,
      reason: 'lot p1 has 0.000 points left, all requested',
    },
    {
      name: 'a release of some points of a lot released in full before (9905)',
      given: [...withLots, released('r1', t2, 'p1')],
      when: line(released('r2', minutes(3), 'p1', '1')),
      code: 9905,
      reason: 'lot p1 has 0.000 points left, 1.000 requested',
    },
    { name: 'a release of more than the lot holds (9905)', given: withLots, when: line(released('r1', t2, 'p1', '5.001')), code: 9905, reason: 'lot p1 has 5.000 points left, 5.001 requested' },
    {
      name: 'an expiry into a system account other than EXPIRED (9906)',
      given: withLots,
      when: line(expired('x1', minutes(10), [lot('a2', '-20'), sys('ADJUSTED', '20')])),
      code: 9906,
      reason: 'an expiry posts only to EXPIRED, not ADJUSTED',
    },
    {
      name: 'an expiry of a posting that names no lot (9903)',
      given: withLots,
      when: line(expired('x1', minutes(10), [lot(undefined, '-20'), sys('EXPIRED', '20')])),
      code: 9903,
      reason: 'unknown lot (none)',
    },
    { name: 'an expiry of an unknown lot (9903)', given: withLots, when: line(expired('x1', minutes(10), [lot('zz', '-1'), sys('EXPIRED', '1')])), code: 9903, reason: 'unknown lot zz' },
    {
      name: 'an expiry of a lot a millisecond before it is due (9906)',
      given: withLots,
      when: line(expired('x1', (minutes(10) - 1) as Timestamp, [lot('a2', '-20'), sys('EXPIRED', '20')])),
      code: 9906,
      reason: 'lot a2 is not due to expire at 2026-01-01T00:09:59.999Z',
    },
    {
      name: 'an expiry of a lot that never expires (9906)',
      given: withLots,
      when: line(expired('x1', minutes(10), [lot('a1', '-10'), sys('EXPIRED', '10')])),
      code: 9906,
      reason: 'lot a1 is not due to expire at 2026-01-01T00:10:00Z',
    },
    {
      name: 'an expiry of part of a lot (9906)',
      given: withLots,
      when: line(expired('x1', minutes(10), [lot('a2', '-19'), sys('EXPIRED', '19')])),
      code: 9906,
      reason: 'an expiry takes all of lot a2 (20.000), not 19.000',
    },
    {
      name: 'a deduction that gives to a lot (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '4'), sys('ADJUSTED', '-4')])),
      code: 9906,
      reason: 'a deduction takes points from lots into ADJUSTED only',
    },
    {
      name: 'a deduction that takes from ADJUSTED (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [sys('ADJUSTED', '-4'), lot('a1', '4')])),
      code: 9906,
      reason: 'a deduction takes points from lots into ADJUSTED only',
    },
    {
      name: 'a deduction into another system account (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4'), sys('REDEEMED', '4')])),
      code: 9906,
      reason: 'a deduction takes points from lots into ADJUSTED only',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the well-formed siblings of those lines (a release, an expiry when due, a deduction)', () => {
    thenAccepted(withLots, line(released('r1', (minutes(10) - 1) as Timestamp, 'p2', '5')));
    thenAccepted(withLots, line(expired('x1', minutes(10), [lot('a2', '-20'), sys('EXPIRED', '20')])));
    thenAccepted(withLots, line(deducted('d1', t2, [lot('a1', '-4'), sys('ADJUSTED', '4')])));
  });
});

describe("the engine's double-entry checks of a line's postings", () => {
  /** Nine awards of the largest amount an award may carry: the total issued is then 8,999,999,999,999.991 points. */
  const nearTheRange = [...world, ...Array.from({ length: 9 }, (_x, i) => awarded(`big${i}`, t1, 'c1', '999999999999.999'))];
  const cases: Case[] = [
    { name: 'an event without postings (9906)', given: withLots, when: line(expired('x1', minutes(10), [])), code: 9906, reason: 'invalid posting: a movement has at least one posting' },
    {
      name: 'postings that do not sum to zero (9904)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4'), sys('ADJUSTED', '3')])),
      code: 9904,
      reason: 'postings do not sum to zero: program 765 sums to -1.000',
    },
    {
      name: 'postings that sum to zero over two programs only (9904)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4'), sys('ADJUSTED', '4', { programId: 1414 })])),
      code: 9904,
      reason: /^postings do not sum to zero: program (765 sums to -4\.000|1414 sums to 4\.000)$/,
    },
    { name: 'a posting of zero points (9906)', given: withLots, when: line(deducted('d1', t2, [lot('a1', '0'), sys('ADJUSTED', '0')])), code: 9906, reason: 'invalid posting: a posting moves zero points' },
    { name: 'an award in a program no event defined (885)', given: withLots, when: line(awarded('a9', t2, 'c1', '1', { programId: 4 })), code: 885, reason: 'Invalid program id 4' },
    {
      name: 'a system posting that names a lot (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4'), sys('ADJUSTED', '4', { lotId: 'a1' })])),
      code: 9906,
      reason: 'invalid posting: a system posting names no lot',
    },
    {
      name: 'a system posting that names an expiry (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4'), sys('ADJUSTED', '4', { expiresAt: minutes(50) })])),
      code: 9906,
      reason: 'invalid posting: a system posting names no lot',
    },
    {
      name: 'an award that takes the total issued past the exact range (9915)',
      given: nearTheRange,
      when: line(awarded('big9', t2, 'c2', '999999999999.999')),
      code: 9915,
      reason: "the ledger's range is exhausted: at most 9,007,199,254,740.991 points can be issued in all",
    },
    { name: 'an award to an unknown customer (816)', given: withLots, when: line(awarded('a9', t2, 'nobody', '1')), code: 816, reason: 'Unable to find customer in this organization (id nobody)' },
    {
      name: 'an award to a group no module of the engine knows (1632)',
      given: withLots,
      when: line(ev({ ...awarded('a9', t2, 'c1', '1'), entity: { type: 'USERGROUP2', id: 'g1' } })),
      code: 1632,
      reason: 'group id/externalId/primary userId g1 passed is not valid',
    },
    {
      name: 'a customer posting that names no lot (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot(undefined, '-4'), sys('ADJUSTED', '4')])),
      code: 9906,
      reason: 'invalid posting: a posting to CUSTOMER c1 names no lot',
    },
    { name: 'a debit of a lot that does not exist (9905)', given: withLots, when: line(deducted('d1', t2, [lot('nope', '-1'), sys('ADJUSTED', '1')])), code: 9905, reason: 'lot nope has 0.000 points left, 1.000 requested' },
    {
      name: "a debit of another customer's lot (9906)",
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-1', { entityId: 'c2' }), sys('ADJUSTED', '1')])),
      code: 9906,
      reason: 'invalid posting: lot a1 belongs to CUSTOMER:c1|765|Main, not CUSTOMER:c2|765|Main',
    },
    {
      name: 'a debit of a lot in another program (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-1', { programId: 1414 }), sys('ADJUSTED', '1', { programId: 1414 })])),
      code: 9906,
      reason: 'invalid posting: lot a1 belongs to CUSTOMER:c1|765|Main, not CUSTOMER:c1|1414|Main',
    },
    {
      name: 'a posting that gives an existing lot an expiry (9906)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-4', { expiresAt: minutes(50) }), sys('ADJUSTED', '4')])),
      code: 9906,
      reason: 'invalid posting: lot a1 exists: only a new lot takes an expiry',
    },
    {
      name: 'a debit of a lot at its expiry (9906)',
      given: withLots,
      when: line(deducted('d1', minutes(10), [lot('a2', '-1'), sys('ADJUSTED', '1')])),
      code: 9906,
      reason: 'invalid posting: lot a2 expired at 2026-01-01T00:10:00Z',
    },
    {
      name: 'a debit of more than the lot holds (9905)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-10.001'), sys('ADJUSTED', '10.001')])),
      code: 9905,
      reason: 'lot a1 has 10.000 points left, 10.001 requested',
    },
    {
      name: 'two debits of one lot that together take more than it holds (9905)',
      given: withLots,
      when: line(deducted('d1', t2, [lot('a1', '-6'), lot('a1', '-6'), sys('ADJUSTED', '12')])),
      code: 9905,
      reason: 'lot a1 has 4.000 points left, 6.000 requested',
    },
    {
      // More than 16 postings: the engine keeps what each lot holds in a map rather than rereading the earlier postings.
      name: 'the seventeenth of seventeen postings taking more than the lot has left after the sixteen before (9905)',
      given: withLots,
      when: line(deducted('d1', t2, [...Array.from({ length: 15 }, () => lot('a1', '-0.5')), lot('a1', '-3'), sys('ADJUSTED', '10.5')])),
      code: 9905,
      reason: 'lot a1 has 2.500 points left, 3.000 requested',
    },
    {
      name: 'an expiry that takes a lot twice (9905)',
      given: withLots,
      when: line(expired('x1', minutes(10), [lot('a2', '-20'), lot('a2', '-20'), sys('EXPIRED', '40')])),
      code: 9905,
      reason: 'lot a2 has 0.000 points left, 20.000 requested',
    },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts seventeen postings that take exactly what the lot holds (so the row above is the seventeenth posting)', () => {
    thenAccepted(withLots, line(deducted('d1', t2, [...Array.from({ length: 15 }, () => lot('a1', '-0.5')), lot('a1', '-2.5'), sys('ADJUSTED', '10')])));
  });

  it('accepts the award that brings the total issued just to the top of the range (so the 9915 row is the range)', () => {
    // 8,999,999,999,999.991 + 7,199,254,741.000 = 9,007,199,254,740.991 exactly.
    thenAccepted(nearTheRange, line(awarded('big9', t2, 'c2', '7199254741')));
  });
});

describe('the one-time code events: OneTimeCodeIssued, OneTimeCodeRejected, OneTimeCodeUsed', () => {
  const issued = (id: string, at: Timestamp, codeId: string, customerId: string, expiresAt: Timestamp, purpose: CodePurpose = 'REDEMPTION'): OneTimeCodeIssued => ({
    type: 'OneTimeCodeIssued',
    id,
    at,
    codeId,
    customerId,
    purpose,
    hash: `hash-${codeId}`,
    salt: `salt-${codeId}`,
    expiresAt,
  });
  const rejected = (id: string, at: Timestamp, codeId: string): OneTimeCodeRejected => ({ type: 'OneTimeCodeRejected', id, at, codeId });
  const used = (id: string, at: Timestamp, codeId: string): OneTimeCodeUsed => ({ type: 'OneTimeCodeUsed', id, at, codeId });
  /** Code k1 of c1, issued at minute 1, valid until minute 16. */
  const withCode = [...world, issued('i1', t1, 'k1', 'c1', minutes(16))];
  const validityMax = limits.otpValidityMinutesMax;
  const fiveWrongTries = Array.from({ length: limits.otpAttemptsMax }, (_x, i) => rejected(`w${i}`, t2, 'k1'));

  const cases: Case[] = [
    { name: 'a code issued to an unknown customer (816)', given: world, when: line(issued('i1', t2, 'k1', 'nobody', minutes(17))), code: 816, reason: 'Unable to find customer in this organization (id nobody)' },
    { name: 'a code id issued twice (9907)', given: withCode, when: line(issued('i2', t2, 'k1', 'c2', minutes(17))), code: 9907, reason: 'already defined: one-time code k1' },
    { name: 'a code that expires when it is issued (9908)', given: world, when: line(issued('i1', t2, 'k1', 'c1', t2)), code: 9908, reason: 'a one-time code expires after it is issued' },
    {
      name: 'a code valid for a millisecond more than the most a code may be (9908)',
      given: world,
      when: line(issued('i1', t2, 'k1', 'c1', (t2 + validityMax * 60_000 + 1) as Timestamp)),
      code: 9908,
      reason: `a one-time code is valid for at most ${validityMax} minutes`,
    },
    { name: 'a wrong try of a code never issued (9903)', given: withCode, when: line(rejected('w1', t2, 'k9')), code: 9903, reason: 'unknown one-time code k9' },
    { name: 'a use of a code never issued (9903)', given: withCode, when: line(used('u1', t2, 'k9')), code: 9903, reason: 'unknown one-time code k9' },
    {
      name: 'a wrong try of a code already used (808)',
      given: [...withCode, used('u1', t2, 'k1')],
      when: line(rejected('w1', minutes(3), 'k1')),
      code: 808,
      reason: 'Unable to redeem. Validation code is invalid (code k1 is used).',
    },
    {
      name: 'a use of a code replaced by a newer one for the same purpose (808)',
      given: [...withCode, issued('i2', t2, 'k2', 'c1', minutes(17))],
      when: line(used('u1', minutes(3), 'k1')),
      code: 808,
      reason: 'Unable to redeem. Validation code is invalid (code k1 is replaced).',
    },
    {
      name: 'a use of a code made void by its wrong tries (808)',
      given: [...withCode, ...fiveWrongTries],
      when: line(used('u1', minutes(3), 'k1')),
      code: 808,
      reason: 'Unable to redeem. Validation code is invalid (code k1 is void).',
    },
    {
      name: 'a use of a used code after a newer one was issued: it stays used, not replaced (808)',
      given: [...withCode, used('u1', t2, 'k1'), issued('i2', minutes(3), 'k2', 'c1', minutes(18))],
      when: line(used('u2', minutes(4), 'k1')),
      code: 808,
      reason: 'Unable to redeem. Validation code is invalid (code k1 is used).',
    },
    {
      name: 'a use of a void code after a newer one was issued: it stays void, not replaced (808)',
      given: [...withCode, ...fiveWrongTries, issued('i2', minutes(3), 'k2', 'c1', minutes(18))],
      when: line(used('u1', minutes(4), 'k1')),
      code: 808,
      reason: 'Unable to redeem. Validation code is invalid (code k1 is void).',
    },
    { name: 'a use of a code at its expiry (808)', given: withCode, when: line(used('u1', minutes(16), 'k1')), code: 808, reason: 'Unable to redeem. Validation code is invalid (code k1 expired).' },
    { name: 'a wrong try of a code at its expiry (808)', given: withCode, when: line(rejected('w1', minutes(16), 'k1')), code: 808, reason: 'Unable to redeem. Validation code is invalid (code k1 expired).' },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the well-formed siblings of those lines (the longest validity, a use a millisecond before expiry, a wrong try short of void)', () => {
    thenAccepted(world, line(issued('i1', t2, 'k1', 'c1', (t2 + validityMax * 60_000) as Timestamp)));
    thenAccepted(withCode, line(used('u1', (minutes(16) - 1) as Timestamp, 'k1')));
    thenAccepted([...withCode, ...fiveWrongTries.slice(1)], line(used('u1', minutes(3), 'k1')));
    // A code for another purpose does not replace it.
    thenAccepted([...withCode, issued('i2', t2, 'k2', 'c1', minutes(17), 'TRANSFER')], line(used('u1', minutes(3), 'k1')));
  });
});

describe('CommandRecorded (a request id and its outcome)', () => {
  const recorded = (id: string, at: Timestamp, requestId: string, eventIds: string[], refusal?: CommandRecorded['refusal']): CommandRecorded => ({
    type: 'CommandRecorded',
    id,
    at,
    requestId,
    commandType: 'AwardPoints',
    fingerprint: 'f1',
    eventIds,
    ...(refusal === undefined ? {} : { refusal }),
  });
  const withRequest = [...withLots, recorded('q1', t1, 'req-1', ['a1'])];
  const cases: Case[] = [
    {
      name: 'a request id already recorded (9930)',
      given: withRequest,
      when: line(recorded('q2', t2, 'req-1', [], { code: 804, message: 'Insufficient current points' })),
      code: 9930,
      reason: 'request id req-1 was already used for another AwardPoints request',
    },
    { name: 'a record naming an event not in the log (9908)', given: withRequest, when: line(recorded('q2', t2, 'req-2', ['a1', 'zz'])), code: 9908, reason: 'CommandRecorded names event zz, which is not in the log' },
    { name: 'a record of a request that neither appended nor was refused (9908)', given: withRequest, when: line(recorded('q2', t2, 'req-2', [])), code: 9908, reason: 'a recorded command appended events or was refused' },
  ];
  it.each(cases)('$name', (c) => thenRefused(c));

  it('accepts the well-formed siblings of those lines (a refusal recorded under a new request id, events in the log)', () => {
    thenAccepted(withRequest, line(recorded('q2', t2, 'req-2', [], { code: 804, message: 'Insufficient current points' })));
    thenAccepted(withRequest, line(recorded('q2', t2, 'req-2', ['a1', 'a2'])));
  });
});
