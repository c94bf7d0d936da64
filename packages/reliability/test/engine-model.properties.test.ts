/**
 * Model-based test of the whole engine (core, groups, transfers, rewards), with idempotency by request id.
 *
 * Random sequences of commands (`fc.commands`, up to 200 a run) run through the composed engine beside a
 * much simpler model: a Map of lots (owner, program, category, what is left, expiry), the redemptions
 * (which lots each took, what was given back), the reward prices and the issues made. The commands:
 * awards (Main and promised, with and without expiry) to customers and groups, releases of promised
 * points, deductions, redemptions (individual and group), transfers in every direction (customer to
 * customer with a one-time code; customer to group, group to customer and group to group on behalf of a
 * user), reversals and reverts, reward issues (fixed price, conversion ratio, VENDOR, segment, card
 * series, limited; individual and group), expiries, and time passing.
 *
 * After every command: the sum of all balances is zero in every program, no customer or group account is
 * below zero, every lot holds between zero and its original; every lot and every balance (each entity,
 * program and category, at the model's time) is what the model says; the engine's decision (accepted, or
 * the code, with the ledger's code inside an 8004) is the model's; and the log replayed so far gives the
 * same lots and balances. The replay is incremental (each command's events, written as JSON and read
 * back, are pushed through a checked replayer) and, at the end of each run, complete: the whole log as
 * JSONL through the command line's fold, whose canonical state must be the engine's to the byte.
 *
 * Idempotency: every command carries a request id. With probability 1/2 it is sent again at once and must
 * return its first outcome and append nothing; with probability 1/4 it is sent again with one field
 * changed (or its type), which is 9930 and appends nothing; later commands re-send earlier requests, and
 * re-send a request refused for its balance after topping the wallet up: it stays refused.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  AwardPoints,
  CommandBase,
  DeductPoints,
  DomainError,
  EventBase,
  Execution,
  ExpirePoints,
  OrgState,
  Points as P,
  PointsAwarded,
  PointsCategory,
  PointsDeducted,
  PointsExpired,
  Posting,
  PromisedPointsReleased,
  ReleasePromisedPoints,
  Replayer,
  Timestamp,
  balanceAt,
  lotById,
  lotCount,
} from '@pointfold/core';
import { TestClock, canonicalState, customerMobile, kitClock, kitOtp, lotsWithinBounds, nothingRedeemableNegative, postingsSumToZero, testEpoch } from '@pointfold/testing';
import { PointsRedeemed, RedeemPoints } from '@pointfold/groups';
import { IsTransferrable, PointsRedemptionReversed, PointsTransferred, RevertRedemption, ReverseRedemption, TransferGroupPoints, TransferPoints } from '@pointfold/transfers';
import { IssueReward, PaymentConfig, RewardDefinition, RewardIssued, rewardIssueRefusalOf } from '@pointfold/rewards';
import { foldHistory, splitJsonl } from '@pointfold/cli';
import { engine, jsonlOf, modelSetup, modelWorld, replayOrThrow, report, sized, soak } from './world';
import { debitOrder, live, restoration, takeInOrder } from '../../transfers/test/lot-model';

const numRuns = sized(500, 5_000);
const maxCommands = 200;
const minute = 60_000;
const day = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// The world, as the model knows it (read from the world the setup events were made from).

type EntityType = 'CUSTOMER' | 'USERGROUP2';
interface Ent {
  readonly type: EntityType;
  readonly id: string;
}
const customers: readonly string[] = modelWorld.customers;
const groupSpecs = modelWorld.groups ?? [];
const groups: readonly string[] = groupSpecs.map((g) => g.groupId);
const programs: readonly number[] = modelWorld.programs;
const defaultProgram = programs[0] ?? 0;
const entities: readonly Ent[] = [...customers.map((id) => ({ type: 'CUSTOMER' as const, id })), ...groups.map((id) => ({ type: 'USERGROUP2' as const, id }))];
const keyOf = (e: Ent): string => `${e.type}:${e.id}`;
const categories: readonly PointsCategory[] = ['Main', 'DelayedAccrualPointCategory', 'ExternalTriggerBasedPointCategory'];

interface Permissions {
  readonly redeem: boolean;
  readonly transfer: boolean;
}
/** Members and their permissions, per group (the primary user may do everything). Membership never changes here. */
const members = new Map<string, Map<string, Permissions>>(
  groupSpecs.map((g) => [
    g.groupId,
    new Map<string, Permissions>([[g.primary, { redeem: true, transfer: true }], ...(g.members ?? []).map((m): [string, Permissions] => [m.userId, { redeem: m.redeem ?? true, transfer: m.transfer ?? false }])]),
  ]),
);
const primaryOf = (groupId: string): string => groupSpecs.find((g) => g.groupId === groupId)?.primary ?? '';

const rewards: readonly RewardDefinition[] = modelWorld.rewards ?? [];
const segmentHolders = new Set(Object.entries(modelWorld.segments ?? {}).flatMap(([c, pairs]) => pairs.map((p) => `${c}|${p.segment}|${p.partition}`)));
const cardHolders = new Set((modelWorld.cards ?? []).filter((c) => (c.status ?? 'ACTIVE') === 'ACTIVE').map((c) => `${c.customerId}|${c.series}`));

// ---------------------------------------------------------------------------------------------------
// The model.

