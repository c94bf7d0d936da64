/**
 * The composed engine: decoding history lines (a sentence naming the field, never a throw), the
 * checks every event passes before it is folded (envelope, references, double entry, lots), the
 * checked replay that names the first bad event and applies nothing of a refused one, and `execute`.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  EngineModule,
  EventBase,
  InvariantViolation,
  PointsAwarded,
  PointsDeducted,
  PointsExpired,
  Posting,
  Timestamp,
  Points,
  balanceAt,
  coreEngine,
  coreModule,
  createEngine,
  defineEvent,
  lotById,
  packBuffer,
  packReader,
  settleState,
} from '@pointfold/core';
import { canonicalState, testClock, toJsonl } from '@pointfold/core/testing';
import { awarded, cmd, customer, decoded, deducted, eventSamples, expired, lot, minutes, points, released, sys, world } from './fixtures';

const engine = coreEngine;
const t1 = minutes(1);
const iso = (t: Timestamp): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** The code of the first refused event of a log, and its index; or 'ok'. */
const refusal = (events: readonly EventBase[]): [number, number] | 'ok' => {
  const r = engine.replay(events);
  return E.isLeft(r) ? [r.left.index, r.left.error.code] : 'ok';
};


const withLots = [...world, awarded('a1', t1, 'c1', '10'), awarded('a2', t1, 'c1', '20', { expiresAt: minutes(10) }), awarded('p1', t1, 'c1', '5', { category: 'DelayedAccrualPointCategory' })];

