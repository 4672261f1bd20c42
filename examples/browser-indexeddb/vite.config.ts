import { defineConfig } from "vite";

// A plain page: index.html loads src/main.ts. The @mlskit/* packages resolve to their built dist/
// (run `pnpm build` at the repository root first), exactly as they would from npm.
export default defineConfig({
  build: { target: "es2022" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
