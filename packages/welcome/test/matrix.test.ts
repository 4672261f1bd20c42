import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { WELCOME_CHECKS } from "../src/index.js";

describe("docs/validation-matrix.md", () => {
  const doc = readFileSync(resolve(__dirname, "../../../docs/validation-matrix.md"), "utf8");
  const rows = doc.split("\n").filter((l) => /^\| W-\d\d /.test(l));

  it("lists every check, in order, with its clause, code and tests", () => {
    expect(rows.map((r) => r.split("|")[1]!.trim())).toEqual(WELCOME_CHECKS.map((c) => c.id));
    for (const [i, c] of WELCOME_CHECKS.entries()) {
      const row = rows[i]!;
      expect(row).toContain(`\`${c.code}\``);
      expect(row).toContain(c.rfc.replace("RFC 9420 ", ""));
      expect(row).toContain(`"${c.id} rejects with ${c.code}"`);
    }
  });

  it("gives every check a distinct code", () => {
    expect(new Set(WELCOME_CHECKS.map((c) => c.code)).size).toBe(WELCOME_CHECKS.length);
  });
});