describe('decodeEvent', () => {
  const samples = eventSamples;

  it('knows the ledger and reference event types, and lists its types sorted', () => {
    expect(engine.eventTypes).toEqual(expect.arrayContaining(Object.keys(samples)));
    expect(engine.eventTypes).toEqual([...engine.eventTypes].sort());
  });

  it.each(Object.keys(samples))('decodes a %s with every field, and encodes it back to the same JSON', (type) => {
    const r = engine.decodeEvent(samples[type]);
    if (E.isLeft(r)) throw new Error(r.left);
    expect(r.right.type).toBe(type);
    expect(engine.encodeEvent(r.right)).toEqual(samples[type]);
  });

  it('reads amounts and times in their other accepted forms, and writes them canonically', () => {
    const r = engine.decodeEvent({ type: 'PointsAwarded', id: 'e1', at: '2026-03-01T15:30:00+05:30', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: 10.5, transaction: null });
    if (E.isLeft(r)) throw new Error(r.left);
    expect(engine.encodeEvent(r.right)).toEqual({ type: 'PointsAwarded', id: 'e1', at: '2026-03-01T10:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '10.500' });
  });

  const award = { type: 'PointsAwarded', id: 'e1', at: '2026-03-01T10:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '10' };
  it.each([
    ['a non-object', 'line', 'expected a JSON object'],
    ['an array', [award], 'expected a JSON object'],
    ['null', null, 'expected a JSON object'],
    ['a missing type', { ...award, type: undefined }, 'type: is missing'],
    ['a type that is not a text', { ...award, type: 5 }, 'type: expected a string'],
    ['a null type', { ...award, type: null }, 'type: expected a string'],
    ['an unknown type', { ...award, type: 'PointsStolen' }, 'type: unknown event type "PointsStolen"'],
    ['a type inherited from Object.prototype', { ...award, type: 'toString' }, 'type: unknown event type "toString"'],
    ['a missing field', { ...award, entity: undefined }, 'entity: is missing'],
    ['a missing nested field', { ...award, entity: { type: 'CUSTOMER' } }, 'entity.id: is missing'],
    ['an unknown field', { ...award, extra: 1 }, 'extra: is not a known field'],
    ['an empty id', { ...award, id: '' }, 'id: is empty'],
    ['a time without zone', { ...award, at: '2026-03-01T10:00:00' }, 'at: "2026-03-01T10:00:00" has no time zone (use Z for UTC)'],
    ['an invalid date', { ...award, at: '2026-02-30T10:00:00Z' }, 'at: "2026-02-30T10:00:00Z" is not a valid date-time'],
    ['four decimals', { ...award, points: '10.0001' }, /^points: 878: /],
    ['zero points', { ...award, points: '0' }, /^points: 801: /],
    ['negative points', { ...award, points: -3 }, /^points: 801: /],
    ['a JSON number beyond 2^53', { ...award, points: 2 ** 53 + 2 }, /^points: 801: /],
    ['an unknown category', { ...award, pointsCategory: 'Gold' }, /^pointsCategory: expected one of Main, /],
    ['a string program id', { ...award, programId: '765' }, 'programId: expected a positive integer program id'],
    ['a posting in a bad place', { ...(samples.PointsExpired as object), postings: [{ entityType: 'CUSTOMER' }] }, 'postings[0].entityId: is missing'],
  ])('refuses %s with a sentence naming the field', (_what, json, message) => {
    const r = engine.decodeEvent(json);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) expect(r.left).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key as an unknown field, and keeps it out of the event', (key) => {
    const json = JSON.parse(`{"type":"PointsAwarded","id":"e1","at":"2026-03-01T10:00:00Z","entity":{"type":"CUSTOMER","id":"c1","${key}":{"polluted":true}},"programId":765,"pointsCategory":"Main","points":"1"}`) as unknown;
    expect(engine.decodeEvent(json)).toEqual(E.left(`entity.${key}: is not a known field`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a debit or an expiry taking many lots of one account (decision 108)', () => {
  // Twelve lots of c1, each expiring a minute after the previous: more than the front of the queue that is read (4).
  const awards = Array.from({ length: 12 }, (_x, i) => awarded(`m${i}`, t1, 'c1', '1', { expiresAt: minutes(20 + i) }));
  const main = { entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main' } as const;
  // Folded without checks: nothing has looked a lot up by id yet.
  const base = () => engine.fold([...world, ...awards]);
  /** A deduction of one point from each of `lots`, in that order. */
  const deduction = (lots: readonly PointsAwarded[]): PointsDeducted => deducted('d1', minutes(3), [...lots.map((a) => lot(a.id, '-1')), sys('ADJUSTED', '12')]);

  it('checks and folds a deduction of the twelve lots in queue order reading each next to the previous: no lot is looked up by id', () => {
    const s = base();
    const d = deduction(awards);
    expect(s.ledger.lotIndex.indexed).toBe(0);
    expect(engine.check(s, d)).toEqual(E.right(undefined));
    const after = engine.fold([d], s);
    expect(balanceAt(after.ledger, main, minutes(3))).toEqual(points('0'));
    expect([s.ledger.lotIndex.indexed, after.ledger.lotIndex.indexed]).toEqual([0, 0]);
  });

  it('checks and folds an expiry of the twelve lots in queue order the same way', () => {
    const s = base();
    const x = expired('x1', minutes(40), [...awards.map((a) => lot(a.id, '-1')), sys('EXPIRED', '12')]);
    expect(engine.check(s, x)).toEqual(E.right(undefined));
    const after = engine.fold([x], s);
    expect(after.ledger.lotIndex.indexed).toBe(0);
    expect(balanceAt(after.ledger, main, minutes(40))).toEqual(points('0'));
    // Looking a lot up by id indexes them.
    expect(lotById(after.ledger, 'm11')?.remaining).toEqual(points('0'));
    expect(after.ledger.lotIndex.indexed).toBe(12);
  });

  it('still finds every lot of a deduction that names them out of queue order (by the index), and folds it the same', () => {
    const s = base();
    const d = deduction([...awards].reverse());
    expect(engine.check(s, d)).toEqual(E.right(undefined));
    const after = engine.fold([d], s);
    expect(balanceAt(after.ledger, main, minutes(3))).toEqual(points('0'));
    expect(after.ledger.lotIndex.indexed).toBeGreaterThan(0);
    expect(canonicalState(after)).toEqual(canonicalState(engine.fold([deduction(awards)], base())));
  });
});

describe('checks of history events (replay)', () => {
  it('accepts a well-formed log', () => {
    expect(refusal([...withLots, released('r1', minutes(2), 'p1', '2'), deducted('d1', minutes(3), [lot('a1', '-4'), sys('ADJUSTED', '4')])])).toBe('ok');
  });

  it('refuses a repeated id (9901) and a time that goes back (9902), naming the event', () => {
    expect(refusal([...world, awarded('a1', t1, 'c1', '1'), awarded('a1', t1, 'c1', '1')])).toEqual([world.length + 1, 9901]);
    expect(refusal([...world, awarded('a1', minutes(2), 'c1', '1'), awarded('a2', (minutes(2) - 1) as Timestamp, 'c1', '1')])).toEqual([world.length + 1, 9902]);
    expect(refusal([...world, awarded('customer-c1', t1, 'c1', '1')])).toEqual([world.length, 9901]);
  });

  it('refuses an event of a type it does not know, or not of its shape (9909)', () => {
    expect(refusal([...world, { type: 'PointsStolen', id: 'x', at: t1 }])).toEqual([world.length, 9909]);
    const malformed = { ...awarded('a1', t1, 'c1', '1'), points: 'ten' } as unknown as EventBase;
    expect(refusal([...world, malformed])).toEqual([world.length, 9909]);
  });

  it('refuses an award to an unknown customer (816), in an unknown program (885), or to a group no module knows (1632)', () => {
    expect(refusal([...world, awarded('a1', t1, 'nobody', '1')])).toEqual([world.length, 816]);
    expect(refusal([...world, awarded('a1', t1, 'c1', '1', { programId: 4 })])).toEqual([world.length, 885]);
    expect(refusal([...world, { ...awarded('a1', t1, 'c1', '1'), entity: { type: 'USERGROUP2', id: 'g' } } as EventBase])).toEqual([world.length, 1632]);
  });

  it('refuses postings that do not sum to zero per program (9904)', () => {
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-4'), sys('ADJUSTED', '3')])])).toEqual([withLots.length, 9904]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-4'), sys('ADJUSTED', '4', { programId: 1414 })])])).toEqual([withLots.length, 9904]);
  });

  it('refuses a posting of zero, no postings, an expiry to a system account other than EXPIRED, a system posting with a lot (9906)', () => {
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '0'), sys('ADJUSTED', '0')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(20), [])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(20), [lot('a2', '-20'), sys('VOID', '20')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-4'), sys('ADJUSTED', '4', { lotId: 'a1' })])])).toEqual([withLots.length, 9906]);
  });

  it('refuses a deduction that gives to a lot or to another system account (9906)', () => {
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '4'), sys('ADJUSTED', '-4')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-4'), sys('REDEEMED', '4')])])).toEqual([withLots.length, 9906]);
  });

  it('refuses a debit of more than the lot holds (9905), also over two postings of one event', () => {
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-10.001'), sys('ADJUSTED', '10.001')])])).toEqual([withLots.length, 9905]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-6'), lot('a1', '-6'), sys('ADJUSTED', '12')])])).toEqual([withLots.length, 9905]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('nope', '-1'), sys('ADJUSTED', '1')])])).toEqual([withLots.length, 9905]);
  });

  it('refuses a posting to a lot of another account, or to a lot that has expired (9906)', () => {
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-1', { entityId: 'c2' }), sys('ADJUSTED', '1')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, deducted('d1', minutes(2), [lot('a1', '-1', { programId: 1414 }), sys('ADJUSTED', '1', { programId: 1414 })])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, deducted('d1', minutes(10), [lot('a2', '-1'), sys('ADJUSTED', '1')])])).toEqual([withLots.length, 9906]);
  });

  it('refuses an expiry of a lot not yet due, of part of a lot, of an unknown lot, or to another system account', () => {
    expect(refusal([...withLots, expired('x1', (minutes(10) - 1) as Timestamp, [lot('a2', '-20'), sys('EXPIRED', '20')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('a2', '-19'), sys('EXPIRED', '19')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('a1', '-10'), sys('EXPIRED', '10')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('zz', '-1'), sys('EXPIRED', '1')])])).toEqual([withLots.length, 9903]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('a2', '-20'), sys('ADJUSTED', '20')])])).toEqual([withLots.length, 9906]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('a2', '-20'), lot('a2', '-20'), sys('EXPIRED', '40')])])).toEqual([withLots.length, 9905]);
    expect(refusal([...withLots, expired('x1', minutes(10), [lot('a2', '-20'), sys('EXPIRED', '20')])])).toBe('ok');
  });

  it('refuses a release of an unknown lot (9903) or of a Main lot (9908)', () => {
    expect(refusal([...withLots, released('r1', minutes(2), 'zz')])).toEqual([withLots.length, 9903]);
    expect(refusal([...withLots, released('r1', minutes(2), 'a1')])).toEqual([withLots.length, 9908]);
  });

  it('accepts an imported award whose expiry is already past, and never counts it in a balance', () => {
    const r = engine.replay([...world, awarded('a1', minutes(5), 'c1', '10', { expiresAt: minutes(1) })]);
    if (E.isLeft(r)) throw new Error(r.left.error.message);
    const main = { entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main' } as const;
    expect([minutes(4), minutes(5), minutes(6)].map((t) => Points.format(balanceAt(r.right.ledger, main, t)))).toEqual(['0.000', '0.000', '0.000']);
  });
});

