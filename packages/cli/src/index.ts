/**
 * @module @mlskit/cli
 * The `mlskit` command as a function, for embedding and tests.
 */
export { CliError, type Io, type TextOut } from "./io.js";
export { main } from "./main.js";
