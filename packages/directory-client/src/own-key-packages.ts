/**
 * @module own-key-packages
 * What a client can ask about its own published key packages: how many valid ones are left
 * (to know when to top up), which are stored, and deleting one (e.g. after its signature key
 * changed, RFC 9750 §5.1).
 */
import { fromHex, toHex } from "@mlskit/codec";
import {
  type CountResponse,
  DirectoryErrorCode,
  DirectoryRoute,
  type ListedKeyPackageJson,
  type ListResponse,
} from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import { type DirectoryConnection, expectJson, request } from "./connection.js";

/**
 * A client's stock of one cipher suite on the directory.
 *
 * @example
 * ```ts
 * const stock: KeyPackageStock = await countKeyPackages(directory, { cipherSuite: 1 });
 * ```
 */
export interface KeyPackageStock {
  readonly cipherSuite: number;
  /** Ordinary packages valid now (each will be handed out once). */
  readonly count: number;
  /** The valid last-resort package, with how often it has been handed out, or `null`. */
  readonly lastResort: {
    readonly ref: Uint8Array;
    readonly notAfter: number;
    readonly claims: number;
  } | null;
}

/**
 * A stored package as listed: the directory's `ListedKeyPackageJson` (suite, last resort, lifetime,
 * `publishedAt` in seconds since the epoch, `claims`) with the ref as bytes.
 *
 * @example
 * ```ts
 * const [first]: PublishedKeyPackageSummary[] = await listKeyPackages(directory);
 * ```
 */
export interface PublishedKeyPackageSummary extends Omit<ListedKeyPackageJson, "ref"> {
  /** Its KeyPackageRef. */
  readonly ref: Uint8Array;
}

function checkSuite(suite: unknown): number {
  if (typeof suite !== "number" || !Number.isInteger(suite) || suite < 0 || suite > 0xffff)
    throw new TypeError(`"cipherSuite" expected a uint16, got ${String(suite)}`);
  return suite;
}

/**
 * Count this client's valid key packages of a suite on the directory.
 *
 * @param directory - URL and token
 * @param opts - the cipher suite
 * @returns the stock
 * @example
 * ```ts
 * const { count, lastResort } = await countKeyPackages(directory, { cipherSuite: 1 });
 * if (count < 10) await topUp({ ... });
 * ```
 */
export async function countKeyPackages(
  directory: DirectoryConnection,
  opts: { readonly cipherSuite: number },
): Promise<KeyPackageStock> {
  const suite = checkSuite(opts?.cipherSuite);
  const json = expectJson<CountResponse>(
    await request(directory, DirectoryRoute.countKeyPackages, { query: { cipherSuite: suite } }),
    (v) => typeof (v as CountResponse)?.count === "number",
  );
  return {
    cipherSuite: json.cipherSuite,
    count: json.count,
    lastResort: json.lastResort === null ? null : { ...json.lastResort, ref: fromHex(json.lastResort.ref) },
  };
}

/**
 * List this client's stored key packages (expired ones too, until pruned).
 *
 * @param directory - URL and token
 * @param opts - optionally only one cipher suite
 * @returns the summaries, ordered by ref
 * @example
 * ```ts
 * for (const s of await listKeyPackages(directory)) console.log(toHex(s.ref), s.lastResort);
 * ```
 */
export async function listKeyPackages(
  directory: DirectoryConnection,
  opts: { readonly cipherSuite?: number } = {},
): Promise<PublishedKeyPackageSummary[]> {
  const cipherSuite = opts.cipherSuite === undefined ? undefined : checkSuite(opts.cipherSuite);
  const json = expectJson<ListResponse>(
    await request(directory, DirectoryRoute.listKeyPackages, { query: { cipherSuite } }),
    (v) => Array.isArray((v as ListResponse)?.keyPackages),
  );
  return json.keyPackages.map((k) => ({ ...k, ref: fromHex(k.ref) }));
}

/**
 * Delete one of this client's key packages from the directory.
 *
 * @param directory - URL and token
 * @param ref - its KeyPackageRef
 * @returns whether it was there (another client's package counts as absent)
 * @example
 * ```ts
 * await deleteKeyPackage(directory, bundle.ref);
 * ```
 */
export async function deleteKeyPackage(directory: DirectoryConnection, ref: Uint8Array): Promise<boolean> {
  if (!(ref instanceof Uint8Array)) throw new TypeError(`"ref" expected Uint8Array`);
  try {
    await request(directory, DirectoryRoute.deleteKeyPackage, { params: { ref: toHex(ref) } });
    return true;
  } catch (e) {
    if (MlsError.is(e, DirectoryErrorCode.keyPackageNotFound)) return false;
    throw e;
  }
}
