import { describeDirectory } from "./directory-suite.js";
import { sqliteBackend } from "./helpers.js";

describeDirectory(sqliteBackend);
