/** Persistent collections for the fold: a hash map with transient edits, a set of ids indexed lazily, and append-mostly views. */
export * from './pmap';
export * from './vec';
export * from './idset';
export * from './canonical';
