/** io-ts codecs of the engine's JSON and their building blocks. */
export * from './struct';
export * from './primitives';
export * from './json';
export * from './pack';
