/**
 * Small histories for the CLI's tests, written in the reference event shapes of CONTRACT §1, and
 * helpers to turn them into JSONL files. Names and ids carry multi-byte UTF-8 on purpose.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { Engine, EventBase, Json } from '@pointfold/core';

/** One event as JSON (the file's form). */
export type EventJson = { readonly type: string; readonly id: string; readonly at: string } & { readonly [k: string]: Json };

export const program = (id: string, at: string, programId = 765, name = 'Main program'): EventJson => ({ type: 'ProgramDefined', id, at, programId, name });

export const customer = (id: string, at: string, customerId: string, firstName?: string, lastName?: string): EventJson => ({
  type: 'CustomerRegistered',
  id,
  at,
  customerId,
  identifiers: { mobile: `91${id}` },
  ...(firstName === undefined ? {} : { firstName }),
  ...(lastName === undefined ? {} : { lastName }),
});

export interface AwardOptions {
  readonly programId?: number;
  readonly category?: 'Main' | 'DelayedAccrualPointCategory' | 'ExternalTriggerBasedPointCategory';
  readonly expiresAt?: string;
}

export const award = (id: string, at: string, customerId: string, points: string, o: AwardOptions = {}): EventJson => ({
  type: 'PointsAwarded',
  id,
  at,
  entity: { type: 'CUSTOMER', id: customerId },
  programId: o.programId ?? 765,
  pointsCategory: o.category ?? 'Main',
  points,
  ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }),
});

export const release = (id: string, at: string, lotId: string, points?: string): EventJson => ({
  type: 'PromisedPointsReleased',
  id,
  at,
  lotId,
  ...(points === undefined ? {} : { points }),
});

/** The customer id with multi-byte characters (2, 3 and 4 bytes in UTF-8). */
export const wideId = 'cö-李-🎉';

/**
 * A history with two programs, three customers (one with a multi-byte id and name), expiring and
 * promised points, and a release. Its last three lines are full of multi-byte characters.
 */
export const history: readonly EventJson[] = [
  program('e1', '2026-03-01T09:00:00Z', 765, 'Main program'),
  program('e2', '2026-03-01T09:00:00Z', 801, 'Fuel program'),
  customer('e3', '2026-03-01T09:30:00Z', 'c2', 'Ana'),
  customer('e4', '2026-03-01T09:30:00Z', 'c1', 'Bo'),
  award('e5', '2026-03-01T10:00:00Z', 'c1', '30000', { expiresAt: '2026-06-01T00:00:00Z' }),
  award('e6', '2026-03-02T10:00:00Z', 'c2', '12.5', { programId: 801 }),
  award('e7', '2026-03-02T11:00:00Z', 'c1', '100.25', { category: 'DelayedAccrualPointCategory' }),
  customer('e8', '2026-03-03T08:00:00Z', wideId, 'Zoë', 'Ångström 李小龍 🎉'),
  award('e9', '2026-03-03T09:00:00Z', wideId, '7.125', { category: 'ExternalTriggerBasedPointCategory', expiresAt: '2026-12-31T00:00:00Z' }),
  release('e10-é', '2026-03-04T10:00:00Z', 'e9', '2.125'),
];

/** The JSONL text of events, each line ended by `eol`. */
export const toJsonl = (events: readonly EventJson[], eol = '\n'): string => events.map((e) => `${JSON.stringify(e)}${eol}`).join('');

/** Decodes event JSON with the engine (a test fixture must decode: anything else is a broken fixture). */
export const decodeAll = (engine: Engine, events: readonly unknown[]): EventBase[] =>
  events.map((json, i) => {
    const r = engine.decodeEvent(json);
    if (E.isLeft(r)) throw new Error(`fixture event ${i} does not decode: ${r.left}`);
    return r.right;
  });

/** A fresh temporary directory, and a function that removes it. */
export const tempDir = (): { dir: string; remove: () => void } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pointfold-cli-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
};
