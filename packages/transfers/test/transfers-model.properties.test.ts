/**
 * Model-based test of transfers and reversals: random command sequences (fc.commands) of awards,
 * redemptions (individual and group, skipping validation), group transfers, customer-to-customer
 * transfers with a code, reversals, reverts and time passing run through the real engine beside a much
 * simpler model: a Map of lots (entity, program, what is left, expiry) that debits by sorting, moves
 * lots to the receiver with their expiry, and gives reversals back newest expiry first. After every
 * command every lot, every spendable balance and the decision (code, or the lots each event names) must
 * agree with the model, and the ledger must be balanced.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { CommandBase, DomainError, EventBase, Execution, OrgState, Points as P, PointsAwarded, PointsExpired, Posting, Timestamp, lotById, spendableAt } from '@pointfold/core';
import { assertBalanced, testEpoch } from '@pointfold/core/testing';
import { PointsRedeemed } from '@pointfold/groups';
import { PointsRedemptionReversed, PointsTransferred } from '@pointfold/transfers';
import { primaryOf, propCode, propContext, propSetup } from './arbitraries';
import { cmd, engine } from './fixtures';
import { LotOfModel, debitOrder, restoration, takeInOrder } from './lot-model';

const numRuns = 400;
const maxCommands = 150;
const minute = 60_000;
const day = 86_400_000;
const customers = ['c1', 'c2', 'c3', 'c4', 'c5'];
const groups = ['g1', 'g2'];
const programs = [765, 1414];
type EntityType = 'CUSTOMER' | 'USERGROUP2';
interface Ent {
  readonly type: EntityType;
  readonly id: string;
}
const entities: readonly Ent[] = [...customers.map((id) => ({ type: 'CUSTOMER' as const, id })), ...groups.map((id) => ({ type: 'USERGROUP2' as const, id }))];
const keyOf = (e: Ent): string => `${e.type}:${e.id}`;

/** Membership as `propSetup` makes it (the model never changes it). */
const members: Readonly<Record<string, Readonly<Record<string, { readonly redeem: boolean; readonly transfer: boolean }>>>> = {
  g1: { c1: { redeem: true, transfer: true }, c2: { redeem: true, transfer: true }, c3: { redeem: true, transfer: false } },
  g2: { c4: { redeem: true, transfer: true }, c5: { redeem: false, transfer: true } },
};

type ModelLot = LotOfModel;
interface ModelRedemption {
  readonly id: string;
  readonly customer: string;
  readonly wallet: string;
  readonly program: number;
  readonly points: bigint;
  /** What it took from each lot, in the order it took them. */
  readonly took: readonly { readonly lotId: string; readonly points: bigint }[];
  readonly given: Map<string, bigint>;
  reversed: bigint;
  readonly transaction: string | undefined;
}
interface Model {
  now: number;
  readonly lots: Map<string, ModelLot>;
  seq: number;
  readonly redemptions: ModelRedemption[];
  readonly reverted: Set<string>;
}
interface Real {
  state: OrgState;
  readonly ctx: (now: Timestamp) => ReturnType<ReturnType<typeof propContext>>;
}

/** What the runs did, for the report and to make sure the commands are not all refused. */
const stats = { runs: 0, steps: 0, longestRun: 0, commands: 0, accepted: 0, refused: 0, divergences: 0, transfers: 0, reversals: 0, expiries: 0 };

