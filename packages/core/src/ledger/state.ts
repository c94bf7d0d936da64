/**
 * The ledger's folded state and how a movement changes it. Accounts keep their balance, a line
 * per event (running balance: the balance at any date is a binary search away), and their open
 * lots in consumption order. Lots keep what they hold; the agenda finds the lots due to expire.
 * `applyMovement` records a movement that was already decided and checked: it only asserts.
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { fail } from '../assert';
import { dayMillis } from '../limits';
import { Edit, PMap, SortedQueue, Vec, owns } from '../collections';
import { AccountRef, EntityType, LedgerEntityType, PointsCategory, SystemAccountId, accountKey } from './accounts';
import { LedgerEventMeta, Movement, Posting, Till } from './postings';
import { Lines } from './lines';
import { ExpiryWindows } from './windows';

/** A customer's or group's account in one program and category. */
export interface AccountState extends AccountRef {
  readonly entityType: Exclude<LedgerEntityType, 'SYSTEM'>;
  readonly key: string;
  readonly balance: P.Points;
  /** A line per event that changed the account (see `Lines`). */
  readonly lines: Lines;
  /**
   * Open lots that expire, earliest expiry first, then oldest. The queue holds each lot's current
   * version (the one in the lot map), so what a lot holds is read here without a lookup. A lot that
   * was emptied may stay in the queue until a debit of the account trims the queue's front.
   */
  readonly expiring: SortedQueue<Lot>;
  /** Open lots that never expire, oldest first (current versions, as `expiring`). */
  readonly perpetual: SortedQueue<Lot>;
  readonly expiredLate: ExpiryWindows;
  /**
   * The entity's next account, in creation order: an entity's accounts are a list, and the ledger's map
   * holds the first (one object to read, not a wallet and an array, before the account a posting names).
   */
  readonly next: AccountState | undefined;
  /**
   * The fold's edit that created this version of the account: under that edit (and only while it is
   * open) the fold changes it in place, since nobody else can hold it yet. Internal to the fold.
   */
  readonly owner: Edit | null;
}

/** A lot: points credited together, with one expiry, in one account (the lot names its account). */
export interface Lot extends AccountRef {
  readonly id: string;
  /** The key of its account (`CUSTOMER:42|765|Main`). */
  readonly account: string;
  readonly seq: number;
  readonly createdAt: Timestamp;
  readonly expiresAt?: Timestamp;
  readonly original: P.Points;
  readonly remaining: P.Points;
  /** When the lot's expiry was recorded, and how many points expired. */
  readonly expired?: { readonly at: Timestamp; readonly points: P.Points };
  /**
   * The fold's edit that created this version of the lot: under that edit (and only while it is
   * open) the fold changes it in place, since nobody else can hold it yet (so its account's queue and
   * the lot map share one object). Internal to the fold.
   */
  readonly owner: Edit | null;
}

/** The balance of a system account. */
export interface SystemBalance {
  readonly entityId: SystemAccountId;
  readonly programId: number;
  readonly pointsCategory: PointsCategory;
  readonly balance: P.Points;
}

