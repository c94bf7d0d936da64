/** Persistent collections for the fold: a hash map with transient edits, a set of ids indexed lazily, append-mostly views, paged columns, and an arena of numeric vectors. */
export * from './pmap';
export * from './vec';
export * from './idset';
export * from './column';
export * from './block-arena';
export * from './canonical';
