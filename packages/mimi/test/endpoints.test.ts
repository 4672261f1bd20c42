import { describe, expect, it } from "vitest";
import {
  keyMaterialUrl,
  MIMI_DIRECTORY_PATH,
  MimiErrorCode,
  mimiUriProvider,
  parseMimiDirectory,
} from "../src/index.js";
import { codeOf } from "./helpers.js";

describe("discovery", () => {
  it("the well-known path is the draft's", () => {
    expect(MIMI_DIRECTORY_PATH).toBe("/.well-known/mimi-protocol-directory");
  });

  it("reads the keyMaterial template and ignores the other endpoints", () => {
    const doc = {
      keyMaterial: "https://mimi.b.example/v1/keyMaterial/{targetUser}",
      notify: "https://mimi.b.example/v1/notify/{roomId}",
    };
    expect(parseMimiDirectory(doc)).toEqual({ keyMaterial: doc.keyMaterial });
  });

  it("refuses documents without a usable template", () => {
    for (const bad of [
      null,
      {},
      { keyMaterial: 5 },
      { keyMaterial: "ftp://b.example/{targetUser}" },
      { keyMaterial: "https://b.example/keyMaterial" },
      { keyMaterial: "https://b.example/{targetUser}/{targetUser}" },
    ]) {
      expect(codeOf(() => parseMimiDirectory(bad))).toBe(MimiErrorCode.badDirectory);
    }
  });

  it("percent-encodes the target user into the template", () => {
    expect(
      keyMaterialUrl({ keyMaterial: "https://b.example/keyMaterial/{targetUser}" }, "mimi://b.example/u/bob"),
    ).toBe("https://b.example/keyMaterial/mimi%3A%2F%2Fb.example%2Fu%2Fbob");
    expect(() => keyMaterialUrl({ keyMaterial: "https://b.example/{targetUser}" }, "")).toThrow(TypeError);
  });
});

describe("mimiUriProvider", () => {
  it("names the host of a mimi: URI, lower-cased", () => {
    expect(mimiUriProvider("mimi://a.example/u/alice")).toBe("a.example");
    expect(mimiUriProvider("MIMI://A.Example/d/phone")).toBe("a.example");
    expect(mimiUriProvider("mimi://a.example")).toBe("a.example");
  });

  it("gives undefined for other schemes, userinfo, ports and hostless URIs", () => {
    for (const u of [
      "https://a.example/u/x",
      "mimi:///u/x",
      "mimi://x@a.example/u",
      "mimi://a.example:443/u",
      "",
      "mimi://",
    ]) {
      expect(mimiUriProvider(u)).toBeUndefined();
    }
    expect(() => mimiUriProvider(5 as never)).toThrow(TypeError);
  });
});
