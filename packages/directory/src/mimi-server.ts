/**
 * @module mimi-server
 * The directory as a MIMI target provider (draft-ietf-mimi-protocol, "Directory" and "Fetch Key
 * Material"): the discovery document at `/.well-known/mimi-protocol-directory`, the
 * `keyMaterial` endpoint, and the routing lookups of the provider's own delivery side.
 *
 * A KeyMaterialRequest goes through, in order (cheap before costly, nothing changes before the
 * last step): media type → protocol (another one is answered `incompatibleProtocol`) → strict
 * decoding → body `targetUser` = path → the draft's rules and the signature
 * (`verifyKeyMaterialRequest`) → the authoriser (who the requester is, and consent) → the
 * requester's rate limit and quota → the claim of one package per client of the user, with a
 * routing record for each, in one transaction. See docs/directory.md, "MIMI key material".
 */
import { timingSafeEqual } from "node:crypto";
import { fromHex, toHex } from "@mlskit/codec";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import {
  DirectoryErrorCode,
  DirectoryRoute,
  directoryError,
  KEY_PACKAGE_REF_HEX_PATTERN,
  type KeyPackageRouteResponse,
} from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import { decodeKeyPackageMessage } from "@mlskit/key-packages";
import {
  type ClientKeyMaterial,
  decodeKeyMaterialRequest,
  encodeKeyMaterialResponse,
  type KeyMaterialResponse,
  KeyMaterialUserCode,
  keyMaterialUserStatus,
  MIMI_DIRECTORY_PATH,
  MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
  MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE,
  type MimiDirectory,
  MimiProtocol,
  verifyKeyMaterialRequest,
} from "@mlskit/mimi";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DirectoryStore } from "./directory-store.js";
import type { MimiAuthorizer } from "./mimi-authorizer.js";
import { type MimiIdentifiers, mimiIdentifiers } from "./mimi-identifiers.js";
import { hashClientToken } from "./token.js";

/**
 * The MIMI side of a directory ({@link createDirectoryServer}'s `mimi` option).
 *
 * @example
 * ```ts
 * const mimi: MimiServerOptions = {
 *   domain: "b.example",
 *   authorize: createPeerProviderAuthorizer({ peers: [{ provider: "a.example", trustAnchors: [aRootDer] }] }),
 *   deliveryToken: process.env.MLSKIT_MIMI_DELIVERY_TOKEN,
 * };
 * ```
 */
export interface MimiServerOptions {
  /** The provider's domain: its users are `mimi://<domain>/u/<userId>` (see {@link mimiIdentifiers}). */
  readonly domain: string;
  /** Who may fetch key material (e.g. {@link createPeerProviderAuthorizer}). */
  readonly authorize: MimiAuthorizer;
  /** Another naming of users and clients; default `mimiIdentifiers(domain)`. */
  readonly identifiers?: MimiIdentifiers;
  /** The public base URL for the discovery document (behind a proxy); default: from the request. */
  readonly publicUrl?: string;
  /** Show a `nothingCompatible` client's capabilities (the draft makes it optional, for privacy). Default true. */
  readonly revealCapabilities?: boolean;
  /** Answer `noConsent` instead of `userUnknown`, so a requester cannot probe for users. Default false. */
  readonly hideUnknownUsers?: boolean;
  /** Bearer token of the provider's delivery side for the routing lookups; without it they are absent. */
  readonly deliveryToken?: string;
  /** Requests one requesting provider may make for one target user per rate-limit window. Default 60. */
  readonly requestsPerWindow?: number;
  /** Requests one requesting provider may make for all users together per window. Default 6,000. */
  readonly requestsPerProviderPerWindow?: number;
}

/** What the MIMI routes need of the server. @internal */
export interface MimiServerContext {
  readonly store: DirectoryStore;
  /** Sees only the served suites as supported. */
  readonly provider: CryptoProvider;
  readonly clock: () => bigint;
  readonly rateLimitWindowSeconds: number;
  readonly options: MimiServerOptions;
}

function checkCount(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`"mimi.${name}" expected an integer >= 1`);
  return v;
}

/**
 * Register the MIMI endpoints on a directory's Fastify instance.
 * @internal
 */
