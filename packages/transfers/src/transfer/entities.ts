/**
 * Reading the parties of a transfer request: the payload's entity objects (seed 003's `fromEntity`,
 * `toEntity`, `transferredBy`; seed 004's `fromCustomerIdentifier`, `toCustomerIdentifier`) checked as
 * values (1206, 1207, 1208, 434), then resolved against the state to a customer or a group (8015,
 * 419, 1206, 1645). Kept apart from `decide.ts` so that the history query reads entities the same way.
 */
import * as E from 'fp-ts/Either';
import { Customer, CustomerIdentifierType, DomainError, EntityRef, OrgState, findCustomer } from '@pointfold/core';
import { Group, GroupIdentifiers, resolveGroup } from '@pointfold/groups';
import { customerNotFoundForIdentifiers, invalidEntityType, invalidGroupDetails, invalidPayloadField, mergedCustomer } from '../errors';
import { identifierValueLengthMax } from '../limits';
import { CustomerIdentifierInput, TransferUserInput } from './commands';

/** Customer identifier types of seeds 003 and 004 (group transfers, transfer history). */
export const customerIdentifierNames = ['mobile', 'email', 'externalId', 'cardnumber', 'id', 'wechat', 'martjackId', 'fbId'] as const;
/** A customer identifier type of the group endpoint. */
export type CustomerIdentifierName = (typeof customerIdentifierNames)[number];

/** The seed's customer identifier types that Pointfold does not keep: a valid type, but nobody answers to it (8015). */
export const unkeptCustomerIdentifiers: readonly CustomerIdentifierName[] = ['wechat', 'martjackId', 'fbId'];

/** Group identifier types of seed 003. */
export const groupIdentifierNames = ['id', 'externalId', 'primaryUserId', 'primaryUserCardnumber', 'primaryUserMobile', 'primaryUserEmail'] as const;
/** A group identifier type. */
export type GroupIdentifierName = (typeof groupIdentifierNames)[number];

/** Customer identifier types of seed 004's customer-to-customer endpoints, and what they mean. */
export const customerEndpointTypes: Readonly<Record<string, CustomerIdentifierType>> = {
  ID: 'id',
  MOBILE: 'mobile',
  EXTERNAL_ID: 'externalId',
  EMAIL: 'email',
};

/** A party named by a request, read but not yet resolved. */
export type EntityName =
  | { readonly type: 'CUSTOMER'; readonly identifierType: CustomerIdentifierName; readonly identifierValue: string }
  | { readonly type: 'USERGROUP2'; readonly identifierType: GroupIdentifierName; readonly identifierValue: string };

/** A resolved party: a customer or a group. */
export type Party = { readonly type: 'CUSTOMER'; readonly customer: Customer } | { readonly type: 'USERGROUP2'; readonly group: Group };

/** The ledger entity of a party. */
export const entityOf = (p: Party): EntityRef => (p.type === 'CUSTOMER' ? { type: 'CUSTOMER', id: p.customer.customerId } : { type: 'USERGROUP2', id: p.group.groupId });

const own = (o: object, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);

/** A value as a message shows it; never throws (JSON.stringify does on a BigInt). */
export const shown = (u: unknown): string => {
  try {
    return JSON.stringify(u) ?? String(u);
  } catch {
    return typeof u;
  }
};

