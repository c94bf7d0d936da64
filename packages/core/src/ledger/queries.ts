/**
 * The ledger queries of seed 004: closing balances per program and category at a date
 * (`getCustomerLedgerBalance`), and ledger entries per event in a window (`getCustomerLedgerInfo`).
 * They answer from folded state only: balances by binary search in each account's lines, entries
 * from the lines inside the window. Shapes follow the seed; amounts are `"0.000"` texts.
 */
import * as E from 'fp-ts/Either';
import * as P from '../points/points';
import { Timestamp, addDays, formatSeedDateTime, formatTimestamp, timestampMax, timestampMin } from '../time/timestamp';
import { DomainError, domainError } from '../errors';
import { ledgerPageSizeMax, ledgerWindowDaysDefault, ledgerWindowDaysMax } from '../limits';
import { OrgData, programOf } from '../org/state';
import { AccountRef, EntityRef, PointCategoryType, PointsCategory, categoryTypeOf, compareAccounts, pointsCategories } from './accounts';
import { accountBalanceAt, pendingExpiryAt } from './balances';
import { AccountState, LedgerState, accountOfEntity, accountsOfEntity, entitiesOf } from './state';
import { LedgerLine } from './lines';

/** The `ledgerEntryType` filter of seed 004. */
export type LedgerEntryType = 'CREDIT' | 'DEBIT' | 'OPENING_BALANCE';

/** Paging of seed 004: `limit` rows a page (1..10, default 10), page number `offset` (default 0). */
export interface Paging {
  readonly limit?: number;
  readonly offset?: number;
}

/** Filters common to both queries. */
export interface LedgerFilters extends Paging {
  readonly programId?: number;
  /** Only entries made at this till (its code). */
  readonly tillId?: string;
  readonly ledgerEntryType?: LedgerEntryType;
  readonly pointCategoryType?: PointCategoryType;
}

export interface LedgerBalanceQuery extends LedgerFilters {
  readonly entity: EntityRef;
  /** The date of the closing balances (inclusive). */
  readonly endDate: Timestamp;
}

export interface LedgerInfoQuery extends LedgerFilters {
  readonly entity: EntityRef;
  readonly startDate?: Timestamp;
  readonly endDate?: Timestamp;
  /** The current time: the window's end when neither date is given. */
  readonly now: Timestamp;
}

export interface PageDetails {
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly totalEntries: number;
  readonly pageCount: number;
}

/** One row of `ledgerClosingBalance`. */
export interface ClosingBalanceRow {
  readonly pointsCategory: PointsCategory;
  readonly programName: string;
  readonly programId: number;
  readonly closingBalance: string;
}

export interface LedgerBalanceAnswer {
  readonly entity: EntityRef;
  readonly ledgerDetails: PageDetails & { readonly ledgerClosingBalance: readonly ClosingBalanceRow[] };
}

/** One line of `entryDetails`. */
export interface EntryDetail {
  readonly ledgerEntryType: LedgerEntryType;
  readonly points: string;
  readonly pointsCategory: PointsCategory;
  readonly programName: string;
  readonly programId: number;
}

/** One event of `ledgerEntries`. */
export interface LedgerEntry {
  readonly eventLogId: string;
  readonly eventName: string;
  readonly ledgerCreatedDate: string;
  readonly entryDetails: readonly EntryDetail[];
  readonly netPointsOnEvent: string;
  readonly transactionDetails?: { readonly transactionId?: string; readonly transactionNumber?: string };
  readonly store?: string;
  readonly storeCode?: string;
  readonly tillCode?: string;
}

export interface LedgerInfoAnswer {
  readonly entity: EntityRef;
  readonly startDate: Timestamp;
  readonly endDate: Timestamp;
  readonly ledgerDetails: PageDetails;
  readonly ledgerEntries: readonly LedgerEntry[];
}

/** Refusals of the ledger queries (no seed code: Pointfold's own, docs/error-codes.md). */
export const invalidPaging = (detail: string): DomainError => domainError(9913, `invalid paging: ${detail}`);
export const invalidWindow = (detail: string): DomainError => domainError(9914, `invalid date window: ${detail}`);

