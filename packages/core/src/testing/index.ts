/**
 * @pointfold/core/testing: what Pointfold's own tests use, for users' test suites too: deterministic
 * contexts, a given/when/then helper, arbitraries of amounts and valid histories, fixture logs,
 * hostile JSON for decoders, a canonical dump of a state, and the balance invariants as predicates,
 * an assertion and an incremental watch. `@pointfold/testing` builds on it for the whole engine.
 */
export * from './context';
export * from './spec';
export * from './arbitraries';
export * from './history';
export * from './hostile';
export * from './canonical';
export * from './invariants';
export * from './faults';