/** Lots due to expire on one day (UTC). `live` counts those still holding points. */
export interface AgendaBucket {
  readonly day: number;
  readonly lots: Vec<string>;
  readonly live: number;
  /**
   * The fold's edit that created this version of the bucket: under that edit (and only while it is
   * open) the fold changes it in place, since nobody else can hold it yet. Internal to the fold.
   */
  readonly owner: Edit | null;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The ledger part of an organisation's state. */
export interface LedgerState {
  /**
   * Each entity's first account (the others follow by `next`), by entity type, then entity id (no key is
   * built per posting: ids come from the events).
   */
  readonly wallets: Readonly<Record<EntityType, PMap<AccountState>>>;
  /** Balances of the system accounts (a handful: one per system account, program and category). */
  readonly system: readonly SystemBalance[];
  readonly lots: PMap<Lot>;
  readonly agenda: PMap<AgendaBucket>;
  /** The days of the agenda, ascending. */
  readonly agendaDays: readonly number[];
  readonly lotSeq: number;
}

/** The ledger while a fold changes it: the same fields, writable, and the fold's transient edit. */
export interface LedgerDraft {
  wallets: Record<EntityType, PMap<AccountState>>;
  /** A copy the draft owns: changed in place. */
  system: SystemBalance[];
  lots: PMap<Lot>;
  agenda: PMap<AgendaBucket>;
  agendaDays: readonly number[];
  lotSeq: number;
  readonly edit: Edit;
  /** The tills the fold has seen, one object each: the events' metas share them (see `internTill`). */
  readonly tills: Map<string, Till>;
  /** The till the fold interned last. */
  lastTill: Till | undefined;
  /**
   * An array `applyMovement` empties and fills at each movement (the accounts it touched), kept from one
   * movement to the next so that a fold of a million events does not allocate a million.
   */
  readonly scratch: { readonly touched: AccountWork[] };
}

export const emptyLedger: LedgerState = {
  wallets: { CUSTOMER: PMap.empty(), USERGROUP2: PMap.empty() },
  system: [],
  lots: PMap.empty(),
  agenda: PMap.empty(),
  agendaDays: [],
  lotSeq: 0,
};

export const draftLedger = (s: LedgerState, edit: Edit): LedgerDraft => ({
  ...s,
  wallets: { ...s.wallets },
  system: s.system.slice(),
  edit,
  tills: new Map(),
  lastTill: undefined,
  scratch: { touched: [] },
});

/**
 * The one object the fold keeps for a till: a history names a few tills a million times, and each
 * event's meta would otherwise keep its own copy. Tills are read-only, so sharing is safe.
 */
export const internTill = (d: LedgerDraft, till: Till): Till => {
  // Most events name the till the previous one named: compared field by field, no key is built.
  const last = d.lastTill;
  if (last !== undefined && last.code === till.code && last.storeCode === till.storeCode && last.storeName === till.storeName) return last;
  d.lastTill = internTillByKey(d, till);
  return d.lastTill;
};

const internTillByKey = (d: LedgerDraft, till: Till): Till => {
  const key = [till.code, till.storeCode ?? '', till.storeName ?? ''].join('\u0000');
  const known = d.tills.get(key);
  if (known !== undefined && known.code === till.code && known.storeCode === till.storeCode && known.storeName === till.storeName) return known;
  d.tills.set(key, till);
  return till;
};

export const finishLedger = (d: LedgerDraft): LedgerState => ({
  wallets: d.wallets,
  system: d.system,
  lots: d.lots,
  agenda: d.agenda,
  agendaDays: d.agendaDays,
  lotSeq: d.lotSeq,
});

/** The order of lots by which fields never change: earliest expiry first, then oldest. */
export const compareExpiring = (a: Lot, b: Lot): number =>
  (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY) || a.seq - b.seq;
export const compareSeq = (a: Lot, b: Lot): number => a.seq - b.seq;

/** A mutable working copy of an account while one event changes it. Internal to the fold. */
export interface AccountWork {
  key: string;
  ref: AccountRef & { entityType: EntityType };
  base: AccountState | undefined;
  balance: P.Points;
  expiring: SortedQueue<Lot>;
  perpetual: SortedQueue<Lot>;
  expiredLate: ExpiryWindows;
  /** Some lot of the account gave points in this event (its queues may need trimming). */
  consumed: boolean;
  /** The entity's first account when it was read (undefined for a new entity). */
  first: AccountState | undefined;
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
    d.agenda = d.agenda.set(k, { day, lots: Vec.empty<string>().push(lot.id), live: 1, owner: d.edit }, d.edit);
    d.agendaDays = insertDay(d.agendaDays, day);
  } else if (owns(b.owner, d.edit)) {
    // The fold's own bucket: changed in place, already in the map.
    const own = b as Writable<AgendaBucket>;
    own.lots = b.lots.push(lot.id);
    own.live = b.live + 1;
  } else {
    d.agenda = d.agenda.set(k, { day, lots: b.lots.push(lot.id), live: b.live + 1, owner: d.edit }, d.edit);
  }
};