interface ModelLot {
  readonly id: string;
  readonly owner: string;
  readonly program: number;
  readonly category: PointsCategory;
  remaining: bigint;
  readonly expiresAt: number | undefined;
  /** Creation order (the engine's "oldest"). */
  readonly seq: number;
}
interface ModelRedemption {
  readonly id: string;
  readonly customer: string;
  readonly program: number;
  readonly points: bigint;
  /** What it took from each lot, in the order it took them. */
  readonly took: readonly { readonly lotId: string; readonly points: bigint }[];
  readonly given: Map<string, bigint>;
  reversed: bigint;
  readonly transaction: string | undefined;
}
/** A request the engine recorded under its id: what a later retry must answer. */
interface SentRequest {
  readonly command: CommandBase;
  readonly outcome: Outcome;
  /** The events it decided (the record names them), without the expiries appended with them. */
  readonly eventIds: readonly string[];
}
/** A request refused for its balance: a top-up later must not change its answer. */
interface RefusedRequest extends SentRequest {
  readonly wallet: Ent;
  readonly program: number;
  readonly need: bigint;
  readonly op: Op;
}
interface Model {
  now: number;
  readonly lots: Map<string, ModelLot>;
  seq: number;
  readonly redemptions: ModelRedemption[];
  readonly reverted: Set<string>;
  /** Reward issues: receiver, reward, time (what the constraints count). */
  readonly issues: { readonly receiver: string; readonly rewardId: string; readonly at: number }[];
  readonly requests: SentRequest[];
  readonly refused: RefusedRequest[];
}
interface Real {
  state: OrgState;
  readonly clock: TestClock;
  /** The log so far, folded again event by event from its JSON. */
  readonly replayer: Replayer;
  /** The log so far as JSONL lines. */
  readonly lines: string[];
  requests: number;
  /** The outcome of the last command sent (for the figures). */
  last: string;
}

/** What the runs did: the figures of docs/reliability.md. */
const stats = {
  runs: 0,
  ops: 0,
  longestRun: 0,
  commandsExecuted: 0,
  accepted: 0,
  refused: 0,
  divergences: 0,
  eventsAppended: 0,
  fullReplays: 0,
  lotsExpired: 0,
  releases: 0,
  deductions: 0,
  redemptions: { individual: 0, group: 0 },
  transfers: { customerToCustomer: 0, customerToGroup: 0, groupToCustomer: 0, groupToGroup: 0 },
  reversals: 0,
  reverts: 0,
  rewardIssues: 0,
  resentAtOnce: 0,
  resentLater: 0,
  changedAndRefused9930: 0,
  refusedThenToppedUp: 0,
  acceptedAfterTopUpWithNewId: 0,
};

/** A disagreement between the engine and the model: counted, then thrown (the run fails and shrinks). */
const diverge = (what: string): never => {
  stats.divergences++;
  throw new Error(`divergence: ${what}`);
};
const text = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
const same = (what: string, real: unknown, model: unknown): void => {
  const a = text(real);
  const b = text(model);
  if (a !== b) diverge(`${what}: engine ${a}, model ${b}`);
};

/** The Main lots a debit takes, in the engine's order (see `debitOrder`). */
const openLots = (m: Model, owner: string, program: number): ModelLot[] =>
  debitOrder(m.lots.values(), m.now, (l) => l.owner === owner && l.program === program && l.category === 'Main');

const balanceOf = (m: Model, owner: string, program: number, category: PointsCategory): bigint =>
  [...m.lots.values()].filter((l) => l.owner === owner && l.program === program && l.category === category && live(m.now, l)).reduce((s, l) => s + l.remaining, 0n);

const spendable = (m: Model, owner: string, program: number): bigint => balanceOf(m, owner, program, 'Main');

/** The parts a debit of `amount` takes (lot id, points), without taking them. */
const plan = (m: Model, owner: string, program: number, amount: bigint): { lotId: string; points: bigint }[] => takeInOrder(openLots(m, owner, program), amount);

/** 804 when nothing is spendable, 803 when less than asked (redemptions, transfers, reward issues). */
const balanceCode = (m: Model, owner: string, program: number, amount: bigint): string | undefined => {
  const s = spendable(m, owner, program);
  return s === 0n ? '804' : s < amount ? '803' : undefined;
};

const take = (m: Model, parts: readonly { lotId: string; points: bigint }[]): void => {
  for (const p of parts) (m.lots.get(p.lotId) ?? diverge(`model lot ${p.lotId}`)).remaining -= p.points;
};

const newLot = (m: Model, id: string, owner: string, program: number, category: PointsCategory, points: bigint, expiresAt: number | undefined): void => {
  m.lots.set(id, { id, owner, program, category, remaining: points, expiresAt, seq: m.seq++ });
};

/** The entity parts of postings (debits or credits), as lot and points. */
const entityParts = (postings: readonly Posting[], debits: boolean): { lotId: string | undefined; points: bigint }[] =>
  postings
    .filter((p) => p.entityType !== 'SYSTEM' && P.isNegative(p.points) === debits)
    .map((p) => ({ lotId: p.lotId, points: P.toMillis(debits ? P.negate(p.points) : p.points) }));

// ---------------------------------------------------------------------------------------------------
// Running commands.

/** What a command answered: `ok`, or its code (an 8004 with the ledger's codes inside: `8004/803`), and the message. */
interface Outcome {
  readonly code: string;
  readonly message: string;
}
const outcomeOf = (x: E.Either<DomainError, Execution>, state: OrgState): Outcome => {
  if (E.isLeft(x)) return { code: String(x.left.code), message: x.left.message };
  const refusal = rewardIssueRefusalOf(state, x.right);
  if (refusal === undefined) return { code: 'ok', message: '' };
  const partner = refusal.partnerError === undefined ? '' : `/${refusal.partnerError.codes.join(',')}`;
  return { code: `${refusal.code}${partner}`, message: refusal.message };
};

