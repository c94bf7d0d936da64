/**
 * Every limit of the command line in one place, each with its unit in its name.
 * Changing one changes what users see: say so in the README.
 */

/** Files at least this large show a progress bar while they replay (when stderr is a terminal). */
export const progressBarMinBytes = 5 * 1024 * 1024;

/**
 * A history line longer than this is refused at its number (`FILE:LINE: ...`): no event comes near it (the
 * server's bodies are at most 1 MiB), a reader keeps one line in memory at a time, and a JavaScript string
 * cannot hold much more than 512 MiB anyway.
 */
export const jsonlLineBytesMax = 64 * 1024 * 1024;
