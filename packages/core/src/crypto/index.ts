/** Hashing for secrets the engine keeps (one-time codes are stored salted and hashed, never in clear). */
export * from './sha256';