/**
 * Executes a command at the model's time. When the engine appends anything, it first expires every lot
 * due: the model does the same, and the lots expired must be the ones the model finds due. The events
 * are folded again from their JSON by the run's replayer.
 */
const exec = (m: Model, r: Real, c: CommandBase): E.Either<DomainError, Execution> => {
  stats.commandsExecuted++;
  const x = engine.execute(r.state, c, r.clock.at(m.now as Timestamp));
  if (E.isLeft(x)) return x;
  const events = x.right.events;
  const due = [...m.lots.values()].filter((l) => l.remaining > 0n && l.expiresAt !== undefined && l.expiresAt <= m.now);
  const expiries = events.filter((e): e is PointsExpired => e.type === 'PointsExpired');
  if (expiries.length > 0) {
    const expired = expiries.flatMap((e) => e.postings.flatMap((p) => (p.lotId === undefined ? [] : [p.lotId]))).sort();
    same(`lots expired by ${c.type}`, expired, due.map((l) => l.id).sort());
    for (const l of due) l.remaining = 0n;
    stats.lotsExpired += due.length;
  } else if (due.length > 0 && events.some((e) => e.type !== 'CommandRecorded')) {
    diverge(`${c.type} appended ${events.map((e) => e.type).join(', ')} without expiring ${due.map((l) => l.id).join(', ')}`);
  }
  r.state = x.right.state;
  for (const e of events) {
    const line = JSON.stringify(engine.encodeEvent(e));
    const pushed = r.replayer.pushJson(JSON.parse(line));
    if (E.isLeft(pushed)) diverge(`event ${e.id} (${e.type}) does not replay from its JSON: ${typeof pushed.left === 'string' ? pushed.left : `${pushed.left.code} ${pushed.left.message}`}`);
    r.lines.push(`${line}\n`);
  }
  stats.eventsAppended += events.length;
  return x;
};

/** Idempotency choices of one command: sent again at once, and sent again with a field changed. */
interface Idem {
  readonly resend: boolean;
  readonly change: number | undefined;
}
const arbIdem: fc.Arbitrary<Idem> = fc.record({
  resend: fc.boolean(),
  change: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
});

/** One leaf of a value changed (a text, a number, a flag; an empty object or list gains a member). */
const changeLeaf = (v: unknown, k: number): unknown => {
  if (typeof v === 'string') return `${v}~`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0 ? ['~'] : v.map((x: unknown, i) => (i === k % v.length ? changeLeaf(x, k) : x));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const key = keys[k % Math.max(1, keys.length)];
    return key === undefined ? { changed: true } : { ...o, [key]: changeLeaf(o[key], k) };
  }
  return 'changed';
};

/** The same request with one thing changed: its type, one field dropped, or one leaf of one field changed. */
const changed = (c: CommandBase, k: number): CommandBase => {
  const o = c as unknown as Record<string, unknown>;
  const fields = Object.keys(o).filter((f) => f !== 'type' && f !== 'requestId' && o[f] !== undefined);
  const field = fields[k % Math.max(1, fields.length)];
  if (k % 4 === 0) return { ...c, type: c.type === 'AwardPoints' ? 'DeductPoints' : 'AwardPoints' };
  if (field === undefined) return { ...c, notes: 'changed' } as CommandBase;
  if (k % 4 === 1) {
    const { [field]: _dropped, ...rest } = o;
    return rest as unknown as CommandBase;
  }
  return { ...o, [field]: changeLeaf(o[field], k >> 2) } as unknown as CommandBase;
};

const isBalanceRefusal = (code: string): boolean => ['803', '804', '8004/803', '8004/804'].includes(code);

/**
 * Sends a command with a new request id and checks the engine's answer against the model's; then, as
 * `idem` says, sends it again (the first outcome, nothing appended) and sends it changed (9930, nothing
 * appended). Returns the execution for the caller to update the model with (its state is already the run's).
 */
const send = (m: Model, r: Real, command: CommandBase, expected: string, idem: Idem, op: Op, wallet?: { readonly ent: Ent; readonly program: number; readonly need: bigint }): Execution => {
  const c: CommandBase = { ...command, requestId: `rq-${++r.requests}` };
  const x = exec(m, r, c);
  if (E.isLeft(x)) return diverge(`${c.type} with a request id was answered without a record: ${x.left.code} ${x.left.message}`);
  const out = outcomeOf(x, r.state);
  same(`${c.type} (${text(command)}) decided`, out.code, expected);
  r.last = out.code;
  if (out.code === 'ok') stats.accepted++;
  else stats.refused++;
  const recorded = x.right.events.some((e) => e.type === 'CommandRecorded');
  // The events it decided: for ExpirePoints its expiry, for any other command what follows the expiries appended before it.
  const eventIds = x.right.events.filter((e) => e.type !== 'CommandRecorded' && (e.type !== 'PointsExpired' || c.type === 'ExpirePoints')).map((e) => e.id);
  if (recorded) {
    const sent: SentRequest = { command: c, outcome: out, eventIds };
    m.requests.push(sent);
    if (wallet !== undefined && isBalanceRefusal(out.code)) m.refused.push({ ...sent, wallet: wallet.ent, program: wallet.program, need: wallet.need, op });
  }
  if (idem.resend) {
    resend(m, r, { command: c, outcome: recorded ? out : { code: 'ok', message: '' }, eventIds: recorded ? eventIds : [] }, recorded);
    stats.resentAtOnce++;
  }
  if (idem.change !== undefined && recorded) {
    const other = changed(c, idem.change);
    stats.commandsExecuted++;
    const y = engine.execute(r.state, other, r.clock.at(m.now as Timestamp));
    same(`${c.type} sent again with one thing changed (${text(other)})`, E.isLeft(y) ? y.left.code : `appended ${E.isRight(y) ? y.right.events.length : 0} events`, 9930);
    stats.changedAndRefused9930++;
  }
  return x.right;
};

