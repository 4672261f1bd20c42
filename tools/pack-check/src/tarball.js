// @ts-check
/**
 * @module tarball
 * Read an npm tarball (gzip'd ustar) in memory: its file names and contents, without a `tar`
 * binary or a dependency.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * @param {string} path - a `.tgz` file
 * @returns {Map<string, Buffer>} file path inside the tarball (`package/` prefix removed) → contents
 */
export function readTarball(path) {
  const tar = gunzipSync(readFileSync(path));
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  let offset = 0;
  /** @type {string | undefined} */
  let longName;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (/** @type {number} */ start, /** @type {number} */ length) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0[\s\S]*$/, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix === "" ? field(0, 100) : `${prefix}/${field(0, 100)}`);
    longName = undefined;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === "L") longName = body.toString("utf8").replace(/\0[\s\S]*$/, "");
    else if (type === "0" || type === "") files.set(name.replace(/^[^/]+\//, ""), Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