/** True for a JSON object (not null, not an array). */
export const isObject = (u: unknown): u is object => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * An identifier value: a non-empty text of at most `identifierValueLengthMax` characters, or a whole
 * non-negative JSON number (ids are numbers in the seeds' samples) taken as its digits.
 */
export const identifierValueOf = (u: unknown): string | undefined => {
  if (typeof u === 'string') return u.length > 0 && u.length <= identifierValueLengthMax ? u : undefined;
  if (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0) return String(u);
  return undefined;
};

const oneOfNames = <N extends string>(names: readonly N[], u: unknown): N | undefined =>
  typeof u === 'string' && (names as readonly string[]).includes(u) ? (u as N) : undefined;

/**
 * Reads an entity's identifier of a known type: 434 naming `typeField` when the identifier type is not
 * one of that entity type's, `valueField` when the value is not an identifier value.
 */
export const readName = (
  type: EntityName['type'],
  rawType: unknown,
  rawValue: unknown,
  typeField: string,
  valueField: string,
): E.Either<DomainError, EntityName> => {
  const value = identifierValueOf(rawValue);
  if (type === 'CUSTOMER') {
    const identifierType = oneOfNames(customerIdentifierNames, rawType);
    if (identifierType === undefined) return E.left(invalidPayloadField(typeField));
    if (value === undefined) return E.left(invalidPayloadField(valueField));
    return E.right({ type, identifierType, identifierValue: value });
  }
  const identifierType = oneOfNames(groupIdentifierNames, rawType);
  if (identifierType === undefined) return E.left(invalidPayloadField(typeField));
  if (value === undefined) return E.left(invalidPayloadField(valueField));
  return E.right({ type, identifierType, identifierValue: value });
};

/**
 * Reads a `fromEntity` / `toEntity` object that is present: 1208 for its type, 434 for its identifier
 * type or value (naming the field: `fromEntity.identifierType`), but 1645 for those of a group
 * `toEntity`, as seed 003's table gives ("`identifierType` is missing or `identifierValue` is invalid
 * under `toEntity`": decision 61).
 */
export const readEntity = (field: string, input: object): E.Either<DomainError, EntityName> => {
  const type = own(input, 'type');
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return E.left(invalidEntityType(`${field}.type`));
  const name = readName(type, own(input, 'identifierType'), own(input, 'identifierValue'), `${field}.identifierType`, `${field}.identifierValue`);
  if (E.isLeft(name) && type === 'USERGROUP2' && field === 'toEntity') return E.left(invalidGroupDetails(name.left.message));
  return name;
};

/** Reads a `transferredBy` object that is present (a customer): 434 for its identifier type or value. */
export const readUser = (field: string, input: TransferUserInput): E.Either<DomainError, EntityName> =>
  readName('CUSTOMER', own(input, 'identifierType'), own(input, 'identifierValue'), `${field}.identifierType`, `${field}.identifierValue`);

/** Reads a seed 004 customer identifier object that is present: 434 for its `type` or `value`. */
export const readCustomerIdentifier = (field: string, input: CustomerIdentifierInput): E.Either<DomainError, EntityName> => {
  const rawType = own(input, 'type');
  const type = typeof rawType === 'string' && Object.prototype.hasOwnProperty.call(customerEndpointTypes, rawType) ? customerEndpointTypes[rawType] : undefined;
  if (type === undefined) return E.left(invalidPayloadField(`${field}.type`));
  const value = identifierValueOf(own(input, 'value'));
  if (value === undefined) return E.left(invalidPayloadField(`${field}.value`));
  return E.right({ type: 'CUSTOMER', identifierType: type, identifierValue: value });
};

/**
 * The customer an identifier names: 8015 when nobody does (or the type is one Pointfold does not keep),
 * 419 when the customer was merged into another one.
 */
export const resolveCustomer = (s: OrgState, field: string, identifierType: CustomerIdentifierName, value: string): E.Either<DomainError, Customer> => {
  const c = (unkeptCustomerIdentifiers as readonly string[]).includes(identifierType)
    ? undefined
    : findCustomer(s.org, identifierType as CustomerIdentifierType, value);
  if (c === undefined) return E.left(customerNotFoundForIdentifiers(field, identifierType, value));
  if (c.status === 'MERGED') return E.left(mergedCustomer(c.customerId));
  return E.right(c);
};

const groupIdentifiersOf = (identifierType: GroupIdentifierName, value: string): GroupIdentifiers => {
  switch (identifierType) {
    case 'id':
      return { groupId: value };
    case 'externalId':
      return { externalId: value };
    case 'primaryUserId':
      return { primaryUserId: value };
    case 'primaryUserCardnumber':
      return { primaryUser: { identifierType: 'cardnumber', identifierValue: value } };
    case 'primaryUserMobile':
      return { primaryUser: { identifierType: 'mobile', identifierValue: value } };
    case 'primaryUserEmail':
      return { primaryUser: { identifierType: 'email', identifierValue: value } };
  }
};

/**
 * Resolves a party read from a request. A customer as `resolveCustomer`; a group through the groups
 * package's `resolveGroup`, its 1632 turned into `groupNotFound` (1206 for a source, 1645 for a
 * destination) with the reason kept.
 */
export const resolveParty = (
  s: OrgState,
  field: string,
  name: EntityName,
  groupNotFound: (detail: string) => DomainError,
): E.Either<DomainError, Party> => {
  if (name.type === 'CUSTOMER')
    return E.map((customer: Customer): Party => ({ type: 'CUSTOMER', customer }))(resolveCustomer(s, field, name.identifierType, name.identifierValue));
  const g = resolveGroup(s, groupIdentifiersOf(name.identifierType, name.identifierValue));
  if (E.isLeft(g)) return E.left(groupNotFound(`${field}: ${name.identifierType} ${name.identifierValue}: ${g.left.message}`));
  return E.right({ type: 'USERGROUP2', group: g.right });
};