/** A request sent again: its first outcome, and nothing appended (the state is the very same). */
const resend = (m: Model, r: Real, sent: SentRequest, recorded: boolean): void => {
  stats.commandsExecuted++;
  const before = r.state;
  const y = engine.execute(before, sent.command, r.clock.at(m.now as Timestamp));
  if (E.isLeft(y)) return void diverge(`${sent.command.type} sent again was refused: ${y.left.code} ${y.left.message}`);
  same(`${sent.command.type} sent again appends`, y.right.events.map((e) => e.type), []);
  if (y.right.state !== before) diverge(`${sent.command.type} sent again changed the state`);
  same(`${sent.command.type} sent again answers`, outcomeOf(y, before), sent.outcome);
  if (recorded) same(`${sent.command.type} sent again names the events of its first execution`, y.right.replayed?.eventIds, sent.eventIds);
};

/** The event of a type an execution appended (a divergence when there is none). */
const eventOf = <T extends EventBase>(x: Execution, type: T['type']): T => (x.events.find((e) => e.type === type) as T | undefined) ?? diverge(`no ${type} appended`);

/** A command of the sequence starts: time moves on (a minute, or more). */
const tick = (m: Model, ms: number): void => {
  stats.ops++;
  m.now += ms;
};

/** Every lot and balance agrees with the model, in the engine's state and in the log replayed so far; the invariants hold. */
const agree = (m: Model, r: Real): void => {
  const replayed = r.replayer.view;
  same('events in the log and in its replay', replayed.version, r.state.version);
  same('lots', lotCount(r.state.ledger), m.lots.size);
  for (const l of m.lots.values()) {
    same(`lot ${l.id}`, P.toMillis(lotById(r.state.ledger, l.id)?.remaining ?? P.fromMillis(-1n)), l.remaining);
    same(`lot ${l.id} replayed`, P.toMillis(lotById(replayed.ledger, l.id)?.remaining ?? P.fromMillis(-1n)), l.remaining);
  }
  const now = m.now as Timestamp;
  for (const e of entities)
    for (const programId of programs)
      for (const pointsCategory of categories) {
        const ref = { entityType: e.type, entityId: e.id, programId, pointsCategory };
        const want = balanceOf(m, keyOf(e), programId, pointsCategory);
        same(`balance of ${keyOf(e)} in ${programId} ${pointsCategory}`, P.toMillis(balanceAt(r.state.ledger, ref, now)), want);
        same(`balance of ${keyOf(e)} in ${programId} ${pointsCategory} replayed`, P.toMillis(balanceAt(replayed.ledger, ref, now)), want);
      }
  if (!postingsSumToZero(r.state)) diverge('the balances of a program do not sum to zero');
  if (!nothingRedeemableNegative(r.state)) diverge('a customer or group account is below zero');
  if (!lotsWithinBounds(r.state)) diverge('a lot is outside zero and its original, or an account does not hold what its lots hold');
};

type Op = fc.Command<Model, Real>;

// ---------------------------------------------------------------------------------------------------
// The commands.

/** Awards points to an entity: the model gets a lot named by the event. */
const award = (m: Model, r: Real, ent: Ent, program: number, category: PointsCategory, millis: bigint, expiresInMs: number | undefined, idem: Idem, op: Op): void => {
  const expiresAt = expiresInMs === undefined ? undefined : m.now + expiresInMs;
  const c: AwardPoints = {
    type: 'AwardPoints',
    entity: ent,
    programId: program,
    pointsCategory: category,
    points: P.fromMillis(millis),
    ...(expiresAt === undefined ? {} : { expiresAt: expiresAt as Timestamp }),
  };
  const x = send(m, r, c, 'ok', idem, op);
  newLot(m, eventOf<PointsAwarded>(x, 'PointsAwarded').id, keyOf(ent), program, category, millis, expiresAt);
};

class Award implements Op {
  constructor(readonly ent: Ent, readonly program: number, readonly category: PointsCategory, readonly millis: bigint, readonly expiresInMs: number | undefined, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    award(m, r, this.ent, this.program, this.category, this.millis, this.expiresInMs, this.idem, this);
    agree(m, r);
  }
  toString = (): string => `Award(${keyOf(this.ent)}, ${this.program}, ${this.category}, ${this.millis}, ${String(this.expiresInMs)}, ${text(this.idem)})`;
}

class Release implements Op {
  constructor(readonly pick: number, readonly half: boolean, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const open = [...m.lots.values()].filter((l) => l.category !== 'Main' && live(m.now, l)).sort((a, b) => a.seq - b.seq);
    const lot = open[this.pick % Math.max(1, open.length)];
    if (lot !== undefined) {
      const half = lot.remaining / 2n;
      const amount = this.half && half > 0n ? half : lot.remaining;
      const c: ReleasePromisedPoints = { type: 'ReleasePromisedPoints', lotId: lot.id, ...(amount === lot.remaining ? {} : { points: P.fromMillis(amount) }) };
      const x = send(m, r, c, 'ok', this.idem, this);
      lot.remaining -= amount;
      newLot(m, eventOf<PromisedPointsReleased>(x, 'PromisedPointsReleased').id, lot.owner, lot.program, 'Main', amount, lot.expiresAt);
      stats.releases++;
    }
    agree(m, r);
  }
  toString = (): string => `Release(${this.pick}, ${String(this.half)}, ${text(this.idem)})`;
}

