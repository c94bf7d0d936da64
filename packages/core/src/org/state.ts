/**
 * The organisation's reference data: configuration, programs and customers, with an index of
 * customers by each identifier. Folded from the reference events of CONTRACT §1.
 */
import { Timestamp } from '../time/timestamp';
import { Edit, PMap } from '../collections';
import { OrgConfig, defaultConfig } from './config';

/** A loyalty program. */
export interface Program {
  readonly programId: number;
  readonly name: string;
  /** While `ENABLE_GROUP_PROGRAMS_REDEMPTION` is on, redemptions in this program must come from a group wallet (seed 001, error 3316; decision 120). */
  readonly groupRedemptionOnly: boolean;
}

/** Customer identifier kinds a customer can be found by (seed 004). */
export type CustomerIdentifierType = 'id' | 'mobile' | 'email' | 'externalId' | 'cardnumber';
export const customerIdentifierTypes: readonly CustomerIdentifierType[] = ['id', 'mobile', 'email', 'externalId', 'cardnumber'];

/** The identifiers a customer registered with. */
export interface CustomerIdentifiers {
  readonly mobile?: string;
  readonly email?: string;
  readonly externalId?: string;
  readonly cardnumber?: string;
}

export type CustomerStatus = 'ACTIVE' | 'FRAUD' | 'MERGED';

/** A registered customer. */
export interface Customer {
  readonly customerId: string;
  readonly identifiers: CustomerIdentifiers;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly source: string;
  readonly loyaltyEnrolled: boolean;
  readonly status: CustomerStatus;
  readonly mergedInto?: string;
  readonly registeredAt: Timestamp;
}

/** Reference data of the organisation. */
export interface OrgData {
  readonly config: OrgConfig;
  readonly programs: PMap<Program>;
  /** Program ids in definition order. */
  readonly programOrder: readonly number[];
  readonly defaultProgramId: number | undefined;
  readonly customers: PMap<Customer>;
  /** `mobile:9190...` -> customerId (emails lower-cased). */
  readonly identifiers: PMap<string>;
}

/** The reference data while a fold changes it. */
export interface OrgDraft {
  config: OrgConfig;
  programs: PMap<Program>;
  programOrder: readonly number[];
  defaultProgramId: number | undefined;
  customers: PMap<Customer>;
  identifiers: PMap<string>;
  readonly edit: Edit;
}

export const emptyOrg: OrgData = {
  config: defaultConfig,
  programs: PMap.empty(),
  programOrder: [],
  defaultProgramId: undefined,
  customers: PMap.empty(),
  identifiers: PMap.empty(),
};

export const draftOrg = (o: OrgData, edit: Edit): OrgDraft => ({ ...o, edit });
export const finishOrg = (d: OrgDraft): OrgData => ({
  config: d.config,
  programs: d.programs,
  programOrder: d.programOrder,
  defaultProgramId: d.defaultProgramId,
  customers: d.customers,
  identifiers: d.identifiers,
});

/** The index key of an identifier (`email` is compared without case). */
export const identifierKey = (type: Exclude<CustomerIdentifierType, 'id'>, value: string): string =>
  `${type}:${type === 'email' ? value.toLowerCase() : value}`;

/** The index keys of a customer's identifiers. */
export const identifierKeysOf = (ids: CustomerIdentifiers): string[] => {
  const out: string[] = [];
  if (ids.mobile !== undefined) out.push(identifierKey('mobile', ids.mobile));
  if (ids.email !== undefined) out.push(identifierKey('email', ids.email));
  if (ids.externalId !== undefined) out.push(identifierKey('externalId', ids.externalId));
  if (ids.cardnumber !== undefined) out.push(identifierKey('cardnumber', ids.cardnumber));
  return out;
};

/**
 * Gives a customer an identifier of the core's kinds from outside the core's events: a card the
 * rewards package issues claims its number. A lookup by the identifier then finds its holder, and a
 * `CustomerRegistered` naming it for another customer is refused (decisions 8 and 117). The caller's
 * check must have refused an identifier another customer holds.
 * @example claimIdentifier(draft.org, 'cardnumber', '4000-1', 'c1')
 */
export const claimIdentifier = (d: OrgDraft, type: Exclude<CustomerIdentifierType, 'id'>, value: string, customerId: string): void => {
  d.identifiers = d.identifiers.set(identifierKey(type, value), customerId, d.edit);
};

/**
 * The customer an identifier names, if any.
 * @example findCustomer(state.org, 'mobile', '919740000000')
 */
export const findCustomer = (o: OrgData, type: CustomerIdentifierType, value: string): Customer | undefined => {
  if (type === 'id') return o.customers.get(value);
  const id = o.identifiers.get(identifierKey(type, value));
  return id === undefined ? undefined : o.customers.get(id);
};

/** The program with this id, if defined. */
export const programOf = (o: OrgData, programId: number): Program | undefined => o.programs.get(String(programId));

/** The program a command means: the one given, or the default program. */
export const resolveProgram = (o: OrgData, programId: number | undefined): Program | undefined =>
  programId === undefined ? (o.defaultProgramId === undefined ? undefined : programOf(o, o.defaultProgramId)) : programOf(o, programId);
