/**
 * Idempotency by request id. A command may carry a `requestId`; the engine then records its outcome
 * in the log (`CommandRecorded`: the ids of the events it appended, or its refusal), so that the same
 * request sent again returns the first outcome and appends nothing, even after the state moved on,
 * and the same id with any other command is refused. A refused request stays refused.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Id, JsonNumber, Text, arrayOf, struct } from '../codec';
import { PMap } from '../collections';
import { sha256Hex } from '../crypto';
import { DomainError, domainError } from '../errors';
import { eventCodec } from '../engine/event-codec';
import { CommandBase, defineEvent } from '../engine/module';
import { OrgState, defineSlice, getSlice, setSlice } from '../engine/state';

/** What a request's first execution left. */
export interface RequestRecord {
  readonly requestId: string;
  readonly commandType: string;
  readonly fingerprint: string;
  /** The events the command appended (none when refused). */
  readonly eventIds: readonly string[];
  readonly refusal?: { readonly code: number; readonly message: string };
}

export interface RequestsState {
  readonly requests: PMap<RequestRecord>;
}

export const requestsSlice = defineSlice<RequestsState>('requests', { requests: PMap.empty() });

export const CommandRecorded = eventCodec(
  'CommandRecorded',
  { requestId: Id, commandType: Id, fingerprint: Id, eventIds: arrayOf(Id) },
  { refusal: struct({ code: JsonNumber, message: Text }, {}, {}, 'Refusal') },
);
export type CommandRecorded = t.TypeOf<typeof CommandRecorded>;

/** The same request id sent with another command (or another body). */
export const requestIdReused = (requestId: string, commandType: string): DomainError =>
  domainError(9930, `request id ${requestId} was already used for another ${commandType} request`);

/** The record of a request id, if it was seen. */
export const requestRecord = (s: OrgState, requestId: string): RequestRecord | undefined =>
  getSlice(s, requestsSlice).requests.get(requestId);

const canonical = (v: unknown): string => {
  if (typeof v === 'bigint') return `"#${v.toString()}"`;
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
};

/**
 * The fingerprint of a command: SHA-256 of its canonical form (keys sorted, absent and undefined
 * alike), its request id left out. Two requests are the same when their fingerprints are.
 */
export const fingerprint = (c: CommandBase): string => {
  const { requestId: _ignored, ...rest } = c;
  return sha256Hex(canonical(rest));
};

export const commandRecordedEvent = defineEvent<CommandRecorded>({
  type: 'CommandRecorded',
  codec: CommandRecorded,
  check: (s, e) => {
    if (requestRecord(s, e.requestId) !== undefined) return E.left(requestIdReused(e.requestId, e.commandType));
    for (const id of e.eventIds) if (!s.eventIds.has(id)) return E.left(domainError(9908, `CommandRecorded names event ${id}, which is not in the log`));
    if (e.refusal === undefined && e.eventIds.length === 0)
      return E.left(domainError(9908, 'a recorded command appended events or was refused'));
    return E.right(undefined);
  },
  evolve: (d, e) => {
    const s = getSlice(d, requestsSlice);
    const record: RequestRecord = {
      requestId: e.requestId,
      commandType: e.commandType,
      fingerprint: e.fingerprint,
      eventIds: e.eventIds,
      ...(e.refusal === undefined ? {} : { refusal: e.refusal }),
    };
    setSlice(d, requestsSlice, { requests: s.requests.set(e.requestId, record, d.edit) });
  },
});
