/**
 * @module version
 * The CLI's version, read from its package.json at startup.
 */
import { readFileSync } from "node:fs";

/** The package version, e.g. `0.1.0`. */
export const VERSION: string = (() => {
  try {
    return (
      JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
    ).version;
  } catch {
    return "unknown";
  }
})();