/** A disagreement between the engine and the model: counted, then thrown (the run fails and shrinks). */
const diverge = (what: string): never => {
  stats.divergences++;
  throw new Error(`divergence: ${what}`);
};
const same = (what: string, real: unknown, model: unknown): void => {
  const a = JSON.stringify(real, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const b = JSON.stringify(model, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  if (a !== b) diverge(`${what}: engine ${a}, model ${b}`);
};

/** A command of the sequence starts: time moves on (a minute, or the advance). */
const tick = (m: Model, ms: number): void => {
  stats.steps++;
  m.now += ms;
};

/** The lots a debit takes, in the engine's order (see `debitOrder`). */
const openLots = (m: Model, owner: string, program: number): ModelLot[] => debitOrder(m.lots.values(), m.now, (l) => l.owner === owner && l.program === program);

const spendable = (m: Model, owner: string, program: number): bigint => openLots(m, owner, program).reduce((s, l) => s + l.remaining, 0n);

/** The parts a debit of `amount` takes (lot id, points), without taking them. */
const plan = (m: Model, owner: string, program: number, amount: bigint): { lotId: string; points: bigint }[] => takeInOrder(openLots(m, owner, program), amount);

/** 804 when nothing is spendable, 803 when less than asked. */
const balanceCode = (m: Model, owner: string, program: number, amount: bigint): number | undefined => {
  const s = spendable(m, owner, program);
  return s === 0n ? 804 : s < amount ? 803 : undefined;
};

/**
 * Runs a command at the model's time. When the engine appends anything, it first expires every lot due:
 * the model does the same, and the expired lots must be the ones the model finds due.
 */
const exec = (m: Model, r: Real, c: CommandBase): E.Either<DomainError, Execution> => {
  stats.commands++;
  const x = engine.execute(r.state, c, r.ctx(m.now as Timestamp));
  if (E.isLeft(x) || x.right.refusal !== undefined) stats.refused++;
  else stats.accepted++;
  if (E.isRight(x)) {
    r.state = x.right.state;
    if (x.right.events.length > 0) {
      const expired = x.right.events
        .filter((e): e is PointsExpired => e.type === 'PointsExpired')
        .flatMap((e) => e.postings.flatMap((p) => (p.lotId === undefined ? [] : [p.lotId])))
        .sort();
      const due = [...m.lots.values()].filter((l) => l.remaining > 0n && l.expiresAt !== undefined && l.expiresAt <= m.now);
      same(`lots expired by ${c.type}`, expired, due.map((l) => l.id).sort());
      for (const l of due) l.remaining = 0n;
      stats.expiries += due.length;
    }
  }
  return x;
};

const codeOf = (x: E.Either<DomainError, Execution>): number | 'ok' => (E.isLeft(x) ? x.left.code : (x.right.refusal?.code ?? 'ok'));

const eventOf = <T extends EventBase>(x: E.Either<DomainError, Execution>, type: T['type']): T => {
  const e = E.isRight(x) ? x.right.events.find((y) => y.type === type) : undefined;
  return (e as T | undefined) ?? diverge(`no ${type} appended`);
};

/** Every lot, every spendable balance and the ledger's invariants agree with the model. */
const agree = (m: Model, r: Real): void => {
  for (const l of m.lots.values()) same(`lot ${l.id}`, P.toMillis(lotById(r.state.ledger, l.id)?.remaining ?? P.fromMillis(-1n)), l.remaining);
  for (const e of entities)
    for (const program of programs)
      same(`spendable ${keyOf(e)} in ${program}`, P.toMillis(spendableAt(r.state.ledger, { entityType: e.type, entityId: e.id, programId: program, pointsCategory: 'Main' }, m.now as Timestamp)), spendable(m, keyOf(e), program));
  assertBalanced(r.state);
};

/** Takes the parts from the model's lots. */
const take = (m: Model, parts: readonly { lotId: string; points: bigint }[]): void => {
  for (const p of parts) {
    const l = m.lots.get(p.lotId) ?? diverge(`model lot ${p.lotId}`);
    l.remaining -= p.points;
  }
};

const entityParts = (postings: readonly Posting[], negative: boolean) =>
  postings.filter((p) => p.entityType !== 'SYSTEM' && P.isNegative(p.points) === negative).map((p) => ({ lotId: p.lotId, points: P.toMillis(negative ? P.negate(p.points) : p.points) }));

type Cmd = fc.Command<Model, Real>;

class Award implements Cmd {
  constructor(readonly entity: Ent, readonly program: number, readonly millis: bigint, readonly expiresInMs: number | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const x = exec(m, r, { type: 'AwardPoints', entity: this.entity, programId: this.program, points: P.fromMillis(this.millis), ...(this.expiresInMs === undefined ? {} : { expiresAt: m.now + this.expiresInMs }) } as CommandBase);
    same('award', codeOf(x), 'ok');
    const e = eventOf<PointsAwarded>(x, 'PointsAwarded');
    m.lots.set(e.id, { id: e.id, owner: keyOf(this.entity), program: this.program, remaining: this.millis, expiresAt: this.expiresInMs === undefined ? undefined : m.now + this.expiresInMs, seq: m.seq++ });
    agree(m, r);
  }
  toString = (): string => `Award(${keyOf(this.entity)}, ${this.program}, ${this.millis}, ${String(this.expiresInMs)})`;
}

class Redeem implements Cmd {
  constructor(readonly customer: string, readonly group: string | undefined, readonly program: number, readonly millis: bigint, readonly transaction: string | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const wallet = this.group === undefined ? `CUSTOMER:${this.customer}` : `USERGROUP2:${this.group}`;
    const member = this.group === undefined ? undefined : members[this.group]?.[this.customer];
    const expected = this.group !== undefined && member === undefined ? 1620 : member !== undefined && !member.redeem ? 830 : balanceCode(m, wallet, this.program, this.millis);
    const x = exec(
      m,
      r,
      cmd({
        type: 'RedeemPoints',
        customer: { type: 'id', value: this.customer },
        points: P.fromMillis(this.millis),
        programId: this.program,
        skipValidation: true,
        ...(this.group === undefined ? {} : { group: { groupId: this.group } }),
        ...(this.transaction === undefined ? {} : { transactionNumber: this.transaction }),
      }),
    );
    same('redemption', codeOf(x), expected ?? 'ok');
    if (expected === undefined) {
      const parts = plan(m, wallet, this.program, this.millis);
      const e = eventOf<PointsRedeemed>(x, 'PointsRedeemed');
      same('lots redeemed', entityParts(e.postings, true), parts);
      take(m, parts);
      m.redemptions.push({ id: e.redemptionId, customer: this.customer, wallet, program: this.program, points: this.millis, took: parts, given: new Map(), reversed: 0n, transaction: this.transaction });
    }
    agree(m, r);
  }
  toString = (): string => `Redeem(${this.customer}, ${String(this.group)}, ${this.program}, ${this.millis}, ${String(this.transaction)})`;
}

/** Moves the parts to the receiver as new lots `${eventId}/${n}` with the same expiry, checking the event's postings. */
const move = (m: Model, e: PointsTransferred, from: string, to: string, program: number, amount: bigint): void => {
  const parts = plan(m, from, program, amount);
  same('lots transferred', entityParts(e.postings, true), parts);
  take(m, parts);
  parts.forEach((p, n) => {
    const source = m.lots.get(p.lotId) ?? diverge(`model lot ${p.lotId}`);
    const id = `${e.id}/${n}`;
    m.lots.set(id, { id, owner: to, program, remaining: p.points, expiresAt: source.expiresAt, seq: m.seq++ });
  });
  same('lots created', entityParts(e.postings, false).map((p) => p.lotId), parts.map((_p, n) => `${e.id}/${n}`));
  stats.transfers++;
};

class GroupTransfer implements Cmd {
  constructor(readonly from: Ent, readonly to: Ent, readonly by: string, readonly program: number, readonly millis: bigint) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const member = this.from.type === 'USERGROUP2' ? members[this.from.id]?.[this.by] : undefined;
    const allowed = this.from.type === 'CUSTOMER' ? this.by === this.from.id : member?.transfer === true;
    const expected =
      this.millis % 1000n !== 0n ? 807 : keyOf(this.from) === keyOf(this.to) ? 418 : !allowed ? 830 : balanceCode(m, keyOf(this.from), this.program, this.millis);
    const x = exec(
      m,
      r,
      cmd({
        type: 'TransferGroupPoints',
        points: P.format(P.fromMillis(this.millis)),
        programId: this.program,
        fromEntity: { type: this.from.type, identifierType: 'id', identifierValue: this.from.id },
        toEntity: { type: this.to.type, identifierType: 'id', identifierValue: this.to.id },
        transferredBy: { identifierType: 'id', identifierValue: this.by },
      }),
    );
    same('group transfer', codeOf(x), expected ?? 'ok');
    if (expected === undefined) move(m, eventOf<PointsTransferred>(x, 'PointsTransferred'), keyOf(this.from), keyOf(this.to), this.program, this.millis);
    agree(m, r);
  }
  toString = (): string => `GroupTransfer(${keyOf(this.from)}, ${keyOf(this.to)}, ${this.by}, ${this.program}, ${this.millis})`;
}

class CustomerTransfer implements Cmd {
  constructor(readonly from: string, readonly to: string, readonly program: number, readonly millis: bigint, readonly wrongCode: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const from = `CUSTOMER:${this.from}`;
    const expected = this.millis % 1000n !== 0n ? 807 : this.from === this.to ? 418 : balanceCode(m, from, this.program, this.millis);
    const request = { points: P.format(P.fromMillis(this.millis)), programId: this.program, fromCustomerIdentifier: { type: 'ID', value: this.from }, toCustomerIdentifier: { type: 'ID', value: this.to } };
    const issued = exec(m, r, cmd({ type: 'IsTransferrable', ...request, issueOtp: true }));
    same('code issue', codeOf(issued), expected ?? 'ok');
    if (expected === undefined) {
      const x = exec(m, r, cmd({ type: 'TransferPoints', ...request, code: this.wrongCode ? '000000' : propCode }));
      same('transfer with a code', codeOf(x), this.wrongCode ? 808 : 'ok');
      if (!this.wrongCode) move(m, eventOf<PointsTransferred>(x, 'PointsTransferred'), from, `CUSTOMER:${this.to}`, this.program, this.millis);
    }
    agree(m, r);
  }
  toString = (): string => `CustomerTransfer(${this.from}, ${this.to}, ${this.program}, ${this.millis}, ${String(this.wrongCode)})`;
}

/** Gives the parts back: to each lot, unless it has expired (then the points are recorded as expired, and the model's lot stays as it is). */
const giveBack = (m: Model, red: ModelRedemption, e: PointsRedemptionReversed, amount: bigint): void => {
  const parts = restoration(m.lots, red, amount);
  same('lots given back', e.lots.map((l) => ({ lotId: l.lotId, points: P.toMillis(l.points) })), parts);
  let expired = 0n;
  for (const p of parts) {
    const l = m.lots.get(p.lotId) ?? diverge(`model lot ${p.lotId}`);
    if (l.expiresAt !== undefined && l.expiresAt <= m.now) expired += p.points;
    else l.remaining += p.points;
    red.given.set(p.lotId, (red.given.get(p.lotId) ?? 0n) + p.points);
  }
  same('points recorded as expired', e.postings.filter((p) => p.entityId === 'EXPIRED').reduce((s, p) => s + P.toMillis(p.points), 0n), expired);
  red.reversed += amount;
  stats.reversals++;
};

class Reverse implements Cmd {
  constructor(readonly pick: number, readonly percent: number | undefined, readonly wrongCustomer: boolean) {}
  check = (m: Readonly<Model>): boolean => m.redemptions.length > 0;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const red = m.redemptions[this.pick % m.redemptions.length] ?? diverge('no redemption to reverse');
    const left = red.points - red.reversed;
    const amount = this.percent === undefined ? left : (left * BigInt(this.percent)) / 100n || 1n;
    const who = this.wrongCustomer ? (customers.find((c) => c !== red.customer) ?? 'c1') : red.customer;
    const expected = this.wrongCustomer ? 904 : left === 0n ? 3802 : amount > left ? 810 : undefined;
    const x = exec(
      m,
      r,
      cmd({ type: 'ReverseRedemption', redemptionId: red.id, identifier: { type: 'id', value: who }, ...(this.percent === undefined ? {} : { pointsToBeReversed: P.format(P.fromMillis(amount)) }) }),
    );
    same('reversal', codeOf(x), expected ?? 'ok');
    if (expected === undefined) giveBack(m, red, eventOf<PointsRedemptionReversed>(x, 'PointsRedemptionReversed'), amount);
    agree(m, r);
  }
  toString = (): string => `Reverse(${this.pick}, ${String(this.percent)}, ${String(this.wrongCustomer)})`;
}

