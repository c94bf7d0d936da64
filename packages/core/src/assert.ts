/**
 * The one shared assertion. A broken invariant is a bug, not a business refusal:
 * it throws, with a message that names the invariant, and never returns a value.
 */

/** Thrown when an invariant of the engine does not hold. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(`invariant violated: ${message}`);
    this.name = 'InvariantViolation';
  }
}

/**
 * Asserts an invariant.
 * @example assert(balance >= 0n, () => `balance of ${key} is negative`)
 */
export function assert(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantViolation(typeof message === 'string' ? message : message());
}

/**
 * Throws for a broken invariant. For hot paths: `if (!cond) fail(msg)` builds the message only when
 * the invariant is broken, where `assert(cond, () => msg)` allocates a closure on every call.
 */
export function fail(message: string): never {
  throw new InvariantViolation(message);
}

/** Marks a branch the type system proves unreachable (exhaustive switches). */
export function absurd(value: never): never {
  throw new InvariantViolation(`unexpected value ${JSON.stringify(value)}`);
}
