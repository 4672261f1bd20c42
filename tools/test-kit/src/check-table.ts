/**
 * @module check-table
 * The tests every check table gets (`KEY_PACKAGE_CHECKS`, `WELCOME_CHECKS`): docs/validation-matrix.md
 * lists each check with its clause, code and test, and each check has one accepted and one
 * rejected input, the rejection a `ValidationError` with the check's code and id.
 */
import { readFileSync } from "node:fs";
import { ValidationError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";

/** One row of a package's check table. */
export interface CheckRow {
  readonly id: string;
  readonly code: string;
  readonly rfc: string;
  readonly description: string;
}

/**
 * Expect `p` to reject with the `ValidationError` of `check` (its code, and its id in `details.check`).
 * @param p - the call
 * @param check - the check that must fail
 * @example
 * ```ts
 * await expectCheckFailure(validateKeyPackage(kp, opts), { id: "KP-22", code: "KEY_PACKAGE_EXPIRED" });
 * ```
 */
export async function expectCheckFailure(
  p: Promise<unknown>,
  check: Pick<CheckRow, "id" | "code">,
): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).code).toBe(check.code);
  expect((error as ValidationError).details.check).toBe(check.id);
}

/**
 * A suite with one row per check, in the table's order: "`id` accepts: …" runs `accept(row)` (which
 * asserts the success), "`id` rejects with `code`" expects `reject(row)` to fail that check. The
 * test names are the ones docs/validation-matrix.md cites.
 * @param title - the suite's title
 * @param checks - the package's check table
 * @param rows - one row per check, in the table's order
 * @param run - how a row's accepted and rejected inputs are tried
 * @example
 * ```ts
 * describeCheckTable("validateKeyPackage: one accepted and one rejected package per check", KEY_PACKAGE_CHECKS, rows, {
 *   accept: async (row) => void expect(await run(await row.accept())).toBeDefined(),
 *   reject: async (row) => run(await row.reject()),
 * });
 * ```
 */
export function describeCheckTable<R extends { readonly id: string }>(
  title: string,
  checks: readonly CheckRow[],
  rows: readonly R[],
  run: { accept(row: R): Promise<void>; reject(row: R): Promise<unknown> },
): void {
  describe(title, () => {
    it("covers every check id exactly once", () => {
      expect(rows.map((r) => r.id)).toEqual(checks.map((c) => c.id));
    });
    for (const row of rows) {
      const check = checks.find((c) => c.id === row.id)!;
      it(`${row.id} accepts: ${check.description}`, () => run.accept(row));
      it(`${row.id} rejects with ${check.code}`, () => expectCheckFailure(run.reject(row), check));
    }
  });
}

/**
 * The suite that holds docs/validation-matrix.md to a check table: its rows with ids `idPrefix-nn`
 * list every check, in order, with its clause, its code and the name of the test that breaks it,
 * and no two checks share a code.
 * @param checks - the package's check table
 * @param idPrefix - the ids' prefix (`KP`, `W`)
 * @example
 * ```ts
 * describeValidationMatrix(KEY_PACKAGE_CHECKS, "KP");
 * ```
 */
export function describeValidationMatrix(checks: readonly CheckRow[], idPrefix: string): void {
  describe("docs/validation-matrix.md", () => {
    const doc = readFileSync(new URL("../../../docs/validation-matrix.md", import.meta.url), "utf8");
    const rows = doc.split("\n").filter((l) => new RegExp(`^\\| ${idPrefix}-\\d\\d `).test(l));

    it("lists every check, in order, with its clause, code and tests", () => {
      expect(rows.map((r) => r.split("|")[1]!.trim())).toEqual(checks.map((c) => c.id));
      for (const [i, c] of checks.entries()) {
        const row = rows[i]!;
        expect(row).toContain(`\`${c.code}\``);
        expect(row).toContain(c.rfc.replace("RFC 9420 ", ""));
        expect(row).toContain(`"${c.id} rejects with ${c.code}"`);
      }
    });

    it("gives every check a distinct code", () => {
      expect(new Set(checks.map((c) => c.code)).size).toBe(checks.length);
    });
  });
}