/** A lot stopped holding points: one fewer live lot on its day; an empty day leaves the agenda. */
const agendaDead = (d: LedgerDraft, expiresAt: Timestamp): void => {
  const day = dayOf(expiresAt);
  const k = String(day);
  const b = d.agenda.get(k);
  if (b === undefined || b.live <= 0) fail(`agenda day ${day} has no live lot`);
  if (b.live === 1) {
    d.agenda = d.agenda.delete(k, d.edit);
    d.agendaDays = d.agendaDays.filter((x) => x !== day);
  } else if (owns(b.owner, d.edit)) (b as Writable<AgendaBucket>).live = b.live - 1;
  else d.agenda = d.agenda.set(k, { day, lots: b.lots, live: b.live - 1, owner: d.edit }, d.edit);
};

const isEmptyLot = (lot: Lot): boolean => P.isZero(lot.remaining);

const trimFront = (q: SortedQueue<Lot>, edit: Edit): SortedQueue<Lot> => q.dropWhile(isEmptyLot, edit);

/**
 * A lot, built field by field: every lot has the same fields in the same order (absent ones
 * undefined), so the fold's code sees one object shape (spreads and optional fields make many).
 */
const lotOf = (
  id: string,
  account: string,
  ref: AccountRef,
  seq: number,
  createdAt: Timestamp,
  expiresAt: Timestamp | undefined,
  original: P.Points,
  remaining: P.Points,
  expired: Lot['expired'],
  owner: Edit,
): Lot => ({
  id,
  account,
  entityType: ref.entityType,
  entityId: ref.entityId,
  programId: ref.programId,
  pointsCategory: ref.pointsCategory,
  seq,
  createdAt,
  expiresAt,
  original,
  remaining,
  expired,
  owner,
});

const applyLotPosting = (d: LedgerDraft, w: AccountWork, p: Posting, lotId: string, meta: LedgerEventMeta, expiry: boolean, known: Lot | null | undefined): void => {
  // A debit or an expiry takes its lot from the front of the account's queues, mostly (see `lotAtFront`).
  const lot =
    known !== undefined ? (known ?? undefined) : ((P.isNegative(p.points) ? lotAtFront(w.expiring, w.perpetual, lotId) : undefined) ?? d.lots.get(lotId));
  if (lot === undefined) {
    if (!P.isPositive(p.points)) fail(`posting creates lot ${lotId} with ${P.format(p.points)} points`);
    const created = lotOf(lotId, w.key, w.ref, d.lotSeq, meta.at, p.expiresAt, p.points, p.points, undefined, d.edit);
    d.lotSeq += 1;
    d.lots = d.lots.set(lotId, created, d.edit);
    if (p.expiresAt === undefined) w.perpetual = w.perpetual.insert(created, compareSeq, d.edit);
    else {
      w.expiring = w.expiring.insert(created, compareExpiring, d.edit);
      agendaAdd(d, created, p.expiresAt);
    }
    return;
  }
  if (!sameAccount(lot, w.ref)) fail(`lot ${lotId} belongs to ${lot.account}, not ${w.key}`);
  const remaining = P.add(lot.remaining, p.points);
  if (P.isNegative(remaining)) fail(`lot ${lotId} would hold ${P.format(remaining)} points`);
  if (P.compare(remaining, lot.original) > 0) fail(`lot ${lotId} would hold more than its original ${P.format(lot.original)}`);
  if (P.isNegative(p.points)) w.consumed = true;
  let expired = lot.expired;
  if (P.isNegative(p.points) && expiry) {
    const consumed = P.negate(p.points);
    expired = { at: meta.at, points: consumed };
    const from = Math.max(lot.expiresAt ?? meta.at, lot.createdAt) as Timestamp;
    if (meta.at > from) w.expiredLate = w.expiredLate.push({ from, to: meta.at, points: consumed });
  }
  // Read before an owned lot is changed in place.
  const wasEmpty = P.isZero(lot.remaining);
  let next: Lot;
  if (owns(lot.owner, d.edit)) {
    // The fold's own lot (created or copied under this edit): changed in place, already in the map.
    const own = lot as Writable<Lot>;
    own.remaining = remaining;
    own.expired = expired;
    next = own;
  } else {
    next = lotOf(lot.id, lot.account, lot, lot.seq, lot.createdAt, lot.expiresAt, lot.original, remaining, expired, d.edit);
    d.lots = d.lots.set(lotId, next, d.edit);
    // The account's queue holds the lot's current version too (the one the fold will change in place).
    if (lot.expiresAt === undefined) w.perpetual = w.perpetual.replace(lot, next, compareSeq, d.edit);
    else w.expiring = w.expiring.replace(lot, next, compareExpiring, d.edit);
  }
  const isEmpty = P.isZero(remaining);
  if (!wasEmpty && isEmpty && lot.expiresAt !== undefined) agendaDead(d, lot.expiresAt);
  if (wasEmpty && !isEmpty) {
    // A restoration into a lot that had been emptied: back into its queue and the agenda.
    if (lot.expiresAt === undefined) {
      if (!w.perpetual.includes(next, compareSeq)) w.perpetual = w.perpetual.insert(next, compareSeq, d.edit);
    } else {
      if (!w.expiring.includes(next, compareExpiring)) w.expiring = w.expiring.insert(next, compareExpiring, d.edit);
      agendaAdd(d, next, lot.expiresAt);
    }
  }
};

