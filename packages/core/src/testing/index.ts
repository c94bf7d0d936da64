/**
 * @pointfold/core/testing: what Pointfold's own tests use, for users' test suites too: deterministic
 * contexts, a given/when/then helper, arbitraries of amounts and valid histories, fixture logs,
 * hostile JSON for decoders, a canonical dump of a state, and the balance invariants as an assertion.
 */
import { OrgState } from '../engine/state';
import { ledgerViolations } from '../ledger/invariants';

export * from './context';
export * from './spec';
export * from './arbitraries';
export * from './history';
export * from './hostile';
export * from './canonical';

/** Throws when a state breaks a balance invariant (see `ledgerViolations`). */
export const assertBalanced = (s: OrgState): void => {
  const v = ledgerViolations(s.ledger);
  if (v.length > 0) throw new Error(`balance invariants violated:\n- ${v.join('\n- ')}`);
};
