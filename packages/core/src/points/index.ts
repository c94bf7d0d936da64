/** Exact point amounts: the `Points` type and its operations (import as a namespace). */
export * from './points';
