/**
 * @module wire-struct
 * The welcome structs as data: each codec lists its fields once, in wire order, each with the name
 * the RFC's TLS struct gives it, so a `CodecError` path reads `GroupSecrets.joiner_secret` while
 * the decoded value keeps camelCase keys. Built on the codec's own `struct`, which does the
 * encoding, the decoding and the path bookkeeping.
 */
import { type Codec, mapCodec, struct } from "@mlskit/codec";

/**
 * For each key of `T`: the field's name on the wire (RFC 9420 spelling) and its codec.
 * @example
 * ```ts
 * const fields: WireFields<ParentNode> = {
 *   encryptionKey: ["encryption_key", opaque],
 *   parentHash: ["parent_hash", opaque],
 *   unmergedLeaves: ["unmerged_leaves", vector(uint32)],
 * };
 * ```
 */
export type WireFields<T> = { readonly [K in keyof T]-?: readonly [wireName: string, codec: Codec<T[K]>] };

function renamed(
  value: object,
  pairs: readonly (readonly [from: string, to: string])[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of pairs) out[to] = (value as Record<string, unknown>)[from];
  return out;
}

/**
 * A struct codec whose fields, in the order of `fields`' keys, are named on the wire as the RFC
 * names them (in error paths) and in TypeScript as `T` names them.
 *
 * @param fields - key → [wire name, codec], in wire order
 * @returns the codec of `T`
 * @example
 * ```ts
 * const parentNodeCodec = wireStruct<ParentNode>({
 *   encryptionKey: ["encryption_key", opaque],
 *   parentHash: ["parent_hash", opaque],
 *   unmergedLeaves: ["unmerged_leaves", vector(uint32)],
 * });
 * ```
 */
export function wireStruct<T extends object>(fields: WireFields<T>): Codec<T> {
  const entries = Object.entries(fields) as [string, readonly [string, Codec<unknown>]][];
  const toWire = entries.map(([key, [wire]]) => [key, wire] as const);
  const fromWire = toWire.map(([key, wire]) => [wire, key] as const);
  const inner = struct(Object.fromEntries(entries.map(([, [wire, codec]]) => [wire, codec])));
  return mapCodec(
    inner,
    (onWire) => renamed(onWire, fromWire) as T,
    (value) => renamed(value, toWire),
  );
}
