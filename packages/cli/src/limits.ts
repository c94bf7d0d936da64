/**
 * Every limit of the command line in one place, each with its unit in its name.
 * Changing one changes what users see: say so in the README.
 */

/** Files at least this large show a progress bar while they replay (when stderr is a terminal). */
export const progressBarMinBytes = 5 * 1024 * 1024;
