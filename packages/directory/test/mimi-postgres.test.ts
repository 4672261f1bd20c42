import { postgresBackend } from "./helpers.js";
import { describeMimi } from "./mimi-suite.js";

// Fails loudly (never skips) when CI did not provide MLSKIT_TEST_POSTGRES_URL: see helpers.postgresUrl.
describeMimi(postgresBackend);
