import { ValidationError } from "@mlskit/errors";
import { describe, expect, it } from "vitest";
import {
  assertExtensionsAllowedIn,
  ExtensionContext,
  ExtensionErrorCode,
  ExtensionType,
  isExtensionAllowedIn,
  lastResortExtension,
} from "../src/index.js";

const ALL = ["key_package", "leaf_node", "group_context", "group_info"] as const;
const GREASE = Array.from({ length: 15 }, (_, i) => 0x0a0a + 0x1010 * i);

function allowedContexts(t: number): string[] {
  return ALL.filter((c) => isExtensionAllowedIn(t, c));
}

describe("isExtensionAllowedIn (RFC 9420 §17.3 Message(s) column)", () => {
  it("ExtensionContext is a frozen registry", () => {
    expect(ExtensionContext).toEqual({
      key_package: "key_package",
      leaf_node: "leaf_node",
      group_context: "group_context",
      group_info: "group_info",
    });
    expect(Object.isFrozen(ExtensionContext)).toBe(true);
  });

  it.each<[string, number, string[]]>([
    ["RESERVED", 0x0000, []],
    ["application_id", ExtensionType.application_id, ["leaf_node"]],
    ["ratchet_tree", ExtensionType.ratchet_tree, ["group_info"]],
    ["required_capabilities", ExtensionType.required_capabilities, ["group_context"]],
    ["external_pub", ExtensionType.external_pub, ["group_info"]],
    ["external_senders", ExtensionType.external_senders, ["group_context"]],
    [
      "app_data_dictionary",
      ExtensionType.app_data_dictionary,
      ["key_package", "leaf_node", "group_context", "group_info"],
    ],
    ["last_resort", ExtensionType.last_resort, ["key_package"]],
    ["unknown 0x0007", 0x0007, [...ALL]],
    ["private use 0xf000", 0xf000, [...ALL]],
    ["private use 0xfafa (not GREASE)", 0xfafa, [...ALL]],
  ])("%s", (_, t, expected) => {
    expect(allowedContexts(t)).toEqual(expected);
  });

  it("GREASE: KP, LN, GI but never GroupContext (§13.5)", () => {
    for (const g of GREASE) expect(allowedContexts(g)).toEqual(["key_package", "leaf_node", "group_info"]);
  });

  it("refuses bad arguments", () => {
    expect(() => isExtensionAllowedIn(0x10000, "key_package")).toThrow(RangeError);
    expect(() => isExtensionAllowedIn(1, "welcome" as never)).toThrow(TypeError);
  });
});

describe("assertExtensionsAllowedIn", () => {
  const appId = { extensionType: ExtensionType.application_id, extensionData: Uint8Array.of(0) };
  const grease = { extensionType: 0x4a4a, extensionData: Uint8Array.of(1, 2) };

  it("accepts valid lists", () => {
    expect(() => assertExtensionsAllowedIn([lastResortExtension(), grease], "key_package")).not.toThrow();
    expect(() => assertExtensionsAllowedIn([appId, grease], "leaf_node")).not.toThrow();
    expect(() => assertExtensionsAllowedIn([], "group_context")).not.toThrow();
  });

  it("throws a ValidationError with details", () => {
    let err: unknown;
    try {
      assertExtensionsAllowedIn([lastResortExtension(), appId], "key_package", "KeyPackage.extensions");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe(ExtensionErrorCode.notAllowedInContext);
    expect((err as ValidationError).details).toEqual({
      path: "KeyPackage.extensions",
      index: 1,
      context: "key_package",
      extensionType: 1,
    });
    expect(() => assertExtensionsAllowedIn([grease], "group_context")).toThrow(ValidationError);
  });

  it("refuses bad arguments", () => {
    expect(() => assertExtensionsAllowedIn(null as never, "key_package")).toThrow(TypeError);
    expect(() => assertExtensionsAllowedIn([{}] as never, "key_package")).toThrow(TypeError);
  });
});
