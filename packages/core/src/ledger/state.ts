/**
 * The ledger's folded state and how a movement changes it. Accounts keep their balance, a line
 * per event (running balance: the balance at any date is a binary search away), and their open
 * lots in consumption order. Lots keep what they hold; the agenda finds the lots due to expire.
 * `applyMovement` records a movement that was already decided and checked: it only asserts.
 */
import * as P from '../points';
import { Timestamp } from '../time';
import { assert } from '../assert';
import { dayMillis } from '../limits';
import { Edit, PMap, SortedQueue, Vec } from '../collections';
import { AccountRef, LedgerEntityType, PointsCategory, accountKey, entityKey } from './accounts';
import { LedgerEventMeta, Movement, Posting } from './postings';

/** One line of an account: the event, its net change on the account and the balance after it. */
export interface LedgerLine {
  readonly at: Timestamp;
  readonly delta: P.Points;
  readonly balance: P.Points;
  readonly event: LedgerEventMeta;
}

/** An open lot as its account's queue orders it (the lot as it was created: these fields never change). */
export type OpenLot = Pick<Lot, 'id' | 'seq' | 'expiresAt'>;

/** A lot whose expiry was recorded after it had expired: its points were not there from `from` to `to`. */
export interface ExpiryWindow {
  readonly from: Timestamp;
  readonly to: Timestamp;
  readonly points: P.Points;
}

/** A customer's or group's account in one program and category. */
export interface AccountState extends AccountRef {
  readonly entityType: Exclude<LedgerEntityType, 'SYSTEM'>;
  readonly key: string;
  readonly balance: P.Points;
  readonly lines: Vec<LedgerLine>;
  /** Open lots that expire, earliest expiry first, then oldest. */
  readonly expiring: SortedQueue<OpenLot>;
  /** Open lots that never expire, oldest first. */
  readonly perpetual: SortedQueue<OpenLot>;
  readonly expiredLate: Vec<ExpiryWindow>;
}

/** A lot: points credited together, with one expiry, in one account. */
export interface Lot {
  readonly id: string;
  readonly account: string;
  readonly seq: number;
  readonly createdAt: Timestamp;
  readonly expiresAt?: Timestamp;
  readonly original: P.Points;
  readonly remaining: P.Points;
  /** When the lot's expiry was recorded, and how many points expired. */
  readonly expired?: { readonly at: Timestamp; readonly points: P.Points };
}

/** Lots due to expire on one day (UTC). `live` counts those still holding points. */
export interface AgendaBucket {
  readonly day: number;
  readonly lots: Vec<string>;
  readonly live: number;
}

/** The ledger part of an organisation's state. */
export interface LedgerState {
  readonly accounts: PMap<AccountState>;
  /** Balances of the system accounts, by account key. */
  readonly system: PMap<P.Points>;
  readonly lots: PMap<Lot>;
  /** The account keys of each entity (`CUSTOMER:42`), in creation order. */
  readonly entityAccounts: PMap<readonly string[]>;
  readonly agenda: PMap<AgendaBucket>;
  /** The days of the agenda, ascending. */
  readonly agendaDays: readonly number[];
  readonly lotSeq: number;
}

/** The ledger while a fold changes it: the same fields, writable, and the fold's transient edit. */
export interface LedgerDraft {
  accounts: PMap<AccountState>;
  system: PMap<P.Points>;
  lots: PMap<Lot>;
  entityAccounts: PMap<readonly string[]>;
  agenda: PMap<AgendaBucket>;
  agendaDays: readonly number[];
  lotSeq: number;
  readonly edit: Edit;
}

export const emptyLedger: LedgerState = {
  accounts: PMap.empty(),
  system: PMap.empty(),
  lots: PMap.empty(),
  entityAccounts: PMap.empty(),
  agenda: PMap.empty(),
  agendaDays: [],
  lotSeq: 0,
};

export const draftLedger = (s: LedgerState, edit: Edit): LedgerDraft => ({ ...s, edit });

export const finishLedger = (d: LedgerDraft): LedgerState => ({
  accounts: d.accounts,
  system: d.system,
  lots: d.lots,
  entityAccounts: d.entityAccounts,
  agenda: d.agenda,
  agendaDays: d.agendaDays,
  lotSeq: d.lotSeq,
});

export const compareExpiring = (a: OpenLot, b: OpenLot): number =>
  (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY) || a.seq - b.seq;
export const compareSeq = (a: OpenLot, b: OpenLot): number => a.seq - b.seq;

const openLotOf = (lot: Lot): OpenLot => lot;

