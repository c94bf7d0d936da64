/**
 * Model-based test of the ledger: random command sequences (fc.commands) run through the real engine
 * beside a much simpler model, a plain list of lots per customer that expires, releases and debits by
 * sorting that list. After every command, every balance and every lot must agree with the model.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  CommandBase,
  OrgState,
  Points as P,
  PointsCategory,
  PointsDeducted,
  Timestamp,
  balanceAt,
  coreEngine,
  lotById,
} from '@pointfold/core';
import { TestClock, testClock, testEpoch } from '@pointfold/core/testing';
import { cmd, customer, world } from './fixtures';

const engine = coreEngine;
const customers = ['c1', 'c2'];
const day = 86_400_000;
/** What the commands reached, for the not-vacuous check. */
const seen = { deducted: 0, refused: 0, drained: 0, multiLot: 0, dueLots: 0, atExpiry: 0 };

interface ModelLot {
  readonly id: string;
  readonly customer: string;
  readonly category: PointsCategory;
  remaining: bigint;
  readonly expiresAt: number | undefined;
  /** Position of the creating event in the log (the model's "oldest"). */
  readonly position: number;
}
interface Model {
  now: number;
  lots: ModelLot[];
  position: number;
}
interface Real {
  state: OrgState;
  readonly clock: TestClock;
}

/** The lots due at the model's time that still hold points (the engine expires them before any command). */
const dueLots = (m: Model): ModelLot[] => {
  const due = m.lots.filter((l) => l.remaining > 0n && l.expiresAt !== undefined && l.expiresAt <= m.now);
  seen.dueLots += due.length;
  return due;
};
/** The model's own expiry, once the real command was accepted: the due lots lose what they hold. */
const expire = (due: readonly ModelLot[]): string[] => {
  for (const l of due) l.remaining = 0n;
  return due.map((l) => l.id).sort();
};

/** Runs a command on the real engine at the model's time; the events it appended. */
const exec = (m: Model, r: Real, c: CommandBase) => {
  const x = engine.execute(r.state, c, r.clock.at(m.now as Timestamp));
  if (E.isRight(x)) {
    r.state = x.right.state;
    m.position += x.right.events.length;
  }
  return x;
};

const idsExpiredBy = (events: readonly { type: string }[]): string[] =>
  events.flatMap((e) => (e.type === 'PointsExpired' ? (e as PointsDeducted).postings.flatMap((p) => (p.lotId === undefined ? [] : [p.lotId])) : [])).sort();

class Award implements fc.Command<Model, Real> {
  constructor(readonly customer: string, readonly millis: bigint, readonly category: PointsCategory, readonly expiresInMs: number | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const due = dueLots(m);
    const x = exec(m, r, cmd({ type: 'AwardPoints', entity: customer(this.customer), points: P.fromMillis(this.millis), pointsCategory: this.category, ...(this.expiresInMs === undefined ? {} : { expiresAt: (m.now + this.expiresInMs) as Timestamp }) }));
    if (E.isLeft(x)) throw new Error(`award refused: ${x.left.code} ${x.left.message}`);
    expect(idsExpiredBy(x.right.events)).toEqual(expire(due));
    const award = x.right.events[x.right.events.length - 1];
    m.lots.push({ id: award?.id ?? '', customer: this.customer, category: this.category, remaining: this.millis, expiresAt: this.expiresInMs === undefined ? undefined : m.now + this.expiresInMs, position: m.position - 1 });
    agree(m, r);
  }
  toString = (): string => `Award(${this.customer}, ${this.millis}, ${this.category}, ${String(this.expiresInMs)})`;
}

class Deduct implements fc.Command<Model, Real> {
  /** `share`: the amount is that many thousandths of what the model says is available (1000: all of it, 1001: a thousandth more), else `fixed`. */
  constructor(readonly customer: string, readonly fixed: bigint, readonly share: number | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const due = dueLots(m);
    const open = m.lots
      .filter((l) => l.customer === this.customer && l.category === 'Main' && l.remaining > 0n && (l.expiresAt === undefined || l.expiresAt > m.now))
      .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.position - b.position);
    const available = open.reduce((s, l) => s + l.remaining, 0n);
    const shared = this.share === undefined ? 0n : this.share === 1001 ? available + 1n : (available * BigInt(this.share)) / 1000n;
    const millis = shared > 0n ? shared : this.fixed;
    const x = exec(m, r, cmd({ type: 'DeductPoints', entity: customer(this.customer), points: P.fromMillis(millis) }));
    if (available < millis) {
      // Refused, and nothing appended: not even the expiries found on the way (they stay due).
      seen.refused++;
      expect(E.isLeft(x) && x.left.code).toBe(804);
      agree(m, r);
      return;
    }
    if (E.isLeft(x)) throw new Error(`deduction refused: ${x.left.code} ${x.left.message}`);
    expect(idsExpiredBy(x.right.events)).toEqual(expire(due));
    const taken: [string, string][] = [];
    let left = millis;
    for (const l of open) {
      if (left === 0n) break;
      const take = l.remaining < left ? l.remaining : left;
      l.remaining -= take;
      left -= take;
      taken.push([l.id, P.format(P.fromMillis(-take))]);
    }
    seen.deducted++;
    if (available === millis) seen.drained++;
    if (taken.length > 1) seen.multiLot++;
    const deducted = x.right.events[x.right.events.length - 1] as PointsDeducted;
    expect(deducted.postings.filter((p) => p.entityType !== 'SYSTEM').map((p) => [p.lotId, P.format(p.points)])).toEqual(taken);
    agree(m, r);
  }
  toString = (): string => `Deduct(${this.customer}, ${this.fixed}, ${String(this.share)})`;
}