class Revert implements Cmd {
  constructor(readonly transaction: string) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const all = m.redemptions.filter((x) => x.transaction === this.transaction);
    const open = all.filter((x) => x.points > x.reversed);
    const expected = all.length === 0 ? 811 : open.length === 0 ? (m.reverted.has(this.transaction) ? 812 : 814) : undefined;
    const x = exec(m, r, cmd({ type: 'RevertRedemption', transactionNumber: this.transaction }));
    same('revert', codeOf(x), expected ?? 'ok');
    if (expected === undefined && E.isRight(x)) {
      const events = x.right.events.filter((e): e is PointsRedemptionReversed => e.type === 'PointsRedemptionReversed');
      same('redemptions reverted', events.map((e) => e.redemptionId), open.map((o) => o.id));
      open.forEach((o, i) => giveBack(m, o, events[i] ?? diverge('missing reversal'), o.points - o.reversed));
      m.reverted.add(this.transaction);
    }
    agree(m, r);
  }
  toString = (): string => `Revert(${this.transaction})`;
}

class Advance implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, this.ms);
    same('expiry', codeOf(exec(m, r, { type: 'ExpirePoints' } as CommandBase)), 'ok');
    agree(m, r);
  }
  toString = (): string => `Advance(${this.ms})`;
}

