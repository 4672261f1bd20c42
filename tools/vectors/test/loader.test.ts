import { afterEach, describe, expect, it } from "vitest";
import { loadVectors, vectorsDir } from "../src/index.js";

describe("vector loader", () => {
  const saved = process.env.MLS_VECTORS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.MLS_VECTORS_DIR;
    else process.env.MLS_VECTORS_DIR = saved;
  });

  it("reads the pinned official files", () => {
    const cases = loadVectors<unknown[]>("deserialization.json");
    expect(cases.length).toBe(14);
  });

  it("fails loudly, naming the folder, when a file is missing", () => {
    process.env.MLS_VECTORS_DIR = "/nonexistent/vectors";
    expect(vectorsDir()).toBe("/nonexistent/vectors");
    expect(() => loadVectors("welcome-missing.json")).toThrow(
      /not found in \/nonexistent\/vectors.*fetch-vectors/,
    );
  });
});