class Release implements fc.Command<Model, Real> {
  constructor(readonly pick: number, readonly half: boolean) {}
  private open = (m: Model): ModelLot[] => m.lots.filter((l) => l.category !== 'Main' && l.remaining > 0n && (l.expiresAt === undefined || l.expiresAt > m.now));
  check = (m: Readonly<Model>): boolean => this.open(m as Model).length > 0;
  run(m: Model, r: Real): void {
    const due = dueLots(m);
    const open = this.open(m);
    const lot = open[this.pick % open.length] as ModelLot;
    const amount = this.half && lot.remaining > 1n ? lot.remaining / 2n : lot.remaining;
    const x = exec(m, r, cmd({ type: 'ReleasePromisedPoints', lotId: lot.id, ...(amount === lot.remaining ? {} : { points: P.fromMillis(amount) }) }));
    if (E.isLeft(x)) throw new Error(`release refused: ${x.left.code} ${x.left.message}`);
    expect(idsExpiredBy(x.right.events)).toEqual(expire(due));
    lot.remaining -= amount;
    const release = x.right.events[x.right.events.length - 1];
    m.lots.push({ id: release?.id ?? '', customer: lot.customer, category: 'Main', remaining: amount, expiresAt: lot.expiresAt, position: m.position - 1 });
    agree(m, r);
  }
  toString = (): string => `Release(${this.pick}, ${this.half})`;
}

class Advance implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    m.now += this.ms;
    agree(m, r);
  }
  toString = (): string => `Advance(${this.ms})`;
}

/** Moves time to a millisecond around a live lot's expiry (the boundary: a lot at its very expiresAt has expired). */
class AdvanceToExpiry implements fc.Command<Model, Real> {
  constructor(readonly pick: number, readonly jitter: -1 | 0 | 1) {}
  private targets = (m: Model): number[] => m.lots.flatMap((l) => (l.remaining > 0n && l.expiresAt !== undefined && l.expiresAt + this.jitter > m.now ? [l.expiresAt + this.jitter] : []));
  check = (m: Readonly<Model>): boolean => this.targets(m as Model).length > 0;
  run(m: Model, r: Real): void {
    const ts = this.targets(m);
    m.now = ts[this.pick % ts.length] as number;
    if (this.jitter === 0) seen.atExpiry++;
    agree(m, r);
  }
  toString = (): string => `AdvanceToExpiry(${this.pick}, ${this.jitter})`;
}

class Expire implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const due = dueLots(m);
    const x = exec(m, r, cmd({ type: 'ExpirePoints' }));
    if (E.isLeft(x)) throw new Error(`expiry refused: ${x.left.code} ${x.left.message}`);
    expect(idsExpiredBy(x.right.events)).toEqual(expire(due));
    agree(m, r);
  }
  toString = (): string => 'Expire';
}

/** Every balance at the model's time and every lot agree with the model. */
const agree = (m: Model, r: Real): void => {
  for (const c of customers) {
    for (const category of ['Main', 'DelayedAccrualPointCategory'] as const) {
      const want = m.lots.filter((l) => l.customer === c && l.category === category && (l.expiresAt === undefined || l.expiresAt > m.now)).reduce((s, l) => s + l.remaining, 0n);
      const got = balanceAt(r.state.ledger, { entityType: 'CUSTOMER', entityId: c, programId: 765, pointsCategory: category }, m.now as Timestamp);
      expect([c, category, P.format(got)]).toEqual([c, category, P.format(P.fromMillis(want))]);
    }
  }
  for (const l of m.lots) {
    const lot = lotById(r.state.ledger, l.id);
    const live = l.expiresAt === undefined || l.expiresAt > m.now;
    if (live) expect([l.id, lot === undefined ? 'missing' : P.format(lot.remaining)]).toEqual([l.id, P.format(P.fromMillis(l.remaining))]);
  }
};

const commands = [
  fc
    .tuple(fc.constantFrom(...customers), fc.bigInt({ min: 1n, max: 500_000n }), fc.constantFrom<PointsCategory>('Main', 'Main', 'DelayedAccrualPointCategory'), fc.option(fc.integer({ min: 1, max: 30 * day }), { nil: undefined }))
    .map(([c, millis, category, expires]) => new Award(c, millis, category, expires)),
  fc
    .tuple(fc.constantFrom(...customers), fc.bigInt({ min: 1n, max: 400_000n }), fc.option(fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(1000, 1001)), { nil: undefined }))
    .map(([c, millis, share]) => new Deduct(c, millis, share)),
  fc.tuple(fc.nat(), fc.boolean()).map(([pick, half]) => new Release(pick, half)),
  fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 10 * day })).map((ms) => new Advance(ms)),
  fc.tuple(fc.nat(), fc.constantFrom<-1 | 0 | 1>(-1, 0, 1)).map(([pick, jitter]) => new AdvanceToExpiry(pick, jitter)),
  fc.constant(new Expire()),
];

describe('the ledger beside a list of lots', () => {
  test('balances and lots agree with a naive model after every command (fc.commands, at most 50)', () => {
    const setup = engine.fold(world);
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 50, size: 'max' }), (cmds) => {
        fc.modelRun(() => ({ model: { now: testEpoch + 60_000, lots: [], position: world.length }, real: { state: setup, clock: testClock('model') } }), cmds);
      }),
      { numRuns: 200 },
    );
    // Not vacuous: deductions accepted and refused, some draining an account exactly, some across lots, lots expiring.
    expect([seen.deducted > 100, seen.refused > 100, seen.drained > 30, seen.multiLot > 20, seen.dueLots > 100, seen.atExpiry > 50]).toEqual([true, true, true, true, true, true]);
  });
});