/** A mutable working copy of an account while one event changes it. */
interface Working {
  key: string;
  ref: AccountRef & { entityType: Exclude<LedgerEntityType, 'SYSTEM'> };
  base: AccountState | undefined;
  balance: P.Points;
  delta: P.Points;
  expiring: SortedQueue<OpenLot>;
  perpetual: SortedQueue<OpenLot>;
  expiredLate: Vec<ExpiryWindow>;
  /** Some lot of the account gave points in this event (its queues may need trimming). */
  consumed: boolean;
}

const dayOf = (t: number): number => Math.floor(t / dayMillis);

const insertDay = (days: readonly number[], day: number): readonly number[] => {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  if (days[lo] === day) return days;
  const out = days.slice();
  out.splice(lo, 0, day);
  return out;
};

const agendaAdd = (d: LedgerDraft, lot: Lot, expiresAt: Timestamp): void => {
  const day = dayOf(expiresAt);
  const k = String(day);
  const b = d.agenda.get(k);
  if (b === undefined) {
    d.agenda = d.agenda.set(k, { day, lots: Vec.empty<string>().push(lot.id), live: 1 }, d.edit);
    d.agendaDays = insertDay(d.agendaDays, day);
  } else {
    d.agenda = d.agenda.set(k, { day, lots: b.lots.push(lot.id), live: b.live + 1 }, d.edit);
  }
};

/** A lot stopped holding points: one fewer live lot on its day; an empty day leaves the agenda. */
const agendaDead = (d: LedgerDraft, expiresAt: Timestamp): void => {
  const day = dayOf(expiresAt);
  const k = String(day);
  const b = d.agenda.get(k);
  assert(b !== undefined && b.live > 0, () => `agenda day ${day} has no live lot`);
  if (b.live === 1) {
    d.agenda = d.agenda.delete(k, d.edit);
    d.agendaDays = d.agendaDays.filter((x) => x !== day);
  } else {
    d.agenda = d.agenda.set(k, { ...b, live: b.live - 1 }, d.edit);
  }
};

const trimFront = (d: LedgerDraft, q: SortedQueue<OpenLot>): SortedQueue<OpenLot> => {
  let n = 0;
  for (const open of q) {
    const lot = d.lots.get(open.id);
    if (lot !== undefined && !P.isZero(lot.remaining)) break;
    n++;
  }
  return q.dropFront(n);
};

const applyLotPosting = (d: LedgerDraft, w: Working, p: Posting, lotId: string, meta: LedgerEventMeta, expiry: boolean): void => {
  const lot = d.lots.get(lotId);
  if (lot === undefined) {
    assert(P.isPositive(p.points), () => `posting creates lot ${lotId} with ${P.format(p.points)} points`);
    const created: Lot = {
      id: lotId,
      account: w.key,
      seq: d.lotSeq,
      createdAt: meta.at,
      ...(p.expiresAt === undefined ? {} : { expiresAt: p.expiresAt }),
      original: p.points,
      remaining: p.points,
    };
    d.lotSeq += 1;
    d.lots = d.lots.set(lotId, created, d.edit);
    if (p.expiresAt === undefined) w.perpetual = w.perpetual.insert(openLotOf(created), compareSeq);
    else {
      w.expiring = w.expiring.insert(openLotOf(created), compareExpiring);
      agendaAdd(d, created, p.expiresAt);
    }
    return;
  }
  assert(lot.account === w.key, () => `lot ${lotId} belongs to ${lot.account}, not ${w.key}`);
  const remaining = P.add(lot.remaining, p.points);
  assert(!P.isNegative(remaining), () => `lot ${lotId} would hold ${P.format(remaining)} points`);
  assert(P.compare(remaining, lot.original) <= 0, () => `lot ${lotId} would hold more than its original ${P.format(lot.original)}`);
  if (P.isNegative(p.points)) w.consumed = true;
  let next: Lot = { ...lot, remaining };
  if (P.isNegative(p.points) && expiry) {
    const consumed = P.negate(p.points);
    next = { ...next, expired: { at: meta.at, points: consumed } };
    const from = Math.max(lot.expiresAt ?? meta.at, lot.createdAt) as Timestamp;
    if (meta.at > from) w.expiredLate = w.expiredLate.push({ from, to: meta.at, points: consumed });
  }
  d.lots = d.lots.set(lotId, next, d.edit);
  const wasEmpty = P.isZero(lot.remaining);
  const isEmpty = P.isZero(remaining);
  if (!wasEmpty && isEmpty && lot.expiresAt !== undefined) agendaDead(d, lot.expiresAt);
  if (wasEmpty && !isEmpty) {
    // A restoration into a lot that had been emptied: back into its queue and the agenda.
    const open = openLotOf(next);
    if (lot.expiresAt === undefined) {
      if (!w.perpetual.includes(open, compareSeq)) w.perpetual = w.perpetual.insert(open, compareSeq);
    } else {
      if (!w.expiring.includes(open, compareExpiring)) w.expiring = w.expiring.insert(open, compareExpiring);
      agendaAdd(d, next, lot.expiresAt);
    }
  }
};

