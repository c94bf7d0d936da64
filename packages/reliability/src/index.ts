/**
 * @pointfold/reliability: Pointfold's whole-engine reliability suite (docs/reliability.md). The tests
 * live in `test/`; this entry point holds what a test shares with the child processes it starts: a
 * stable digest of a folded state and the engine of the domain packages alone.
 */
export * from './digest';
