/**
 * The composed engine: the modules' events and commands in one registry, one fold for a log that
 * holds all of them, and the checks every event passes before it is folded (its envelope, its own
 * check, and the double-entry rules of its movement). `execute` is how a command becomes events:
 * expire what is due, decide, check, and fold; a refusal changes nothing.
 */
import * as E from 'fp-ts/Either';
import * as P from '../points/points';
import { formatTimestamp } from '../time/timestamp';
import { assert } from '../assert';
import { JsonObject, PackBuffer, PackReader, decodeFast, describeErrors, packingOf } from '../codec';
import {
  DomainError,
  domainError,
  duplicateEventId,
  entityNotFound,
  invalidPosting,
  invalidProgram,
  ledgerRangeExhausted,
  lotOverdrawn,
  timeGoesBack,
  unbalancedPostings,
  unknownCommand,
  unknownEventType,
} from '../errors';
import { EntityType, accountKey, systemAccountIds } from '../ledger/accounts';
import { Movement, Posting, unbalancedPrograms } from '../ledger/postings';
import {
  Known,
  applyMovement,
  firstAccountRow,
  issuedTotal,
  lotAt,
  lotBelongsTo,
  lotExpiresAt,
  lotOriginalAt,
  lotRemainingAt,
  lotRowById,
  lotRowOfDebit,
  noRow,
} from '../ledger/state';
import { decideExpiry } from '../ledger/decide';
import { CommandRecorded, RequestRecord, fingerprint, requestIdReused, requestRecord } from '../idempotency/idempotency';
import { idLengthMax } from '../limits';
import { programOf } from '../org/state';
import { CommandBase, CommandContext, DecideContext, EngineModule, EventBase, RegisteredCommand, RegisteredEvent } from './module';
import { Draft, OrgState, beginDraft, finishDraft, initialState } from './state';

/** A refused event of a log: its position (0-based) and why. */
export interface ReplayError {
  readonly index: number;
  readonly error: DomainError;
}

/** What a command did: the events to append (possibly none) and the state after them. */
export interface Execution {
  readonly events: readonly EventBase[];
  readonly state: OrgState;
  /**
   * Set when the command was refused but its attempt is recorded (e.g. a wrong one-time code):
   * append the events all the same, and answer with this refusal.
   */
  readonly refusal?: DomainError;
  /** Set when the command's request id was executed before: nothing was appended; this is what it did. */
  readonly replayed?: RequestRecord;
}

/**
 * The execution of an accepted command; a refusal, whether the engine answered it at once or recorded
 * it (`Execution.refusal`), as a Left. What a caller that only wants the accepted outcome reads.
 * @example const x = accepted(engine.execute(state, command, ctx)); // Left(808) for a wrong code, recorded or not
 */
export const accepted = (result: E.Either<DomainError, Execution>): E.Either<DomainError, Execution> =>
  E.isRight(result) && result.right.refusal !== undefined ? E.left(result.right.refusal) : result;

/** The ids of the events a command appended or, for a retried request, those its first execution appended. */
export const eventIdsOf = (x: Execution): readonly string[] => x.replayed?.eventIds ?? x.events.map((e) => e.id);

/** Folds a log incrementally, checking each event; nothing is visible until `finish`. */
export interface Replayer {
  /** Decodes, checks and folds one JSON event. A refusal leaves the replayer as it was. */
  pushJson(json: unknown): E.Either<DomainError | string, EventBase>;
  /**
   * Rebuilds the next event `Engine.packEvent` packed (by an engine of the same modules: a decoder in
   * another thread), then checks and folds it like `pushJson`. A refusal leaves the replayer as it was.
   * `freshId`: the decoder vouches that the event's id is on no event pushed to this replayer before,
   * neither as an event's id nor as a lot id an event named (it saw every line of the history: see
   * `readDecoded`); a replayer that started from a state without events then neither looks the id up
   * nor indexes it (decision 104), and takes a lot the event creates under its own id (an award's, a
   * release's) as new without looking it up (decision 106). Only say so of an id that was checked: a
   * duplicate id vouched for would be folded.
   */
  pushPacked(packed: PackReader, freshId?: boolean): E.Either<DomainError, EventBase>;
  /** Checks and folds one event. A refusal leaves the replayer as it was. */
  push(event: EventBase): E.Either<DomainError, void>;
  /** The number of events folded so far. */
  readonly count: number;
  /** The state so far, to read (not to keep: it changes with the next push, and ends with `finish`). */
  readonly view: OrgState;
  /** Ends the fold and returns its state. */
  finish(): OrgState;
}