const newAccountRef = (p: Posting): Working['ref'] => {
  assert(p.entityType !== 'SYSTEM', 'system postings have no account state');
  return { entityType: p.entityType, entityId: p.entityId, programId: p.programId, pointsCategory: p.pointsCategory };
};

/**
 * Records a movement in the draft: system balances, lots, account balances, one line per account
 * touched, the agenda. The movement was decided and checked before; here only invariants are asserted.
 */
export const applyMovement = (d: LedgerDraft, meta: LedgerEventMeta, m: Movement): void => {
  const touched: Working[] = [];
  for (const p of m.postings) {
    const key = accountKey(p);
    if (p.entityType === 'SYSTEM') {
      d.system = d.system.set(key, P.add(d.system.get(key) ?? P.zero, p.points), d.edit);
      continue;
    }
    let w: Working | undefined;
    for (const x of touched) if (x.key === key) w = x;
    if (w === undefined) {
      const base = d.accounts.get(key);
      w = {
        key,
        ref: base ?? newAccountRef(p),
        base,
        balance: base?.balance ?? P.zero,
        delta: P.zero,
        expiring: base?.expiring ?? SortedQueue.empty(),
        perpetual: base?.perpetual ?? SortedQueue.empty(),
        expiredLate: base?.expiredLate ?? Vec.empty(),
        consumed: false,
      };
      touched.push(w);
    }
    assert(p.lotId !== undefined, () => `posting to ${key} names no lot`);
    applyLotPosting(d, w, p, p.lotId, meta, m.expiry === true);
    w.balance = P.add(w.balance, p.points);
    w.delta = P.add(w.delta, p.points);
  }
  for (const w of touched) {
    if (w.ref.pointsCategory === 'Main') assert(!P.isNegative(w.balance), () => `redeemable balance of ${w.key} is negative`);
    const line: LedgerLine = { at: meta.at, delta: w.delta, balance: w.balance, event: meta };
    const account: AccountState = {
      entityType: w.ref.entityType,
      entityId: w.ref.entityId,
      programId: w.ref.programId,
      pointsCategory: w.ref.pointsCategory,
      key: w.key,
      balance: w.balance,
      lines: (w.base?.lines ?? Vec.empty<LedgerLine>()).push(line),
      expiring: w.consumed ? trimFront(d, w.expiring) : w.expiring,
      perpetual: w.consumed ? trimFront(d, w.perpetual) : w.perpetual,
      expiredLate: w.expiredLate,
    };
    d.accounts = d.accounts.set(w.key, account, d.edit);
    if (w.base === undefined) {
      const ek = entityKey(w.ref.entityType, w.ref.entityId);
      d.entityAccounts = d.entityAccounts.set(ek, [...(d.entityAccounts.get(ek) ?? []), w.key], d.edit);
    }
  }
};

/** The account of a reference, if it ever had a posting. */
export const accountOf = (s: LedgerState, ref: AccountRef): AccountState | undefined => s.accounts.get(accountKey(ref));

/** The accounts of an entity, in creation order. */
export const accountsOfEntity = (s: LedgerState, type: LedgerEntityType, id: string): AccountState[] =>
  (s.entityAccounts.get(entityKey(type, id)) ?? []).map((k) => {
    const a = s.accounts.get(k);
    assert(a !== undefined, () => `entity index names missing account ${k}`);
    return a;
  });

/** The open lots of an account in the order a debit consumes them (earliest expiry, oldest, then never-expiring). */
export function* openLotsInOrder(s: LedgerState, account: AccountState): Generator<Lot> {
  for (const q of [account.expiring, account.perpetual]) {
    for (const open of q) {
      const lot = s.lots.get(open.id);
      assert(lot !== undefined, () => `queue names missing lot ${open.id}`);
      if (!P.isZero(lot.remaining)) yield lot;
    }
  }
}

/** The balance of a system account. */
export const systemBalance = (s: LedgerState, id: string, programId: number, category: PointsCategory): P.Points =>
  s.system.get(accountKey({ entityType: 'SYSTEM', entityId: id, programId, pointsCategory: category })) ?? P.zero;
