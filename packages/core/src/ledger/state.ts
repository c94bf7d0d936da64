/**
 * The ledger's folded state and how a movement changes it, over integer rows (docs/handles.md).
 * Accounts and lots are rows: a row's numbers are one record in a `Records` table (typed-array pages,
 * fields side by side), its ids and key in `Column`s, its lines and expiry windows in blocks of the
 * ledger's `BlockArena`; so a fold writes a row where the object ledger made an object, and the collector has
 * little to trace. A
 * lot's row is its sequence number; an account's queues of open lots are lists linked through the
 * lots' rows. Accounts keep their balance, a line per event (running balance and the event's meta row:
 * the balance at any date is a binary search away) and the windows of late expiries; the events' metas
 * are rows too (`EventMetas`); the agenda finds the lots due
 * to expire. Other packages read the ledger through the functions below, which hand out `Lot` and
 * `AccountState` views; the rows are the core's own. `applyMovement` records a movement that was
 * already decided and checked: it only asserts.
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { fail } from '../assert';
import { dayMillis } from '../limits';
import { BlockArena, Column, Edit, HasCanonicalForm, PMap, Records, Vec, columnKinds, noBlock, openEdit, owns } from '../collections';
import { AccountRef, EntityType, LedgerEntityType, PointsCategory, SystemAccountId, accountKey, entityTypes, pointsCategories } from './accounts';
import { Movement, Posting, Till } from './postings';
import { LineRows, Lines, lineStride } from './lines';
import { EventMetas, MetaKind } from './metas';
import { ExpiryWindows, windowStride } from './windows';

/** No row (the end of a list, an absent lot or account). */
export const noRow = -1;

/** The open lots of one of an account's queues, in consumption order (a lot emptied may stay until a debit trims the front). */
export interface LotQueue extends Iterable<Lot> {
  /** The number of lots in the queue. */
  readonly size: number;
  /** When the lot at the front expires (undefined: no lot, or one that never expires). */
  firstExpiresAt(): Timestamp | undefined;
  /**
   * The points of the lots that had expired by `at` (expiry and creation at or before `at`) and still
   * hold points, read from the front of the queue (earliest expiry first) without making a `Lot`.
   */
  dueBy(at: Timestamp): P.Points;
}

/** A customer's or group's account in one program and category (a view of its row). */
export interface AccountState extends AccountRef {
  readonly entityType: EntityType;
  readonly key: string;
  readonly balance: P.Points;
  /** A line per event that changed the account (see `Lines`: a view made when read, so read it once per use). */
  readonly lines: Lines;
  /** Open lots that expire, earliest expiry first, then oldest. */
  readonly expiring: LotQueue;
  /** Open lots that never expire, oldest first. */
  readonly perpetual: LotQueue;
  readonly expiredLate: ExpiryWindows;
  /** The time of the account's last line (the last event that changed it). */
  readonly lastAt: Timestamp;
  /** The entity's next account, in creation order. */
  readonly next: AccountState | undefined;
}

/** A lot: points credited together, with one expiry, in one account (a copy of its row, made when read). */
export interface Lot extends AccountRef {
  readonly id: string;
  /** The key of its account (`CUSTOMER:42|765|Main`). */
  readonly account: string;
  /** Its sequence number: lots are numbered in the order they were created. */
  readonly seq: number;
  readonly createdAt: Timestamp;
  readonly expiresAt?: Timestamp;
  readonly original: P.Points;
  readonly remaining: P.Points;
  /** When the lot's expiry was recorded, and how many points expired. */
  readonly expired?: { readonly at: Timestamp; readonly points: P.Points };
}

/** The balance of a system account. */
export interface SystemBalance {
  readonly entityId: SystemAccountId;
  readonly programId: number;
  readonly pointsCategory: PointsCategory;
  readonly balance: P.Points;
}

/** A system account: one per system account id, program and category that had a posting. */
export interface SystemKey {
  readonly entityId: SystemAccountId;
  readonly programId: number;
  readonly pointsCategory: PointsCategory;
}

/** Lots due to expire on one day (UTC), by row. `live` counts those still holding points. */
export interface AgendaBucket {
  readonly day: number;
  readonly lots: Vec<number>;
  readonly live: number;
  /**
   * The fold's edit that created this version of the bucket: under that edit (and only while it is
   * open) the fold changes it in place, since nobody else can hold it yet. Internal to the fold.
   */
  readonly owner: Edit | null;
}

/** The numeric fields of an account's record (see `AccountColumns.fields`). */
export const accountField = {
  /** The index of the entity type in `entityTypes`. */
  entityType: 0,
  programId: 1,
  /** The index of the category in `pointsCategories`. */
  category: 2,
  /** The entity's next account (`noRow` for its last). */
  next: 3,
  /** In thousandths of a point. */
  balance: 4,
  /** The expiring queue: first and last lot rows (`noRow` when empty), and how many lots it holds. */
  expiringHead: 5,
  expiringTail: 6,
  expiringSize: 7,
  /** The never-expiring queue, as the expiring one. */
  perpetualHead: 8,
  perpetualTail: 9,
  perpetualSize: 10,
  /** The time of the account's last line. */
  lastAt: 11,
  /** The account's lines: the address of their block in the ledger's `BlockArena` (`noBlock` for none), and how many. */
  linesAt: 12,
  lineCount: 13,
  /** The account's expiry windows (see `ExpiryWindows`), as its lines. */
  windowsAt: 14,
  windowCount: 15,
} as const;
const accountStride = 16;

