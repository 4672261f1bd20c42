/**
 * @module describe
 * A readable, JSON-friendly description of a key package: names for suites, types and
 * extensions, GREASE marked, lifetimes as dates with "expires in", keys shortened for text.
 */
import { isGrease, toHex } from "@mlskit/codec";
import { credentialIdentityString, isBasicCredential, isX509Credential } from "@mlskit/credentials";
import { describeCertificate } from "@mlskit/credentials-x509";
import { type CryptoProvider, cipherSuiteInfo } from "@mlskit/crypto-provider";
import { ExtensionType, isLastResort, parseApplicationId } from "@mlskit/extensions";
import { keyPackageRef, type UnverifiedKeyPackage } from "@mlskit/key-packages";

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
 * Name a registry value: its name, "GREASE", "private use" or "unknown", with the hex value.
 * @param value - wire value
 * @param names - known names
 * @returns e.g. `last_resort (0x000a)` or `GREASE (0x0a0a)`
 * @example
 * ```ts
 * nameOf(0x0a0a, new Map()); // "GREASE (0x0a0a)"
 * ```
 */
export function nameOf(value: number, names: ReadonlyMap<number, string>): string {
  const known = names.get(value);
  if (known !== undefined) return `${known} (${hex4(value)})`;
  if (isGrease(value)) return `GREASE (${hex4(value)})`;
  if (value >= 0xf000) return `private use (${hex4(value)})`;
  return `unknown (${hex4(value)})`;
}

/**
 * Human description of a time relative to now: "in 83 days", "3 hours ago".
 * @param t - seconds since the epoch
 * @param now - seconds since the epoch
 * @returns the phrase
 * @example
 * ```ts
 * relative(100n + 86400n * 2n, 100n); // "in 2 days"
 * ```
 */
export function relative(t: bigint, now: bigint): string {
  const d = t - now;
  const abs = d < 0n ? -d : d;
  const units: Array<[bigint, string]> = [
    [365n * 86400n, "year"],
    [86400n, "day"],
    [3600n, "hour"],
    [60n, "minute"],
  ];
  let phrase = `${abs} second${abs === 1n ? "" : "s"}`;
  for (const [size, name] of units) {
    if (abs >= size) {
      const n = abs / size;
      phrase = `${n} ${name}${n === 1n ? "" : "s"}`;
      break;
    }
  }
  return d < 0n ? `${phrase} ago` : `in ${phrase}`;
}

function isoDate(t: bigint): string {
  // Beyond year 9999 (e.g. the "eternal" 2^64-1) a Date cannot represent the time.
  if (t > 253402300799n) return `${t} (beyond year 9999)`;
  return new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");
}

/** The JSON form printed by `mlskit inspect --json`. */
export interface KeyPackageDescription {
  readonly ref: string;
  readonly form: string;
  readonly size: number;
  readonly version: string;
  /** The suite; `provisional` names the source of a code point IANA has not assigned. */
  readonly cipherSuite: { readonly id: number; readonly name: string; readonly provisional?: string };
  readonly initKey: string;
  readonly leafNode: {
    readonly encryptionKey: string;
    readonly signatureKey: string;
    readonly credential: Record<string, unknown>;
    readonly capabilities: Record<string, string[]>;
    readonly source: string;
    readonly lifetime?: {
      readonly notBefore: string;
      readonly notAfter: string;
      readonly notBeforeSeconds: string;
      readonly notAfterSeconds: string;
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
      type: nameOf(e.extensionType, EXTENSION_NAMES),
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
  const c = leaf.credential;
  const credential: Record<string, unknown> = { type: nameOf(c.credentialType, CREDENTIAL_NAMES) };
  if (isBasicCredential(c)) credential.identity = credentialIdentityString(c);
  else if (isX509Credential(c)) {
    const certs = c.certificates.map((x) => describeCert(x.certData));
    credential.certificates = certs;
    if (typeof certs[0]?.subject === "string") credential.subject = certs[0].subject;
  } else credential.data = toHex((c as { data: Uint8Array }).data);
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
      notBeforeSeconds: String(lifetime.notBefore),
      notAfterSeconds: String(lifetime.notAfter),
      status,
    };
  }
  const suiteInfo = cipherSuiteInfo(kp.cipherSuite);
  const suiteName = suiteInfo?.name;
  return {
    ref,
    form: meta.form,
    size: meta.size,
    version: kp.version === 1 ? "mls10 (1)" : `unknown (${kp.version})`,
    cipherSuite: {
      id: kp.cipherSuite,
      name: suiteName ?? nameOf(kp.cipherSuite, new Map()),
      ...(suiteInfo?.provisional === undefined ? {} : { provisional: suiteInfo.provisional.source }),
    },
    initKey: toHex(kp.initKey),
    leafNode: {
      encryptionKey: toHex(leaf.encryptionKey),
      signatureKey: toHex(leaf.signatureKey),
      credential,
      capabilities: {
        versions: caps.versions.map((v) => (v === 1 ? "mls10 (1)" : `unknown (${v})`)),
        cipherSuites: caps.cipherSuites.map((s) => {
          const i = cipherSuiteInfo(s);
          if (i === undefined) return nameOf(s, new Map());
          return `${i.name} (${hex4(s)}${i.provisional === undefined ? "" : ", provisional"})`;
        }),
        extensions: caps.extensions.map((t) => nameOf(t, EXTENSION_NAMES)),
        proposals: caps.proposals.map((t) => nameOf(t, PROPOSAL_NAMES)),
        credentials: caps.credentials.map((t) => nameOf(t, CREDENTIAL_NAMES)),
      },
      source:
        ["reserved", "key_package", "update", "commit"][leaf.leafNodeSource] ??
        `unknown (${leaf.leafNodeSource})`,
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
  const list = (items: readonly string[]) => (items.length === 0 ? "(none)" : items.join(", "));
  const exts = (items: Array<Record<string, unknown>>, indent: string) =>
    items.length === 0
      ? [`${indent}(none)`]
      : items.map(
          (e) =>
            `${indent}${String(e.type)}${e.applicationId !== undefined ? ` application_id=${String(e.applicationId)}` : ""}` +
            ((e.data as string).length > 0 ? ` data=${short(e.data as string)}` : ""),
        );
  const cred = l.credential;
  const credLine =
    cred.identity !== undefined
      ? `${String(cred.type)} identity="${String(cred.identity)}"`
      : cred.subject !== undefined
        ? `${String(cred.type)} subject="${String(cred.subject)}"`
        : cred.certificates !== undefined
          ? `${String(cred.type)} ${(cred.certificates as unknown[]).length} certificate(s)`
          : `${String(cred.type)} data=${short(String(cred.data))}`;
  return [
    `KeyPackage (${d.form}, ${d.size} bytes)${d.lastResort ? " — last resort" : ""}`,
    `  ref            ${d.ref}`,
    `  version        ${d.version}`,
    `  cipher suite   ${d.cipherSuite.name} (0x${d.cipherSuite.id.toString(16).padStart(4, "0")})${
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
    `      versions       ${list(l.capabilities.versions ?? [])}`,
    `      cipher suites  ${list(l.capabilities.cipherSuites ?? [])}`,
    `      extensions     ${list(l.capabilities.extensions ?? [])}`,
    `      proposals      ${list(l.capabilities.proposals ?? [])}`,
    `      credentials    ${list(l.capabilities.credentials ?? [])}`,
    `    source          ${l.source}`,
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