describe('the replayer', () => {
  it('folds JSON lines one by one, a refused line changing nothing', () => {
    const r = engine.replayer();
    for (const e of world) expect(E.isRight(r.push(e))).toBe(true);
    const good = { type: 'PointsAwarded', id: 'a1', at: iso(t1), entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '10' };
    expect(E.isRight(r.pushJson(good))).toBe(true);
    expect(r.pushJson({ ...good, id: 'a2', points: '10.0001' })).toEqual(E.left(expect.stringMatching(/^points: 878/)));
    expect(r.pushJson({ ...good, id: 'a1' })).toEqual(E.left(expect.objectContaining({ code: 9901 })));
    expect(r.pushJson({ ...good, id: 'a3', entity: { type: 'CUSTOMER', id: 'nobody' } })).toEqual(E.left(expect.objectContaining({ code: 816 })));
    expect(r.count).toBe(world.length + 1);
    const state = r.finish();
    expect(state.version).toBe(world.length + 1);
    expect(() => r.push(awarded('a9', t1, 'c1', '1'))).toThrow(InvariantViolation);
    expect(() => r.finish()).toThrow('a draft is finished once');
    expect(canonicalState(state)).toBe(canonicalState(engine.fold([...world, awarded('a1', t1, 'c1', '10')])));
  });

  it('takes the word of a decoder that an id is fresh (decisions 104, 106) only from a state without events, and finds an id and a lot it listed', () => {
    /** The packed form of events, as a decoding thread hands them over. */
    const packed = (...es: EventBase[]) => {
      const out = packBuffer();
      for (const e of es) expect(engine.packEvent(e, out)).toBe(true);
      return packReader(out.nums, out.strs);
    };
    const fromEmpty = engine.replayer();
    for (const e of world) expect(E.isRight(fromEmpty.push(e))).toBe(true);
    expect(E.isRight(fromEmpty.pushPacked(packed(awarded('a1', t1, 'c1', '10')), true))).toBe(true);
    // The listed id is found by the next lookup: the same id is refused however it comes.
    expect(fromEmpty.push(awarded('a1', t1, 'c1', '5'))).toEqual(E.left(expect.objectContaining({ code: 9901 })));
    expect(fromEmpty.pushPacked(packed(awarded('a1', t1, 'c1', '5')))).toEqual(E.left(expect.objectContaining({ code: 9901 })));
    const state = fromEmpty.finish();
    expect([state.version, state.eventIds.size, state.eventIds.has('a1')]).toEqual([world.length + 1, world.length + 1, true]);
    // Its lot, created without a lookup (decision 106), is found by id: the index catches up when asked.
    expect(lotById(state.ledger, 'a1')?.remaining).toEqual(points('10'));
    expect(canonicalState(state)).toBe(canonicalState(engine.fold([...world, awarded('a1', t1, 'c1', '10')])));
    // Begun from a state with events, a replayer checks every id: a decoder vouches only for the ids it read.
    const fromState = engine.replayer(state);
    expect(fromState.pushPacked(packed(awarded('a1', minutes(2), 'c1', '5')), true)).toEqual(E.left(expect.objectContaining({ code: 9901 })));
    expect(fromState.count).toBe(0);
    // Begun from a state, a replayer knows its last time: an event before it is refused (9902).
    expect(fromState.push(awarded('a5', (t1 - 1) as Timestamp, 'c1', '5'))).toEqual(E.left(expect.objectContaining({ code: 9902 })));
  });

  it('reads back a history it wrote as JSONL', () => {
    const log = [...withLots, released('r1', minutes(2), 'p1'), deducted('d1', minutes(3), [lot('a2', '-20'), lot('a1', '-1'), sys('ADJUSTED', '21')])];
    const lines = toJsonl(engine, log).split('\n');
    expect(lines.pop()).toBe('');
    const r = engine.replay(lines.map((l) => decoded(JSON.parse(l))));
    const direct = engine.replay(log);
    if (E.isLeft(r) || E.isLeft(direct)) throw new Error('refused');
    expect(canonicalState(r.right)).toBe(canonicalState(direct.right));
  });
});

