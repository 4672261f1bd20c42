/**
 * @module @mlskit/extensions
 * MLS extensions (RFC 9420 §7.2, §13, §17.3): the `ExtensionType` registry, the generic
 * `Extension` and its codecs, per-message validity, the duplicate rule, typed helpers for
 * application_id, required_capabilities and external_senders, and the last-resort marker in both
 * its deployed (0x000A) and current-draft (app_data_dictionary component) forms.
 */
export {
  type AppDataDictionary,
  appDataDictionaryCodec,
  appDataDictionaryExtension,
  type ComponentData,
  ComponentId,
  parseAppDataDictionary,
} from "./app-data-dictionary.js";
export { applicationIdExtension, parseApplicationId } from "./application-id.js";
export { ExtensionErrorCode } from "./errors.js";
export {
  assertNoDuplicateExtensions,
  type Extension,
  extensionCodec,
  extensionsCodec,
  findDuplicateExtensionType,
  findExtension,
} from "./extension.js";
export { assertExtensionsAllowedIn, ExtensionContext, isExtensionAllowedIn } from "./extension-context.js";
export { ExtensionType, isDefaultExtensionType, isGreaseExtensionType } from "./extension-type.js";
export {
  type ExternalSender,
  externalSenderCodec,
  externalSendersExtension,
  parseExternalSenders,
} from "./external-senders.js";
export { isLastResort, lastResortComponentExtension, lastResortExtension } from "./last-resort.js";
export {
  parseRequiredCapabilities,
  type RequiredCapabilities,
  requiredCapabilitiesCodec,
  requiredCapabilitiesExtension,
} from "./required-capabilities.js";