/** The engine composed of its modules. */
export interface Engine {
  readonly modules: readonly EngineModule[];
  readonly initialState: OrgState;
  /** The event types it knows, sorted. */
  readonly eventTypes: readonly string[];
  /** Decodes one JSON event (any value): the event, or a sentence naming what is wrong. */
  decodeEvent(json: unknown): E.Either<string, EventBase>;
  /**
   * Packs an event that `decodeEvent` returned into numbers and strings (see `PackBuffer`), for a
   * replayer in another thread to rebuild with `pushPacked`. False, and nothing written, when the
   * event's codec has no packing (the event then travels as its JSON line).
   */
  packEvent(event: EventBase, out: PackBuffer): boolean;
  /** Rebuilds the next event `packEvent` packed (by an engine of the same modules), as `decodeEvent` decoded it. */
  unpackEvent(packed: PackReader): EventBase;
  /** The JSON form of an event. */
  encodeEvent(event: EventBase): JsonObject;
  /** Refuses an event this state could not have decided; `right` when it may be folded. */
  check(state: OrgState, event: EventBase): E.Either<DomainError, void>;
  /** The state after one event (which must have passed `check`). */
  evolve(state: OrgState, event: EventBase): OrgState;
  /** The state after events that are known to be valid (no checks): the bulk fold. */
  fold(events: Iterable<EventBase>, from?: OrgState): OrgState;
  /** The state after events, each checked first; the first refusal stops the replay. */
  replay(events: Iterable<EventBase>, from?: OrgState): E.Either<ReplayError, OrgState>;
  /** An incremental checked fold (used to read history files line by line). */
  replayer(from?: OrgState): Replayer;
  /** Expires what is due at `ctx.now`, then decides the command and checks its events. */
  execute(state: OrgState, command: CommandBase, ctx: CommandContext): E.Either<DomainError, Execution>;
}

const ok: E.Either<DomainError, void> = E.right(undefined);

