/**
 * @module claim-key-packages
 * `claimKeyPackages`: get one key package of a cipher suite for every client of a user, to add
 * the user to a group. Each ordinary package is handed out once; a client with none left yields
 * its last-resort package (`lastResort: true`). The directory is not trusted: validate every
 * package (`validateKeyPackage`, and your Authentication Service) before using it.
 */
import { fromHex, toHex } from "@mlskit/codec";
import {
  type ClaimedKeyPackageJson,
  type ClaimRequest,
  type ClaimResponse,
  DirectoryRoute,
} from "@mlskit/directory-protocol";
import { StorageError } from "@mlskit/errors";
import { decodeKeyPackageMessage, type UnverifiedKeyPackage } from "@mlskit/key-packages";
import { type DirectoryConnection, expectJson, request } from "./connection.js";
import { DirectoryClientErrorCode } from "./errors.js";

/**
 * One claimed package. `JSON.stringify` writes it as the directory wrote it
 * (`ClaimedKeyPackageJson`: the ref in hex, the MLSMessage in base64), not its bytes as objects.
 *
 * @example
 * ```ts
 * const first: ClaimedKeyPackage | undefined = (await claimKeyPackages(directory, "bob", { cipherSuite: 1 })).keyPackages[0];
 * ```
 */
export interface ClaimedKeyPackage {
  /** The client of the user it belongs to. */
  readonly clientId: string;
  /** Its KeyPackageRef as the directory computed it (recompute it after validation). */
  readonly ref: Uint8Array;
  /** Whether it is the client's last-resort package (reused; RFC 9420 §16.8). */
  readonly lastResort: boolean;
  /** The decoded, not yet validated, package. */
  readonly keyPackage: UnverifiedKeyPackage;
  /** Its MLSMessage bytes. */
  readonly message: Uint8Array;
}

/**
 * The answer to a claim: the directory's `ClaimResponse` (`userId`, `cipherSuite`,
 * `missingClients`: clients of the user with no package of the suite at all), with the packages decoded.
 *
 * @example
 * ```ts
 * const { keyPackages, missingClients }: ClaimKeyPackagesResult = await claimKeyPackages(directory, "bob", { cipherSuite: 1 });
 * ```
 */
export interface ClaimKeyPackagesResult extends Omit<ClaimResponse, "keyPackages"> {
  /** One per client that had a package, in client id order. */
  readonly keyPackages: readonly ClaimedKeyPackage[];
}

function base64ToBytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Claim one key package per client of `userId` for `cipherSuite`.
 *
 * @param directory - URL and token of the claiming client
 * @param userId - the user to add
 * @param opts - the group's cipher suite
 * @returns the packages, decoded but not validated
 * @throws UsageError `DIRECTORY_USER_NOT_FOUND`, `DIRECTORY_RATE_LIMITED` (with
 *   `details.retryAfterSeconds`), `DIRECTORY_UNSUPPORTED_CIPHER_SUITE`, …
 * @example
 * ```ts
 * const { keyPackages } = await claimKeyPackages(directory, "bob", { cipherSuite: 1 });
 * for (const k of keyPackages) await validateKeyPackage(k.keyPackage, { provider, expectedCipherSuite: 1 });
 * ```
 */
export async function claimKeyPackages(
  directory: DirectoryConnection,
  userId: string,
  opts: { readonly cipherSuite: number },
): Promise<ClaimKeyPackagesResult> {
  if (typeof userId !== "string" || userId === "")
    throw new TypeError(`"userId" expected a non-empty string`);
  const suite = opts?.cipherSuite;
  if (!Number.isInteger(suite) || suite < 0 || suite > 0xffff)
    throw new TypeError(`"cipherSuite" expected a uint16, got ${String(suite)}`);
  const answer = await request(directory, DirectoryRoute.claimKeyPackages, {
    params: { userId },
    json: { cipherSuite: suite } satisfies ClaimRequest,
  });
  const json = expectJson<ClaimResponse>(
    answer,
    (v) =>
      Array.isArray((v as ClaimResponse)?.keyPackages) && Array.isArray((v as ClaimResponse).missingClients),
  );
  return {
    userId: json.userId,
    cipherSuite: json.cipherSuite,
    keyPackages: json.keyPackages.map((k) => {
      const message = base64ToBytes(k.keyPackage);
      let keyPackage: UnverifiedKeyPackage;
      try {
        keyPackage = decodeKeyPackageMessage(message);
      } catch (e) {
        throw new StorageError(
          DirectoryClientErrorCode.badResponse,
          `the directory returned a key package of client "${k.clientId}" that does not decode`,
          { cause: e },
        );
      }
      const claimed: ClaimedKeyPackage = {
        clientId: k.clientId,
        ref: fromHex(k.ref),
        lastResort: k.lastResort,
        keyPackage,
        message,
      };
      // Not enumerable: the object stays plain data to compare and spread.
      const json: ClaimedKeyPackageJson = {
        clientId: k.clientId,
        ref: toHex(claimed.ref),
        lastResort: k.lastResort,
        keyPackage: k.keyPackage,
      };
      Object.defineProperty(claimed, "toJSON", { value: () => json });
      return claimed;
    }),
    missingClients: json.missingClients,
  };
}
