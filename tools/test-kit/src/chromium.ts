/**
 * @module chromium
 * The headless Chromium the browser tests drive: Debian's package (no tool downloads a browser),
 * or the one MLSKIT_CHROMIUM names, started with the same flags everywhere.
 */

/** Where the Chromium binary is: `MLSKIT_CHROMIUM`, or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH: string = process.env.MLSKIT_CHROMIUM ?? "/usr/bin/chromium";

/** The flags Chromium is launched with; --no-sandbox because CI runs as root. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);
