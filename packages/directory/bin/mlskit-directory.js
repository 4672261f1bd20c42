#!/usr/bin/env node
// The directory's own entry until `mlskit directory` is wired into @mlskit/cli: runs the built dist/.
import { runDirectoryCommand } from "../dist/index.js";

process.exitCode = await runDirectoryCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
