/**
 * @pointfold/testing: Pointfold's testing kit for users' test suites (and Pointfold's own). fast-check
 * arbitraries of valid histories over every module, of commands against a state and of amounts;
 * given/when/then over the whole engine; the balance invariants as predicates, an assertion and an
 * incremental watch. It re-exports the core's kit (`@pointfold/core/testing`), so one import is enough.
 */
export * from '@pointfold/core/testing';
export * from './engine';
export * from './world';
export * from './steps';
export * from './history';
export * from './commands';
export * from './amounts';
export * from './faults';
