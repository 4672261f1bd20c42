/**
 * @module server-errors
 * Every error the HTTP server answers, in the one documented shape
 * `{ "error": { "code", "message", "details" } }`: thrown `MlsError`s with their status, Fastify's
 * own failures (body limit, media type, JSON syntax, malformed URL), an unknown path (404) and a
 * known path with another method (405 with `Allow`).
 * @internal
 */
import {
  DirectoryErrorCode,
  DirectoryRoute,
  type DirectoryRouteSpec,
  type ErrorResponse,
} from "@mlskit/directory-protocol";
import { MlsError } from "@mlskit/errors";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { httpStatusOf } from "./errors.js";

/**
 * An error body.
 * @internal
 */
export function errorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ErrorResponse {
  return { error: { code, message, details } };
}

/** Each route's path as a pattern matching concrete paths (a parameter is one path segment). */
const PATTERNS: readonly { readonly route: DirectoryRouteSpec; readonly pattern: RegExp }[] = Object.values(
  DirectoryRoute,
).map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, "[^/]+")}$`),
}));

/**
 * The methods the API has for a path, in alphabetical order (empty for an unknown path).
 * @internal
 */
export function methodsOf(path: string): string[] {
  const methods = PATTERNS.filter((p) => p.pattern.test(path)).map((p) => p.route.method);
  return [...new Set(methods)].sort();
}

/**
 * Install the error handler, the 404/405 handler and Fastify's framework-error handler.
 * @param app - the server
 * @param bodyLimitBytes - for the 413 message
 * @internal
 */
export function installErrorHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (MlsError.is(error)) {
      const status = httpStatusOf(error);
      if (status >= 500) request.log.error({ err: error }, "directory error");
      return reply.status(status).send(errorBody(error.code, error.message, error.toJSON().details));
    }
    const e = error as Partial<FastifyError>;
    if (e.statusCode === 413)
      return reply.status(413).send(
        errorBody(DirectoryErrorCode.bodyTooLarge, `the body exceeds ${bodyLimitBytes} bytes`, {
          limit: bodyLimitBytes,
        }),
      );
    if (e.statusCode === 415)
      return reply.status(415).send(
        errorBody(DirectoryErrorCode.unsupportedMediaType, String(e.message), {
          contentType: request.headers["content-type"] ?? null,
        }),
      );
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
      return reply
        .status(400)
        .send(
          errorBody(DirectoryErrorCode.invalidRequest, String(e.message), { fastifyCode: e.code ?? null }),
        );
    request.log.error({ err: error }, "unexpected error");
    return reply.status(500).send(errorBody(DirectoryErrorCode.internal, "internal error"));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const methods = methodsOf(path);
    if (methods.length > 0 && !methods.includes(request.method)) {
      return reply
        .status(405)
        .header("Allow", methods.join(", "))
        .send(
          errorBody(
            DirectoryErrorCode.methodNotAllowed,
            `${request.method} is not allowed on ${path}; allowed: ${methods.join(", ")}`,
            { method: request.method, path, allowed: methods.join(", ") },
          ),
        );
    }
    return reply.status(404).send(
      errorBody(DirectoryErrorCode.notFound, `no endpoint ${request.method} ${path}`, {
        method: request.method,
        path,
      }),
    );
  });
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot take (malformed percent-encoding, a
 * parameter over its length) answered as a bad request, in the documented shape.
 * @internal
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  reply
    .status(400)
    .send(errorBody(DirectoryErrorCode.invalidRequest, "the URL is not valid", { fastifyCode: error.code }));
}
