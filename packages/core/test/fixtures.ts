/**
 * Shared fixtures of the core tests: the world of the testing kit (programs 765 and 1414, customers
 * c1..c5, all at `testEpoch`), times in minutes after it, and builders of the reference events a
 * history may start with. Anything the engine plans itself (deductions, expiries) is built with
 * `logOf`, so a fixture holds what the engine would have appended.
 */
import {
  CommandBase,
  CustomerRegistered,
  LedgerCommand,
  LedgerEvent,
  OrgCommand,
  OrgEvent,
  EntityRef,
  JsonObject,
  EventBase,
  PointsAmount,
  PointsAwarded,
  PointsCategory,
  PointsDeducted,
  PointsExpired,
  Posting,
  ProgramDefined,
  PromisedPointsReleased,
  Timestamp,
  Points,
  coreEngine,
} from '@pointfold/core';
import { smallWorld, testEpoch, worldEvents } from '@pointfold/core/testing';

export const points = Points.points;

/** A core command, type-checked against its own interface (the engine takes any `CommandBase`). */
export const cmd = (c: OrgCommand | LedgerCommand): CommandBase => c;
/** A core event, type-checked against its own codec's type. */
export const ev = (e: OrgEvent | LedgerEvent): EventBase => e;

/** `testEpoch` plus some minutes. */
export const minutes = (n: number): Timestamp => (testEpoch + n * 60_000) as Timestamp;
/** `testEpoch` plus some days. */
export const days = (n: number): Timestamp => (testEpoch + n * 86_400_000) as Timestamp;

export const customer = (id: string): EntityRef => ({ type: 'CUSTOMER', id });

/** Programs 765 (default) and 1414, customers c1..c5. */
export const world: readonly EventBase[] = worldEvents(smallWorld);

export interface AwardOptions {
  readonly programId?: number;
  readonly category?: PointsCategory;
  readonly expiresAt?: Timestamp;
  readonly till?: PointsAwarded['till'];
  readonly transaction?: PointsAwarded['transaction'];
  readonly eventName?: string;
}

/** A `PointsAwarded` reference event to a customer. */
export const awarded = (id: string, at: Timestamp, customerId: string, amount: string | PointsAmount, o: AwardOptions = {}): PointsAwarded => ({
  type: 'PointsAwarded',
  id,
  at,
  entity: customer(customerId),
  programId: o.programId ?? 765,
  pointsCategory: o.category ?? 'Main',
  points: typeof amount === 'string' ? points(amount) : amount,
  ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }),
  ...(o.till === undefined ? {} : { till: o.till }),
  ...(o.transaction === undefined ? {} : { transaction: o.transaction }),
  ...(o.eventName === undefined ? {} : { eventName: o.eventName }),
});

/** A `PromisedPointsReleased` reference event. */
export const released = (id: string, at: Timestamp, lotId: string, amount?: string): PromisedPointsReleased => ({
  type: 'PromisedPointsReleased',
  id,
  at,
  lotId,
  ...(amount === undefined ? {} : { points: points(amount) }),
});

/** A posting to c1's Main account in program 765, naming `lotId` when given. */
export const lot = (lotId: string | undefined, amount: string, o: Partial<Posting> = {}): Posting => ({
  entityType: 'CUSTOMER',
  entityId: 'c1',
  programId: 765,
  pointsCategory: 'Main',
  ...(lotId === undefined ? {} : { lotId }),
  points: points(amount),
  ...o,
});

/** A posting to a system account of program 765, Main. */
export const sys = (entityId: string, amount: string, o: Partial<Posting> = {}): Posting => ({
  entityType: 'SYSTEM',
  entityId,
  programId: 765,
  pointsCategory: 'Main',
  points: points(amount),
  ...o,
});

/** A `PointsDeducted` line with the postings given (checked or not: the tests decide). */
export const deducted = (id: string, at: Timestamp, postings: Posting[]): PointsDeducted => ({ type: 'PointsDeducted', id, at, postings });
/** A `PointsExpired` line with the postings given. */
export const expired = (id: string, at: Timestamp, postings: Posting[]): PointsExpired => ({ type: 'PointsExpired', id, at, postings });

export const programDefined = (id: string, at: Timestamp, programId: number, name: string, isDefault?: boolean): ProgramDefined => ({
  type: 'ProgramDefined',
  id,
  at,
  programId,
  name,
  ...(isDefault === undefined ? {} : { isDefault }),
});

export const customerRegistered = (id: string, at: Timestamp, customerId: string, identifiers: CustomerRegistered['identifiers'] = {}): CustomerRegistered => ({
  type: 'CustomerRegistered',
  id,
  at,
  customerId,
  identifiers,
});

/** An event decoded from its JSON form by the core engine (a line that does not decode throws). */
export const decoded = (json: unknown): EventBase => {
  const r = coreEngine.decodeEvent(json);
  if (r._tag === 'Left') throw new Error(`fixture does not decode: ${r.left}`);
  return r.right;
};

/** One JSON line of each core event type, with every optional field. */
export const eventSamples: Readonly<Record<string, JsonObject>> = {
  OrgConfigured: { type: 'OrgConfigured', id: 'e1', at: '2026-03-01T10:00:00Z', config: { ENABLE_USER_GROUP_LOYALTY: true, redemption: { minPoints: '10.000', currencyPerPoint: '0.25' }, transfer: { multipleOf: '5.000' } } },
  ProgramDefined: { type: 'ProgramDefined', id: 'e1', at: '2026-03-01T10:00:00Z', programId: 765, name: 'Main program', isDefault: true, groupRedemptionOnly: false },
  CustomerRegistered: { type: 'CustomerRegistered', id: 'e1', at: '2026-03-01T10:00:00Z', customerId: 'c1', identifiers: { mobile: '91974', email: 'a@b.c', externalId: 'x', cardnumber: 'card' }, firstName: 'A', lastName: 'B', source: 'ONLINE', loyaltyEnrolled: false },
  CustomerStatusChanged: { type: 'CustomerStatusChanged', id: 'e1', at: '2026-03-01T10:00:00Z', customerId: 'c1', status: 'MERGED', mergedInto: 'c2' },
  PointsAwarded: { type: 'PointsAwarded', id: 'e1', at: '2026-03-01T10:00:00Z', entity: { type: 'CUSTOMER', id: 'c1' }, programId: 765, pointsCategory: 'Main', points: '10.500', expiresAt: '2026-04-01T00:00:00.250Z', eventName: 'TransactionAdd', till: { code: 'T', storeCode: 'S', storeName: 'N' }, transaction: { id: 'i', number: 'n' }, notes: 'x' },
  PromisedPointsReleased: { type: 'PromisedPointsReleased', id: 'e1', at: '2026-03-01T10:00:00Z', lotId: 'a1', points: '1.000' },
  PointsExpired: { type: 'PointsExpired', id: 'e1', at: '2026-03-01T10:00:00Z', postings: [{ entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main', points: '-1.000', lotId: 'a1' }, { entityType: 'SYSTEM', entityId: 'EXPIRED', programId: 765, pointsCategory: 'Main', points: '1.000' }] },
  PointsDeducted: { type: 'PointsDeducted', id: 'e1', at: '2026-03-01T10:00:00Z', postings: [{ entityType: 'CUSTOMER', entityId: 'c1', programId: 765, pointsCategory: 'Main', points: '-1.000', lotId: 'a1' }, { entityType: 'SYSTEM', entityId: 'ADJUSTED', programId: 765, pointsCategory: 'Main', points: '1.000' }], eventName: 'PointsDeduction', reason: 'r', till: { code: 'T' }, transaction: { number: 'n' } },
};
