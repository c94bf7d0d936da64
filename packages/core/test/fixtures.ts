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
  EventBase,
  PointsAmount,
  PointsAwarded,
  PointsCategory,
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

/** Thrown by a test helper when a value it needs is not there (a broken fixture, not a refusal). */
export const must = <A>(a: A | undefined, what: string): A => {
  if (a === undefined) throw new Error(`fixture: missing ${what}`);
  return a;
};