const page = <A>(rows: readonly A[], p: Paging): E.Either<DomainError, { rows: readonly A[]; details: PageDetails }> => {
  const limit = p.limit ?? ledgerPageSizeMax;
  const offset = p.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > ledgerPageSizeMax)
    return E.left(invalidPaging(`limit must be 1 to ${ledgerPageSizeMax}, got ${limit}`));
  if (!Number.isSafeInteger(offset) || offset < 0) return E.left(invalidPaging(`offset must be a page number from 0, got ${offset}`));
  return E.right({
    rows: rows.slice(offset * limit, (offset + 1) * limit),
    details: { pageNumber: offset, pageSize: limit, totalEntries: rows.length, pageCount: Math.ceil(rows.length / limit) },
  });
};

const categoryRank = (c: PointsCategory): number => pointsCategories.indexOf(c);

const selectedAccounts = (s: LedgerState, entity: EntityRef, f: LedgerFilters): AccountState[] =>
  [...accountsOfEntity(s, entity.type, entity.id)]
    .filter((a) => (f.programId === undefined || a.programId === f.programId) && (f.pointCategoryType === undefined || categoryTypeOf(a.pointsCategory) === f.pointCategoryType))
    .sort((a, b) => a.programId - b.programId || categoryRank(a.pointsCategory) - categoryRank(b.pointsCategory));

const programName = (o: OrgData, programId: number): string => programOf(o, programId)?.name ?? '';

const lineCounts = (l: LedgerLine, f: LedgerFilters): boolean => f.tillId === undefined || l.event.till?.code === f.tillId;

/**
 * The balance of an account at `at` under the filters (a till or an entry type sums the lines it keeps).
 * Without a till, the debits by `at` include the points that had expired by then and whose expiry was
 * recorded later (or not yet): an expiry is a debit from the lot's `expiresAt` on, as the balance counts
 * it, so credits less debits is the balance (decision 113). Expiries have no till: a till's sums never
 * count them.
 */
const filteredBalanceAt = (s: LedgerState, a: AccountState, at: Timestamp, f: LedgerFilters): P.Points => {
  const plain = f.tillId === undefined && (f.ledgerEntryType === undefined || f.ledgerEntryType === 'OPENING_BALANCE');
  if (plain) return accountBalanceAt(a, at);
  let sum = P.zero;
  const lines = a.lines;
  for (const l of lines.slice(0, lines.countUntil(at))) {
    if (!lineCounts(l, f)) continue;
    if (f.ledgerEntryType === 'CREDIT' && P.isPositive(l.delta)) sum = P.add(sum, l.delta);
    else if (f.ledgerEntryType === 'DEBIT' && P.isNegative(l.delta)) sum = P.add(sum, P.abs(l.delta));
    else if (f.ledgerEntryType === undefined || f.ledgerEntryType === 'OPENING_BALANCE') sum = P.add(sum, l.delta);
  }
  return f.ledgerEntryType === 'DEBIT' && f.tillId === undefined ? P.add(sum, pendingExpiryAt(a, at)) : sum;
};

/**
 * Closing balances of an entity per program and category at `endDate` (seed 004
 * getCustomerLedgerBalance). One row per account the entity ever had, in program then category
 * order; `ledgerEntryType` CREDIT or DEBIT sums only credits or debits, `tillId` only that till's entries.
 */
export const getCustomerLedgerBalance = (
  s: { readonly ledger: LedgerState; readonly org: OrgData },
  q: LedgerBalanceQuery,
): E.Either<DomainError, LedgerBalanceAnswer> => {
  const rows = selectedAccounts(s.ledger, q.entity, q).map(
    (a): ClosingBalanceRow => ({
      pointsCategory: a.pointsCategory,
      programName: programName(s.org, a.programId),
      programId: a.programId,
      closingBalance: P.format(filteredBalanceAt(s.ledger, a, q.endDate, q)),
    }),
  );
  return E.map(({ rows: pageRows, details }: { rows: readonly ClosingBalanceRow[]; details: PageDetails }) => ({
    entity: q.entity,
    ledgerDetails: { ...details, ledgerClosingBalance: pageRows },
  }))(page(rows, q));
};

/**
 * The default end of a ledger query given only its start: start + 7 days (seed 004), kept within year 9999
 * (the times Pointfold can write).
 * @example defaultEndDate(ts('2026-03-01T00:00:00Z')) // 2026-03-08T00:00:00Z
 */
