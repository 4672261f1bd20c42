import { describe, expect, it } from "vitest";
import { mimiIdentifiers } from "../src/index.js";

describe("mimiIdentifiers", () => {
  const ids = mimiIdentifiers("b.example");

  it("names users and clients under the provider's domain", () => {
    expect(ids.userUri("bob")).toBe("mimi://b.example/u/bob");
    expect(ids.clientUri("bob", "phone")).toBe("mimi://b.example/d/bob/phone");
  });

  it("reads back the user id of a user URI of this provider", () => {
    expect(ids.userIdOf("mimi://b.example/u/bob")).toBe("bob");
    expect(ids.userIdOf("mimi://B.Example/u/bob")).toBe("bob");
    expect(ids.userIdOf("mimi://b.example/u/a.b_c~d@e+f-g")).toBe("a.b_c~d@e+f-g");
  });

  it("names no local user for another provider, another shape, or an id the directory cannot hold", () => {
    for (const uri of [
      "mimi://c.example/u/bob",
      "mimi://b.example/d/bob/phone",
      "mimi://b.example/u/",
      "mimi://b.example/u/bob/x",
      "mimi://b.example/u/bob?x",
      "mimi://b.example/u/b%20b",
      `mimi://b.example/u/${"x".repeat(129)}`,
      "https://b.example/u/bob",
      "mimi://b.example:8443/u/bob",
    ]) {
      expect(ids.userIdOf(uri), uri).toBeUndefined();
    }
  });

  it("refuses a domain that is not a host name, and ids it cannot write", () => {
    for (const d of ["", "b.example/x", "user@b.example", "b.example:80", 5 as unknown as string]) {
      expect(() => mimiIdentifiers(d), String(d)).toThrow(RangeError);
    }
    expect(() => ids.userUri("b/b")).toThrow(TypeError);
    expect(() => ids.clientUri("bob", "")).toThrow(TypeError);
  });
});
