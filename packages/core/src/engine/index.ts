/** Composition: the state, the module extension point, and the engine that folds and executes. */
export * from './state';
export * from './module';
export * from './event-codec';
export * from './engine';
