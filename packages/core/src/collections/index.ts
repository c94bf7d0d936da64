/** Persistent collections for the fold: a hash map with transient edits, and append-mostly views. */
export * from './pmap';
export * from './vec';
export * from './canonical';
