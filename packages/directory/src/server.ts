/**
 * @module server
 * The directory's HTTP API (Fastify), versioned under `/v1`. Every endpoint but `/v1/health`
 * takes `Authorization: Bearer <client token>`; key packages travel as `application/mls-message`
 * (a batch is MLSMessages written back to back), everything else as JSON, and every error as
 * `{ "error": { "code", "message", "details" } }` with a stable code. The server keeps no state of
 * its own: all of it, rate-limit counters included, is in the {@link DirectoryStore}, so any
 * number of processes can serve one PostgreSQL database. See docs/directory.md.
 */
import { concatBytes, fromHex, toHex } from "@mlskit/codec";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { createNodeCryptoProvider } from "@mlskit/crypto-provider-node";
import {
  type ClaimResponse,
  type CountResponse,
  DirectoryErrorCode,
  DirectoryRoute,
  type DirectoryRouteSpec,
  directoryError,
  type HealthResponse,
  type ListResponse,
  type MeResponse,
  MLS_MESSAGE_MEDIA_TYPE,
  type PublishResponse,
} from "@mlskit/directory-protocol";
import { DEFAULT_LIFETIME_POLICY, type LifetimePolicy } from "@mlskit/key-packages";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteHandlerMethod,
} from "fastify";
import { type DirectoryLimits, directoryLimits } from "./directory-limits.js";
import { type ClientRecord, type DirectoryStore, MAX_STORED_TIME } from "./directory-store.js";
import { type MimiServerOptions, registerMimiRoutes } from "./mimi-server.js";
import { checkPublishBatch } from "./publish-batch.js";
import { refFromPath, suiteFromBody, suiteFromQuery, userIdFromPath } from "./requests.js";
import { frameworkErrors, installErrorHandlers } from "./server-errors.js";
import { hashClientToken } from "./token.js";

/**
 * Options of {@link createDirectoryServer}.
 *
 * @example
 * ```ts
 * const opts: DirectoryServerOptions = { store, cipherSuites: [1, 3], limits: { quotaPerClient: 500 } };
 * ```
 */
export interface DirectoryServerOptions {
  /** Where everything is kept. The caller opens and closes it. */
  readonly store: DirectoryStore;
  /** Crypto provider for validation and refs. Default: `createNodeCryptoProvider()` (OpenSSL). */
  readonly provider?: CryptoProvider;
  /** Cipher suites the directory accepts and serves. Default: all the provider supports. */
  readonly cipherSuites?: readonly number[];
  /** Lifetime policy of `validateKeyPackage` (RFC 9420 §7.2 maximum). Default `DEFAULT_LIFETIME_POLICY`. */
  readonly lifetimePolicy?: LifetimePolicy;
  /** Limits; omitted fields take {@link DEFAULT_DIRECTORY_LIMITS}. */
  readonly limits?: Partial<DirectoryLimits>;
  /** The clock, seconds since the epoch. Default: the system clock. */
  readonly clock?: () => bigint;
  /** Fastify's logger option (`true` logs JSON lines to stdout). Default false. */
  readonly logger?: boolean;
  /** Trust `X-Forwarded-*` from a reverse proxy. Default false. */
  readonly trustProxy?: boolean;
  /** Called when background pruning fails (it is retried at the next interval). */
  readonly onPruneError?: (error: unknown) => void;
  /**
   * Serve MIMI key material too (draft-ietf-mimi-protocol): discovery, `keyMaterial`, routing
   * lookups. Absent: those endpoints do not exist.
   */
  readonly mimi?: MimiServerOptions;
}

/**
 * A running (or ready to run) directory.
 *
 * @example
 * ```ts
 * const server: DirectoryServer = createDirectoryServer({ store });
 * const url = await server.listen({ port: 0 });
 * await server.close();
 * ```
 */
export interface DirectoryServer {
  /** The Fastify instance (for `inject` in tests, or to add routes). */
  readonly app: FastifyInstance;
  /** The limits in force. */
  readonly limits: DirectoryLimits;
  /** Start listening. @returns the base URL, e.g. `http://127.0.0.1:8080` */
  listen(opts?: { readonly host?: string; readonly port?: number }): Promise<string>;
  /** Run one pruning pass now. */
  prune(): Promise<{
    readonly keyPackages: number;
    readonly rateLimits: number;
    readonly keyPackageRoutes: number;
  }>;
  /** Stop listening and stop background pruning (the store stays open). */
  close(): Promise<void>;
}

declare module "fastify" {
  interface FastifyRequest {
    directoryClient: ClientRecord | undefined;
  }
}

const systemClock = (): bigint => BigInt(Math.floor(Date.now() / 1000));

const timeOut = (t: bigint): number => Number(t > MAX_STORED_TIME ? MAX_STORED_TIME : t);

