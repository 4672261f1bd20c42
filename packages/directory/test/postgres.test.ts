import { describeDirectory } from "./directory-suite.js";
import { postgresBackend } from "./helpers.js";

// Fails loudly (never skips) when CI did not provide MLSKIT_TEST_POSTGRES_URL: see helpers.postgresUrl.
describeDirectory(postgresBackend);
