/**
 * @module validation-report
 * Validating a key package for a person to read (`validate`, `claim`): its ref when it passes,
 * with a note when only the clock-skew allowance let its lifetime pass; the failed check, its
 * code and a reason with times as ISO dates when it does not.
 */
import { toHex } from "@mlskit/codec";
import type { CryptoProvider } from "@mlskit/crypto-provider";
import { MlsError } from "@mlskit/errors";
import {
  keyPackageRef,
  type LifetimePolicy,
  toEpochSeconds,
  type UnverifiedKeyPackage,
  validateKeyPackage,
} from "@mlskit/key-packages";
import { duration, exactDuration, isoDate } from "./time-text.js";

/** What validating one package gave. */
export type ValidationReport =
  | { readonly ok: true; readonly ref: string; readonly note?: string }
  | { readonly ok: false; readonly check?: string; readonly code: string; readonly reason: string };

const big = (v: unknown): bigint | undefined =>
  typeof v === "bigint" ? v : typeof v === "number" ? BigInt(v) : undefined;

/** The reason of a failed lifetime check in dates; the error's own message otherwise. */
function reasonOf(e: MlsError): string {
  const d = e.details;
  const now = big(d.now);
  switch (d.check) {
    case "KP-21": {
      const notBefore = big(d.notBefore);
      if (notBefore !== undefined && now !== undefined)
        return `not valid before ${isoDate(notBefore)} (in ${duration(notBefore - now)}; now ${isoDate(now)})`;
      break;
    }
    case "KP-22": {
      const notAfter = big(d.notAfter);
      if (notAfter !== undefined && now !== undefined)
        return `expired at ${isoDate(notAfter)} (${duration(now - notAfter)} ago; now ${isoDate(now)})`;
      break;
    }
    case "KP-23": {
      const total = big(d.totalSeconds);
      const max = big(d.maxTotalSeconds);
      if (total !== undefined && max !== undefined)
        return `total lifetime ${exactDuration(total)} is over the maximum of ${exactDuration(max)} (see --max-lifetime)`;
      break;
    }
  }
  return e.message.replace(/^KP-\d\d: /, "");
}

/**
 * Validate a package and report it.
 * @param kp - the decoded package
 * @param opts - provider, policy, time and the expected suite
 * @returns the report
 * @throws what is not a validation failure (a bug, not a bad package)
 * @example
 * ```ts
 * const r = await validationReport(kp, { provider, lifetimePolicy: DEFAULT_LIFETIME_POLICY });
 * ```
 */
export async function validationReport(
  kp: UnverifiedKeyPackage,
  opts: {
    readonly provider: CryptoProvider;
    readonly lifetimePolicy: LifetimePolicy | false;
    readonly now?: bigint;
    readonly expectedCipherSuite?: number;
  },
): Promise<ValidationReport> {
  const now = opts.now ?? toEpochSeconds();
  try {
    const valid = await validateKeyPackage(kp, {
      provider: opts.provider,
      lifetimePolicy: opts.lifetimePolicy,
      now,
      ...(opts.expectedCipherSuite === undefined ? {} : { expectedCipherSuite: opts.expectedCipherSuite }),
    });
    const ref = toHex(await keyPackageRef(valid, opts.provider));
    const lifetime = valid.leafNode.lifetime;
    const skew =
      opts.lifetimePolicy === false
        ? ""
        : `, accepted within the ${duration(BigInt(opts.lifetimePolicy.clockSkewSeconds))} clock-skew allowance`;
    if (lifetime !== undefined && lifetime.notAfter < now)
      return {
        ok: true,
        ref,
        note: `expired at ${isoDate(lifetime.notAfter)}, ${duration(now - lifetime.notAfter)} ago${skew}`,
      };
    if (lifetime !== undefined && lifetime.notBefore > now)
      return {
        ok: true,
        ref,
        note: `not valid before ${isoDate(lifetime.notBefore)}, in ${duration(lifetime.notBefore - now)}${skew}`,
      };
    return { ok: true, ref };
  } catch (e) {
    if (!MlsError.is(e)) throw e;
    return {
      ok: false,
      ...(typeof e.details.check === "string" ? { check: e.details.check } : {}),
      code: e.code,
      reason: reasonOf(e),
    };
  }
}
