/**
 * `pointfold entries FILE --customer TYPE:VALUE --from ISO --to ISO [--json]`: the ledger entries of a
 * customer (or a group's wallet) per event in a window, as the core's `getCustomerLedgerInfo` answers
 * them (seed 004), without its page limit (`paging: false`). The window may be as long as the user
 * likes: the query's 30 days are cut into consecutive windows of at most 30 days, whose answers follow
 * each other in log order (docs/decisions.md, "Testing kit and CLI queries").
 */
import * as E from 'fp-ts/Either';
import { Engine, EntityRef, LedgerEntry, OrgState, Timestamp, accountsOfEntity, formatTimestamp, getCustomerLedgerInfo, limits } from '@pointfold/core';
import { ReplayIo, foldForCommand } from './replay';
import { printable } from './store/history';
import { exitOk } from './exit-codes';
import { entityHeading, findEntities, readEntityOptions } from './balance';
import { FoundEntity, count, formatTable, optionError, readTimeOption, reportOptionError } from './lookup';

/** Options of the entries command, as given on the command line. */
export interface EntriesOptions {
  readonly customer?: string;
  readonly group?: string;
  /** The window's first instant (inclusive). */
  readonly from?: string;
  /** The window's last instant (inclusive). */
  readonly to?: string;
  readonly json?: boolean;
}

/** The entries of one customer or group. */
export interface EntityEntries {
  readonly entity: FoundEntity;
  readonly entries: readonly LedgerEntry[];
}

/** What the entries command prints. */
export interface EntriesReport {
  readonly eventsRead: number;
  readonly from: Timestamp;
  readonly to: Timestamp;
  readonly entities: readonly EntityEntries[];
}

/** The `--json` document: the query's entries, per entity. */
export interface EntriesJson {
  readonly eventsRead: number;
  readonly from: string;
  readonly to: string;
  readonly entities: readonly { readonly entityType: string; readonly entityId: string; readonly ledgerEntries: readonly LedgerEntry[] }[];
}

const windowMillisMax = limits.ledgerWindowDaysMax * 86_400_000;

/**
 * The windows of at most `ledgerWindowDaysMax` days that cover `[from, to]` (both inclusive) one after
 * the other: each starts a millisecond after the previous one ends, so every event falls in one.
 */
export const windowsOf = (from: Timestamp, to: Timestamp): { start: Timestamp; end: Timestamp }[] => {
  const out: { start: Timestamp; end: Timestamp }[] = [];
  for (let start = from as number; start <= to; ) {
    const end = Math.min(start + windowMillisMax, to);
    out.push({ start: start as Timestamp, end: end as Timestamp });
    start = end + 1;
  }
  return out;
};

/**
 * The ledger entries of an entity from `from` to `to` (inclusive), oldest first: `getCustomerLedgerInfo`
 * with `paging: false`, window after window of at most 30 days.
 */
export const ledgerEntriesOf = (s: OrgState, entity: EntityRef, from: Timestamp, to: Timestamp): LedgerEntry[] => {
  // No entry lies outside the entity's first and last lines: a window of centuries costs no more than its lines.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const a of accountsOfEntity(s.ledger, entity.type, entity.id)) {
    const lines = a.lines;
    const n = lines.length;
    if (n === 0) continue;
    first = Math.min(first, lines.timeAt(0));
    last = Math.max(last, lines.timeAt(n - 1));
  }
  const start = Math.max(from, first);
  const end = Math.min(to, last);
  if (start > end) return [];
  return windowsOf(start as Timestamp, end as Timestamp).flatMap(({ start, end }) => {
    const r = getCustomerLedgerInfo(s, { entity, startDate: start, endDate: end, now: end }, { paging: false });
    // Each window is within the query's limits: a refusal here is a bug.
    if (E.isLeft(r)) throw new Error(`getCustomerLedgerInfo refused ${formatTimestamp(start)}..${formatTimestamp(end)}: ${r.left.code} ${r.left.message}`);
    return r.right.ledgerEntries;
  });
};

/** The `--json` form of a report. */
export const entriesJson = (r: EntriesReport): EntriesJson => ({
  eventsRead: r.eventsRead,
  from: formatTimestamp(r.from),
  to: formatTimestamp(r.to),
  entities: r.entities.map((e) => ({ entityType: e.entity.ref.type, entityId: e.entity.ref.id, ledgerEntries: e.entries })),
});

/** The readable form: per entity, one line per entry detail (the event's columns on its first line). */
export const formatEntriesTable = (r: EntriesReport): string => {
  const sections = r.entities.map((e) => {
    const rows = e.entries.flatMap((entry) =>
      entry.entryDetails.map((d, i) => [
        i === 0 ? entry.ledgerCreatedDate : '',
        i === 0 ? printable(entry.eventLogId) : '',
        i === 0 ? printable(entry.eventName) : '',
        String(d.programId),
        d.pointsCategory,
        d.ledgerEntryType,
        d.points,
        i === 0 ? entry.netPointsOnEvent : '',
        i === 0 ? printable(entry.transactionDetails?.transactionNumber ?? entry.tillCode ?? '') : '',
      ]),
    );
    const table =
      rows.length === 0
        ? '(no entries in the window)'
        : formatTable(
            [
              { header: 'DATE' },
              { header: 'EVENT' },
              { header: 'NAME' },
              { header: 'PROGRAM', right: true },
              { header: 'CATEGORY' },
              { header: 'TYPE' },
              { header: 'POINTS', right: true },
              { header: 'NET', right: true },
              { header: 'TRANSACTION/TILL' },
            ],
            rows,
          );
    return `${entityHeading(e.entity)}: ${count(e.entries.length, 'entry', 'entries')}\n${table}\n`;
  });
  return `${sections.join('\n')}\n${count(r.eventsRead, 'event')} read; entries from ${formatTimestamp(r.from)} to ${formatTimestamp(r.to)}.\n`;
};

/**
 * Runs `pointfold entries`. Returns the exit status: 0, or 2 for bad input of any kind.
 * @example process.exitCode = await runEntries('history.jsonl', { customer: 'id:502522200', from: '2026-01-01', to: '2026-03-31T23:59:59Z' }, io, engine);
 */
export const runEntries = async (file: string, options: EntriesOptions, io: ReplayIo, engine: Engine): Promise<number> => {
  const entities = readEntityOptions(options);
  if (E.isLeft(entities)) return reportOptionError(io, 'entries', entities.left);
  if (options.from === undefined || options.to === undefined) return reportOptionError(io, 'entries', optionError('give the window: --from ISO --to ISO'));
  const from = readTimeOption('from', options.from);
  if (E.isLeft(from)) return reportOptionError(io, 'entries', from.left);
  const to = readTimeOption('to', options.to);
  if (E.isLeft(to)) return reportOptionError(io, 'entries', to.left);
  if (from.right > to.right) return reportOptionError(io, 'entries', optionError(`--from ${formatTimestamp(from.right)} is after --to ${formatTimestamp(to.right)}`));
  const folded = await foldForCommand(file, io, engine);
  if (E.isLeft(folded)) return folded.left;
  const s = folded.right.state;
  const found = findEntities(s, entities.right);
  if (E.isLeft(found)) return reportOptionError(io, 'entries', found.left);
  const report: EntriesReport = {
    eventsRead: folded.right.eventsRead,
    from: from.right,
    to: to.right,
    entities: found.right.map((entity) => ({ entity, entries: ledgerEntriesOf(s, entity.ref, from.right, to.right) })),
  };
  io.out(options.json === true ? `${JSON.stringify(entriesJson(report))}\n` : formatEntriesTable(report));
  return exitOk;
};