describe('balances read while a replayer folds (its accounts change in place)', () => {
  const ref = { entityType: 'CUSTOMER' as const, entityId: 'c1', programId: 765, pointsCategory: 'Main' as const };
  /** The balances at `dates` read through a replayer's view after each event, and the state it ends with. */
  const readMidFold = (log: readonly EventBase[], dates: readonly Timestamp[]) => {
    const r = engine.replayer();
    const seen: string[][] = [];
    for (const e of log) {
      const pushed = r.push(e);
      if (E.isLeft(pushed)) throw new Error(pushed.left.message);
      seen.push(dates.map((d) => Points.format(balanceAt(r.view.ledger, ref, d))));
    }
    return { seen, folded: r.finish() };
  };
  /** The same balances, each prefix of the log folded afresh. */
  const readFresh = (log: readonly EventBase[], dates: readonly Timestamp[]) =>
    log.map((_, i) => dates.map((d) => Points.format(balanceAt(engine.fold(log.slice(0, i + 1)).ledger, ref, d))));

  it('answers at any date what a fresh fold answers, after the account changed again', () => {
    // a1 expires at minute 5 and its expiry is recorded late (minute 10): a balance at a date then
    // needs the account's expiry index, which a read in the middle of the fold builds.
    const log = [
      ...world,
      awarded('a1', minutes(1), 'c1', '10', { expiresAt: minutes(5) }),
      awarded('a2', minutes(2), 'c1', '10'),
      { type: 'PointsExpired', id: 'x1', at: minutes(10), postings: [lot('a1', '-10'), sys('EXPIRED', '10')] } as PointsExpired,
      awarded('a3', minutes(11), 'c1', '7', { expiresAt: minutes(20) }),
      deducted('d1', minutes(12), [lot('a3', '-4'), sys('ADJUSTED', '4')]),
      awarded('a4', minutes(13), 'c1', '1'),
    ];
    const dates = [0, 1, 4, 5, 6, 9, 10, 11, 12, 13, 19, 20, 30].map(minutes);
    const { seen, folded } = readMidFold(log, dates);
    // Every read made mid-fold agrees with a fresh fold of the same prefix.
    expect(seen).toEqual(readFresh(log, dates));
    expect(dates.map((d) => Points.format(balanceAt(folded.ledger, ref, d)))).toEqual(seen[seen.length - 1]);
    expect(seen[seen.length - 1]).toEqual(['0.000', '10.000', '20.000', '10.000', '10.000', '10.000', '10.000', '17.000', '13.000', '14.000', '14.000', '11.000', '11.000']);
  });

  it('answers what a fresh fold answers for an account large enough to have an expiry index (never memoised mid-fold: decision 111)', () => {
    // 40 lots of 1 point, one due every minute from minute 10; then expiries recorded late, one event at a time.
    const many = Array.from({ length: 40 }, (_, i) => awarded(`m${i}`, minutes(1), 'c1', '1', { expiresAt: minutes(10 + i) }));
    const expiries = Array.from({ length: 4 }, (_, i) => ({ type: 'PointsExpired', id: `x${i}`, at: minutes(60 + i), postings: [lot(`m${i}`, '-1'), sys('EXPIRED', '1')] }) as PointsExpired);
    const log = [...world, ...many, ...expiries, awarded('b1', minutes(70), 'c1', '5')];
    const dates = [5, 10, 11, 12, 13, 20, 49, 50, 61, 65].map(minutes);
    const { seen } = readMidFold(log, dates);
    expect(seen).toEqual(readFresh(log, dates));
    expect(seen[seen.length - 1]).toEqual(['40.000', '39.000', '38.000', '37.000', '36.000', '29.000', '0.000', '0.000', '0.000', '0.000']);
  });
});

