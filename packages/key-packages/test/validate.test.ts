import { basicCredential, type CredentialValidator } from "@mlskit/credentials";
import { ValidationError } from "@mlskit/errors";
import { applicationIdExtension, lastResortExtension } from "@mlskit/extensions";
import { describeCheckTable } from "@mlskit/test-kit";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPackageMessage,
  encodeKeyPackage,
  KEY_PACKAGE_CHECKS,
  type UnverifiedKeyPackage,
  type ValidateKeyPackageOptions,
  validateKeyPackage,
} from "../src/index.js";
import { codeOf, fixture, type KpEdit, NOW, provider, tamper } from "./helpers.js";

const DAY = 86_400n;
const grease = (t: number) => ({ extensionType: t, extensionData: new Uint8Array([1, 2, 3]) });

interface Row {
  readonly id: string;
  /** A package (and options) that just passes this check. */
  readonly accept: () => Promise<[UnverifiedKeyPackage, Partial<ValidateKeyPackageOptions>?]>;
  /** The same package broken for this check only. */
  readonly reject: () => Promise<[UnverifiedKeyPackage, Partial<ValidateKeyPackageOptions>?]>;
}

async function base(extra = {}) {
  return fixture(1, extra);
}

/** The base package as made: it passes every check. */
const untouched = async (): Promise<[UnverifiedKeyPackage]> => [(await base()).bundle.keyPackage];

/**
 * The base package (made with `baseOptions`) after `edit` (see `tamper`), re-signed unless
 * `resign` says otherwise.
 */
function edited(
  edit: (k: KpEdit) => void,
  resign?: Parameters<typeof tamper>[3],
  baseOptions = {},
): Row["reject"] {
  return async () => {
    const f = await base(baseOptions);
    return [await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, edit, resign)];
  };
}

/** `edited` from a base package made without GREASE values. */
const editedWithoutGrease = (edit: (k: KpEdit) => void): Row["reject"] =>
  edited(edit, undefined, { grease: false });