class Deduct implements Op {
  constructor(readonly ent: Ent, readonly program: number, readonly millis: bigint, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const owner = keyOf(this.ent);
    const expected = spendable(m, owner, this.program) < this.millis ? '804' : 'ok';
    const c: DeductPoints = { type: 'DeductPoints', entity: this.ent, programId: this.program, points: P.fromMillis(this.millis) };
    const x = send(m, r, c, expected, this.idem, this, { ent: this.ent, program: this.program, need: this.millis });
    if (expected === 'ok') {
      const parts = plan(m, owner, this.program, this.millis);
      same('lots deducted', entityParts(eventOf<PointsDeducted>(x, 'PointsDeducted').postings, true), parts);
      take(m, parts);
      stats.deductions++;
    }
    agree(m, r);
  }
  toString = (): string => `Deduct(${keyOf(this.ent)}, ${this.program}, ${this.millis}, ${text(this.idem)})`;
}

class Redeem implements Op {
  constructor(readonly customer: string, readonly group: string | undefined, readonly program: number, readonly millis: bigint, readonly transaction: string | undefined, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const wallet: Ent = this.group === undefined ? { type: 'CUSTOMER', id: this.customer } : { type: 'USERGROUP2', id: this.group };
    const member = this.group === undefined ? undefined : members.get(this.group)?.get(this.customer);
    const expected =
      (this.group !== undefined && member === undefined ? '1620' : member !== undefined && !member.redeem ? '830' : balanceCode(m, keyOf(wallet), this.program, this.millis)) ?? 'ok';
    const c: RedeemPoints = {
      type: 'RedeemPoints',
      customer: { type: 'id', value: this.customer },
      points: P.fromMillis(this.millis),
      programId: this.program,
      skipValidation: true,
      ...(this.group === undefined ? {} : { group: { groupId: this.group } }),
      ...(this.transaction === undefined ? {} : { transactionNumber: this.transaction }),
    };
    const x = send(m, r, c, expected, this.idem, this, { ent: wallet, program: this.program, need: this.millis });
    if (expected === 'ok') {
      const parts = plan(m, keyOf(wallet), this.program, this.millis);
      const e = eventOf<PointsRedeemed>(x, 'PointsRedeemed');
      same('lots redeemed', entityParts(e.postings, true), parts);
      take(m, parts);
      m.redemptions.push({ id: e.redemptionId, customer: this.customer, program: this.program, points: this.millis, took: parts, given: new Map(), reversed: 0n, transaction: this.transaction });
      if (this.group === undefined) stats.redemptions.individual++;
      else stats.redemptions.group++;
    }
    agree(m, r);
  }
  toString = (): string => `Redeem(${this.customer}, ${String(this.group)}, ${this.program}, ${this.millis}, ${String(this.transaction)}, ${text(this.idem)})`;
}

/** Moves a transfer's parts to the receiver as new lots `${eventId}/${n}` with the same expiry, checking the event's postings. */
const move = (m: Model, e: PointsTransferred, from: Ent, to: Ent, program: number, amount: bigint): void => {
  const parts = plan(m, keyOf(from), program, amount);
  same('lots transferred', entityParts(e.postings, true), parts);
  take(m, parts);
  parts.forEach((p, n) => {
    const source = m.lots.get(p.lotId) ?? diverge(`model lot ${p.lotId}`);
    newLot(m, `${e.id}/${n}`, keyOf(to), program, 'Main', p.points, source.expiresAt);
  });
  same('lots created', entityParts(e.postings, false).map((p) => p.lotId), parts.map((_p, n) => `${e.id}/${n}`));
  const direction = `${from.type === 'CUSTOMER' ? 'customer' : 'group'}To${to.type === 'CUSTOMER' ? 'Customer' : 'Group'}` as keyof typeof stats.transfers;
  stats.transfers[direction]++;
};

class GroupTransfer implements Op {
  constructor(readonly from: Ent, readonly to: Ent, readonly by: string, readonly program: number, readonly millis: bigint, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const member = this.from.type === 'USERGROUP2' ? members.get(this.from.id)?.get(this.by) : undefined;
    const allowed = this.from.type === 'CUSTOMER' ? this.by === this.from.id : member?.transfer === true;
    const expected =
      (this.millis % 1000n !== 0n ? '807' : keyOf(this.from) === keyOf(this.to) ? '418' : !allowed ? '830' : balanceCode(m, keyOf(this.from), this.program, this.millis)) ?? 'ok';
    const c: TransferGroupPoints = {
      type: 'TransferGroupPoints',
      points: P.format(P.fromMillis(this.millis)),
      programId: this.program,
      fromEntity: { type: this.from.type, identifierType: 'id', identifierValue: this.from.id },
      toEntity: { type: this.to.type, identifierType: 'id', identifierValue: this.to.id },
      transferredBy: { identifierType: 'id', identifierValue: this.by },
    };
    const x = send(m, r, c, expected, this.idem, this, { ent: this.from, program: this.program, need: this.millis });
    if (expected === 'ok') move(m, eventOf<PointsTransferred>(x, 'PointsTransferred'), this.from, this.to, this.program, this.millis);
    agree(m, r);
  }
  toString = (): string => `GroupTransfer(${keyOf(this.from)}, ${keyOf(this.to)}, ${this.by}, ${this.program}, ${this.millis}, ${text(this.idem)})`;
}