const sameAccount = (a: AccountRef, b: AccountRef): boolean =>
  a.programId === b.programId && a.pointsCategory === b.pointsCategory && a.entityType === b.entityType && a.entityId === b.entityId;

const addSystem = (d: LedgerDraft, p: Posting): void => {
  const system = d.system;
  for (let i = 0; i < system.length; i++) {
    const x = system[i] as SystemBalance;
    if (x.entityId === p.entityId && x.programId === p.programId && x.pointsCategory === p.pointsCategory) {
      system[i] = { entityId: x.entityId, programId: x.programId, pointsCategory: x.pointsCategory, balance: P.add(x.balance, p.points) };
      return;
    }
  }
  {
    d.system.push({ entityId: p.entityId as SystemAccountId, programId: p.programId, pointsCategory: p.pointsCategory, balance: p.points });
  }
};

/**
 * What the check of an event found on the state the event is folded into, so that the fold does not
 * look it up again. `lots[i]` is posting i's lot (`null`: the posting creates it); `wallets[i]` is
 * the first account of posting i's entity (`null`: the entity has none yet). `undefined` (or a missing
 * entry): look it up.
 */
export interface Known {
  readonly lots: (Lot | null | undefined)[];
  readonly wallets: (AccountState | null | undefined)[];
}

/** Above this many postings a movement indexes the accounts it touches (see `applyMovement`). */
const smallMovement = 16;

/** The key of an entity within one movement. */
const entityOf = (type: EntityType, id: string): string => `${type}\u0000${id}`;

/**
 * Records a movement in the draft: system balances, lots, account balances, one line per account
 * touched, the agenda. The movement was decided and checked before; here only invariants are asserted.
 * `known`, when given, is what the check of the event just found on this same state (see `Known`).
 */
