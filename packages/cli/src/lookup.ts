/**
 * What the history queries of `pointfold` share: reading their options (`TYPE:VALUE` identifiers, dates,
 * program ids) before the file is read, folding the file with replay's fold (a progress bar on a
 * terminal, a bad history refused as `FILE:LINE: reason` with exit status 2), finding the customers and
 * groups the options name in the folded state, and printing aligned tables. Bad input of any kind prints
 * nothing on stdout, one line on stderr, and exits with 2, as `replay` does.
 */
import * as E from 'fp-ts/Either';
import {
  Customer,
  CustomerIdentifierType,
  EntityRef,
  OrgState,
  Timestamp,
  customerIdentifierTypes,
  findCustomer,
  parseTimestamp,
  programOf,
} from '@pointfold/core';
import { Group, groupByExternalId, groupOf } from '@pointfold/groups';
import { printable } from './store/history';
import { ReplayIo, displayWidth } from './replay';
import { exitBadInput } from './exit-codes';

/** The identifier types of `--group`. */
export type GroupIdentifierType = 'id' | 'externalId';
export const groupIdentifierTypes: readonly GroupIdentifierType[] = ['id', 'externalId'];

/** A `--customer` or `--group` option, read. */
export type EntityOption =
  | { readonly kind: 'CUSTOMER'; readonly type: CustomerIdentifierType; readonly value: string; readonly text: string }
  | { readonly kind: 'USERGROUP2'; readonly type: GroupIdentifierType; readonly value: string; readonly text: string };

/** An option of a query that could not be read: the sentence `pointfold CMD: ...` will print. */
export interface OptionError {
  readonly _tag: 'OptionError';
  readonly message: string;
}

export const optionError = (message: string): OptionError => ({ _tag: 'OptionError', message });

/**
 * Reads `TYPE:VALUE` (split at the first colon, so a value may hold colons).
 * @example readEntityOption('customer', 'mobile:919740010000') // right({kind: 'CUSTOMER', type: 'mobile', value: '919740010000', ...})
 */
export const readEntityOption = (option: 'customer' | 'group', text: string): E.Either<OptionError, EntityOption> => {
  const types: readonly string[] = option === 'customer' ? customerIdentifierTypes : groupIdentifierTypes;
  const colon = text.indexOf(':');
  const type = colon < 0 ? '' : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1);
  if (!types.includes(type) || value.length === 0)
    return E.left(optionError(`invalid --${option} ${JSON.stringify(text)}: expected TYPE:VALUE with TYPE one of ${types.join(', ')}`));
  return E.right(
    option === 'customer'
      ? { kind: 'CUSTOMER', type: type as CustomerIdentifierType, value, text }
      : { kind: 'USERGROUP2', type: type as GroupIdentifierType, value, text },
  );
};

/** Reads an ISO-8601 date-time option (without a zone: UTC; a date alone: its midnight UTC). */
export const readTimeOption = (option: string, text: string): E.Either<OptionError, Timestamp> => {
  const r = parseTimestamp(text.trim());
  return E.isLeft(r) ? E.left(optionError(`invalid --${option}: ${r.left}`)) : E.right(r.right);
};

/** Reads a program id option: a positive integer. */
export const readProgramOption = (text: string): E.Either<OptionError, number> =>
  /^[1-9][0-9]{0,15}$/.test(text.trim()) && Number.isSafeInteger(Number(text.trim()))
    ? E.right(Number(text.trim()))
    : E.left(optionError(`invalid --program ${JSON.stringify(text)}: expected a positive integer program id`));

/** A customer or group found in the state, with what a table shows of it. */
export interface FoundEntity {
  readonly ref: EntityRef;
  /** `Asha Sawyer`, `FLEET, external id x1`: what a person recognises. */
  readonly label: string;
}

const customerLabel = (c: Customer): string => {
  const name = [c.firstName, c.lastName].filter((x) => x !== undefined && x !== '').join(' ');
  const status = c.status === 'ACTIVE' ? '' : `${c.status}${c.mergedInto === undefined ? '' : ` into ${c.mergedInto}`}`;
  return [name, status].filter((x) => x !== '').join(', ');
};

const groupLabel = (g: Group): string => [g.groupType, g.externalId === undefined ? '' : `external id ${g.externalId}`, `primary user ${g.primaryUserId}`].filter((x) => x !== '').join(', ');

/** The customer or group an option names in a state, or the sentence saying none does. */
export const findEntity = (s: OrgState, o: EntityOption): E.Either<OptionError, FoundEntity> => {
  if (o.kind === 'CUSTOMER') {
    const c = findCustomer(s.org, o.type, o.value);
    return c === undefined
      ? E.left(optionError(`--customer ${o.text}: no customer has ${o.type} ${JSON.stringify(o.value)} in the history`))
      : E.right({ ref: { type: 'CUSTOMER', id: c.customerId }, label: customerLabel(c) });
  }
  const g = o.type === 'id' ? groupOf(s, o.value) : groupByExternalId(s, o.value);
  return g === undefined
    ? E.left(optionError(`--group ${o.text}: no group has ${o.type} ${JSON.stringify(o.value)} in the history`))
    : E.right({ ref: { type: 'USERGROUP2', id: g.groupId }, label: groupLabel(g) });
};

/** A program option that names no program of the history is bad input (a typo, most likely). */
export const checkProgram = (s: OrgState, programId: number | undefined): E.Either<OptionError, void> =>
  programId === undefined || programOf(s.org, programId) !== undefined ? E.right(undefined) : E.left(optionError(`--program ${programId}: no such program in the history`));

/** Prints an option error as `pointfold CMD: ...` on stderr; the exit status of bad input. */
export const reportOptionError = (io: ReplayIo, command: string, e: OptionError): number => {
  io.err(`pointfold ${command}: ${printable(e.message)}\n`);
  return exitBadInput;
};

/** A column of a table: its header, and whether its cells are right-aligned (numbers). */
export interface Column {
  readonly header: string;
  readonly right?: boolean;
}

/**
 * An aligned table (terminal columns, wide characters counted twice), two spaces between columns.
 * Cells are printed as given: escape untrusted text with `printable` first.
 */
export const formatTable = (columns: readonly Column[], rows: readonly (readonly string[])[]): string => {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c)));
        return columns[i]?.right === true ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
};

/** `1 entry`, `2 entries`: a count and its noun. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