class CustomerTransfer implements Op {
  constructor(readonly from: string, readonly to: string, readonly program: number, readonly millis: bigint, readonly wrongCode: boolean, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const from: Ent = { type: 'CUSTOMER', id: this.from };
    const expected = (this.millis % 1000n !== 0n ? '807' : this.from === this.to ? '418' : balanceCode(m, keyOf(from), this.program, this.millis)) ?? 'ok';
    const request = {
      points: P.format(P.fromMillis(this.millis)),
      programId: this.program,
      fromCustomerIdentifier: { type: 'ID', value: this.from },
      toCustomerIdentifier: { type: 'ID', value: this.to },
    };
    const issue: IsTransferrable = { type: 'IsTransferrable', ...request, issueOtp: true };
    send(m, r, issue, expected, this.idem, this, { ent: from, program: this.program, need: this.millis });
    if (expected === 'ok') {
      const transfer: TransferPoints = { type: 'TransferPoints', ...request, code: this.wrongCode ? '000000' : kitOtp };
      const x = send(m, r, transfer, this.wrongCode ? '808' : 'ok', this.idem, this);
      if (!this.wrongCode) move(m, eventOf<PointsTransferred>(x, 'PointsTransferred'), from, { type: 'CUSTOMER', id: this.to }, this.program, this.millis);
    }
    agree(m, r);
  }
  toString = (): string => `CustomerTransfer(${this.from}, ${this.to}, ${this.program}, ${this.millis}, ${String(this.wrongCode)}, ${text(this.idem)})`;
}

/** Gives the parts back: to each lot, unless it has expired (then the points are recorded as expired). */
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
};

class Reverse implements Op {
  constructor(readonly pick: number, readonly percent: number | undefined, readonly wrongCustomer: boolean, readonly idem: Idem) {}
  check = (m: Readonly<Model>): boolean => m.redemptions.length > 0;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const red = m.redemptions[this.pick % m.redemptions.length] ?? diverge('no redemption to reverse');
    const left = red.points - red.reversed;
    const amount = this.percent === undefined ? left : (left * BigInt(this.percent)) / 100n || 1n;
    const who = this.wrongCustomer ? (customers.find((c) => c !== red.customer) ?? 'c1') : red.customer;
    const expected = this.wrongCustomer ? '904' : left === 0n ? '3802' : amount > left ? '810' : 'ok';
    const c: ReverseRedemption = {
      type: 'ReverseRedemption',
      redemptionId: red.id,
      identifier: { type: 'id', value: who },
      ...(this.percent === undefined ? {} : { pointsToBeReversed: P.format(P.fromMillis(amount)) }),
    };
    const x = send(m, r, c, expected, this.idem, this);
    if (expected === 'ok') {
      giveBack(m, red, eventOf<PointsRedemptionReversed>(x, 'PointsRedemptionReversed'), amount);
      stats.reversals++;
    }
    agree(m, r);
  }
  toString = (): string => `Reverse(${this.pick}, ${String(this.percent)}, ${String(this.wrongCustomer)}, ${text(this.idem)})`;
}

class Revert implements Op {
  constructor(readonly transaction: string, readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const all = m.redemptions.filter((x) => x.transaction === this.transaction);
    const open = all.filter((x) => x.points > x.reversed);
    const expected = all.length === 0 ? '811' : open.length === 0 ? (m.reverted.has(this.transaction) ? '812' : '814') : 'ok';
    const c: RevertRedemption = { type: 'RevertRedemption', transactionNumber: this.transaction };
    const x = send(m, r, c, expected, this.idem, this);
    if (expected === 'ok') {
      const events = x.events.filter((e): e is PointsRedemptionReversed => e.type === 'PointsRedemptionReversed');
      same('redemptions reverted', events.map((e) => e.redemptionId), open.map((o) => o.id));
      open.forEach((o, i) => giveBack(m, o, events[i] ?? diverge('missing reversal'), o.points - o.reversed));
      m.reverted.add(this.transaction);
      stats.reverts++;
    }
    agree(m, r);
  }
  toString = (): string => `Revert(${this.transaction}, ${text(this.idem)})`;
}

/** A decimal text as a fraction. */
const fraction = (d: string): { readonly num: bigint; readonly den: bigint } => {
  const [whole = '0', frac = ''] = d.split('.');
  return { num: BigInt(`${whole}${frac}`), den: 10n ** BigInt(frac.length) };
};

/** The model's price of a reward issue, in thousandths: the points (the quantity is CONV_RATIO's, seed 002), or value x quantity / ratio rounded half up to a whole point. */
const priceOf = (config: PaymentConfig, quantity: number, value: string | undefined): bigint => {
  if (config.mode === 'POINTS') return P.toMillis(config.points);
  const v = fraction(value ?? '1');
  const ratio = fraction(config.conversionRatio);
  const num = v.num * BigInt(quantity) * ratio.den;
  const den = v.den * ratio.num;
  return ((2n * num + den) / (2n * den)) * 1000n;
};

/** Quantities as clients send them, and what the model reads (undefined: 400). */
const quantities: readonly (number | string | undefined)[] = [undefined, 1, 2, 3, 2.5, '3.9', 0];
const quantityOf = (q: number | string | undefined): number | undefined => {
  const n = q === undefined ? 1 : Math.trunc(Number(q));
  return n >= 1 ? n : undefined;
};
/** Redemption values as clients send them (0.1 at 0.44 costs nothing: the ledger refuses zero, 8004 with 801). */
const values: readonly (number | string | undefined)[] = [undefined, undefined, '10', '25.5', 0.1, 1000];

