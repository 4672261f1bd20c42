/**
 * @module page.test
 * The page as a user gets it: `vite build`, served from 127.0.0.1, driven in Debian's headless
 * Chromium (/usr/bin/chromium, or MLSKIT_CHROMIUM) through playwright-core, which never downloads
 * a browser. Generate, reload (IndexedDB keeps the packages and the signature key), take one for a
 * Welcome (a second take gets nothing), delete the database.
 *
 * Without Chromium the test fails in CI (CI=true) and is skipped with a warning elsewhere.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { promisify } from "node:util";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@mlskit/test-kit";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const chromiumPath = CHROMIUM_PATH;
const inCi = process.env.CI === "true";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && !inCi) {
  console.warn(
    `examples/browser-indexeddb: ${chromiumPath} not found — page test skipped (apt-get install chromium)`,
  );
}

const exampleDir = resolve(__dirname, "..");
const outDir = mkdtempSync(join(tmpdir(), "mlskit-browser-example-"));
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

/** Serve the built page from `outDir` on loopback (a secure context, so WebCrypto is there). */
async function serve(): Promise<string> {
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(outDir, path === "/" ? "index.html" : path);
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function logLines(): Promise<string[]> {
  return ((await page.textContent("#log")) ?? "").trimEnd().split("\n");
}

/** Click a button and wait until its step has finished. */
async function click(selector: string): Promise<void> {
  await page.click(selector);
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", { state: "attached" });
}

async function loaded(): Promise<void> {
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", { state: "attached" });
}

if (!haveChromium && inCi) {
  // A counted failure, not a skip: CI must exercise the page.
  it("has Chromium (CI=true)", () => {
    throw new Error(`${chromiumPath} is missing: CI must run the page test (apt-get install -y chromium)`);
  });
}

describe.skipIf(!haveChromium)("examples/browser-indexeddb in headless Chromium", () => {
  beforeAll(async () => {
    const vite = join(exampleDir, "node_modules/vite/bin/vite.js");
    await promisify(execFile)(
      process.execPath,
      [vite, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
      {
        cwd: exampleDir,
        timeout: 120_000,
      },
    );
    const url = await serve();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    page = await browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    await page.goto(url);
    await loaded();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server === undefined ? ok(undefined) : server.close(ok)));
    rmSync(outDir, { recursive: true, force: true });
  });

  it("starts empty", async () => {
    expect(await logLines()).toEqual(["provider: webcrypto; 0 key packages found in IndexedDB"]);
    expect(await page.textContent("#stored")).toBe("0");
  });

  it("generates, validates and stores key packages", async () => {
    await click("#generate");
    const lines = await logLines();
    expect(lines).toContain("generated: 5 key packages (signature key: new)");
    expect(lines.some((l) => /^published: \d+ bytes of MLSMessages; peer validated 5\/5$/.test(l))).toBe(
      true,
    );
    expect(lines.at(-1)).toBe("stored: 5 in IndexedDB");
    expect(await page.textContent("#stored")).toBe("5");
  });

  it("finds them again after a reload, and takes one for a Welcome exactly once", async () => {
    await page.reload();
    await loaded();
    expect(await logLines()).toEqual(["provider: webcrypto; 5 key packages found in IndexedDB"]);
    await click("#take");
    const lines = await logLines();
    expect(lines.at(-2)).toMatch(/^welcome: took [0-9a-f]{16}… \(init private key 32 bytes\), 4 left$/);
    expect(lines.at(-1)).toBe("second take: nothing");
    expect(await page.textContent("#stored")).toBe("4");
  });

  it("reuses the stored signature key, and deletes the database", async () => {
    await click("#generate");
    expect(await logLines()).toContain("generated: 5 key packages (signature key: stored)");
    expect(await page.textContent("#stored")).toBe("9");
    await click("#reset");
    expect((await logLines()).at(-1)).toBe("reset: database deleted");
    await page.reload();
    await loaded();
    expect(await logLines()).toEqual(["provider: webcrypto; 0 key packages found in IndexedDB"]);
  });

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
