#!/usr/bin/env node
// `mlskit-directory …` is `mlskit directory …`, under the name the directory's docs used first.
import { main } from "../dist/main.js";

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(["directory", ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