class Issue implements Op {
  constructor(
    readonly customer: string,
    readonly reward: number,
    readonly group: string | undefined,
    readonly quantity: number | string | undefined,
    readonly value: number | string | undefined,
    readonly voucher: boolean,
    readonly program: number,
    readonly idem: Idem,
  ) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const def = rewards[this.reward % rewards.length] ?? diverge('no reward');
    const config = def.paymentConfigs[0] ?? diverge('a reward without a payment configuration');
    const wallet: Ent = this.group === undefined ? { type: 'CUSTOMER', id: this.customer } : { type: 'USERGROUP2', id: this.group };
    const q = quantityOf(this.quantity);
    const value = this.value === undefined ? undefined : String(this.value);
    const price = q === undefined ? 0n : priceOf(config, q, value);
    const expected = ((): string => {
      if (q === undefined) return '400';
      if (value !== undefined && config.mode === 'POINTS') return '12016';
      if ((def.segments ?? []).length > 0 && !(def.segments ?? []).some((p) => segmentHolders.has(`${this.customer}|${p.segment}|${p.partition}`))) return '12034';
      if (def.cardSeries !== undefined && !cardHolders.has(`${this.customer}|${def.cardSeries}`)) return '12050';
      for (const k of def.constraints ?? [])
        if (m.issues.filter((i) => i.receiver === this.customer && i.rewardId === def.rewardId && i.at > m.now - k.periodDays * day).length >= k.maxIssues) return '12005';
      if (price === 0n) return '8004/801';
      const member = this.group === undefined ? undefined : members.get(this.group)?.get(this.customer);
      if (this.group !== undefined && member === undefined) return '8004/1620';
      if (member !== undefined && !member.redeem) return '8004/830';
      const short = balanceCode(m, keyOf(wallet), this.program, price);
      if (short !== undefined) return `8004/${short}`;
      return def.fulfillment === 'VENDOR' && !this.voucher ? '8003' : 'ok';
    })();
    const c: IssueReward = {
      type: 'IssueReward',
      rewardId: def.rewardId,
      brand: def.brand,
      mobile: customerMobile(modelWorld, this.customer),
      ...(this.quantity === undefined ? {} : { quantity: this.quantity }),
      ...(this.value === undefined ? {} : { paymentConfig: { redemptionValue: this.value } }),
      ...(this.group === undefined ? {} : { userGroup2Id: this.group }),
      ...(this.program === defaultProgram ? {} : { programId: this.program }),
      ...(def.fulfillment === 'VENDOR' ? { vendor: this.voucher ? { voucher: `V-${this.customer}` } : { failure: 'vendor down' } } : {}),
    };
    const x = send(m, r, c, expected, this.idem, this, { ent: wallet, program: this.program, need: price });
    if (expected === 'ok') {
      const parts = plan(m, keyOf(wallet), this.program, price);
      const e = eventOf<RewardIssued>(x, 'RewardIssued');
      same('reward price', P.toMillis(e.points), price);
      same('lots paying for the reward', entityParts(e.postings, true), parts);
      take(m, parts);
      m.issues.push({ receiver: this.customer, rewardId: def.rewardId, at: m.now });
      stats.rewardIssues++;
    }
    agree(m, r);
  }
  toString = (): string =>
    `Issue(${this.customer}, ${this.reward}, ${String(this.group)}, ${text(this.quantity)}, ${text(this.value)}, ${String(this.voucher)}, ${this.program}, ${text(this.idem)})`;
}

class Expire implements Op {
  constructor(readonly idem: Idem) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const c: ExpirePoints = { type: 'ExpirePoints' };
    send(m, r, c, 'ok', this.idem, this);
    agree(m, r);
  }
  toString = (): string => `Expire(${text(this.idem)})`;
}

class Advance implements Op {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    tick(m, this.ms);
    agree(m, r);
  }
  toString = (): string => `Advance(${this.ms})`;
}

/** An earlier request (any one the engine recorded) sent again, however much later: its first outcome, nothing appended. */
class RetryLater implements Op {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.requests.length > 0;
  run(m: Model, r: Real): void {
    tick(m, minute);
    const sent = m.requests[this.pick % m.requests.length] ?? diverge('no request to retry');
    resend(m, r, sent, true);
    stats.resentLater++;
    agree(m, r);
  }
  toString = (): string => `RetryLater(${this.pick})`;
}

/**
 * A request refused for its balance, sent again after its wallet was topped up: still refused as the first
 * time, nothing appended. The same command with a new request id is then decided afresh (as the model says).
 */
class RetryAfterTopUp implements Op {
  constructor(readonly pick: number, readonly idem: Idem) {}
  check = (m: Readonly<Model>): boolean => m.refused.length > 0;
  run(m: Model, r: Real): void {
    const [refused] = m.refused.splice(this.pick % m.refused.length, 1);
    if (refused === undefined) return void diverge('no refused request');
    tick(m, minute);
    award(m, r, refused.wallet, refused.program, 'Main', refused.need + 1_000_000n, undefined, this.idem, this);
    resend(m, r, refused, true);
    stats.refusedThenToppedUp++;
    agree(m, r);
    refused.op.run(m, r);
    if (r.last === 'ok') stats.acceptedAfterTopUpWithNewId++;
  }
  toString = (): string => `RetryAfterTopUp(${this.pick}, ${text(this.idem)})`;
}

// ---------------------------------------------------------------------------------------------------
// The arbitraries.

const entity = fc.constantFrom(...entities);
const customer = fc.constantFrom(...customers);
const program = fc.constantFrom(...programs, defaultProgram, defaultProgram);
/** Whole points mostly (transfers refuse fractions: 807), small enough that wallets often can pay and often cannot. */
const amount = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 80 }).map((n) => BigInt(n) * 1000n) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 80_000 }).map(BigInt) });
const transactions = fc.constantFrom('t1', 't2', 't3');
const category = fc.constantFrom<PointsCategory>('Main', 'Main', 'Main', 'DelayedAccrualPointCategory', 'ExternalTriggerBasedPointCategory');

