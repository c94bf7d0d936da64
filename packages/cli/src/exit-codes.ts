/**
 * The exit statuses of `pointfold`, part of its contract with scripts (README: "Exit status").
 * Bad input of any kind is 2, so a script can tell "fix your file or arguments" from a crash.
 */

/** Success. */
export const exitOk = 0;
/** An unexpected internal error: a bug, please report it. */
export const exitInternalError = 1;
/** Bad input: usage, an invalid option value, a missing file, a bad history. */
export const exitBadInput = 2;
/**
 * `pointfold verify`: the history replays but breaks a balance invariant after some event. Only a bug
 * (in Pointfold or in a module) can do that: the message names the line; please report it.
 */
export const exitInvariantViolated = 3;

/**
 * The output could not be written (a full disk, a device error; not a reader that stopped early, which
 * is no error): stdout may hold part of it. Reported once on stderr.
 */
export const exitOutputFailed = 4;