export const defaultEndDate = (startDate: Timestamp): Timestamp => Math.min(addDays(startDate, ledgerWindowDaysDefault), timestampMax) as Timestamp;

/**
 * The window of a ledger-info query: end defaults to start + 7 days, start to end - 7 days, end to now.
 * A default is kept within years 0000 to 9999 (the times Pointfold can write).
 */
export const ledgerWindow = (q: LedgerInfoQuery): E.Either<DomainError, { start: Timestamp; end: Timestamp }> => {
  const end = q.endDate ?? (q.startDate === undefined ? q.now : defaultEndDate(q.startDate));
  const start = q.startDate ?? (Math.max(addDays(end, -ledgerWindowDaysDefault), timestampMin) as Timestamp);
  if (start > end) return E.left(invalidWindow(`startDate ${formatTimestamp(start)} is after endDate ${formatTimestamp(end)}`));
  if (end - start > ledgerWindowDaysMax * 86_400_000)
    return E.left(invalidWindow(`startDate and endDate are more than ${ledgerWindowDaysMax} days apart`));
  return E.right({ start, end });
};

interface Gathered {
  readonly line: LedgerLine;
  readonly account: AccountState;
}

/** Lines of the selected accounts with start <= at <= end, by event. */
const linesInWindow = (accounts: readonly AccountState[], start: Timestamp, end: Timestamp): Map<string, Gathered[]> => {
  const byEvent = new Map<string, Gathered[]>();
  for (const a of accounts) {
    const lines = a.lines;
    for (const line of lines.slice(lines.countBefore(start), lines.countUntil(end))) {
      const list = byEvent.get(line.event.eventId);
      if (list === undefined) byEvent.set(line.event.eventId, [{ line, account: a }]);
      else list.push({ line, account: a });
    }
  }
  return byEvent;
};

/** The seed's `ledgerCreatedDate` form: `2022-02-14 18:30:59.0` (fraction without trailing zeros). */
const seedCreatedDate = (t: Timestamp): string => {
  const ms = ((t % 1000) + 1000) % 1000;
  return `${formatSeedDateTime(t)}.${ms === 0 ? '0' : String(ms).padStart(3, '0').replace(/0+$/, '')}`;
};

const entryOf = (o: OrgData, group: readonly Gathered[], f: LedgerFilters): LedgerEntry | undefined => {
  const first = group[0];
  if (first === undefined) return undefined;
  const meta = first.line.event;
  const details: EntryDetail[] = [];
  let net = P.zero;
  for (const { line, account } of group) {
    const type: LedgerEntryType = P.isNegative(line.delta) ? 'DEBIT' : 'CREDIT';
    if (f.ledgerEntryType !== undefined && f.ledgerEntryType !== type) continue;
    details.push({
      ledgerEntryType: type,
      points: P.format(P.abs(line.delta)),
      pointsCategory: account.pointsCategory,
      programName: programName(o, account.programId),
      programId: account.programId,
    });
    net = P.add(net, line.delta);
  }
  if (details.length === 0) return undefined;
  const t = meta.transaction;
  return {
    eventLogId: meta.eventId,
    eventName: meta.eventName,
    ledgerCreatedDate: seedCreatedDate(meta.at),
    entryDetails: details,
    netPointsOnEvent: P.format(net),
    ...(t === undefined ? {} : { transactionDetails: { ...(t.id === undefined ? {} : { transactionId: t.id }), ...(t.number === undefined ? {} : { transactionNumber: t.number }) } }),
    ...(meta.till?.storeName === undefined ? {} : { store: meta.till.storeName }),
    ...(meta.till?.storeCode === undefined ? {} : { storeCode: meta.till.storeCode }),
    ...(meta.till === undefined ? {} : { tillCode: meta.till.code }),
  };
};

/**
 * Opening balances at the window's start (the `OPENING_BALANCE` entry type): one entry per account.
 * With a `tillId`, an account's opening is the sum of that till's entries before the window, as
 * getCustomerLedgerBalance sums them.
 */