/**
 * Build the directory's HTTP server over a store.
 *
 * @param opts - store, provider, suites, lifetime policy, limits, clock
 * @returns the server (not yet listening)
 * @throws RangeError for a limit out of range
 * @example
 * ```ts
 * const store = await openDirectoryStore("directory.db");
 * const server = createDirectoryServer({ store, limits: { claimsPerWindow: 30 } });
 * const url = await server.listen({ host: "127.0.0.1", port: 8080 });
 * ```
 */
export function createDirectoryServer(opts: DirectoryServerOptions): DirectoryServer {
  const store = opts?.store;
  if (typeof store?.claim !== "function") throw new TypeError(`"store" expected a DirectoryStore`);
  const limits = directoryLimits(opts.limits);
  const baseProvider = opts.provider ?? createNodeCryptoProvider();
  const suites = [...(opts.cipherSuites ?? baseProvider.supportedCipherSuites())];
  // Validation sees only the served suites as supported, so any other fails KP-03.
  const provider: CryptoProvider = {
    name: baseProvider.name,
    supportedCipherSuites: () => suites,
    getCipherSuite: (id) => baseProvider.getCipherSuite(id),
    randomBytes: (n) => baseProvider.randomBytes(n),
  };
  const lifetimePolicy = opts.lifetimePolicy ?? DEFAULT_LIFETIME_POLICY;
  const clock = opts.clock ?? systemClock;

  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: limits.bodyLimitBytes,
    trustProxy: opts.trustProxy ?? false,
    // The handlers check ids (at most 128 characters) and refs (at most 128 hex digits) and answer
    // 400 naming the field; the router must not cut them off first (its default is 100).
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors,
  });
  app.decorateRequest("directoryClient", undefined);
  app.addContentTypeParser(MLS_MESSAGE_MEDIA_TYPE, { parseAs: "buffer" }, (_req, body, done) => {
    done(null, body);
  });

  installErrorHandlers(app, limits.bodyLimitBytes);

  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer +([\x21-\x7e]+) *$/i.exec(header) : null;
    reply.header("WWW-Authenticate", 'Bearer realm="mlskit-directory"');
    if (match === null) {
      throw directoryError(
        DirectoryErrorCode.missingToken,
        "an Authorization: Bearer <token> header is required",
      );
    }
    const client = await store.findClientByTokenHash(hashClientToken(match[1]!));
    if (client === undefined)
      throw directoryError(DirectoryErrorCode.invalidToken, "the bearer token is not valid");
    reply.removeHeader("WWW-Authenticate");
    request.directoryClient = client;
  };
  const me = (request: FastifyRequest): ClientRecord => request.directoryClient!;

  /** Register an endpoint of the protocol; every one but health takes a client token. */
  const on = (spec: DirectoryRouteSpec, handler: RouteHandlerMethod): void => {
    app.route({
      method: spec.method,
      url: spec.path,
      ...(spec === DirectoryRoute.health ? {} : { preHandler: authenticate }),
      handler,
    });
  };

  on(DirectoryRoute.health, async (_request, reply) => {
    await store.ping();
    return reply.send({ status: "ok", store: store.kind } satisfies HealthResponse);
  });

  on(DirectoryRoute.me, async (request) => {
    const c = me(request);
    return { userId: c.userId, clientId: c.clientId, cipherSuites: suites } satisfies MeResponse;
  });

  on(DirectoryRoute.publishKeyPackages, async (request, reply) => {
    const client = me(request);
    if (!Buffer.isBuffer(request.body)) {
      throw directoryError(
        DirectoryErrorCode.unsupportedMediaType,
        `publish takes ${MLS_MESSAGE_MEDIA_TYPE} (MLSMessages back to back)`,
      );
    }
    const body = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const now = clock();
    const rows = await checkPublishBatch(body, {
      credential: client.credential,
      clientId: client.clientId,
      provider,
      lifetimePolicy,
      now,
      quota: limits.quotaPerClient,
    });
    const { replacedLastResort } = await store.publish(client.id, rows, {
      now,
      quota: limits.quotaPerClient,
    });
    return reply.status(201).send({
      published: rows.map((r) => ({
        ref: toHex(r.ref),
        cipherSuite: r.cipherSuite,
        lastResort: r.lastResort,
        notAfter: timeOut(r.notAfter),
      })),
      replacedLastResort: replacedLastResort.map(toHex),
    } satisfies PublishResponse);
  });

  on(DirectoryRoute.listKeyPackages, async (request) => {
    const q = request.query as Record<string, unknown>;
    const suite = q.cipherSuite === undefined ? undefined : suiteFromQuery(q.cipherSuite);
    const list = await store.list(me(request).id, suite);
    return {
      keyPackages: list.map((s) => ({
        ref: toHex(s.ref),
        cipherSuite: s.cipherSuite,
        lastResort: s.lastResort,
        notBefore: timeOut(s.notBefore),
        notAfter: timeOut(s.notAfter),
        publishedAt: timeOut(s.createdAt),
        claims: s.claims,
      })),
    } satisfies ListResponse;
  });

  on(DirectoryRoute.countKeyPackages, async (request) => {
    const suite = suiteFromQuery((request.query as Record<string, unknown>).cipherSuite);
    const c = await store.count(me(request).id, suite, clock());
    return {
      cipherSuite: suite,
      count: c.count,
      lastResort:
        c.lastResort === undefined
          ? null
          : {
              ref: toHex(c.lastResort.ref),
              notAfter: timeOut(c.lastResort.notAfter),
              claims: c.lastResort.claims,
            },
    } satisfies CountResponse;
  });

  on(DirectoryRoute.deleteKeyPackage, async (request, reply) => {
    const hex = refFromPath((request.params as { ref: unknown }).ref);
    // Another client's package is reported as absent: a client sees and manages only its own.
    if (!(await store.delete(me(request).id, fromHex(hex)))) {
      throw directoryError(
        DirectoryErrorCode.keyPackageNotFound,
        `you have no key package ${hex.toLowerCase()}`,
      );
    }
    return reply.status(204).send();
  });

  on(DirectoryRoute.claimKeyPackages, async (request, reply) => {
    const claimer = me(request);
    const userId = userIdFromPath((request.params as { userId: unknown }).userId);
    const suite = suiteFromBody(request.body);
    if (!suites.includes(suite)) {
      throw directoryError(
        DirectoryErrorCode.unsupportedCipherSuite,
        `cipher suite ${suite} is not served here`,
        {
          cipherSuite: suite,
        },
      );
    }
    const now = clock();
    const rl = await store.hitRateLimit({
      claimer: claimer.id,
      targetUser: userId,
      now,
      windowSeconds: limits.rateLimitWindowSeconds,
      limit: limits.claimsPerWindow,
    });
    // A claim for nobody is counted nowhere (the store writes no window for an unknown user).
    if (!rl.userFound) throw directoryError(DirectoryErrorCode.userNotFound, `no user "${userId}"`);
    if (!rl.allowed) {
      reply.header("Retry-After", String(rl.retryAfterSeconds));
      throw directoryError(
        DirectoryErrorCode.rateLimited,
        `more than ${limits.claimsPerWindow} claims for "${userId}" in ${limits.rateLimitWindowSeconds} s; retry in ${rl.retryAfterSeconds} s`,
        { retryAfterSeconds: rl.retryAfterSeconds },
      );
    }
    const result = await store.claim(userId, suite, now);
    if (!result.userFound) throw directoryError(DirectoryErrorCode.userNotFound, `no user "${userId}"`);
    const accept = request.headers.accept ?? "";
    if (accept.includes(MLS_MESSAGE_MEDIA_TYPE) && !accept.includes("application/json")) {
      if (result.keyPackages.length === 0) {
        throw directoryError(
          DirectoryErrorCode.noKeyPackageAvailable,
          `no client of "${userId}" has a key package of cipher suite ${suite}`,
        );
      }
      return reply
        .type(MLS_MESSAGE_MEDIA_TYPE)
        .send(Buffer.from(concatBytes(...result.keyPackages.map((k) => k.message))));
    }
    return reply.send({
      userId,
      cipherSuite: suite,
      keyPackages: result.keyPackages.map((k) => ({
        clientId: k.clientId,
        ref: toHex(k.ref),
        lastResort: k.lastResort,
        keyPackage: Buffer.from(k.message).toString("base64"),
      })),
      missingClients: result.missingClients,
    } satisfies ClaimResponse);
  });

  if (opts.mimi !== undefined) {
    registerMimiRoutes(app, {
      store,
      provider,
      clock,
      rateLimitWindowSeconds: limits.rateLimitWindowSeconds,
      options: opts.mimi,
    });
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  const prune = () => store.pruneExpired(clock(), limits.rateLimitWindowSeconds);
  return {
    app,
    limits,
    async listen(l = {}) {
      const address = await app.listen({ host: l.host ?? "127.0.0.1", port: l.port ?? 0 });
      if (limits.pruneIntervalSeconds > 0 && timer === undefined) {
        timer = setInterval(() => {
          prune().catch((e: unknown) =>
            (opts.onPruneError ?? ((err) => app.log.error({ err }, "prune failed")))(e),
          );
        }, limits.pruneIntervalSeconds * 1000);
        timer.unref();
      }
      return address;
    },
    prune,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await app.close();
    },
  };
}