/** Composes modules into an engine. Module names, event types and command types must be unique. */
export const createEngine = (modules: readonly EngineModule[]): Engine => {
  const registry = new Map<string, RegisteredEvent>();
  const commands = new Map<string, RegisteredCommand>();
  const resolvers = new Map<EntityType, (s: OrgState, id: string) => boolean>();
  const names = new Set<string>();
  for (const m of modules) {
    assert(!names.has(m.name), () => `module ${m.name} registered twice`);
    names.add(m.name);
    for (const e of m.events) {
      assert(!registry.has(e.type), () => `event type ${e.type} registered twice`);
      registry.set(e.type, e);
    }
    for (const c of m.commands) {
      assert(!commands.has(c.type), () => `command type ${c.type} registered twice`);
      commands.set(c.type, c);
    }
    for (const [type, f] of Object.entries(m.entityExists ?? {})) {
      if (f !== undefined) resolvers.set(type as EntityType, f);
    }
  }

  const entityExists = (s: OrgState, type: EntityType, id: string): boolean => resolvers.get(type)?.(s, id) ?? false;

  /**
   * What a replayer's check found, handed to the fold of the same event on the same state so that it
   * does not compute the movement or look its lots and wallets up a second time (see `Known`).
   */
  interface Found extends Known {
    movement: Movement | undefined;
  }

  /**
   * The double-entry checks of an event's movement. `freshId`: the event's id is on no earlier event as
   * an event's id or as a lot's (see `Replayer.pushPacked`), so a lot named after the event is new.
   */
  const checkMovement = (s: OrgState, e: EventBase, m: Movement, found?: Found, freshId = false): E.Either<DomainError, void> => {
    const postings = m.postings;
    const n = postings.length;
    if (n === 0) return E.left(invalidPosting('a movement has at least one posting'));
    const unbalanced = unbalancedPrograms(postings);
    if (unbalanced !== undefined) return E.left(unbalancedPostings(`program ${unbalanced.programId} sums to ${P.format(unbalanced.sum)}`));
    // Points a lot holds after the earlier postings of this event (a lot may appear more than once).
    const pending = n > 16 ? new Map<string, P.Points>() : undefined;
    let knownProgram = -1;
    // The lot the previous posting named: a debit names an account's lots in queue order (see `lotRowOfDebit`).
    let previousLot = noRow;
    for (let i = 0; i < n; i++) {
      const p = postings[i] as Posting;
      if (found !== undefined) {
        // Written in place, every entry up to n: the arrays keep their room from one event to the next.
        found.lots[i] = undefined;
        found.wallets[i] = undefined;
      }
      if (P.isZero(p.points)) return E.left(invalidPosting('a posting moves zero points'));
      if (p.programId !== knownProgram) {
        if (programOf(s.org, p.programId) === undefined) return E.left(invalidProgram(String(p.programId)));
        knownProgram = p.programId;
      }
      if (p.entityType === 'SYSTEM') {
        if (!(systemAccountIds as readonly string[]).includes(p.entityId)) return E.left(invalidPosting(`unknown system account ${p.entityId}`));
        if (p.lotId !== undefined || p.expiresAt !== undefined) return E.left(invalidPosting('a system posting names no lot'));
        // Every point any account holds was issued: keeping the total issued exact keeps every balance exact.
        if (p.entityId === 'ISSUED' && !P.canAdd(issuedTotal(s.ledger), P.abs(p.points))) return E.left(ledgerRangeExhausted());
        continue;
      }
      // A wallet is only ever made for an entity that existed, and no entity is ever removed: an entity
      // with a wallet exists, and the one lookup serves both the check and the fold.
      const wallet = firstAccountRow(s.ledger, p.entityType, p.entityId);
      if (wallet === noRow && !entityExists(s, p.entityType, p.entityId))
        return E.left(entityNotFound(p.entityType, p.entityId));
      if (found !== undefined) found.wallets[i] = wallet;
      const lotId = p.lotId;
      if (lotId === undefined) return E.left(invalidPosting(`a posting to ${p.entityType} ${p.entityId} names no lot`));
      // A debit's or an expiry's lot is read from the front of its account's queues when it is there.
      const lot = P.isNegative(p.points) ? lotRowOfDebit(s.ledger, wallet, p, lotId, previousLot) : freshId && lotId === e.id ? noRow : lotRowById(s.ledger, lotId);
      if (lot !== noRow) previousLot = lot;
      let before: P.Points | undefined = lot === noRow ? undefined : lotRemainingAt(s.ledger, lot);
      let repeated = false;
      if (pending !== undefined) {
        const p0 = pending.get(lotId);
        repeated = p0 !== undefined;
        before = p0 ?? before;
      } else
        for (let j = 0; j < i; j++) {
          const q = postings[j] as Posting;
          if (q.lotId === lotId) {
            before = P.add(before ?? P.zero, q.points);
            repeated = true;
          }
        }
      if (found !== undefined) found.lots[i] = repeated ? undefined : lot;
      if (lot === noRow && before === undefined) {
        if (!P.isPositive(p.points)) return E.left(lotOverdrawn(lotId, '0.000', P.format(P.negate(p.points))));
        if (m.expiry === true) return E.left(invalidPosting('an expiry creates no lot'));
        pending?.set(lotId, p.points);
        continue;
      }
      if (lot === noRow) return E.left(invalidPosting(`lot ${lotId} is created and changed by the same event`));
      if (!lotBelongsTo(s.ledger, lot, p)) return E.left(invalidPosting(`lot ${lotId} belongs to ${lotAt(s.ledger, lot).account}, not ${accountKey(p)}`));
      if (p.expiresAt !== undefined) return E.left(invalidPosting(`lot ${lotId} exists: only a new lot takes an expiry`));
      const expiresAt = lotExpiresAt(s.ledger, lot);
      const expired = expiresAt !== undefined && expiresAt <= e.at;
      if (m.expiry !== true && expired) return E.left(invalidPosting(`lot ${lotId} expired at ${formatTimestamp(expiresAt)}`));
      if (m.expiry === true && P.isPositive(p.points)) return E.left(invalidPosting('an expiry gives nothing back to a lot'));
      const held = before ?? lotRemainingAt(s.ledger, lot);
      const after = P.add(held, p.points);
      if (P.isNegative(after)) return E.left(lotOverdrawn(lotId, P.format(held), P.format(P.negate(p.points))));
      const original = lotOriginalAt(s.ledger, lot);
      if (P.compare(after, original) > 0) return E.left(invalidPosting(`lot ${lotId} would hold more than its original ${P.format(original)}`));
      pending?.set(lotId, after);
    }
    return ok;
  };

  /**
   * The checks of an event; `decoded` skips the shape check of an event the codec just produced,
   * `freshId` the lookup of an id known to be on no event of `s` (see `Replayer.pushPacked`).
   */
  const checkEvent = (s: OrgState, e: EventBase, decoded: boolean, found?: Found, freshId = false): E.Either<DomainError, void> => {
    const def = registry.get(e.type);
    if (def === undefined) return E.left(unknownEventType(e.type));
    const { id, type } = e;
    if (!decoded && !def.codec.is(e)) return E.left(domainError(9909, `event ${id} is not a well-formed ${type}`));
    if (!freshId && s.eventIds.has(e.id)) return E.left(duplicateEventId(e.id));
    if (s.lastAt !== undefined && e.at < s.lastAt) return E.left(timeGoesBack(formatTimestamp(e.at), formatTimestamp(s.lastAt)));
    const own = def.check(s, e);
    if (E.isLeft(own)) return own;
    const m = def.movement(e, s);
    if (found !== undefined) found.movement = m;
    return m === undefined ? ok : checkMovement(s, e, m, found, freshId);
  };

  const check = (s: OrgState, e: EventBase): E.Either<DomainError, void> => checkEvent(s, e, false);

  /** Folds an event into a draft; `freshId`: its id is known to be on no event of the draft (see `IdSet.add`). */
  const apply = (d: Draft, e: EventBase, found: Found | undefined, freshId: boolean): void => {
    const def = registry.get(e.type);
    assert(def !== undefined, () => `fold of unknown event type ${e.type}`);
    d.version += 1;
    d.lastAt = e.at;
    d.eventIds = d.eventIds.add(e.id, d.edit, freshId);
    const m = found === undefined ? def.movement(e, d) : found.movement;
    if (m !== undefined) applyMovement(d.ledger, e.id, d.version - 1, e.at, m, found);
    def.evolve(d, e);
  };

  const decodeEvent = (json: unknown): E.Either<string, EventBase> => {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return E.left('expected a JSON object');
    const type = (json as { type?: unknown }).type;
    if (typeof type !== 'string') return E.left(type === undefined ? 'type: is missing' : 'type: expected a string');
    const def = registry.get(type);
    if (def === undefined) return E.left(`type: unknown event type ${JSON.stringify(type)}`);
    const r = decodeFast(def.codec, json);
    return E.isRight(r) ? r : E.left(describeErrors(r.left));
  };

  const packEvent = (e: EventBase, out: PackBuffer): boolean => {
    const def = registry.get(e.type);
    const packing = def === undefined ? undefined : packingOf<EventBase>(def.codec);
    if (packing === undefined) return false;
    out.strs.push(e.type);
    packing.pack(e, out);
    return true;
  };

  /** The next packed event (packed by an engine of the same modules, so its type is known here). */
  const unpackEvent = (r: PackReader): EventBase => {
    const type = r.strs[r.s++] as string;
    const packing = packingOf<EventBase>(registry.get(type)?.codec ?? {});
    assert(packing !== undefined, () => `packed event of unknown type ${type}`);
    return packing.unpack(r);
  };

  const encodeEvent = (e: EventBase): JsonObject => {
    const def = registry.get(e.type);
    assert(def !== undefined, () => `encode of unknown event type ${e.type}`);
    return def.codec.encode(e);
  };

  const evolve = (s: OrgState, e: EventBase): OrgState => {
    const d = beginDraft(s);
    apply(d, e, undefined, false);
    return finishDraft(d);
  };

  const fold = (es: Iterable<EventBase>, from: OrgState = initialState): OrgState => {
    const d = beginDraft(from);
    // Events known to be valid have ids on no event before them: listed, not indexed (decision 104).
    for (const e of es) apply(d, e, undefined, true);
    return finishDraft(d);
  };

  const replayer = (from: OrgState = initialState): Replayer => {
    const d = beginDraft(from);
    let count = 0;
    let finished = false;
    const found: Found = { movement: undefined, lots: [], wallets: [] };
    // A decoder vouches for an id against the events pushed here, not those of the state begun from.
    const vouchable = from.eventIds.size === 0;
    const push = (e: EventBase, decoded = false, freshId = false): E.Either<DomainError, void> => {
      assert(!finished, 'replayer used after finish');
      const r = checkEvent(d, e, decoded, found, freshId);
      if (E.isLeft(r)) return r;
      apply(d, e, found, freshId);
      count += 1;
      return ok;
    };
    /** Checks and folds an event the codec just built (its shape is not checked again). */
    const pushDecoded = (e: EventBase, freshId = false): E.Either<DomainError, EventBase> => {
      const r = push(e, true, freshId);
      return E.isLeft(r) ? r : E.right(e);
    };
    return {
      push: (e) => push(e),
      pushPacked: (packed, freshId = false) => pushDecoded(unpackEvent(packed), freshId && vouchable),
      pushJson: (json) => {
        const decoded = decodeEvent(json);
        return E.isLeft(decoded) ? decoded : pushDecoded(decoded.right);
      },
      get count() {
        return count;
      },
      get view() {
        return d;
      },
      finish: () => {
        finished = true;
        return finishDraft(d);
      },
    };
  };

  const replay = (es: Iterable<EventBase>, from: OrgState = initialState): E.Either<ReplayError, OrgState> => {
    const r = replayer(from);
    let index = 0;
    for (const e of es) {
      const res = r.push(e);
      if (E.isLeft(res)) return E.left({ index, error: res.left });
      index += 1;
    }
    return E.right(r.finish());
  };

  const execute = (state: OrgState, command: CommandBase, ctx: CommandContext): E.Either<DomainError, Execution> => {
    const def = commands.get(command.type);
    if (def === undefined) return E.left(unknownCommand(command.type));
    const { requestId } = command;
    let print: string | undefined;
    if (requestId !== undefined) {
      if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > idLengthMax)
        return E.left(domainError(9908, `a request id is a text of 1 to ${idLengthMax} characters`));
      print = fingerprint(def.identity(command));
      const seen = requestRecord(state, requestId);
      if (seen !== undefined) {
        if (seen.fingerprint !== print || seen.commandType !== command.type) return E.left(requestIdReused(requestId, seen.commandType));
        const first = seen.refusal === undefined ? undefined : domainError(seen.refusal.code, seen.refusal.message);
        return E.right(first === undefined ? { events: [], state, replayed: seen } : { events: [], state, replayed: seen, refusal: first });
      }
    }
    if (state.lastAt !== undefined && ctx.now < state.lastAt) return E.left(timeGoesBack(formatTimestamp(ctx.now), formatTimestamp(state.lastAt)));
    const record = (eventIds: readonly string[], refusal: DomainError | undefined): CommandRecorded => ({
      type: 'CommandRecorded',
      id: ctx.newId(),
      at: ctx.now,
      requestId: requestId as string,
      commandType: command.type,
      fingerprint: print as string,
      eventIds,
      ...(refusal === undefined ? {} : { refusal: { code: refusal.code, message: refusal.message } }),
    });
    const expiry = command.type === 'ExpirePoints' ? [] : decideExpiry(state.ledger, ctx.now, ctx.newId);
    const d = beginDraft(state);
    // What the draft appends to the ledger's arena is undone unless its state is returned: deciding again
    // and again (refusals, checks that append nothing, with expiries due) must not grow it (`BlockArena.mark`).
    const arena = d.ledger.arena;
    const mark = arena.mark();
    let closed = false;
    const drop = (): void => {
      if (closed) return;
      closed = true;
      arena.undo(mark);
    };
    try {
      for (const e of expiry) {
        // Planned from this very state, an expiry fails its check only on a bad id from the context.
        const r = check(d, e);
        if (E.isLeft(r)) return r;
        apply(d, e, undefined, false);
      }
      /**
       * A refused request with an id is recorded, so that it stays refused, whether `decide` refused it or
       * the check of an event it decided (the group commands only build their event: decision 36); a
       * refusal without an id appends nothing.
       */
      const refused = (refusal: DomainError): E.Either<DomainError, Execution> => {
        if (requestId === undefined) return E.left(refusal);
        drop();
        const only = beginDraft(state);
        const rec = record([], refusal);
        const r = check(only, rec);
        if (E.isLeft(r)) return r;
        apply(only, rec, undefined, false);
        return E.right({ events: [rec], state: finishDraft(only), refusal });
      };
      // Decide on the state with the expiries folded (read through the draft, as every check does).
      // The caller's context read through its methods (a context may be a class), and the modules' word on entities.
      const decideCtx: DecideContext = { now: ctx.now, newId: () => ctx.newId(), newToken: (kind) => ctx.newToken(kind), entityExists: (type, id) => entityExists(d, type, id) };
      const decided = def.decide(d, command, decideCtx);
      let refusal: DomainError | undefined;
      let events: readonly EventBase[];
      if (E.isLeft(decided)) return refused(decided.left);
      if (decided.right.length === 0) return E.right({ events: [], state });
      for (const e of decided.right) {
        const r = check(d, e);
        if (E.isLeft(r)) return refused(r.left);
        apply(d, e, undefined, false);
        refusal = refusal ?? registry.get(e.type)?.refusal(e);
      }
      events = [...expiry, ...decided.right];
      if (requestId !== undefined) {
        const rec = record(
          decided.right.map((e) => e.id),
          refusal,
        );
        const r = check(d, rec);
        if (E.isLeft(r)) return r;
        apply(d, rec, undefined, false);
        events = [...events, rec];
      }
      const after = finishDraft(d);
      closed = true;
      arena.keep(mark);
      return E.right(refusal === undefined ? { events, state: after } : { events, state: after, refusal });
    } finally {
      drop();
    }
  };

  return {
    modules,
    initialState,
    eventTypes: [...registry.keys()].sort(),
    decodeEvent,
    packEvent,
    unpackEvent,
    encodeEvent,
    check,
    evolve,
    fold,
    replay,
    replayer,
    execute,
  };
};