export const applyMovement = (d: LedgerDraft, meta: LedgerEventMeta, m: Movement, known?: Known): void => {
  const touched = d.scratch.touched;
  touched.length = 0;
  const postings = m.postings;
  // A movement of many postings (a day's expiry) finds its accounts and entities by key; a small one
  // scans what it touched, which is cheaper than building maps.
  const index = postings.length > smallMovement ? { accounts: new Map<string, AccountWork>(), firsts: new Map<string, AccountState | undefined>() } : undefined;
  for (let i = 0; i < postings.length; i++) {
    const p = postings[i] as Posting;
    if (p.entityType === 'SYSTEM') {
      addSystem(d, p);
      continue;
    }
    let w: AccountWork | undefined;
    let first: AccountState | undefined;
    let firstSeen = false;
    const entity = index === undefined ? '' : entityOf(p.entityType, p.entityId);
    const accountId = index === undefined ? '' : `${entity}\u0000${p.programId}\u0000${p.pointsCategory}`;
    if (index !== undefined) {
      w = index.accounts.get(accountId);
      if (w === undefined && index.firsts.has(entity)) {
        first = index.firsts.get(entity);
        firstSeen = true;
      }
    } else
      for (const x of touched) {
        if (sameAccount(x.ref, p)) w = x;
        else if (x.ref.entityType === p.entityType && x.ref.entityId === p.entityId) {
          first = x.first;
          firstSeen = true;
        }
      }
    if (w === undefined) {
      if (!firstSeen) {
        const k = known?.wallets[i];
        first = k === undefined ? d.wallets[p.entityType].get(p.entityId) : (k ?? undefined);
      }
      const base = accountInList(first, p);
      const ref = base ?? { entityType: p.entityType, entityId: p.entityId, programId: p.programId, pointsCategory: p.pointsCategory };
      w = {
        key: base?.key ?? accountKey(ref),
        ref,
        base,
        balance: base?.balance ?? P.zero,
        expiring: base?.expiring ?? SortedQueue.empty(),
        perpetual: base?.perpetual ?? SortedQueue.empty(),
        expiredLate: base?.expiredLate ?? ExpiryWindows.empty(),
        consumed: false,
        first,
      };
      touched.push(w);
      if (index !== undefined) {
        index.accounts.set(accountId, w);
        if (!firstSeen) index.firsts.set(entity, first);
      }
    }
    if (p.lotId === undefined) fail(`posting to ${w?.key ?? ''} names no lot`);
    applyLotPosting(d, w, p, p.lotId, meta, m.expiry === true, known?.lots[i]);
    w.balance = P.add(w.balance, p.points);
  }
  for (const w of touched) {
    if (w.ref.pointsCategory === 'Main' && P.isNegative(w.balance)) fail(`redeemable balance of ${w.key} is negative`);
    const lines = (w.base?.lines ?? Lines.empty()).push(w.balance, meta, d.edit);
    const expiring = w.consumed ? trimFront(w.expiring, d.edit) : w.expiring;
    const perpetual = w.consumed ? trimFront(w.perpetual, d.edit) : w.perpetual;
    const base = w.base;
    if (base !== undefined && owns(base.owner, d.edit)) {
      // The fold's own account (created under this edit): changed in place, already in its entity's list.
      setAccount(base, w.balance, lines, expiring, perpetual, w.expiredLate);
      continue;
    }
    writeAccount(d, w.ref, {
      entityType: w.ref.entityType,
      entityId: w.ref.entityId,
      programId: w.ref.programId,
      pointsCategory: w.ref.pointsCategory,
      key: w.key,
      balance: w.balance,
      lines,
      expiring,
      perpetual,
      expiredLate: w.expiredLate,
      next: undefined,
      owner: d.edit,
    });
  }
};

/**
 * Puts a new version of an account (made under the draft's edit) into its entity's list, in the place
 * of the account of the same program and category (or last, for a new account). The list is read from
 * the draft, which holds what earlier accounts of the same event wrote. The accounts before it that
 * the edit owns are relinked in place; the others are copied (at most the entity's few accounts).
 */
const writeAccount = (d: LedgerDraft, ref: AccountRef & { entityType: EntityType }, account: Writable<AccountState>): void => {
  const map = d.wallets[ref.entityType];
  const before: AccountState[] = [];
  let at = map.get(ref.entityId);
  while (at !== undefined && (at.programId !== ref.programId || at.pointsCategory !== ref.pointsCategory)) {
    before.push(at);
    at = at.next;
  }
  if (at !== undefined && owns(at.owner, d.edit)) {
    // A copy this event already made (as a predecessor of another account): it takes the new fields.
    setAccount(at, account.balance, account.lines, account.expiring, account.perpetual, account.expiredLate);
    return;
  }
  account.next = at?.next;
  let next: AccountState = account;
  for (let i = before.length - 1; i >= 0; i--) {
    const prev = before[i] as AccountState;
    if (owns(prev.owner, d.edit)) {
      (prev as Writable<AccountState>).next = next;
      return;
    }
    next = { ...prev, next, owner: d.edit };
  }
  d.wallets[ref.entityType] = map.set(ref.entityId, next, d.edit);
};

/** What an event changes in an account the fold owns, changed in place. */
const setAccount = (
  account: AccountState,
  balance: P.Points,
  lines: Lines,
  expiring: SortedQueue<Lot>,
  perpetual: SortedQueue<Lot>,
  expiredLate: ExpiryWindows,
): void => {
  const own = account as Writable<AccountState>;
  own.balance = balance;
  own.lines = lines;
  own.expiring = expiring;
  own.perpetual = perpetual;
  own.expiredLate = expiredLate;
};

/** The account of a program and category in an entity's list (from its first account), if any. */
const accountInList = (first: AccountState | undefined, ref: Pick<AccountRef, 'programId' | 'pointsCategory'>): AccountState | undefined => {
  let a = first;
  while (a !== undefined && (a.programId !== ref.programId || a.pointsCategory !== ref.pointsCategory)) a = a.next;
  return a;
};