const rows: Row[] = [
  {
    id: "KP-01",
    accept: untouched,
    reject: edited((k) => (k.version = 2)),
  },
  {
    id: "KP-02",
    accept: async () => {
      const f = await base();
      return [
        decodeKeyPackageMessage(Uint8Array.from([0, 1, 0, 5, ...encodeKeyPackage(f.bundle.keyPackage)])),
      ];
    },
    reject: async () => {
      const f = await base();
      return [
        decodeKeyPackageMessage(Uint8Array.from([0, 2, 0, 5, ...encodeKeyPackage(f.bundle.keyPackage)])),
      ];
    },
  },
  {
    id: "KP-03",
    accept: untouched,
    reject: edited((k) => (k.cipherSuite = 0x0a0a)),
  },
  {
    id: "KP-04",
    accept: async () => [(await base()).bundle.keyPackage, { expectedCipherSuite: 1 }],
    reject: async () => [(await base()).bundle.keyPackage, { expectedCipherSuite: 3 }],
  },
  {
    id: "KP-05",
    accept: untouched,
    reject: edited((k) => {
      k.leafNode.leafNodeSource = 2;
      delete k.leafNode.lifetime;
    }),
  },
  {
    id: "KP-06",
    accept: untouched,
    reject: edited((k) => (k.initKey = k.initKey.slice(1))),
  },
  {
    id: "KP-07",
    accept: untouched,
    reject: edited((k) => {
      k.leafNode.encryptionKey = new Uint8Array([...k.leafNode.encryptionKey, 0]);
    }),
  },
  {
    id: "KP-08",
    accept: async () => [(await fixture(2)).bundle.keyPackage],
    reject: async () => {
      // Suite 2 (P-256): a compressed point (0x02 prefix) is not the SEC1 uncompressed form.
      const f = await fixture(2);
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
          const sk = k.leafNode.signatureKey.slice();
          sk[0] = 0x02;
          k.leafNode.signatureKey = sk;
        }),
      ];
    },
  },
  {
    id: "KP-09",
    accept: untouched,
    reject: edited((k) => (k.initKey = k.leafNode.encryptionKey)),
  },
  {
    id: "KP-10",
    accept: async () => [(await base({ lastResort: true })).bundle.keyPackage],
    reject: async () => {
      const f = await base({ lastResort: true });
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
          k.extensions = [...k.extensions, lastResortExtension()];
        }),
      ];
    },
  },
  {
    id: "KP-11",
    accept: async () => [
      (await base({ leafNodeExtensions: [applicationIdExtension(new Uint8Array([7]))] })).bundle.keyPackage,
    ],
    reject: async () => {
      const f = await base({ leafNodeExtensions: [applicationIdExtension(new Uint8Array([7]))] });
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
          k.leafNode.extensions = [...k.leafNode.extensions, applicationIdExtension(new Uint8Array([8]))];
        }),
      ];
    },
  },
  {
    id: "KP-12",
    accept: async () => [(await base({ extensions: [grease(0x2a2a)] })).bundle.keyPackage],
    reject: async () => {
      // application_id belongs in a LeafNode, not in KeyPackage.extensions.
      const f = await base();
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
          k.extensions = [applicationIdExtension(new Uint8Array([1]))];
        }),
      ];
    },
  },
  {
    id: "KP-13",
    accept: async () => [
      (await base({ leafNodeExtensions: [applicationIdExtension(new Uint8Array([7]))] })).bundle.keyPackage,
    ],
    // ratchet_tree belongs in a GroupInfo.
    reject: edited((k) => {
      k.leafNode.extensions = [{ extensionType: 2, extensionData: new Uint8Array([0]) }];
    }),
  },
  {
    id: "KP-14",
    accept: async () => [(await base({ extensions: [grease(0x3a3a)] })).bundle.keyPackage],
    reject: editedWithoutGrease((k) => {
      k.extensions = [grease(0x3a3a)];
    }),
  },
  {
    id: "KP-15",
    accept: async () => [(await base({ leafNodeExtensions: [grease(0x4a4a)] })).bundle.keyPackage],
    reject: editedWithoutGrease((k) => {
      k.leafNode.extensions = [grease(0x4a4a)];
    }),
  },
  {
    id: "KP-16",
    accept: untouched,
    reject: edited((k) => {
      k.leafNode.capabilities = { ...k.leafNode.capabilities, credentials: [2] };
    }),
  },
  {
    id: "KP-17",
    accept: untouched,
    reject: async () => {
      // The leaf changes after it was signed; the package signature is renewed so only KP-17 fails.
      const f = await base();
      return [
        await tamper(
          f.bundle.keyPackage,
          f.signatureKeyPair.privateKey,
          (k) => (k.leafNode.credential = basicCredential("mallory@example.com")),
          { resignLeaf: false },
        ),
      ];
    },
  },
  {
    id: "KP-18",
    accept: untouched,
    reject: async () => {
      // Dropping the last-resort marker after signing: only the package signature breaks.
      const f = await base({ lastResort: true });
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => (k.extensions = []), {
          resignPackage: false,
        }),
      ];
    },
  },
  {
    id: "KP-19",
    accept: async () => {
      const calls: unknown[] = [];
      const validator: CredentialValidator = { validate: async (...args) => void calls.push(args) };
      return [(await base()).bundle.keyPackage, { credentialValidator: validator }];
    },
    reject: async () => {
      const validator: CredentialValidator = {
        validate: async () => {
          throw new Error("unknown user");
        },
      };
      return [(await base()).bundle.keyPackage, { credentialValidator: validator }];
    },
  },
  {
    id: "KP-20",
    accept: async () => [(await base({ lifetime: { notBefore: NOW, notAfter: NOW } })).bundle.keyPackage],
    reject: async () => {
      const f = await base();
      return [
        await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
          k.leafNode.lifetime = { notBefore: NOW + 10n, notAfter: NOW + 9n };
        }),
        { now: NOW + 9n },
      ];
    },
  },
  {
    id: "KP-21",
    // Within the default 300 s of clock skew.
    accept: async () => [
      (await base({ lifetime: { notBefore: NOW + 300n, notAfter: NOW + DAY } })).bundle.keyPackage,
    ],
    reject: async () => [
      (await base({ lifetime: { notBefore: NOW + 301n, notAfter: NOW + DAY } })).bundle.keyPackage,
    ],
  },
  {
    id: "KP-22",
    accept: async () => [
      (await base({ lifetime: { notBefore: NOW - DAY, notAfter: NOW - 300n } })).bundle.keyPackage,
    ],
    reject: async () => [
      (await base({ lifetime: { notBefore: NOW - DAY, notAfter: NOW - 301n } })).bundle.keyPackage,
    ],
  },
  {
    id: "KP-23",
    // mls-rs's default: 365 days (plus the hour OpenMLS back-dates).
    accept: async () => [
      (await base({ lifetime: { notBefore: NOW - 3600n, notAfter: NOW + 365n * DAY } })).bundle.keyPackage,
    ],
    reject: async () => [
      (await base({ lifetime: { notBefore: NOW - 3601n, notAfter: NOW + 365n * DAY } })).bundle.keyPackage,
    ],
  },
];

