/**
 * @module directory-child
 * One directory server process for the directory section (`directory.ts`): the built
 * `@mlskit/directory` over one store, as `mlskit directory serve` runs it, with limits that never
 * refuse a benchmark request and MIMI on (domain `b.example`, one peer provider and its trust
 * anchor). Prints `listening on <url>` when ready; stops cleanly on SIGTERM.
 *
 *   node dist/directory-child.js <store location> <peer provider> <trust anchor DER, hex>
 */
import { fromHex } from "@mlskit/codec";
import { createDirectoryServer, createPeerProviderAuthorizer, openDirectoryStore } from "@mlskit/directory";

const [location, peer, anchorHex] = process.argv.slice(2);
if (location === undefined || peer === undefined || anchorHex === undefined)
  throw new Error("usage: directory-child.js <store location> <peer provider> <trust anchor DER, hex>");

const UNLIMITED = 1_000_000_000;
const store = await openDirectoryStore(location);
const server = createDirectoryServer({
  store,
  limits: { claimsPerWindow: UNLIMITED, quotaPerClient: UNLIMITED, pruneIntervalSeconds: 0 },
  mimi: {
    domain: "b.example",
    authorize: createPeerProviderAuthorizer({
      peers: [{ provider: peer, trustAnchors: [fromHex(anchorHex)] }],
    }),
    requestsPerWindow: UNLIMITED,
    requestsPerProviderPerWindow: UNLIMITED,
  },
});
console.log(`listening on ${await server.listen({ host: "127.0.0.1", port: 0 })}`);
process.once("SIGTERM", async () => {
  await server.close();
  await store.close();
  process.exit(0);
});