describe('settleState', () => {
  it('splits what a fold filled without changing what the state holds, or what a command then does', () => {
    // 1,500 awards: the fold's maps of event ids and lots outgrow the size they are split to.
    const log = [...world, ...Array.from({ length: 1_500 }, (_, i) => awarded(`x${i}`, t1, `c${(i % 5) + 1}`, '1'))];
    const settled = engine.fold(log);
    const before = canonicalState(settled);
    settleState(settled);
    expect(canonicalState(settled)).toBe(before);
    const command = cmd({ type: 'AwardPoints', entity: customer('c1'), programId: 765, pointsCategory: 'Main', points: points('2') });
    const ctx = () => testClock().at(minutes(2));
    const a = engine.execute(settled, command, ctx());
    const b = engine.execute(engine.fold(log), command, ctx());
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('refused');
    expect(canonicalState(a.right.state)).toBe(canonicalState(b.right.state));
    expect(canonicalState(settled)).toBe(before);
  });
});

describe('execute', () => {
  const state = engine.fold(withLots);
  const clock = testClock();

  it('refuses an unknown command (9911) and a time before the last event (9902)', () => {
    expect(engine.execute(state, { type: 'StealPoints' }, clock.at(minutes(2)))).toEqual(E.left(expect.objectContaining({ code: 9911 })));
    expect(engine.execute(state, cmd({ type: 'ExpirePoints' }), clock.at(minutes(0)))).toEqual(E.left(expect.objectContaining({ code: 9902 })));
  });

  it('refuses the expiry it decides before the command when the context names it with an id already in the log (9901)', () => {
    // a2 is due at minute 10: its expiry takes the first id, one the log holds; the award would take the next.
    const ids = ['a1', 'n1', 'n2'];
    const ctx = { ...clock.at(minutes(10)), newId: () => ids.shift() ?? 'n9' };
    const r = engine.execute(state, cmd({ type: 'AwardPoints', entity: customer('c1'), points: points('1') }), ctx);
    expect(E.isLeft(r) && [r.left.code, r.left.message]).toEqual([9901, 'duplicate event id a1']);
  });

  it('returns the same state when nothing is decided', () => {
    const r = engine.execute(state, cmd({ type: 'ExpirePoints' }), clock.at(minutes(2)));
    expect(E.isRight(r) && r.right).toEqual({ events: [], state });
    expect(E.isRight(r) && r.right.state).toBe(state);
  });

  it('leaves the state it started from as it was, accepted or refused', () => {
    const before = canonicalState(state);
    expect(E.isRight(engine.execute(state, cmd({ type: 'DeductPoints', entity: customer('c1'), points: points('5') }), clock.at(minutes(11))))).toBe(true);
    expect(E.isLeft(engine.execute(state, cmd({ type: 'DeductPoints', entity: customer('c1'), points: points('31') }), clock.at(minutes(2))))).toBe(true);
    expect(E.isRight(engine.execute(state, cmd({ type: 'AwardPoints', entity: customer('c1'), points: points('1') }), clock.at(minutes(2))))).toBe(true);
    expect(canonicalState(state)).toBe(before);
  });

  it('gives a state equal to the fold of the events it returns', () => {
    const r = engine.execute(state, cmd({ type: 'DeductPoints', entity: customer('c1'), points: points('8') }), clock.at(minutes(10)));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.events.map((e) => e.type)).toEqual(['PointsExpired', 'PointsDeducted']);
    expect(canonicalState(r.right.state)).toBe(canonicalState(engine.fold(r.right.events, state)));
  });
});