const commands: fc.Arbitrary<Op>[] = [
  fc
    .tuple(entity, program, category, fc.integer({ min: 1, max: 200_000 }).map(BigInt), fc.option(fc.integer({ min: minute, max: 30 * day }), { nil: undefined }), arbIdem)
    .map(([e, p, k, n, x, i]) => new Award(e, p, k, n, x, i)),
  fc.tuple(fc.nat(), fc.boolean(), arbIdem).map(([k, h, i]) => new Release(k, h, i)),
  fc.tuple(entity, program, amount, arbIdem).map(([e, p, n, i]) => new Deduct(e, p, n, i)),
  fc
    .tuple(customer, fc.option(fc.constantFrom(...groups), { nil: undefined, freq: 2 }), program, amount, fc.option(transactions, { nil: undefined, freq: 2 }), arbIdem)
    .map(([c, g, p, n, t, i]) => new Redeem(c, g, p, n, t, i)),
  fc
    .tuple(entity, entity, customer, fc.boolean(), program, amount, arbIdem)
    // Half the time the user who may transfer (the source customer, the group's primary user), else anyone.
    .map(([f, t, c, allowed, p, n, i]) => new GroupTransfer(f, t, allowed ? (f.type === 'CUSTOMER' ? f.id : primaryOf(f.id)) : c, p, n, i)),
  fc.tuple(customer, customer, program, amount, fc.boolean(), arbIdem).map(([f, t, p, n, w, i]) => new CustomerTransfer(f, t, p, n, w, i)),
  fc.tuple(fc.nat(), fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }), fc.boolean(), arbIdem).map(([k, pc, w, i]) => new Reverse(k, pc, w && k % 4 === 0, i)),
  fc.tuple(transactions, arbIdem).map(([t, i]) => new Revert(t, i)),
  fc
    .tuple(
      customer,
      fc.nat(),
      fc.option(fc.constantFrom(...groups), { nil: undefined, freq: 3 }),
      fc.constantFrom(...quantities),
      fc.constantFrom(...values),
      fc.constantFrom(true, true, true, false),
      program,
      arbIdem,
    )
    .map(([c, k, g, q, v, ok, p, i]) => new Issue(c, k, g, q, v, ok, p, i)),
  arbIdem.map((i) => new Expire(i)),
  fc.integer({ min: minute, max: 10 * day }).map((ms) => new Advance(ms)),
  fc.nat().map((k) => new RetryLater(k)),
  fc.tuple(fc.nat(), arbIdem).map(([k, i]) => new RetryAfterTopUp(k, i)),
];

// ---------------------------------------------------------------------------------------------------
// The property.

const start = replayOrThrow(modelSetup);
const setupLines = jsonlOf(modelSetup)
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => `${l}\n`);

const newModel = (): Model => {
  const m: Model = { now: testEpoch, lots: new Map(), seq: 0, redemptions: [], reverted: new Set(), issues: [], requests: [], refused: [] };
  for (const e of modelSetup)
    if (e.type === 'PointsAwarded') {
      const a = e as PointsAwarded;
      newLot(m, a.id, keyOf(a.entity), a.programId, a.pointsCategory, P.toMillis(a.points), a.expiresAt);
    }
  return m;
};

describe('model-based: the whole engine against a model of lots, redemptions and prices', () => {
  it(
    'every balance, lot and decision agrees with the model after every command; balances sum to zero, none is negative, every lot stays within 0..original; the log replays to the same state; requests are idempotent',
    async () => {
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands, size: 'max' }), async (cmds) => {
          stats.runs++;
          const real: Real = { state: start, clock: kitClock('m'), replayer: engine.replayer(start), lines: [...setupLines], requests: 0, last: '' };
          const before = stats.ops;
          fc.modelRun(() => ({ model: newModel(), real }), cmds);
          stats.longestRun = Math.max(stats.longestRun, stats.ops - before);
          // The whole log from scratch, through the command line's fold of a JSONL file.
          const folded = await foldHistory(splitJsonl(Buffer.from(real.lines.join(''), 'utf8')), engine);
          if (E.isLeft(folded)) return void diverge(`the log does not replay: line ${folded.left.line}: ${folded.left.reason}`);
          const executed = canonicalState(real.state);
          if (canonicalState(folded.right.state) !== executed) diverge('the log replayed from scratch is not the state the engine reached');
          if (canonicalState(real.replayer.finish()) !== executed) diverge('the log replayed event by event is not the state the engine reached');
          stats.fullReplays++;
        }),
        { numRuns },
      );
      report('model', { ...stats, soak, numRuns, maxCommands, seconds: Math.round((Date.now() - started) / 100) / 10 });
      // Every kind of command was decided and accepted somewhere, and nothing diverged.
      expect({
        runs: stats.runs >= numRuns,
        long: stats.longestRun >= 150,
        fullReplays: stats.fullReplays === stats.runs,
        transfers: Object.values(stats.transfers).every((n) => n > 0),
        redemptions: stats.redemptions.individual > 0 && stats.redemptions.group > 0,
        rest: [stats.releases, stats.deductions, stats.reversals, stats.reverts, stats.rewardIssues, stats.lotsExpired].every((n) => n > 0),
        idempotency: [stats.resentAtOnce, stats.resentLater, stats.changedAndRefused9930, stats.refusedThenToppedUp, stats.acceptedAfterTopUpWithNewId].every((n) => n > 0),
        divergences: stats.divergences,
      }).toEqual({ runs: true, long: true, fullReplays: true, transfers: true, redemptions: true, rest: true, idempotency: true, divergences: 0 });
    },
    30 * 60_000,
  );
});