async function run([kp, opts]: [UnverifiedKeyPackage, Partial<ValidateKeyPackageOptions>?]) {
  return validateKeyPackage(kp, { provider, now: NOW, ...opts });
}

describeCheckTable(
  "validateKeyPackage: one accepted and one rejected package per check",
  KEY_PACKAGE_CHECKS,
  rows,
  {
    accept: async (row) => {
      await expect(run(await row.accept())).resolves.toBeDefined();
    },
    reject: async (row) => run(await row.reject()),
  },
);

describe("validateKeyPackage: interop tolerance and policy switches", () => {
  it("tolerates default types listed in capabilities (the official vectors list them)", async () => {
    const f = await base();
    const kp = await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
      k.leafNode.capabilities = {
        ...k.leafNode.capabilities,
        extensions: [1, 2, 3, 4, 5],
        proposals: [1, 2, 3, 4, 5, 6, 7],
      };
    });
    await expect(run([kp])).resolves.toBeDefined();
  });

  it("does not require a package to list its own cipher suite (the suite-7 vectors do not)", async () => {
    const f = await base();
    const kp = await tamper(f.bundle.keyPackage, f.signatureKeyPair.privateKey, (k) => {
      k.leafNode.capabilities = { ...k.leafNode.capabilities, cipherSuites: [2, 3] };
    });
    await expect(run([kp])).resolves.toBeDefined();
  });

  it("lifetimePolicy: false turns off only the maximum, never the window", async () => {
    const f = await base({ lifetime: { notBefore: 0n, notAfter: 2n ** 64n - 1n } });
    expect(await codeOf(run([f.bundle.keyPackage]))).toBe("KEY_PACKAGE_LIFETIME_TOO_LONG");
    await expect(run([f.bundle.keyPackage, { lifetimePolicy: false }])).resolves.toBeDefined();
    const old = await base({ lifetime: { notBefore: NOW - DAY, notAfter: NOW - 1n } });
    expect(await codeOf(run([old.bundle.keyPackage, { lifetimePolicy: false }]))).toBe("KEY_PACKAGE_EXPIRED");
  });

  it("accepts OpenMLS's default 84 days + 1 hour", async () => {
    const f = await base();
    const lt = f.bundle.keyPackage.leafNode.lifetime!;
    expect(lt.notAfter - lt.notBefore).toBe(84n * DAY + 3600n);
    await expect(run([f.bundle.keyPackage])).resolves.toBeDefined();
  });

  it("passes the credential, the signature key and now to the credential validator", async () => {
    const f = await base();
    const seen: unknown[][] = [];
    await run([
      f.bundle.keyPackage,
      { credentialValidator: { validate: async (...a) => void seen.push(a) } },
    ]);
    expect(seen).toEqual([
      [f.bundle.keyPackage.leafNode.credential, f.signatureKeyPair.publicKey, { now: NOW }],
    ]);
  });

  it("keeps a credential validator's own ValidationError code, adding the check id", async () => {
    const f = await base();
    const validator: CredentialValidator = {
      validate: async () => {
        throw new ValidationError("X509_UNTRUSTED_ROOT", "no trust anchor");
      },
    };
    const e = await run([f.bundle.keyPackage, { credentialValidator: validator }]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "X509_UNTRUSTED_ROOT", details: { check: "KP-19" } });
  });

  it("refuses wrong argument types", async () => {
    await expect(validateKeyPackage(null as never, { provider })).rejects.toBeInstanceOf(TypeError);
    const f = await base();
    await expect(validateKeyPackage(f.bundle.keyPackage, { provider: {} as never })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(
      validateKeyPackage(f.bundle.keyPackage, { provider, now: "yesterday" as never }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
