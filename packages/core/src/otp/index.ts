/** One-time codes for redemptions and transfers: salted hashes, expiry, single use, limited tries. */
export * from './otp';