export function registerMimiRoutes(app: FastifyInstance, ctx: MimiServerContext): void {
  const { store, provider, clock, options } = ctx;
  if (typeof options?.authorize !== "function") throw new TypeError(`"mimi.authorize" expected a function`);
  const identifiers = options.identifiers ?? mimiIdentifiers(options.domain);
  const perUser = checkCount("requestsPerWindow", options.requestsPerWindow, 60);
  const perProvider = checkCount("requestsPerProviderPerWindow", options.requestsPerProviderPerWindow, 6000);
  const reveal = options.revealCapabilities ?? true;
  const unknownUser =
    options.hideUnknownUsers === true ? KeyMaterialUserCode.noConsent : KeyMaterialUserCode.userUnknown;
  if (options.publicUrl !== undefined && !/^https?:\/\//i.test(options.publicUrl))
    throw new TypeError(`"mimi.publicUrl" expected an http(s) URL`);
  const window = ctx.rateLimitWindowSeconds;

  app.addContentTypeParser(
    MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE,
    { parseAs: "buffer" },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.get(MIMI_DIRECTORY_PATH, async (request) => {
    const base = (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, "");
    return {
      keyMaterial: base + DirectoryRoute.mimiKeyMaterial.path.replace(":targetUser", "{targetUser}"),
    } satisfies MimiDirectory;
  });

  const answer = (reply: FastifyReply, response: KeyMaterialResponse) =>
    reply.type(MIMI_KEY_MATERIAL_RESPONSE_MEDIA_TYPE).send(Buffer.from(encodeKeyMaterialResponse(response)));

  app.route({
    method: DirectoryRoute.mimiKeyMaterial.method,
    url: DirectoryRoute.mimiKeyMaterial.path,
    handler: async (request, reply) => {
      // The router has percent-decoded the path's target user URI.
      const pathTarget = (request.params as { targetUser: string }).targetUser;
      const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE || !Buffer.isBuffer(request.body)) {
        throw directoryError(
          DirectoryErrorCode.unsupportedMediaType,
          `keyMaterial takes ${MIMI_KEY_MATERIAL_REQUEST_MEDIA_TYPE}`,
        );
      }
      const body = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength);
      const now = clock();
      // Another protocol's fields are not defined: nothing more can be read, nothing is done.
      if (body.length > 0 && body[0] !== MimiProtocol.mls10) {
        return answer(reply, {
          protocol: body[0]!,
          userStatus: KeyMaterialUserCode.incompatibleProtocol,
          userUri: pathTarget,
          clients: [],
        });
      }
      let req: ReturnType<typeof decodeKeyMaterialRequest>;
      try {
        req = decodeKeyMaterialRequest(body);
      } catch (e) {
        if (!MlsError.is(e)) throw e;
        throw directoryError(
          DirectoryErrorCode.malformedMimiRequest,
          `the KeyMaterialRequest does not decode: ${e.message}`,
          {
            codecCode: e.code,
            path: typeof e.details.path === "string" ? e.details.path : undefined,
            offset: typeof e.details.offset === "number" ? e.details.offset : undefined,
          },
          e,
        );
      }
      if (req.targetUser !== pathTarget) {
        throw directoryError(
          DirectoryErrorCode.mimiTargetMismatch,
          "the request's targetUser is not the user named in the path",
          { targetUser: req.targetUser, path: pathTarget },
        );
      }
      await verifyKeyMaterialRequest(req, { provider });
      const userId = identifiers.userIdOf(req.targetUser);
      const auth = await options.authorize({ request: req, targetUserId: userId, now });
      for (const [targetUser, limit] of [
        [req.targetUser, perUser],
        ["", perProvider],
      ] as const) {
        const rl = await store.hitRequesterRateLimit({
          requester: auth.requester,
          targetUser,
          now,
          windowSeconds: window,
          limit,
        });
        if (!rl.allowed) {
          reply.header("Retry-After", String(rl.retryAfterSeconds));
          throw directoryError(
            DirectoryErrorCode.rateLimited,
            targetUser === ""
              ? `more than ${limit} keyMaterial requests from ${auth.requester} in ${window} s; retry in ${rl.retryAfterSeconds} s`
              : `more than ${limit} keyMaterial requests from ${auth.requester} for this user in ${window} s; retry in ${rl.retryAfterSeconds} s`,
            { retryAfterSeconds: rl.retryAfterSeconds },
          );
        }
      }
      const nobody = (userStatus: number): KeyMaterialResponse => ({
        protocol: MimiProtocol.mls10,
        userStatus,
        userUri: req.targetUser,
        clients: [],
      });
      if (!auth.allowed) return answer(reply, nobody(auth.userStatus));
      if (userId === undefined) return answer(reply, nobody(unknownUser));
      const claim = await store.claimKeyMaterial({
        userId,
        criteria: req,
        now,
        requester: auth.requester,
        roomId: req.roomId,
      });
      if (!claim.userFound) return answer(reply, nobody(unknownUser));
      const clients = claim.clients.map((c): ClientKeyMaterial => {
        const clientUri = identifiers.clientUri(userId, c.clientId);
        if (c.status === 0)
          return { clientStatus: 0, clientUri, keyPackage: decodeKeyPackageMessage(c.message) };
        if (c.status === 1) return { clientStatus: 1, clientUri };
        return reveal
          ? { clientStatus: 2, clientUri, clientCapabilities: c.capabilities }
          : { clientStatus: 2, clientUri };
      });
      return answer(reply, {
        protocol: MimiProtocol.mls10,
        userStatus: keyMaterialUserStatus(clients.map((c) => c.clientStatus)),
        userUri: req.targetUser,
        clients,
      });
    },
  });

  if (options.deliveryToken === undefined) return;
  if (typeof options.deliveryToken !== "string" || options.deliveryToken.length < 16)
    throw new TypeError(`"mimi.deliveryToken" expected a string of at least 16 characters`);
  const deliveryHash = hashClientToken(options.deliveryToken);
  const delivery = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer +([\x21-\x7e]+) *$/i.exec(header) : null;
    reply.header("WWW-Authenticate", 'Bearer realm="mlskit-directory-delivery"');
    if (match === null)
      throw directoryError(DirectoryErrorCode.missingToken, "the routing lookups take the delivery token");
    if (!timingSafeEqual(hashClientToken(match[1]!), deliveryHash))
      throw directoryError(DirectoryErrorCode.invalidToken, "this is not the delivery token");
  };
  const refOf = (request: FastifyRequest): Uint8Array => {
    const hex = (request.params as { ref: string }).ref;
    if (!KEY_PACKAGE_REF_HEX_PATTERN.test(hex))
      throw directoryError(DirectoryErrorCode.invalidRequest, "the ref must be 16-64 bytes in hex", {
        field: "ref",
      });
    return fromHex(hex);
  };
  const notFound = (ref: Uint8Array) =>
    directoryError(
      DirectoryErrorCode.keyPackageRouteNotFound,
      `no routing record for ${toHex(ref)} (never handed out through MIMI, already routed, or expired)`,
    );
  app.route({
    method: DirectoryRoute.findKeyPackageRoute.method,
    url: DirectoryRoute.findKeyPackageRoute.path,
    preHandler: delivery,
    handler: async (request) => {
      const ref = refOf(request);
      const routes = await store.findKeyPackageRoutes(ref, clock());
      const first = routes[0];
      if (first === undefined) throw notFound(ref);
      return {
        ref: toHex(ref),
        userId: first.userId,
        clientId: first.clientId,
        clientUri: identifiers.clientUri(first.userId, first.clientId),
        lastResort: first.lastResort,
        notAfter: Number(first.notAfter),
        handedOut: routes.map((r) => ({ requester: r.requester, roomId: r.roomId, at: Number(r.createdAt) })),
      } satisfies KeyPackageRouteResponse;
    },
  });
  app.route({
    method: DirectoryRoute.deleteKeyPackageRoute.method,
    url: DirectoryRoute.deleteKeyPackageRoute.path,
    preHandler: delivery,
    handler: async (request, reply) => {
      const ref = refOf(request);
      if (!(await store.deleteKeyPackageRoutes(ref))) throw notFound(ref);
      return reply.status(204).send();
    },
  });
}