/** The accounts' columns: a row per customer or group account, in the order they were opened. */
export interface AccountColumns {
  /** The numeric fields, side by side (`accountField`): an account's are read in one or two cache lines. */
  readonly fields: Records;
  readonly entityId: Column<string>;
  /** The account's key (`CUSTOMER:42|765|Main`), made once when it is opened. */
  readonly key: Column<string>;
}

/** The numeric fields of a lot's record (see `LotColumns.fields`). */
export const lotField = {
  /** The row of its account. */
  account: 0,
  createdAt: 1,
  /** NaN for a lot that never expires. */
  expiresAt: 2,
  /** In thousandths of a point, as `remaining` and `expiredPoints`. */
  original: 3,
  remaining: 4,
  /** When its expiry was recorded (NaN: not recorded). */
  expiredAt: 5,
  expiredPoints: 6,
  /** The next lot in its account's queue (`noRow` for the last). */
  next: 7,
  /** 1 while the lot is in its account's queue. */
  queued: 8,
} as const;
const lotStride = 9;

/** The lots' columns: a row per lot, in the order they were created (the row is the lot's `seq`). */
export interface LotColumns {
  readonly id: Column<string>;
  /** The numeric fields, side by side (`lotField`). */
  readonly fields: Records;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The ledger part of an organisation's state. Read it through the functions of this module. */
export interface LedgerState extends HasCanonicalForm {
  readonly accounts: AccountColumns;
  /** Each entity's first account row (the others follow by `next`), by entity type, then entity id. */
  readonly firsts: Readonly<Record<EntityType, PMap<number>>>;
  readonly lots: LotColumns;
  /** The metas of the events that moved points, a row each; lines name them by row (see `EventMetas`). */
  readonly metas: EventMetas;
  /**
   * Where the accounts' lines and expiry windows are (see `BlockArena`): one arena for every version
   * folded from one start, appended to only. The empty ledger has none (`undefined`): a draft of it starts one.
   */
  readonly arena: BlockArena | undefined;
  /** Lot rows by id, built from the id column when first asked (see `LotIndex`). */
  readonly lotIndex: LotIndex;
  /** The system accounts that had a posting, in order of their first posting; `systemAmounts` holds their balances (thousandths). */
  readonly systemKeys: readonly SystemKey[];
  readonly systemAmounts: readonly number[];
  readonly agenda: PMap<AgendaBucket>;
  /** The days of the agenda, ascending. */
  readonly agendaDays: readonly number[];
}

/** The ledger while a fold changes it: the same fields, writable, and the fold's transient edit. */
export interface LedgerDraft extends LedgerState {
  readonly accounts: Writable<AccountColumns>;
  firsts: Record<EntityType, PMap<number>>;
  readonly lots: Writable<LotColumns>;
  metas: EventMetas;
  readonly arena: BlockArena;
  lotIndex: LotIndex;
  /** Copies the draft owns: changed in place. */
  systemKeys: SystemKey[];
  systemAmounts: number[];
  agenda: PMap<AgendaBucket>;
  agendaDays: readonly number[];
  readonly edit: Edit;
  /** The tills the fold has seen, one object each: the events' metas share them (see `internTill`). */
  readonly tills: Map<string, Till>;
  /** The till the fold interned last. */
  lastTill: Till | undefined;
  /** The kinds of meta without a transaction the fold has recorded, by till (see `MetaKind`). */
  readonly kinds: Map<Till | undefined, MetaKind[]>;
  /**
   * Arrays `applyMovement` fills at each movement from their start (the account rows it touched, and
   * whether a lot of each gave points), kept with their room from one movement to the next; and the
   * lot the movement's last posting changed (`noRow` before its first), next to which its next debit
   * is looked for.
   */
  readonly scratch: { readonly touched: number[]; readonly consumed: boolean[]; lastLot: number };
}

/**
 * Lot rows by lot id, indexed lazily from the id column (as `IdSet` indexes listed ids): a fold whose
 * lots are found by their rows (or never looked up by id) never builds it. Each ledger version has its
 * own index object over a persistent map, so catching up is a change of layout only: a version's
 * index never holds another version's rows.
 */
export class LotIndex {
  private constructor(
    private map: PMap<number>,
    /** The rows indexed: the first `count` of the id column. */
    private count: number,
    private readonly owner: Edit | null,
  ) {}

  private static readonly EMPTY = new LotIndex(PMap.empty<number>(), 0, null);

  static empty(): LotIndex {
    return LotIndex.EMPTY;
  }

  /**
   * How many lots this index holds: lots are indexed (all those created so far) when a lot is first
   * looked up by id, and the fold avoids that where it can (debits and expiries read their lots from
   * their accounts' queues: `lotRowOfDebit`).
   */
  get indexed(): number {
    return this.count;
  }

  /** This index for a draft under `edit`: its own object, sharing the map. */
  forEdit(edit: Edit): LotIndex {
    return owns(this.owner, edit) ? this : new LotIndex(this.map, this.count, edit);
  }

  /** The row of lot `id` in `ids` (this version's id column), or `noRow`. */
  find(ids: Column<string>, id: string): number {
    if (this.count < ids.length) this.catchUp(ids);
    const row = this.map.get(id);
    return row === undefined ? noRow : row;
  }

  /** Indexes every row of `ids` and splits the map's shards (see `PMap.settle`): what the index holds does not change. */
  settle(ids: Column<string>): void {
    if (this.count < ids.length) this.catchUp(ids);
    this.map.settle();
  }

