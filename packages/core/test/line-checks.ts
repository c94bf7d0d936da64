/**
 * Given/when/then over one history line, for the tests of every package's history checks: given a
 * valid history, when one crafted line is replayed as `pointfold replay` reads it (its JSON, decoded,
 * checked), then it is refused with a code and a reason, and the replayer holds what it held before.
 */
import * as E from 'fp-ts/Either';
import { DomainError, Engine, EventBase, Replayer } from '@pointfold/core';
import { canonicalState } from '@pointfold/core/testing';

/** How the line under test reaches the replayer. */
export type Push = (r: Replayer) => E.Either<DomainError | string, unknown>;

/** One row: the history, the line, and the refusal it must get. */
export interface LineCase {
  readonly name: string;
  readonly given: readonly EventBase[];
  readonly when: Push;
  readonly code: number;
  /** The whole message, or a pattern of it. */
  readonly reason: string | RegExp;
}

export interface LineChecks {
  /** The event as a history file holds it: its JSON line. */
  line(e: EventBase): Push;
  /** A JSON line written by hand (what no typed event can say). */
  json(j: unknown): Push;
  /** The event object itself (what an embedding service pushes), checked for its shape too. */
  object(e: EventBase): Push;
  /** Replays `given` (each event must be accepted), then the line: its answer, and whether the replayer is as before. */
  whenReplayed(given: readonly EventBase[], push: Push): { readonly answer: E.Either<DomainError | string, unknown>; readonly unchanged: boolean };
  /** The row's line is refused with its code and reason, and folds nothing. */
  thenRefused(c: LineCase): void;
  /** The line is accepted (the control beside refused rows: what they refuse is the crafted field, not the history). */
  thenAccepted(given: readonly EventBase[], push: Push): void;
}

export const lineChecks = (engine: Engine): LineChecks => {
  const whenReplayed: LineChecks['whenReplayed'] = (given, push) => {
    const before = engine.replay(given);
    if (E.isLeft(before)) throw new Error(`given event #${before.left.index} was refused: ${before.left.error.code} ${before.left.error.message}`);
    const r = engine.replayer();
    for (const e of given) {
      const pushed = r.push(e);
      if (E.isLeft(pushed)) throw new Error(`given event ${e.id} was refused: ${pushed.left.code} ${pushed.left.message}`);
    }
    const answer = push(r);
    const count = r.count;
    return { answer, unchanged: count === given.length && canonicalState(r.finish()) === canonicalState(before.right) };
  };
  return {
    line: (e) => (r) => r.pushJson(engine.encodeEvent(e)),
    json: (j) => (r) => r.pushJson(j),
    object: (e) => (r) => r.push(e),
    whenReplayed,
    thenRefused: ({ given, when, code, reason }) => {
      const { answer, unchanged } = whenReplayed(given, when);
      expect(answer).toEqual(E.left(expect.objectContaining({ code, message: typeof reason === 'string' ? reason : expect.stringMatching(reason) })));
      expect(unchanged).toBe(true);
    },
    thenAccepted: (given, push) => {
      const { answer } = whenReplayed(given, push);
      expect(answer).toEqual(E.right(expect.anything()));
    },
  };
};
