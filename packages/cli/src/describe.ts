/**
 * @module describe
 * A readable, JSON-friendly description of a key package: names for suites, types and
 * extensions, GREASE marked, lifetimes as dates with "expires in", keys shortened for text.
 */
import { isGrease, toHex } from "@mlskit/codec";
import {
  type Credential,
  credentialIdentityString,
  isBasicCredential,
  isX509Credential,
} from "@mlskit/credentials";
import { describeCertificate } from "@mlskit/credentials-x509";
import { CIPHER_SUITES, type CryptoProvider, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { ExtensionType, isLastResort, parseApplicationId } from "@mlskit/extensions";
import { keyPackageRef, type UnverifiedKeyPackage } from "@mlskit/key-packages";
import { isoDate, jsonSeconds, relative } from "./time-text.js";

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, "0")}`;

const EXTENSION_NAMES = new Map<number, string>(Object.entries(ExtensionType).map(([k, v]) => [v, k]));
const PROPOSAL_NAMES = new Map<number, string>([
  [1, "add"],
  [2, "update"],
  [3, "remove"],
  [4, "psk"],
  [5, "reinit"],
  [6, "external_init"],
  [7, "group_context_extensions"],
]);
const CREDENTIAL_NAMES = new Map<number, string>([
  [1, "basic"],
  [2, "x509"],
]);

/**
 * A registry value as `inspect --json` shows every one: its number and its name — the registry's
 * name, or "GREASE", "private use" or "unknown".
 *
 * @example
 * ```ts
 * const n: Named = { id: 0x000a, name: "last_resort" };
 * ```
 */
export interface Named {
  readonly id: number;
  readonly name: string;
  /** For a cipher suite whose code point IANA has not assigned: the source of the code point. */
  readonly provisional?: string;
}

/**
 * Name a registry value.
 * @param value - wire value
 * @param names - known names
 * @returns `{ id, name }`
 * @example
 * ```ts
 * named(0x0a0a, new Map()); // { id: 2570, name: "GREASE" }
 * ```
 */
export function named(value: number, names: ReadonlyMap<number, string>): Named {
  const known = names.get(value);
  if (known !== undefined) return { id: value, name: known };
  if (isGrease(value)) return { id: value, name: "GREASE" };
  if (value >= 0xf000) return { id: value, name: "private use" };
  return { id: value, name: "unknown" };
}

/**
 * A named value as text: `last_resort (0x000a)`.
 * @param n - the value
 * @returns the text
 * @example
 * ```ts
 * showNamed({ id: 10, name: "last_resort" }); // "last_resort (0x000a)"
 * ```
 */
export function showNamed(n: Named): string {
  return `${n.name} (${hex4(n.id)}${n.provisional === undefined ? "" : ", provisional"})`;
}

const SUITE_NAMES = new Map<number, string>(CIPHER_SUITES.map((s) => [s.id, s.name]));

/** A cipher suite as a {@link Named}, with the source of a provisional code point. */
function suiteNamed(id: number): Named {
  const provisional = cipherSuiteInfo(id)?.provisional;
  const n = named(id, SUITE_NAMES);
  return provisional === undefined ? n : { ...n, provisional: provisional.source };
}
const VERSION_NAMES = new Map<number, string>([[1, "mls10"]]);
const SOURCE_NAMES = new Map<number, string>([
  [1, "key_package"],
  [2, "update"],
  [3, "commit"],
]);

/** A credential as `inspect --json` and `directory list-clients --json` show it. */
export type CredentialDescription = { readonly type: Named } & Record<string, unknown>;

/**
 * Describe a credential: its type, and the identity of a basic one, the subject and every
 * certificate of an X.509 one, or the data of another.
 * @param c - the credential
 * @returns the description
 * @example
 * ```ts
 * describeCredential(basicCredential("alice")); // { type: { id: 1, name: "basic" }, identity: "alice" }
 * ```
 */
export function describeCredential(c: Credential): CredentialDescription {
  const out: { type: Named } & Record<string, unknown> = { type: named(c.credentialType, CREDENTIAL_NAMES) };
  if (isBasicCredential(c)) out.identity = credentialIdentityString(c);
  else if (isX509Credential(c)) {
    const certs = c.certificates.map((x) => describeCert(x.certData));
    out.certificates = certs;
    if (typeof certs[0]?.subject === "string") out.subject = certs[0].subject;
  } else out.data = toHex((c as { data: Uint8Array }).data);
  return out;
}

/**
 * A credential in one line: `basic alice@example.com`, `x509 CN=alice,…`, or its type and size.
 * @param c - the credential
 * @returns the line
 * @example
 * ```ts
 * credentialLine(basicCredential("alice")); // "basic alice"
 * ```
 */
export function credentialLine(c: Credential): string {
  const d = describeCredential(c);
  if (typeof d.identity === "string") return `${d.type.name} ${d.identity}`;
  if (typeof d.subject === "string") return `${d.type.name} ${d.subject}`;
  if (Array.isArray(d.certificates)) return `${d.type.name} (${d.certificates.length} certificates)`;
  return `${showNamed(d.type)} ${String(d.data).length / 2} bytes`;
}

/**
 * The JSON form printed by `mlskit inspect --json`: every registry value (version, suite,
 * credential type, capabilities, leaf source, extension type) as a {@link Named} `{ id, name }`,
 * times as ISO dates and as seconds (see {@link jsonSeconds}).
 */
export interface KeyPackageDescription {
  readonly ref: string;
  readonly form: string;
  readonly size: number;
  readonly version: Named;
  readonly cipherSuite: Named;
  readonly initKey: string;
  readonly leafNode: {
    readonly encryptionKey: string;
    readonly signatureKey: string;
    readonly credential: CredentialDescription;
    readonly capabilities: {
      readonly versions: Named[];
      readonly cipherSuites: Named[];
      readonly extensions: Named[];
      readonly proposals: Named[];
      readonly credentials: Named[];
    };
    readonly source: Named;
    readonly lifetime?: {
      readonly notBefore: string;
      readonly notAfter: string;
      readonly notBeforeSeconds: number | string;
      readonly notAfterSeconds: number | string;
      readonly status: string;
    };
    readonly extensions: Array<Record<string, unknown>>;
    readonly signature: string;
  };
  readonly extensions: Array<Record<string, unknown>>;
  readonly lastResort: boolean;
  readonly signature: string;
}

function describeExtensions(list: UnverifiedKeyPackage["extensions"]): Array<Record<string, unknown>> {
  return list.map((e) => {
    const out: Record<string, unknown> = {
      type: named(e.extensionType, EXTENSION_NAMES),
      data: toHex(e.extensionData),
    };
    if (e.extensionType === ExtensionType.application_id) {
      try {
        const id = parseApplicationId(e);
        out.applicationId = toHex(id);
      } catch {
        out.malformed = true;
      }
    }
    return out;
  });
}

/**
 * Describe a key package.
 * @param kp - the package
 * @param provider - to compute the ref (when it supports the suite)
 * @param meta - how it was read
 * @param now - the time for "expires in"
 * @returns the description
 * @example
 * ```ts
 * const d = await describeKeyPackage(kp, nobleCryptoProvider, { form: "MLSMessage", size: 295 }, now);
 * ```
 */
export async function describeKeyPackage(
  kp: UnverifiedKeyPackage,
  provider: CryptoProvider,
  meta: { form: string; size: number },
  now: bigint,
): Promise<KeyPackageDescription> {
  let ref = "(cipher suite not supported)";
  if (provider.supportedCipherSuites().includes(kp.cipherSuite))
    ref = toHex(await keyPackageRef(kp, provider));
  const leaf = kp.leafNode;
  const credential = describeCredential(leaf.credential);
  const caps = leaf.capabilities;
  const lifetime = leaf.lifetime;
  let lifetimeOut: KeyPackageDescription["leafNode"]["lifetime"];
  if (lifetime !== undefined) {
    const status =
      now < lifetime.notBefore
        ? `not valid yet (valid ${relative(lifetime.notBefore, now)})`
        : now > lifetime.notAfter
          ? `expired ${relative(lifetime.notAfter, now)}`
          : lifetime.notAfter > 253402300799n
            ? "never expires"
            : `expires ${relative(lifetime.notAfter, now)}`;
    lifetimeOut = {
      notBefore: isoDate(lifetime.notBefore),
      notAfter: isoDate(lifetime.notAfter),
      notBeforeSeconds: jsonSeconds(lifetime.notBefore),
      notAfterSeconds: jsonSeconds(lifetime.notAfter),
      status,
    };
  }
  return {
    ref,
    form: meta.form,
    size: meta.size,
    version: named(kp.version, VERSION_NAMES),
    cipherSuite: suiteNamed(kp.cipherSuite),
    initKey: toHex(kp.initKey),
    leafNode: {
      encryptionKey: toHex(leaf.encryptionKey),
      signatureKey: toHex(leaf.signatureKey),
      credential,
      capabilities: {
        versions: caps.versions.map((v) => named(v, VERSION_NAMES)),
        cipherSuites: caps.cipherSuites.map(suiteNamed),
        extensions: caps.extensions.map((t) => named(t, EXTENSION_NAMES)),
        proposals: caps.proposals.map((t) => named(t, PROPOSAL_NAMES)),
        credentials: caps.credentials.map((t) => named(t, CREDENTIAL_NAMES)),
      },
      source: named(leaf.leafNodeSource, SOURCE_NAMES),
      ...(lifetimeOut === undefined ? {} : { lifetime: lifetimeOut }),
      extensions: describeExtensions(leaf.extensions),
      signature: toHex(leaf.signature),
    },
    extensions: describeExtensions(kp.extensions),
    lastResort: safeLastResort(kp),
    signature: toHex(kp.signature),
  };
}

/** Subject, issuer and validity of a certificate for display; nothing is verified here. */
function describeCert(der: Uint8Array): Record<string, unknown> {
  try {
    const d = describeCertificate(der);
    return {
      bytes: der.length,
      subject: d.subject,
      issuer: d.issuer,
      notAfter: isoDate(d.notAfter),
      ...(d.subjectAltNames.length === 0
        ? {}
        : { subjectAltNames: d.subjectAltNames.map((n) => `${n.type}:${String(n.value)}`) }),
    };
  } catch {
    return { bytes: der.length, malformed: true };
  }
}

function safeLastResort(kp: UnverifiedKeyPackage): boolean {
  try {
    return isLastResort(kp.extensions);
  } catch {
    return false;
  }
}

const short = (h: string) =>
  h.length > 24 ? `${h.slice(0, 8)}…${h.slice(-8)} (${h.length / 2} bytes)` : `${h} (${h.length / 2} bytes)`;

/**
 * Render a description as an indented tree.
 * @param d - the description
 * @returns text lines
 * @example
 * ```ts
 * io.stdout.write(renderDescription(d).join("\n") + "\n");
 * ```
 */
export function renderDescription(d: KeyPackageDescription): string[] {
  const l = d.leafNode;
  const list = (items: readonly Named[]) => (items.length === 0 ? "(none)" : items.map(showNamed).join(", "));
  const exts = (items: Array<Record<string, unknown>>, indent: string) =>
    items.length === 0
      ? [`${indent}(none)`]
      : items.map(
          (e) =>
            `${indent}${showNamed(e.type as Named)}${e.applicationId !== undefined ? ` application_id=${String(e.applicationId)}` : ""}` +
            ((e.data as string).length > 0 ? ` data=${short(e.data as string)}` : ""),
        );
  const cred = l.credential;
  const credType = showNamed(cred.type);
  const credLine =
    cred.identity !== undefined
      ? `${credType} identity="${String(cred.identity)}"`
      : cred.subject !== undefined
        ? `${credType} subject="${String(cred.subject)}"`
        : cred.certificates !== undefined
          ? `${credType} ${(cred.certificates as unknown[]).length} certificate(s)`
          : `${credType} data=${short(String(cred.data))}`;
  return [
    `KeyPackage (${d.form}, ${d.size} bytes)${d.lastResort ? " — last resort" : ""}`,
    `  ref            ${d.ref}`,
    `  version        ${showNamed(d.version)}`,
    `  cipher suite   ${d.cipherSuite.name} (${hex4(d.cipherSuite.id)})${
      d.cipherSuite.provisional === undefined
        ? ""
        : ` — provisional code point (${d.cipherSuite.provisional})`
    }`,
    `  init key       ${short(d.initKey)}`,
    `  leaf node`,
    `    encryption key  ${short(l.encryptionKey)}`,
    `    signature key   ${short(l.signatureKey)}`,
    `    credential      ${credLine}`,
    ...(Array.isArray(cred.certificates)
      ? (cred.certificates as Array<Record<string, unknown>>).map((c, i) =>
          c.malformed === true
            ? `      certificate[${i}]  (not a parsable certificate, ${String(c.bytes)} bytes)`
            : `      certificate[${i}]  subject="${String(c.subject)}" issuer="${String(c.issuer)}" until ${String(c.notAfter)}`,
        )
      : []),
    `    capabilities`,
    `      versions       ${list(l.capabilities.versions)}`,
    `      cipher suites  ${list(l.capabilities.cipherSuites)}`,
    `      extensions     ${list(l.capabilities.extensions)}`,
    `      proposals      ${list(l.capabilities.proposals)}`,
    `      credentials    ${list(l.capabilities.credentials)}`,
    `    source          ${showNamed(l.source)}`,
    ...(l.lifetime === undefined
      ? []
      : [`    lifetime        ${l.lifetime.notBefore} → ${l.lifetime.notAfter} (${l.lifetime.status})`]),
    `    extensions`,
    ...exts(l.extensions, "      "),
    `    signature       ${short(l.signature)}`,
    `  extensions`,
    ...exts(d.extensions, "    "),
    `  signature      ${short(d.signature)}`,
  ];
}