const openingEntries = (s: { readonly ledger: LedgerState; readonly org: OrgData }, accounts: readonly AccountState[], start: Timestamp, f: LedgerFilters): LedgerEntry[] =>
  accounts.map((a) => {
    const before = filteredBalanceAt(s.ledger, a, (start - 1) as Timestamp, { ...(f.tillId === undefined ? {} : { tillId: f.tillId }), ledgerEntryType: 'OPENING_BALANCE' });
    return {
      eventLogId: `opening:${a.key}`,
      eventName: 'OpeningBalance',
      ledgerCreatedDate: seedCreatedDate(start),
      entryDetails: [
        { ledgerEntryType: 'OPENING_BALANCE', points: P.format(before), pointsCategory: a.pointsCategory, programName: programName(s.org, a.programId), programId: a.programId },
      ],
      netPointsOnEvent: P.format(before),
    };
  });

/**
 * Ledger entries of an entity per event in a window of at most 30 days (seed 004
 * getCustomerLedgerInfo), oldest first. Each entry lists the entity's credits and debits of that
 * event per program and category, its net, and the transaction, store and till it came from.
 * With `paging: false` every entry is returned on one page (the CLI pages its output itself).
 */
export const getCustomerLedgerInfo = (
  s: { readonly ledger: LedgerState; readonly org: OrgData },
  q: LedgerInfoQuery,
  options: { readonly paging?: boolean } = {},
): E.Either<DomainError, LedgerInfoAnswer> => {
  const w = ledgerWindow(q);
  if (E.isLeft(w)) return w;
  const { start, end } = w.right;
  const accounts = selectedAccounts(s.ledger, q.entity, q);
  let entries: LedgerEntry[];
  if (q.ledgerEntryType === 'OPENING_BALANCE') entries = openingEntries(s, accounts, start, q);
  else {
    const groups = [...linesInWindow(accounts, start, end).values()]
      .map((g) => g.filter((x) => lineCounts(x.line, q)))
      .filter((g) => g.length > 0)
      .sort((a, b) => (a[0] as Gathered).line.event.position - (b[0] as Gathered).line.event.position);
    entries = [];
    for (const g of groups) {
      g.sort((x, y) => compareAccounts(x.account, y.account));
      const entry = entryOf(s.org, g, q);
      if (entry !== undefined) entries.push(entry);
    }
  }
  if (options.paging === false) {
    return E.right({
      entity: q.entity,
      startDate: start,
      endDate: end,
      ledgerDetails: { pageNumber: 0, pageSize: entries.length, totalEntries: entries.length, pageCount: entries.length === 0 ? 0 : 1 },
      ledgerEntries: entries,
    });
  }
  return E.map(({ rows, details }: { rows: readonly LedgerEntry[]; details: PageDetails }) => ({
    entity: q.entity,
    startDate: start,
    endDate: end,
    ledgerDetails: details,
    ledgerEntries: rows,
  }))(page(entries, q));
};

/** One row of `pointfold replay --json`. */
export interface ClosingBalance extends AccountRef {
  readonly closingBalance: P.Points;
}

/**
 * The closing balance at `at` of every customer and group account that ever had a posting, sorted by
 * entity type, entity id, program and category (CONTRACT §2).
 */
export const closingBalances = (s: LedgerState, at: Timestamp): ClosingBalance[] => {
  const out: ClosingBalance[] = [];
  const accounts: AccountState[] = [];
  // The order of compareAccounts, sorting entities rather than accounts: a few accounts per entity. The
  // ids are sorted natively (by UTF-16 code units, as compareAccounts compares them), not by a comparator.
  for (const type of walletTypesInOrder) {
    const ids = Array.from(entitiesOf(s, type), entityIdOf).sort();
    for (const id of ids) {
      accounts.length = 0;
      for (let a = accountOfEntity(s, type, id); a !== undefined; a = a.next) accounts.push(a);
      if (accounts.length > 1) accounts.sort(compareAccounts);
      for (const a of accounts) {
        out.push({ entityType: a.entityType, entityId: a.entityId, programId: a.programId, pointsCategory: a.pointsCategory, closingBalance: accountBalanceAt(a, at) });
      }
    }
  }
  return out;
};

const entityIdOf = ([id]: readonly [string, number]): string => id;

const walletTypesInOrder = (['CUSTOMER', 'USERGROUP2'] as const).slice().sort();

