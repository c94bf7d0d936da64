/**
 * The extension point. A package contributes an `EngineModule`: its event types (codec, check,
 * ledger movement, evolve), its commands (decide), and which entity types it can resolve.
 * `createEngine` composes the modules in one place, so one fold reads a log that holds them all.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Timestamp } from '../time/timestamp';
import { DomainError } from '../errors';
import { JsonObject } from '../codec';
import { EntityType } from '../ledger/accounts';
import { Movement } from '../ledger/postings';
import { Draft, OrgState } from './state';

/** What every event has (CONTRACT §1): its type, an id unique in the log, and its time. */
export interface EventBase {
  readonly type: string;
  readonly id: string;
  readonly at: Timestamp;
}

/**
 * What every command has: its type, and optionally a request id (idempotency: the same request sent
 * again returns the first outcome). Time, ids and secrets come in the `CommandContext`.
 */
export interface CommandBase {
  readonly type: string;
  readonly requestId?: string;
}

/**
 * What a command's decision may use besides the state: the time, and generators for event ids and
 * secrets (OTPs, salts, coupon codes). Passing them in keeps the domain pure and replays exact.
 */
export interface CommandContext {
  readonly now: Timestamp;
  /** A new id, unique in the log. */
  readonly newId: () => string;
  /** A new random token of a kind (`otp`, `salt`, `coupon`, ...). */
  readonly newToken: (kind: string) => string;
}

/**
 * The context a command's `decide` gets: the caller's `CommandContext`, and what the composed engine
 * knows beyond the core (whether an entity of a type another package owns exists).
 */
export interface DecideContext extends CommandContext {
  /** Whether the entity exists, as the module that owns its type says (a type no module owns: false). */
  readonly entityExists: (type: EntityType, id: string) => boolean;
}

/** How a package defines one event type. */
export interface EventDefinition<E extends EventBase> {
  readonly type: E['type'];
  /** Decodes the whole JSON line (type, id, at included); encodes it back. */
  readonly codec: t.Type<E, JsonObject, unknown>;
  /** Refuses an event this state could not have decided (history import, store append). */
  readonly check?: (s: OrgState, e: E) => E.Either<DomainError, void>;
  /** What the event moves on the ledger, if anything. */
  readonly movement?: (e: E, s: OrgState) => Movement | undefined;
  /** Records the event in the package's slices (the ledger records the movement itself). */
  readonly evolve?: (d: Draft, e: E) => void;
  /**
   * For an event that records a refused attempt (a wrong one-time code counts against its tries):
   * the refusal the command answers with, although the event is appended.
   */
  readonly refusal?: (e: E) => DomainError;
}

/** An event definition with its type erased, as the engine holds it. */
export interface RegisteredEvent {
  readonly type: string;
  readonly codec: t.Type<EventBase, JsonObject, unknown>;
  readonly check: (s: OrgState, e: EventBase) => E.Either<DomainError, void>;
  readonly movement: (e: EventBase, s: OrgState) => Movement | undefined;
  readonly evolve: (d: Draft, e: EventBase) => void;
  readonly refusal: (e: EventBase) => DomainError | undefined;
}

const ok: E.Either<DomainError, void> = E.right(undefined);

/**
 * Registers an event type. The engine dispatches on `type`, so the event handed to these
 * functions is one this definition decoded or a decider built as `E`: the casts restore that type.
 */
export const defineEvent = <E extends EventBase>(def: EventDefinition<E>): RegisteredEvent => ({
  type: def.type,
  codec: def.codec as unknown as t.Type<EventBase, JsonObject, unknown>,
  check: (s, e) => (def.check === undefined ? ok : def.check(s, e as E)),
  movement: (e, s) => def.movement?.(e as E, s),
  evolve: (d, e) => def.evolve?.(d, e as E),
  refusal: (e) => def.refusal?.(e as E),
});

/** How a package defines one command. */
export interface CommandDefinition<C extends CommandBase> {
  readonly type: C['type'];
  readonly decide: (s: OrgState, c: C, ctx: DecideContext) => E.Either<DomainError, readonly EventBase[]>;
  /**
   * What identifies a request of this command for its request id (the whole command when absent): a
   * field that only confirms another, and changes nothing decided, may be left out, so that a request
   * recorded before the field existed is still the same request (decision 118).
   */
  readonly identity?: (c: C) => CommandBase;
}

/** A command definition with its type erased. */
export interface RegisteredCommand {
  readonly type: string;
  readonly decide: (s: OrgState, c: CommandBase, ctx: DecideContext) => E.Either<DomainError, readonly EventBase[]>;
  /** What the request id's fingerprint is taken of. */
  readonly identity: (c: CommandBase) => CommandBase;
}

/** Registers a command type (dispatched on `type`, as `defineEvent`). */
export const defineCommand = <C extends CommandBase>(def: CommandDefinition<C>): RegisteredCommand => ({
  type: def.type,
  decide: (s, c, ctx) => def.decide(s, c as C, ctx),
  identity: (c) => (def.identity === undefined ? c : def.identity(c as C)),
});

/** A package's contribution to the engine. */
export interface EngineModule {
  readonly name: string;
  readonly events: readonly RegisteredEvent[];
  readonly commands: readonly RegisteredCommand[];
  /** Whether an entity of a type this package owns exists (e.g. groups resolve USERGROUP2). */
  readonly entityExists?: Partial<Record<EntityType, (s: OrgState, id: string) => boolean>>;
}
