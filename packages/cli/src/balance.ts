/**
 * `pointfold balance FILE --customer TYPE:VALUE [--group TYPE:VALUE] [--program ID] [--at ISO] [--json]`:
 * the closing balances of a customer (and of a group's wallet) per program and category at a date, as
 * the core's `getCustomerLedgerBalance` answers them (seed 004), every row: the query answers ten rows
 * a page, and the command reads every page.
 */
import * as E from 'fp-ts/Either';
import { ClosingBalanceRow, Engine, EntityRef, OrgState, Timestamp, formatTimestamp, getCustomerLedgerBalance } from '@pointfold/core';
import { ReplayIo, foldForCommand } from './replay';
import { printable } from './store/history';
import { exitOk } from './exit-codes';
import { EntityOption, FoundEntity, OptionError, checkProgram, count, findEntity, formatTable, optionError, readEntityOption, readProgramOption, readTimeOption, reportOptionError } from './lookup';

/** Options of the balance command, as given on the command line. */
export interface BalanceOptions {
  /** `TYPE:VALUE`: id, mobile, email, externalId or cardnumber. */
  readonly customer?: string;
  /** `TYPE:VALUE`: id or externalId. */
  readonly group?: string;
  readonly program?: string;
  /** The date of the balances (default: the last event's time). */
  readonly at?: string;
  readonly json?: boolean;
}

/** The balances of one customer or group. */
export interface EntityBalances {
  readonly entity: FoundEntity;
  /** The query's rows, every page, in its order (program, then category). */
  readonly rows: readonly ClosingBalanceRow[];
}

/** What the balance command prints. */
export interface BalanceReport {
  readonly eventsRead: number;
  readonly at: Timestamp;
  readonly entities: readonly EntityBalances[];
}

/** The `--json` document: the query's rows, per entity, with the contract's key order. */
export interface BalanceJson {
  readonly eventsRead: number;
  readonly at: string;
  readonly entities: readonly { readonly entityType: string; readonly entityId: string; readonly ledgerClosingBalance: readonly ClosingBalanceRow[] }[];
}

/**
 * Every row of `getCustomerLedgerBalance` for an entity at `at`, reading page after page.
 * @example closingBalanceRows(state, { type: 'CUSTOMER', id: '502522200' }, at) // [{pointsCategory, programName, programId, closingBalance}]
 */
export const closingBalanceRows = (s: OrgState, entity: EntityRef, at: Timestamp, programId?: number): ClosingBalanceRow[] => {
  const rows: ClosingBalanceRow[] = [];
  for (let offset = 0; ; offset++) {
    const page = getCustomerLedgerBalance(s, { entity, endDate: at, offset, ...(programId === undefined ? {} : { programId }) });
    // The command pages within the query's limits: a refusal here is a bug.
    if (E.isLeft(page)) throw new Error(`getCustomerLedgerBalance refused page ${offset}: ${page.left.code} ${page.left.message}`);
    rows.push(...page.right.ledgerDetails.ledgerClosingBalance);
    if (offset + 1 >= page.right.ledgerDetails.pageCount) return rows;
  }
};

/** The `--json` form of a report. */
export const balanceJson = (r: BalanceReport): BalanceJson => ({
  eventsRead: r.eventsRead,
  at: formatTimestamp(r.at),
  entities: r.entities.map((e) => ({ entityType: e.entity.ref.type, entityId: e.entity.ref.id, ledgerClosingBalance: e.rows })),
});

/** The heading of an entity's section: `CUSTOMER 502522200 (Asha Sawyer)`. */
export const entityHeading = (e: FoundEntity): string => `${e.ref.type} ${printable(e.ref.id)}${e.label === '' ? '' : ` (${printable(e.label)})`}`;

/** The readable form of a report: a table per entity and a summary line. */
export const formatBalanceTable = (r: BalanceReport): string => {
  const sections = r.entities.map((e) => {
    const table =
      e.rows.length === 0
        ? '(no points ever)'
        : formatTable(
            [{ header: 'PROGRAM', right: true }, { header: 'PROGRAM NAME' }, { header: 'CATEGORY' }, { header: 'CLOSING BALANCE', right: true }],
            e.rows.map((row) => [String(row.programId), printable(row.programName), row.pointsCategory, row.closingBalance]),
          );
    return `${entityHeading(e.entity)}\n${table}\n`;
  });
  const rows = r.entities.reduce((n, e) => n + e.rows.length, 0);
  return `${sections.join('\n')}\n${count(r.eventsRead, 'event')} read; ${count(rows, 'closing balance')} at ${formatTimestamp(r.at)}.\n`;
};

/** The entity options of a query: `--customer` and `--group`, at least one. */
export const readEntityOptions = (o: { readonly customer?: string; readonly group?: string }): E.Either<OptionError, EntityOption[]> => {
  const out: EntityOption[] = [];
  if (o.customer !== undefined) {
    const c = readEntityOption('customer', o.customer);
    if (E.isLeft(c)) return c;
    out.push(c.right);
  }
  if (o.group !== undefined) {
    const g = readEntityOption('group', o.group);
    if (E.isLeft(g)) return g;
    out.push(g.right);
  }
  return out.length === 0 ? E.left(optionError('name a customer (--customer TYPE:VALUE) or a group (--group TYPE:VALUE)')) : E.right(out);
};

/** The entities the options name in a state (the first that names nothing is an error). */
export const findEntities = (s: OrgState, options: readonly EntityOption[]): E.Either<OptionError, FoundEntity[]> => {
  const out: FoundEntity[] = [];
  for (const o of options) {
    const found = findEntity(s, o);
    if (E.isLeft(found)) return found;
    out.push(found.right);
  }
  return E.right(out);
};

/**
 * Runs `pointfold balance`: reads the options, folds the file, prints the balances (stdout) or what is
 * wrong (stderr). Returns the exit status: 0, or 2 for bad input of any kind.
 * @example process.exitCode = await runBalance('history.jsonl', { customer: 'mobile:919740010000', json: true }, io, createPointfoldEngine());
 */
export const runBalance = async (file: string, options: BalanceOptions, io: ReplayIo, engine: Engine): Promise<number> => {
  const entities = readEntityOptions(options);
  if (E.isLeft(entities)) return reportOptionError(io, 'balance', entities.left);
  const program = options.program === undefined ? E.right(undefined) : readProgramOption(options.program);
  if (E.isLeft(program)) return reportOptionError(io, 'balance', program.left);
  const at = options.at === undefined ? E.right(undefined) : readTimeOption('at', options.at);
  if (E.isLeft(at)) return reportOptionError(io, 'balance', at.left);
  const folded = await foldForCommand(file, io, engine);
  if (E.isLeft(folded)) return folded.left;
  const s = folded.right.state;
  const found = findEntities(s, entities.right);
  if (E.isLeft(found)) return reportOptionError(io, 'balance', found.left);
  const known = checkProgram(s, program.right);
  if (E.isLeft(known)) return reportOptionError(io, 'balance', known.left);
  // Every named entity exists, so the history has a last event.
  const when = at.right ?? (s.lastAt as Timestamp);
  const report: BalanceReport = {
    eventsRead: folded.right.eventsRead,
    at: when,
    entities: found.right.map((entity) => ({ entity, rows: closingBalanceRows(s, entity.ref, when, program.right) })),
  };
  io.out(options.json === true ? `${JSON.stringify(balanceJson(report))}\n` : formatBalanceTable(report));
  return exitOk;
};