/**
 * How many lots from the front of each of an account's queues `lotAtFront` reads: debits and expiries
 * take lots from there (earliest expiry first), and each lot read may be a cache miss.
 */
const frontProbe = 4;

/**
 * The lot `lotId` when it is among the first lots of an account's queues (`frontProbe` of each), where
 * debits and expiries take points from; undefined otherwise (the caller then asks the lot map). The queues
 * hold each lot's current version (decision 100), so what is found here is what the lot map holds: a
 * debit of the lots a plan chose reads its account, which it reads anyway, instead of a map that holds
 * every lot ever created (decision 103).
 */
export const lotAtFront = (expiring: SortedQueue<Lot>, perpetual: SortedQueue<Lot>, lotId: string): Lot | undefined =>
  lotAtFrontOf(expiring, lotId) ?? lotAtFrontOf(perpetual, lotId);

const lotAtFrontOf = (q: SortedQueue<Lot>, lotId: string): Lot | undefined => {
  for (let i = 0; i < frontProbe; i++) {
    const lot = q.nth(i);
    if (lot === undefined || lot.id === lotId) return lot;
  }
  return undefined;
};

/**
 * The lot a posting takes points from, read from the front of its account's queues when it is there
 * (see `lotAtFront`), else from the lot map. `first` is the posting's entity's first account.
 */
export const lotOfDebit = (s: LedgerState, first: AccountState | undefined, ref: AccountRef, lotId: string): Lot | undefined => {
  const account = accountInList(first, ref);
  return (account === undefined ? undefined : lotAtFront(account.expiring, account.perpetual, lotId)) ?? s.lots.get(lotId);
};

/** The accounts of an entity from its first one (the ledger's map holds it), in creation order. */
export function* accountList(first: AccountState | undefined): Generator<AccountState> {
  for (let a = first; a !== undefined; a = a.next) yield a;
}

/** The lot `id`, if a posting ever created it (its current version). */
export const lotById = (s: LedgerState, id: string): Lot | undefined => s.lots.get(id);

/** Every lot ever created (current versions, in no particular order). */
export const allLots = (s: LedgerState): IterableIterator<Lot> => s.lots.values();

/** The number of lots ever created. */
export const lotCount = (s: LedgerState): number => s.lots.size;

/** The balances of the system accounts, one per system account, program and category that had a posting. */
export const systemBalances = (s: LedgerState): readonly SystemBalance[] => s.system;

/** The account of a reference, if it ever had a posting. */
export const accountOf = (s: LedgerState, ref: AccountRef): AccountState | undefined =>
  ref.entityType === 'SYSTEM' ? undefined : accountInList(s.wallets[ref.entityType].get(ref.entityId), ref);

/** The account a lot is in. */
export const accountOfLot = (s: LedgerState, lot: Lot): AccountState => {
  const a = accountOf(s, lot);
  if (a === undefined) fail(`lot ${lot.id} names missing account ${lot.account}`);
  return a;
};

/** The accounts of an entity, in creation order. */
export const accountsOfEntity = (s: LedgerState, type: LedgerEntityType, id: string): readonly AccountState[] =>
  type === 'SYSTEM' ? [] : [...accountList(s.wallets[type].get(id))];

/** Every customer and group account (in no particular order). */
export function* allAccounts(s: LedgerState): Generator<AccountState> {
  for (const type of ['CUSTOMER', 'USERGROUP2'] as const) for (const first of s.wallets[type].values()) yield* accountList(first);
}

/** The open lots of an account in the order a debit consumes them (earliest expiry, oldest, then never-expiring). */
export function* openLotsInOrder(account: AccountState): Generator<Lot> {
  for (const q of [account.expiring, account.perpetual]) for (const lot of q) if (!P.isZero(lot.remaining)) yield lot;
}

/** The balance of a system account. */
export const systemBalance = (s: LedgerState, id: SystemAccountId, programId: number, category: PointsCategory): P.Points =>
  s.system.find((x) => x.entityId === id && x.programId === programId && x.pointsCategory === category)?.balance ?? P.zero;
