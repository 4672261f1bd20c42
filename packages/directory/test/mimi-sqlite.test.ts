import { sqliteBackend } from "./helpers.js";
import { describeMimi } from "./mimi-suite.js";

describeMimi(sqliteBackend);