const entity = fc.constantFrom(...entities);
const customer = fc.constantFrom(...customers);
const program = fc.constantFrom(765, 765, 765, 1414);
/** Whole points mostly (transfers refuse fractions: 807), small enough that wallets can often pay. */
const amount = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }).map((n) => BigInt(n) * 1000n) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }).map(BigInt) });
const transactions = fc.constantFrom('t1', 't2', 't3');

const commands = [
  fc.tuple(entity, program, fc.integer({ min: 1, max: 200_000 }).map(BigInt), fc.option(fc.integer({ min: minute, max: 30 * day }), { nil: undefined })).map(([e, p, n, x]) => new Award(e, p, n, x)),
  fc.tuple(customer, fc.option(fc.constantFrom(...groups), { nil: undefined, freq: 2 }), program, amount, fc.option(transactions, { nil: undefined, freq: 2 })).map(([c, g, p, n, t]) => new Redeem(c, g, p, n, t)),
  fc
    .tuple(entity, entity, customer, fc.boolean(), program, amount)
    // Half the time the user who may transfer (the source customer, the group's primary), else anyone.
    .map(([f, t, c, allowed, p, n]) => new GroupTransfer(f, t, allowed ? (f.type === 'CUSTOMER' ? f.id : (primaryOf[f.id] ?? c)) : c, p, n)),
  fc.tuple(customer, customer, program, amount, fc.boolean()).map(([f, t, p, n, w]) => new CustomerTransfer(f, t, p, n, w)),
  fc.tuple(fc.nat(), fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }), fc.boolean()).map(([k, pc, w]) => new Reverse(k, pc, w && k % 4 === 0)),
  transactions.map((t) => new Revert(t)),
  fc.integer({ min: minute, max: 10 * day }).map((ms) => new Advance(ms)),
];

