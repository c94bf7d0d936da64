/**
 * The reference events of the organisation (CONTRACT §1): configuration, programs, customers and
 * their status. A service imports them from its CRM; the core's commands append them too.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Bool, Id, ProgramId, Text, oneOf, struct } from '../codec';
import { eventCodec } from '../engine/event-codec';
import { defineEvent } from '../engine/module';
import { OrgState } from '../engine/state';
import { assert } from '../assert';
import { DomainError, customerNotFound, domainError, duplicateDefinition, invalidReference } from '../errors';
import * as P from '../points/points';
import { ConfigPatchCodec, conflictingFlagNames, mergeConfig } from './config';
import { Customer, CustomerStatus, identifierKeysOf, programOf } from './state';

export const OrgConfigured = eventCodec('OrgConfigured', { config: ConfigPatchCodec });
export type OrgConfigured = t.TypeOf<typeof OrgConfigured>;

export const ProgramDefined = eventCodec(
  'ProgramDefined',
  { programId: ProgramId, name: Text },
  { isDefault: Bool, groupRedemptionOnly: Bool },
);
export type ProgramDefined = t.TypeOf<typeof ProgramDefined>;

export const CustomerIdentifiersCodec = struct({}, { mobile: Id, email: Id, externalId: Id, cardnumber: Id }, {}, 'Identifiers');

export const CustomerRegistered = eventCodec(
  'CustomerRegistered',
  { customerId: Id, identifiers: CustomerIdentifiersCodec },
  { firstName: Text, lastName: Text, source: Id, loyaltyEnrolled: Bool },
);
export type CustomerRegistered = t.TypeOf<typeof CustomerRegistered>;

export const CustomerStatusCodec = oneOf<CustomerStatus>('CustomerStatus', ['ACTIVE', 'FRAUD', 'MERGED']);
export const CustomerStatusChanged = eventCodec(
  'CustomerStatusChanged',
  { customerId: Id, status: CustomerStatusCodec },
  { mergedInto: Id },
);
export type CustomerStatusChanged = t.TypeOf<typeof CustomerStatusChanged>;

/** The reference events of the organisation. */
export type OrgEvent = OrgConfigured | ProgramDefined | CustomerRegistered | CustomerStatusChanged;

const ok = E.right(undefined);

export const orgConfiguredEvent = defineEvent<OrgConfigured>({
  type: 'OrgConfigured',
  codec: OrgConfigured,
  check: (s, e) => {
    const conflict = conflictingFlagNames(e.config);
    if (conflict !== undefined) return E.left(invalidReference(`${conflict[0]} and ${conflict[1]} name one flag and are given two values`));
    const r = mergeConfig(s.org.config, e.config).redemption;
    if (r.minPoints !== undefined && r.maxPoints !== undefined && P.compare(r.minPoints, r.maxPoints) > 0)
      return E.left(invalidReference(`redemption.minPoints ${P.format(r.minPoints)} is above maxPoints ${P.format(r.maxPoints)}`));
    return ok;
  },
  evolve: (d, e) => {
    d.org.config = mergeConfig(d.org.config, e.config);
  },
});

export const programDefinedEvent = defineEvent<ProgramDefined>({
  type: 'ProgramDefined',
  codec: ProgramDefined,
  check: (s, e) => (programOf(s.org, e.programId) !== undefined ? E.left(duplicateDefinition(`program ${e.programId}`)) : ok),
  evolve: (d, e) => {
    const o = d.org;
    o.programs = o.programs.set(String(e.programId), { programId: e.programId, name: e.name, groupRedemptionOnly: e.groupRedemptionOnly === true }, d.edit);
    o.programOrder = [...o.programOrder, e.programId];
    if (o.defaultProgramId === undefined || e.isDefault === true) o.defaultProgramId = e.programId;
  },
});

const identifierClash = (s: OrgState, e: CustomerRegistered): DomainError | undefined => {
  for (const k of identifierKeysOf(e.identifiers)) {
    const owner = s.org.identifiers.get(k);
    if (owner !== undefined) return duplicateDefinition(`identifier ${k} (customer ${owner})`);
  }
  return undefined;
};

export const customerRegisteredEvent = defineEvent<CustomerRegistered>({
  type: 'CustomerRegistered',
  codec: CustomerRegistered,
  check: (s, e) => {
    if (s.org.customers.has(e.customerId)) return E.left(duplicateDefinition(`customer ${e.customerId}`));
    const clash = identifierClash(s, e);
    return clash === undefined ? ok : E.left(clash);
  },
  evolve: (d, e) => {
    const c: Customer = {
      customerId: e.customerId,
      identifiers: e.identifiers,
      ...(e.firstName === undefined ? {} : { firstName: e.firstName }),
      ...(e.lastName === undefined ? {} : { lastName: e.lastName }),
      source: e.source ?? 'INSTORE',
      loyaltyEnrolled: e.loyaltyEnrolled ?? true,
      status: 'ACTIVE',
      registeredAt: e.at,
    };
    d.org.customers = d.org.customers.set(c.customerId, c, d.edit);
    for (const k of identifierKeysOf(e.identifiers)) d.org.identifiers = d.org.identifiers.set(k, c.customerId, d.edit);
  },
});

export const customerStatusChangedEvent = defineEvent<CustomerStatusChanged>({
  type: 'CustomerStatusChanged',
  codec: CustomerStatusChanged,
  check: (s, e) => {
    if (!s.org.customers.has(e.customerId)) return E.left(customerNotFound(`id ${e.customerId}`));
    if (e.status === 'MERGED') {
      if (e.mergedInto === undefined) return E.left(domainError(9908, 'a MERGED status names the customer it was merged into (mergedInto)'));
      if (e.mergedInto === e.customerId) return E.left(domainError(9908, `customer ${e.customerId} cannot be merged into itself`));
      if (!s.org.customers.has(e.mergedInto)) return E.left(customerNotFound(`id ${e.mergedInto}`));
    } else if (e.mergedInto !== undefined) {
      return E.left(domainError(9908, 'mergedInto goes only with the status MERGED'));
    }
    return ok;
  },
  evolve: (d, e) => {
    const c = d.org.customers.get(e.customerId);
    assert(c !== undefined, () => `status change of unknown customer ${e.customerId}`);
    const { mergedInto: _dropped, ...rest } = c;
    const next: Customer = e.status === 'MERGED' && e.mergedInto !== undefined ? { ...rest, status: e.status, mergedInto: e.mergedInto } : { ...rest, status: e.status };
    d.org.customers = d.org.customers.set(e.customerId, next, d.edit);
  },
});
