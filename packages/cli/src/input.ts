/**
 * @module input
 * Reading key packages from files or stdin in any of the forms people paste around: raw bytes,
 * hex, or base64 (standard or URL-safe); as a bare KeyPackage, or as MLSMessages — one, or a
 * batch written back to back as the directory takes and returns them.
 */
import { readFile } from "node:fs/promises";
import { fromHex } from "@mlskit/codec";
import { splitKeyPackageBatch } from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import { decodeKeyPackage, type UnverifiedKeyPackage } from "@mlskit/key-packages";
import type { ParsedArgs } from "./args.js";
import { CliError, type Io } from "./io.js";

/** How the input was written. */
export type InputEncoding = "binary" | "hex" | "base64";

/**
 * Read a whole file, or stdin for `-`.
 * @param path - a path or `-`
 * @param io - process surface
 * @returns the bytes
 * @example
 * ```ts
 * const bytes = await readInput("kp.mls", io);
 * ```
 */
export async function readInput(path: string, io: Io): Promise<Uint8Array> {
  if (path === "-") {
    const chunks: Uint8Array[] = [];
    for await (const c of io.stdin) chunks.push(typeof c === "string" ? new TextEncoder().encode(c) : c);
    return Uint8Array.from(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new CliError(`no such file: ${path}`);
    if (code === "EISDIR") throw new CliError(`is a directory: ${path}`);
    throw new CliError(`cannot read ${path}: ${code ?? String(e)}`);
  }
}

/**
 * Detect hex or base64 text and turn it into bytes; anything else is taken as raw bytes.
 * @param data - file content
 * @returns the bytes and the detected encoding
 * @example
 * ```ts
 * unwrapText(new TextEncoder().encode("0001 0005 ...")); // { bytes, encoding: "hex" }
 * ```
 */
export function unwrapText(data: Uint8Array): { bytes: Uint8Array; encoding: InputEncoding } {
  // Text only if every byte is printable ASCII or whitespace; a binary KeyPackage starts 00 01.
  const isText =
    data.length > 0 && data.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
  if (!isText) return { bytes: data, encoding: "binary" };
  const text = new TextDecoder().decode(data).replace(/\s+/g, "");
  if (/^(0x)?[0-9a-fA-F]+$/.test(text) && text.replace(/^0x/, "").length % 2 === 0) {
    return { bytes: fromHex(text.replace(/^0x/, "")), encoding: "hex" };
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    return {
      bytes: new Uint8Array(Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64")),
      encoding: "base64",
    };
  }
  return { bytes: data, encoding: "binary" };
}

/** A key package read from input, with how it was found. */
export interface ParsedInput {
  readonly keyPackage: UnverifiedKeyPackage;
  readonly form: "MLSMessage" | "KeyPackage";
  readonly encoding: InputEncoding;
  /** Its own size in bytes (one element of a batch). */
  readonly size: number;
  /** Where it came from: the file, or `file#i` (from 1) for an element of a batch. */
  readonly label: string;
}

/**
 * Decode the key packages of an input: one bare KeyPackage, or one or more MLSMessages (wire
 * format 5) written back to back — a batch, as the directory takes and returns them.
 * @param data - file content (binary, hex or base64)
 * @param name - file name for labels and errors
 * @returns the packages, in order
 * @throws CliError with the decoder's reason (and the element of a batch that failed)
 * @example
 * ```ts
 * for (const { keyPackage, label } of parseKeyPackageInputs(bytes, "batch.mls")) console.log(label);
 * ```
 */
export function parseKeyPackageInputs(data: Uint8Array, name: string): ParsedInput[] {
  const { bytes, encoding } = unwrapText(data);
  if (bytes.length === 0) throw new CliError(`${name}: empty input`);
  const asBatch = (): ParsedInput[] => {
    const elements = splitKeyPackageBatch(bytes);
    return elements.map(({ keyPackage, message }, i) => ({
      keyPackage,
      form: "MLSMessage" as const,
      encoding,
      size: message.length,
      label: elements.length === 1 ? name : `${name}#${i + 1}`,
    }));
  };
  const asBare = (): ParsedInput[] => [
    { keyPackage: decodeKeyPackage(bytes), form: "KeyPackage", encoding, size: bytes.length, label: name },
  ];
  // An MLSMessage starts with version mls10 (1) and wire format mls_key_package (5).
  const looksLikeMessage = bytes.length >= 4 && bytes[2] === 0 && bytes[3] === 5;
  let first: unknown;
  for (const attempt of looksLikeMessage ? [asBatch, asBare] : [asBare, asBatch]) {
    try {
      return attempt();
    } catch (e) {
      if (!MlsError.is(e)) throw e;
      first ??= e;
    }
  }
  const e = first as MlsError;
  // A batch error names the element; report the decoder's own code and message with it.
  const inner = e.cause !== undefined && MlsError.is(e.cause) ? e.cause : e;
  const where =
    typeof e.details.index === "number" && e.code !== inner.code
      ? ` (package ${e.details.index + 1} of the batch)`
      : "";
  throw new CliError(
    `${name}: not a key package${where} (${encoding}, ${bytes.length} bytes): ${inner.code}: ${inner.message}`,
  );
}

/**
 * A secret (a bearer token) read from the file an option names, trimmed, or else taken from an
 * environment variable: files keep tokens out of the process list and shell history.
 * @param values - parsed options
 * @param option - the file option, without `--`
 * @param io - process surface (its environment)
 * @param envName - the environment variable used without the option
 * @returns the token, or undefined when neither gives one
 * @throws CliError (exit 1) when the file cannot be read
 * @example
 * ```ts
 * const token = await secretOption(values, "token-file", io, "MLSKIT_DIRECTORY_TOKEN");
 * ```
 */
export async function secretOption(
  values: ParsedArgs["values"],
  option: string,
  io: Io,
  envName: string,
): Promise<string | undefined> {
  const file = values[option];
  if (typeof file !== "string") return io.env[envName];
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (e) {
    throw new CliError(`cannot read --${option}: ${(e as Error).message}`, 1);
  }
}