describe('model-based: transfers and reversals against a model of lots', () => {
  it('the engine and the model agree after every command, and the ledger stays balanced', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands, size: 'max' }), (cmds) => {
        stats.runs++;
        const start = engine.replay(propSetup);
        if (E.isLeft(start)) throw new Error(start.left.error.message);
        const m: Model = { now: testEpoch, lots: new Map(), seq: 0, redemptions: [], reverted: new Set() };
        for (const e of propSetup)
          if (e.type === 'PointsAwarded') {
            const a = e as PointsAwarded;
            m.lots.set(a.id, { id: a.id, owner: keyOf(a.entity), program: a.programId, remaining: P.toMillis(a.points), expiresAt: a.expiresAt, seq: m.seq++ });
          }
        const before = stats.steps;
        fc.modelRun(() => ({ model: m, real: { state: start.right, ctx: propContext('m') } }), cmds);
        stats.longestRun = Math.max(stats.longestRun, stats.steps - before);
      }),
      { numRuns },
    );
    // The report of the run (see the package README): none of it is an assertion on its own but the last.
    console.log(`model-based: ${JSON.stringify(stats)}`);
    expect([stats.runs >= numRuns, stats.steps > numRuns * 40, stats.longestRun >= 100, stats.transfers > 0, stats.reversals > 0, stats.expiries > 0, stats.divergences]).toEqual([true, true, true, true, true, true, 0]);
  });
});