describe('createEngine', () => {
  it('refuses a module, an event type or a command type registered twice', () => {
    expect(() => createEngine([coreModule, coreModule])).toThrow(InvariantViolation);
    // A second module under the same name, with no event or command of its own: the name alone is refused.
    expect(() => createEngine([coreModule, { name: coreModule.name, events: [], commands: [] }])).toThrow(`module ${coreModule.name} registered twice`);
    const again: EngineModule = { name: 'again', events: [defineEvent({ type: 'PointsAwarded', codec: PointsAwarded })], commands: [] };
    expect(() => createEngine([coreModule, again])).toThrow(/event type PointsAwarded registered twice/);
    const commands: EngineModule = { name: 'commands', events: [], commands: [coreModule.commands[0] as EngineModule['commands'][number]] };
    expect(() => createEngine([coreModule, commands])).toThrow(/command type ConfigureOrg registered twice/);
  });
});

describe("the engine's double-entry checks of a module's own movement (what the core events' own checks never let through)", () => {
  /** An event of a test module whose movement is its postings as given: no check of its own stands before the engine's. */
  interface LotsMoved extends EventBase {
    readonly type: 'LotsMoved';
    readonly postings: readonly Posting[];
    readonly expiry: boolean;
  }
  const LotsMoved = new t.Type<LotsMoved, Record<string, never>, unknown>(
    'LotsMoved',
    (u): u is LotsMoved => typeof u === 'object' && u !== null && (u as { type?: unknown }).type === 'LotsMoved',
    (u, c) => t.failure(u, c),
    () => ({}),
  );
  const movedModule: EngineModule = {
    name: 'moved',
    events: [defineEvent<LotsMoved>({ type: 'LotsMoved', codec: LotsMoved, movement: (e) => ({ eventName: 'LotsMoved', postings: e.postings, expiry: e.expiry }) })],
    commands: [],
  };
  const withMoved = createEngine([coreModule, movedModule]);
  const moved = (id: string, at: Timestamp, postings: readonly Posting[], expiry = false): LotsMoved => ({ type: 'LotsMoved', id, at, postings, expiry });
  /** The first refusal of a log, index, code and message; or 'ok'. */
  const refused = (events: readonly EventBase[]): [number, number, string] | 'ok' => {
    const r = withMoved.replay(events);
    return E.isLeft(r) ? [r.left.index, r.left.error.code, r.left.error.message] : 'ok';
  };
  /** Sixteen system postings that sum to zero: with three more, an event has more than 16 postings (the checks then keep a map of its lots). */
  const sixteen = Array.from({ length: 16 }, (_, i) => sys('ADJUSTED', i % 2 === 0 ? '1' : '-1'));

  it.each([
    ['gives an existing lot more than its original', [moved('m1', minutes(2), [lot('a1', '1'), sys('ADJUSTED', '-1')])], 'invalid posting: lot a1 would hold more than its original 10.000'],
    ['as an expiry, gives back to a lot', [moved('m1', minutes(10), [lot('a2', '-20'), lot('a1', '1'), sys('EXPIRED', '19')], true)], 'invalid posting: an expiry gives nothing back to a lot'],
    ['as an expiry, creates a lot', [moved('m1', minutes(10), [lot('n1', '5'), sys('EXPIRED', '-5')], true)], 'invalid posting: an expiry creates no lot'],
    ['creates a lot and gives to it again', [moved('m1', minutes(2), [lot('n1', '1'), lot('n1', '1'), sys('ADJUSTED', '-2')])], 'invalid posting: lot n1 is created and changed by the same event'],
    ['creates a lot and gives to it again among more than 16 postings', [moved('m1', minutes(2), [lot('n1', '1'), lot('n1', '1'), sys('ADJUSTED', '-2'), ...sixteen])], 'invalid posting: lot n1 is created and changed by the same event'],
    // A lot named n1 by an earlier event is no new lot of a later event whose own id is n1.
    ['gives to a lot under its own id when a lot of that id exists', [moved('m1', minutes(2), [lot('n1', '5'), sys('ADJUSTED', '-5')]), moved('n1', minutes(3), [lot('n1', '1'), sys('ADJUSTED', '-1')])], 'invalid posting: lot n1 would hold more than its original 5.000'],
  ])('refuses an event that %s (9906)', (_name, line, message) => {
    expect(refused([...withLots, ...line])).toEqual([withLots.length + line.length - 1, 9906, message]);
  });

  it('accepts the well-formed siblings (so the rows above are the rule named)', () => {
    expect(refused([...withLots, moved('m1', minutes(2), [lot('a1', '-1'), sys('ADJUSTED', '1')]), moved('m2', minutes(3), [lot('a1', '1'), sys('ADJUSTED', '-1')])])).toBe('ok');
    expect(refused([...withLots, moved('m1', minutes(10), [lot('a2', '-20'), sys('EXPIRED', '20')], true)])).toBe('ok');
    expect(refused([...withLots, moved('m1', minutes(2), [lot('n1', '1'), lot('n2', '1'), sys('ADJUSTED', '-2'), ...sixteen])])).toBe('ok');
    expect(refused([...withLots, moved('m1', minutes(2), [lot('n1', '5'), sys('ADJUSTED', '-5')]), moved('n2', minutes(3), [lot('n2', '1'), sys('ADJUSTED', '-1')])])).toBe('ok');
  });
});