  private catchUp(ids: Column<string>): void {
    const edit = this.owner !== null && this.owner.open ? this.owner : openEdit();
    let map = this.map;
    for (let row = this.count; row < ids.length; row++) map = map.set(ids.get(row), row, edit);
    if (edit !== this.owner) edit.open = false;
    this.map = map;
    this.count = ids.length;
  }
}

const emptyAccounts: AccountColumns = {
  fields: Records.empty(accountStride),
  entityId: Column.empty(columnKinds.objects<string>(), ''),
  key: Column.empty(columnKinds.objects<string>(), ''),
};

const emptyLots: LotColumns = {
  id: Column.empty(columnKinds.objects<string>(), ''),
  fields: Records.empty(lotStride),
};

/** What a ledger holds, as plain values: every account (its queues as lot ids), lot, system balance and agenda day. */
function ledgerCanonicalForm(this: LedgerState): unknown {
  return {
    accounts: [...allAccounts(this)].map((a) => ({
      key: a.key,
      balance: a.balance,
      lines: a.lines,
      expiring: [...a.expiring].map((l) => l.id),
      perpetual: [...a.perpetual].map((l) => l.id),
      expiredLate: a.expiredLate,
    })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    lots: [...allLots(this)],
    system: systemBalances(this),
    agenda: this.agendaDays.map((day) => {
      const b = this.agenda.get(String(day));
      return { day, live: b?.live, lots: b?.lots.toArray() };
    }),
  };
}

const finished = (x: Omit<LedgerState, 'canonicalForm'>): LedgerState => ({ ...x, canonicalForm: ledgerCanonicalForm });

export const emptyLedger: LedgerState = finished({
  accounts: emptyAccounts,
  firsts: { CUSTOMER: PMap.empty(), USERGROUP2: PMap.empty() },
  lots: emptyLots,
  metas: EventMetas.empty(),
  arena: undefined,
  lotIndex: LotIndex.empty(),
  systemKeys: [],
  systemAmounts: [],
  agenda: PMap.empty(),
  agendaDays: [],
});

export const draftLedger = (s: LedgerState, edit: Edit): LedgerDraft => ({
  accounts: { ...s.accounts },
  firsts: { ...s.firsts },
  lots: { ...s.lots },
  metas: s.metas,
  arena: s.arena ?? BlockArena.create(),
  lotIndex: s.lotIndex.forEdit(edit),
  systemKeys: s.systemKeys.slice(),
  systemAmounts: s.systemAmounts.slice(),
  agenda: s.agenda,
  agendaDays: s.agendaDays,
  canonicalForm: ledgerCanonicalForm,
  edit,
  tills: new Map(),
  lastTill: undefined,
  kinds: new Map(),
  scratch: { touched: [], consumed: [], lastLot: noRow },
});

export const finishLedger = (d: LedgerDraft): LedgerState =>
  finished({
    accounts: { ...d.accounts },
    firsts: { ...d.firsts },
    lots: { ...d.lots },
    metas: d.metas,
    arena: d.arena,
    lotIndex: d.lotIndex,
    systemKeys: d.systemKeys,
    systemAmounts: d.systemAmounts,
    agenda: d.agenda,
    agendaDays: d.agendaDays,
  });

/**
 * Splits the ledger's persistent maps that a bulk fold filled without splitting, and indexes its lots
 * by id (see `settleState`): what the ledger holds does not change.
 */
export const settleLedger = (s: LedgerState): void => {
  for (const type of entityTypes) s.firsts[type].settle();
  s.lotIndex.settle(s.lots.id);
  s.agenda.settle();
};

/**
 * The one object the fold keeps for a till: a history names a few tills a million times, and each
 * event's meta kind would otherwise keep its own copy. Tills are read-only, so sharing is safe.
 */
const internTill = (d: LedgerDraft, till: Till): Till => {
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

/** The kind of an event's meta: one object per event name and till while there is no transaction (see `MetaKind`). */
const kindOf = (d: LedgerDraft, m: Movement): MetaKind => {
  const till = m.till === undefined ? undefined : internTill(d, m.till);
  if (m.transaction !== undefined) return { eventName: m.eventName, till, transaction: m.transaction };
  let known = d.kinds.get(till);
  if (known === undefined) d.kinds.set(till, (known = []));
  for (let i = 0; i < known.length; i++) if ((known[i] as MetaKind).eventName === m.eventName) return known[i] as MetaKind;
  const kind: MetaKind = { eventName: m.eventName, till, transaction: undefined };
  known.push(kind);
  return kind;
};

/** Records the meta of an event that moves points and returns its row. */
const recordMeta = (d: LedgerDraft, eventId: string, position: number, at: Timestamp, m: Movement): number => {
  const row = d.metas.length;
  d.metas = d.metas.push(eventId, position, at, kindOf(d, m), d.edit);
  return row;
};

// ---- Rows: reading ----

const AF = accountField;
const LF = lotField;

const entityTypeCode = (t: EntityType): number => (t === 'CUSTOMER' ? 0 : 1);
const categoryCode = (c: PointsCategory): number => (c === 'Main' ? 0 : c === 'DelayedAccrualPointCategory' ? 1 : 2);

/** True when account `row` is the account of program `programId` and category `category` (of whichever entity). */
const isAccountOf = (a: AccountColumns, row: number, programId: number, category: number): boolean =>
  a.fields.get(row, AF.programId) === programId && a.fields.get(row, AF.category) === category;

/** The row of an entity's account of a program and category, from the entity's first account row; `noRow` if none. */
const accountInList = (a: AccountColumns, first: number, programId: number, pointsCategory: PointsCategory): number => {
  const category = categoryCode(pointsCategory);
  let row = first;
  while (row !== noRow && !isAccountOf(a, row, programId, category)) row = a.fields.get(row, AF.next);
  return row;
};

/** The first account row of an entity, or `noRow` for an entity that never had a posting. */
export const firstAccountRow = (s: LedgerState, type: EntityType, id: string): number => s.firsts[type].get(id) ?? noRow;

/** The account row of a reference, or `noRow`. */
export const accountRowOf = (s: LedgerState, ref: AccountRef): number =>
  ref.entityType === 'SYSTEM' ? noRow : accountInList(s.accounts, firstAccountRow(s, ref.entityType, ref.entityId), ref.programId, ref.pointsCategory);

/** The row of lot `id`, or `noRow` if no posting ever created it. */
export const lotRowById = (s: LedgerState, id: string): number => s.lotIndex.find(s.lots.id, id);

/** How many lots from the front of each of an account's queues `lotRowAtFront` reads (debits and expiries take lots from there). */
const frontProbe = 4;

/**
 * The row of lot `lotId` when it is among the `frontProbe` lots that follow lot `after` in its queue, or
 * among the first lots of account `row`'s queues (`frontProbe` of each), where debits and expiries take
 * points from; `noRow` otherwise (the caller then asks the index). `after` is the lot an earlier posting
 * of the same event took from (`noRow`: none): a debit or an expiry names an account's lots in queue
 * order, so its k-th lot is read next to its (k-1)-th, not looked up by id (decision 108). Lot ids are
 * unique, so a lot whose id is `lotId` is the one, however it was reached.
 */
const lotRowAtFront = (s: LedgerState, row: number, lotId: string, after: number): number => {
  const next = after !== noRow && s.lots.fields.get(after, LF.account) === row ? lotAlong(s, s.lots.fields.get(after, LF.next), lotId) : noRow;
  if (next !== noRow) return next;
  const expiring = lotAlong(s, s.accounts.fields.get(row, AF.expiringHead), lotId);
  return expiring !== noRow ? expiring : lotAlong(s, s.accounts.fields.get(row, AF.perpetualHead), lotId);
};

/** The row of lot `lotId` among the `frontProbe` lots of a queue from lot `from` on; `noRow` if not there. */
const lotAlong = (s: LedgerState, from: number, lotId: string): number => {
  for (let lot = from, i = 0; lot !== noRow && i < frontProbe; lot = s.lots.fields.get(lot, LF.next), i++) if (s.lots.id.get(lot) === lotId) return lot;
  return noRow;
};

/**
 * The row of the lot a posting takes points from: read from the front of its account's queues (or next
 * to `after`, the lot the event's previous posting took from: see `lotRowAtFront`) when it is there,
 * else from the index. `first` is the first account row of the posting's entity.
 */
export const lotRowOfDebit = (s: LedgerState, first: number, ref: AccountRef, lotId: string, after: number = noRow): number => {
  const account = accountInList(s.accounts, first, ref.programId, ref.pointsCategory);
  const front = account === noRow ? noRow : lotRowAtFront(s, account, lotId, after);
  return front !== noRow ? front : lotRowById(s, lotId);
};

/** True when lot `row` belongs to account `ref` (same entity, program and category). */
export const lotBelongsTo = (s: LedgerState, row: number, ref: AccountRef): boolean => {
  const a = s.lots.fields.get(row, LF.account);
  const accounts = s.accounts;
  return (
    ref.entityType !== 'SYSTEM' &&
    accounts.entityId.get(a) === ref.entityId &&
    accounts.fields.get(a, AF.entityType) === entityTypeCode(ref.entityType) &&
    isAccountOf(accounts, a, ref.programId, categoryCode(ref.pointsCategory))
  );
};

/** What lot `row` holds. */
export const lotRemainingAt = (s: LedgerState, row: number): P.Points => P.fromThousandths(s.lots.fields.get(row, LF.remaining));
/** What lot `row` was created with. */
export const lotOriginalAt = (s: LedgerState, row: number): P.Points => P.fromThousandths(s.lots.fields.get(row, LF.original));
/** When lot `row` expires (undefined: never). */
export const lotExpiresAt = (s: LedgerState, row: number): Timestamp | undefined => {
  const t = s.lots.fields.get(row, LF.expiresAt);
  return Number.isNaN(t) ? undefined : (t as Timestamp);
};

// ---- Views ----

/** The key of account `row`. */
const accountKeyAt = (s: LedgerState, row: number): string => s.accounts.key.get(row);

/** Lot `row` as a `Lot` (a copy: it does not change with the ledger). */
export const lotAt = (s: LedgerState, row: number): Lot => {
  const l = s.lots;
  const account = l.fields.get(row, LF.account);
  const expiresAt = l.fields.get(row, LF.expiresAt);
  const expiredAt = l.fields.get(row, LF.expiredAt);
  return {
    id: l.id.get(row),
    account: accountKeyAt(s, account),
    entityType: entityTypes[s.accounts.fields.get(account, AF.entityType)] as EntityType,
    entityId: s.accounts.entityId.get(account),
    programId: s.accounts.fields.get(account, AF.programId),
    pointsCategory: pointsCategories[s.accounts.fields.get(account, AF.category)] as PointsCategory,
    seq: row,
    createdAt: l.fields.get(row, LF.createdAt) as Timestamp,
    ...(Number.isNaN(expiresAt) ? {} : { expiresAt: expiresAt as Timestamp }),
    original: P.fromThousandths(l.fields.get(row, LF.original)),
    remaining: P.fromThousandths(l.fields.get(row, LF.remaining)),
    ...(Number.isNaN(expiredAt) ? {} : { expired: { at: expiredAt as Timestamp, points: P.fromThousandths(l.fields.get(row, LF.expiredPoints)) } }),
  };
};

/** One of an account's queues, read from a ledger version. */
class QueueView implements LotQueue {
  constructor(
    private readonly s: LedgerState,
    private readonly head: number,
    readonly size: number,
  ) {}

  firstExpiresAt(): Timestamp | undefined {
    return this.head === noRow ? undefined : lotExpiresAt(this.s, this.head);
  }

  dueBy(at: Timestamp): P.Points {
    const lots = this.s.lots.fields;
    let sum = 0;
    for (let row = this.head; row !== noRow; row = lots.get(row, LF.next)) {
      // Earliest expiry first: no lot after one due after `at` (or never) is due by then.
      const expiresAt = lots.get(row, LF.expiresAt);
      if (!(expiresAt <= at)) break;
      if (Math.max(expiresAt, lots.get(row, LF.createdAt)) <= at) sum += lots.get(row, LF.remaining);
    }
    return P.fromThousandths(sum);
  }

  *[Symbol.iterator](): IterableIterator<Lot> {
    for (let row = this.head; row !== noRow; row = this.s.lots.fields.get(row, LF.next)) yield lotAt(this.s, row);
  }
}

/** Account `row` of a ledger version, read when asked. */
class AccountView implements AccountState {
  constructor(
    /** The ledger version the view reads (see `accountVersion`). */
    readonly s: LedgerState,
    readonly row: number,
  ) {}

  get entityType(): EntityType {
    return entityTypes[this.s.accounts.fields.get(this.row, AF.entityType)] as EntityType;
  }

  get entityId(): string {
    return this.s.accounts.entityId.get(this.row);
  }

  get programId(): number {
    return this.s.accounts.fields.get(this.row, AF.programId);
  }

  get pointsCategory(): PointsCategory {
    return pointsCategories[this.s.accounts.fields.get(this.row, AF.category)] as PointsCategory;
  }

  get key(): string {
    return accountKeyAt(this.s, this.row);
  }

  get balance(): P.Points {
    return P.fromThousandths(this.s.accounts.fields.get(this.row, AF.balance));
  }

  get lines(): Lines {
    const fields = this.s.accounts.fields;
    const count = fields.get(this.row, AF.lineCount);
    return new Lines(count === 0 ? LineRows.empty() : new LineRows(this.s.arena, fields.get(this.row, AF.linesAt), count), this.s.metas);
  }

  get expiring(): LotQueue {
    return new QueueView(this.s, this.s.accounts.fields.get(this.row, AF.expiringHead), this.s.accounts.fields.get(this.row, AF.expiringSize));
  }

  get perpetual(): LotQueue {
    return new QueueView(this.s, this.s.accounts.fields.get(this.row, AF.perpetualHead), this.s.accounts.fields.get(this.row, AF.perpetualSize));
  }

  get lastAt(): Timestamp {
    return this.s.accounts.fields.get(this.row, AF.lastAt) as Timestamp;
  }

  get expiredLate(): ExpiryWindows {
    const fields = this.s.accounts.fields;
    const count = fields.get(this.row, AF.windowCount);
    return count === 0 ? ExpiryWindows.empty() : new ExpiryWindows(this.s.arena, fields.get(this.row, AF.windowsAt), count);
  }

  get next(): AccountState | undefined {
    const next = this.s.accounts.fields.get(this.row, AF.next);
    return next === noRow ? undefined : new AccountView(this.s, next);
  }
}

/** Account `row` as an `AccountState` (read from this ledger version when asked). */
export const accountAt = (s: LedgerState, row: number): AccountState => new AccountView(s, row);

/**
 * The ledger version an account view reads and the account's row in it: what identifies the account's
 * lots and expiry windows as they are in that version (memos of a version's data are keyed by it).
 * Undefined for a view of a draft, whose rows the fold changes in place, and for an account state that
 * is not a view of the ledger's rows.
 */
export const accountVersion = (a: AccountState): { readonly ledger: LedgerState; readonly row: number } | undefined =>
  a instanceof AccountView && !('edit' in a.s) ? { ledger: a.s, row: a.row } : undefined;

/** The lot `id`, if a posting ever created it. */
export const lotById = (s: LedgerState, id: string): Lot | undefined => {
  const row = lotRowById(s, id);
  return row === noRow ? undefined : lotAt(s, row);
};

/** Every lot ever created, in the order they were created. */
export function* allLots(s: LedgerState): Generator<Lot> {
  for (let row = 0; row < s.lots.id.length; row++) yield lotAt(s, row);
}

/** The number of lots ever created. */
export const lotCount = (s: LedgerState): number => s.lots.id.length;

/** The balances of the system accounts, one per system account, program and category that had a posting. */
export const systemBalances = (s: LedgerState): readonly SystemBalance[] =>
  s.systemKeys.map((k, i) => ({ entityId: k.entityId, programId: k.programId, pointsCategory: k.pointsCategory, balance: P.fromThousandths(s.systemAmounts[i] as number) }));

/** The account of a reference, if it ever had a posting. */
export const accountOf = (s: LedgerState, ref: AccountRef): AccountState | undefined => {
  const row = accountRowOf(s, ref);
  return row === noRow ? undefined : accountAt(s, row);
};

/** The account a lot is in. */
export const accountOfLot = (s: LedgerState, lot: Lot): AccountState => {
  const a = accountOf(s, lot);
  if (a === undefined) fail(`lot ${lot.id} names missing account ${lot.account}`);
  return a;
};

/** The accounts of an entity from its first account row, in creation order. */
export function* accountList(s: LedgerState, first: number): Generator<AccountState> {
  for (let row = first; row !== noRow; row = s.accounts.fields.get(row, AF.next)) yield accountAt(s, row);
}

/** The accounts of an entity, in creation order. */
export const accountsOfEntity = (s: LedgerState, type: LedgerEntityType, id: string): readonly AccountState[] =>
  type === 'SYSTEM' ? [] : [...accountList(s, firstAccountRow(s, type, id))];

/** The first account an entity opened (the others follow it: `AccountState.next`), if it has one. */
export const accountOfEntity = (s: LedgerState, type: EntityType, id: string): AccountState | undefined => {
  const row = firstAccountRow(s, type, id);
  return row === noRow ? undefined : accountAt(s, row);
};

/** Every customer and group account, in the order they were opened. */
export function* allAccounts(s: LedgerState): Generator<AccountState> {
  for (let row = 0; row < s.accounts.entityId.length; row++) yield accountAt(s, row);
}

/** Every entity of a type that had a posting, with its first account row (in no particular order). */
export const entitiesOf = (s: LedgerState, type: EntityType): IterableIterator<[string, number]> => s.firsts[type].entries();

/** The open lots of an account in the order a debit consumes them (earliest expiry, oldest, then never-expiring). */
export function* openLotsInOrder(account: AccountState): Generator<Lot> {
  for (const q of [account.expiring, account.perpetual]) for (const lot of q) if (!P.isZero(lot.remaining)) yield lot;
}

/** The balance of a system account. */
export const systemBalance = (s: LedgerState, id: SystemAccountId, programId: number, category: PointsCategory): P.Points => {
  const i = s.systemKeys.findIndex((x) => x.entityId === id && x.programId === programId && x.pointsCategory === category);
  return i < 0 ? P.zero : P.fromThousandths(s.systemAmounts[i] as number);
};

/** The points issued so far, all programs and categories together (ISSUED's balances are negative). */
export const issuedTotal = (s: LedgerState): P.Points => {
  let total = 0;
  for (let i = 0; i < s.systemKeys.length; i++) if ((s.systemKeys[i] as SystemKey).entityId === 'ISSUED') total += Math.abs(s.systemAmounts[i] as number);
  return P.fromThousandths(total);
};

/** The rows of the lots due to expire by the end of `lastDay` (the agenda's days up to it), each once, in the order they were created. */
export const agendaRowsUntil = (s: LedgerState, lastDay: number): number[] => {
  const rows = new Set<number>();
  for (const day of s.agendaDays) {
    if (day > lastDay) break;
    const bucket = s.agenda.get(String(day));
    if (bucket === undefined) fail(`agenda day ${day} has no bucket`);
    for (const row of bucket.lots) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
};

// ---- Rows: writing (the fold) ----

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

const agendaAdd = (d: LedgerDraft, row: number, expiresAt: number): void => {
  const day = dayOf(expiresAt);
  const k = String(day);
  const b = d.agenda.get(k);
  if (b === undefined) {
    d.agenda = d.agenda.set(k, { day, lots: Vec.empty<number>().push(row), live: 1, owner: d.edit }, d.edit);
    d.agendaDays = insertDay(d.agendaDays, day);
  } else if (owns(b.owner, d.edit)) {
    // The fold's own bucket: changed in place, already in the map.
    const own = b as Writable<AgendaBucket>;
    own.lots = b.lots.push(row);
    own.live = b.live + 1;
  } else {
    d.agenda = d.agenda.set(k, { day, lots: b.lots.push(row), live: b.live + 1, owner: d.edit }, d.edit);
  }
};

/** A lot stopped holding points: one fewer live lot on its day; an empty day leaves the agenda. */
const agendaDead = (d: LedgerDraft, expiresAt: number): void => {
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

/** True when lot `a` comes before lot `b` in an expiring queue: earlier expiry, then older. */
const expiresBefore = (l: LotColumns, a: number, b: number): boolean => {
  const x = l.fields.get(a, LF.expiresAt);
  const y = l.fields.get(b, LF.expiresAt);
  return x < y || (x === y && a < b);
};

/** True when lot `a` comes before lot `b` in a queue: the expiring one's order, or the never-expiring one's (older first). */
const precedes = (l: LotColumns, expiring: boolean, a: number, b: number): boolean => (expiring ? expiresBefore(l, a, b) : a < b);

/** The fields of an account's queue: its first lot, its last, its size. */
const queueFields = (expiring: boolean): readonly [number, number, number] => (expiring ? expiringQueue : perpetualQueue);
const expiringQueue = [AF.expiringHead, AF.expiringTail, AF.expiringSize] as const;
const perpetualQueue = [AF.perpetualHead, AF.perpetualTail, AF.perpetualSize] as const;

/** Puts lot `row` into account `account`'s queue (expiring or not) in its place; the lot is in no queue. */
const enqueue = (d: LedgerDraft, account: number, row: number, expiring: boolean): void => {
  const a = d.accounts;
  const l = d.lots;
  const e = d.edit;
  const [headField, tailField, sizeField] = queueFields(expiring);
  const head = a.fields.get(account, headField);
  const tail = a.fields.get(account, tailField);
  let setHead = false;
  let setTail = false;
  if (head === noRow) {
    l.fields = l.fields.set(row, LF.next, noRow, e);
    setHead = setTail = true;
  } else if (precedes(l, expiring, tail, row)) {
    // Nearly always: a new lot expires after the account's others (or never), and is the newest.
    l.fields = l.fields.set(tail, LF.next, row, e).set(row, LF.next, noRow, e);
    setTail = true;
  } else {
    let prev = noRow;
    let cur = head;
    while (cur !== noRow && precedes(l, expiring, cur, row)) {
      prev = cur;
      cur = l.fields.get(cur, LF.next);
    }
    l.fields = l.fields.set(row, LF.next, cur, e);
    if (prev === noRow) setHead = true;
    else l.fields = l.fields.set(prev, LF.next, row, e);
  }
  if (setHead) a.fields = a.fields.set(account, headField, row, e);
  if (setTail) a.fields = a.fields.set(account, tailField, row, e);
  a.fields = a.fields.set(account, sizeField, a.fields.get(account, sizeField) + 1, e);
  l.fields = l.fields.set(row, LF.queued, 1, e);
};

/** Takes the emptied lots off the front of account `account`'s queue (expiring or not). */
const trimFront = (d: LedgerDraft, account: number, expiring: boolean): void => {
  const a = d.accounts;
  const l = d.lots;
  const e = d.edit;
  const [headField, tailField, sizeField] = queueFields(expiring);
  let head = a.fields.get(account, headField);
  let dropped = 0;
  while (head !== noRow && l.fields.get(head, LF.remaining) === 0) {
    l.fields = l.fields.set(head, LF.queued, 0, e);
    head = l.fields.get(head, LF.next);
    dropped++;
  }
  if (dropped === 0) return;
  a.fields = a.fields.set(account, headField, head, e);
  if (head === noRow) a.fields = a.fields.set(account, tailField, noRow, e);
  a.fields = a.fields.set(account, sizeField, a.fields.get(account, sizeField) - dropped, e);
};

/** Opens an account for a posting's reference, last in its entity's list (`first`: the entity's first account row, or `noRow`). */
const openAccount = (d: LedgerDraft, p: Posting & { entityType: EntityType }, first: number): number => {
  const a = d.accounts;
  const e = d.edit;
  const row = a.entityId.length;
  a.fields = a.fields.push([entityTypeCode(p.entityType), p.programId, categoryCode(p.pointsCategory), noRow, 0, noRow, noRow, 0, noRow, noRow, 0, Number.NaN, noBlock, 0, noBlock, 0], e);
  a.entityId = a.entityId.push(p.entityId, e);
  a.key = a.key.push(accountKey(p), e);
  if (first === noRow) d.firsts[p.entityType] = d.firsts[p.entityType].set(p.entityId, row, e);
  else {
    let last = first;
    for (let next = a.fields.get(last, AF.next); next !== noRow; next = a.fields.get(last, AF.next)) last = next;
    a.fields = a.fields.set(last, AF.next, row, e);
  }
  return row;
};

/** Creates a lot in account `account`: its row, its place in the account's queue and, if it expires, in the agenda. */
const createLot = (d: LedgerDraft, account: number, lotId: string, points: number, at: number, expiresAt: Timestamp | undefined): void => {
  const l = d.lots;
  const e = d.edit;
  const row = l.id.length;
  l.id = l.id.push(lotId, e);
  l.fields = l.fields.push([account, at, expiresAt ?? Number.NaN, points, points, Number.NaN, 0, noRow, 0], e);
  enqueue(d, account, row, expiresAt !== undefined);
  if (expiresAt !== undefined) agendaAdd(d, row, expiresAt);
};

/**
 * Applies posting `p` of `points` (thousandths) to its lot in account `account`. `known`: the lot's row
 * as the check found it (`noRow`: the posting creates it), or undefined to look it up. Returns true when
 * a lot gave points (its account's queues may need trimming).
 */
const applyLotPosting = (d: LedgerDraft, account: number, p: Posting, lotId: string, points: number, at: Timestamp, expiry: boolean, known: number | undefined): boolean => {
  let row = known;
  if (row === undefined) {
    // A debit or an expiry takes its lot from the front of the account's queues, mostly. Only a posting
    // that creates its lot names an expiry (the check refuses one on an existing lot): no lookup then.
    row = points < 0 ? lotRowAtFront(d, account, lotId, d.scratch.lastLot) : noRow;
    if (row === noRow && p.expiresAt === undefined) row = d.lotIndex.find(d.lots.id, lotId);
  }
  if (row !== noRow) d.scratch.lastLot = row;
  if (row === noRow) {
    if (points <= 0) fail(`posting creates lot ${lotId} with ${P.format(P.fromThousandths(points))} points`);
    createLot(d, account, lotId, points, at, p.expiresAt);
    return false;
  }
  const l = d.lots;
  const e = d.edit;
  if (l.fields.get(row, LF.account) !== account) fail(`lot ${lotId} belongs to account row ${l.fields.get(row, LF.account)}, not ${account}`);
  const held = l.fields.get(row, LF.remaining);
  const remaining = held + points;
  if (remaining < 0) fail(`lot ${lotId} would hold ${P.format(P.fromThousandths(remaining))} points`);
  if (remaining > l.fields.get(row, LF.original)) fail(`lot ${lotId} would hold more than its original ${P.format(P.fromThousandths(l.fields.get(row, LF.original)))}`);
  const expiresAt = l.fields.get(row, LF.expiresAt);
  const expires = !Number.isNaN(expiresAt);
  if (points < 0 && expiry) {
    l.fields = l.fields.set(row, LF.expiredAt, at, e);
    l.fields = l.fields.set(row, LF.expiredPoints, -points, e);
    const from = Math.max(expires ? expiresAt : at, l.fields.get(row, LF.createdAt));
    if (at > from) {
      const fields = d.accounts.fields;
      const count = fields.get(account, AF.windowCount);
      const block = fields.get(account, AF.windowsAt);
      const moved = d.arena.append(block, count, windowStride, from, at, -points);
      d.accounts.fields = fields.set(account, AF.windowsAt, moved, e).set(account, AF.windowCount, count + 1, e);
    }
  }
  l.fields = l.fields.set(row, LF.remaining, remaining, e);
  if (held !== 0 && remaining === 0 && expires) agendaDead(d, expiresAt);
  if (held === 0 && remaining !== 0) {
    // A restoration into a lot that had been emptied: back into its queue (unless a debit has not trimmed it yet) and the agenda.
    if (l.fields.get(row, LF.queued) === 0) enqueue(d, account, row, expires);
    if (expires) agendaAdd(d, row, expiresAt);
  }
  return points < 0;
};

const addSystem = (d: LedgerDraft, p: Posting): void => {
  const keys = d.systemKeys;
  for (let i = 0; i < keys.length; i++) {
    const x = keys[i] as SystemKey;
    if (x.entityId === p.entityId && x.programId === p.programId && x.pointsCategory === p.pointsCategory) {
      d.systemAmounts[i] = (d.systemAmounts[i] as number) + P.toThousandths(p.points);
      return;
    }
  }
  keys.push({ entityId: p.entityId as SystemAccountId, programId: p.programId, pointsCategory: p.pointsCategory });
  d.systemAmounts.push(P.toThousandths(p.points));
};

/**
 * What the check of an event found on the state the event is folded into, so that the fold does not
 * look it up again. `lots[i]` is posting i's lot row (`noRow`: the posting creates it); `wallets[i]` is
 * the first account row of posting i's entity (`noRow`: the entity has none yet). `undefined` (or a
 * missing entry): look it up.
 */
export interface Known {
  readonly lots: (number | undefined)[];
  readonly wallets: (number | undefined)[];
}

/** Above this many postings a movement indexes the accounts it touches (see `applyMovement`). */
const smallMovement = 16;

/**
 * Records the movement of event `eventId` (at `position` in the log, at time `at`) in the draft: the
 * event's meta, system balances, lots, account balances, one line per account touched, the agenda. The
 * movement was decided and checked before; here only invariants are asserted. `known`, when given, is
 * what the check of the event just found on this same state (see `Known`).
 */
export const applyMovement = (d: LedgerDraft, eventId: string, position: number, at: Timestamp, m: Movement, known?: Known): void => {
  const meta = recordMeta(d, eventId, position, at, m);
  // Entries 0..count-1 are this movement's: the arrays keep their room from one movement to the next
  // (emptying one by its length would drop its storage, and the next push would allocate it again).
  const touched = d.scratch.touched;
  const consumed = d.scratch.consumed;
  let count = 0;
  d.scratch.lastLot = noRow;
  const postings = m.postings;
  const accounts = d.accounts;
  // A movement of many postings (a day's expiry) finds the accounts it touched again by row; a small
  // one scans them, which is cheaper than building a map.
  const index = postings.length > smallMovement ? new Map<number, number>() : undefined;
  for (let i = 0; i < postings.length; i++) {
    const p = postings[i] as Posting;
    if (p.entityType === 'SYSTEM') {
      addSystem(d, p);
      continue;
    }
    const category = categoryCode(p.pointsCategory);
    const typeCode = entityTypeCode(p.entityType);
    let t = -1;
    if (index === undefined)
      for (let j = 0; j < count; j++) {
        const r = touched[j] as number;
        if (accounts.entityId.get(r) === p.entityId && accounts.fields.get(r, AF.entityType) === typeCode && isAccountOf(accounts, r, p.programId, category)) {
          t = j;
          break;
        }
      }
    if (t < 0) {
      const k = known?.wallets[i];
      // An earlier posting of this movement may have opened the entity's first account: the draft has it.
      const first = k === undefined || k === noRow ? firstAccountRow(d, p.entityType, p.entityId) : k;
      let row = accountInList(accounts, first, p.programId, p.pointsCategory);
      if (row !== noRow && index !== undefined) t = index.get(row) ?? -1;
      if (t < 0) {
        if (row === noRow) row = openAccount(d, p as Posting & { entityType: EntityType }, first);
        t = count++;
        touched[t] = row;
        consumed[t] = false;
        index?.set(row, t);
      }
    }
    const row = touched[t] as number;
    if (p.lotId === undefined) fail(`posting to ${accountKeyAt(d, row)} names no lot`);
    const points = P.toThousandths(p.points);
    if (applyLotPosting(d, row, p, p.lotId, points, at, m.expiry === true, known?.lots[i])) consumed[t] = true;
    // Through `Points`, which asserts that the sum stays exact.
    accounts.fields = accounts.fields.set(row, AF.balance, P.toThousandths(P.add(P.fromThousandths(accounts.fields.get(row, AF.balance)), p.points)), d.edit);
  }
  for (let t = 0; t < count; t++) {
    const row = touched[t] as number;
    const balance = accounts.fields.get(row, AF.balance);
    if (balance < 0 && accounts.fields.get(row, AF.category) === 0) fail(`redeemable balance of ${accountKeyAt(d, row)} is negative`);
    const block = accounts.fields.get(row, AF.linesAt);
    const lineCount = accounts.fields.get(row, AF.lineCount);
    const moved = d.arena.append(block, lineCount, lineStride, balance, meta);
    if (moved !== block) accounts.fields = accounts.fields.set(row, AF.linesAt, moved, d.edit);
    accounts.fields = accounts.fields.set(row, AF.lineCount, lineCount + 1, d.edit).set(row, AF.lastAt, at, d.edit);
    if (consumed[t] === true) {
      trimFront(d, row, true);
      trimFront(d, row, false);
    }
  }
};
