// Reading extension PUT/PATCH bodies as ARM validates them. typeHandlerVersion takes major.minor
// only: "1.31.1" fails with "The value of parameter typeHandlerVersion is invalid." (seed 002; the
// 400 InvalidParameter status and code are an assumption, azure-api.md §3).
import { z } from "zod";
import { ArmError, invalidParameter } from "./arm-error.js";
import type { ExtensionData } from "./fixture-schema.js";
import { formatPath } from "./parse-fixture.js";

const object = z.record(z.string(), z.unknown());

const propertiesSchema = z.looseObject({
  publisher: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  typeHandlerVersion: z.string().optional(),
  autoUpgradeMinorVersion: z.boolean().optional(),
  enableAutomaticUpgrade: z.boolean().optional(),
  suppressFailures: z.boolean().optional(),
  forceUpdateTag: z.string().optional(),
  settings: object.optional(),
  protectedSettings: object.optional(),
});

const bodySchema = z.looseObject({
  name: z.string().optional(),
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: propertiesSchema,
});

export type ExtensionBody = z.output<typeof bodySchema>;
export type ExtensionBodyProperties = ExtensionBody["properties"];

export function readExtensionBody(body: unknown): ExtensionBody {
  const result = bodySchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ArmError(400, "InvalidRequestContent", `The request content was invalid: ${formatPath(issue.path)}: ${issue.message}`, formatPath(issue.path));
  }
  const version = result.data.properties.typeHandlerVersion;
  if (version !== undefined && !/^\d{1,9}\.\d{1,9}$/.test(version)) {
    throw invalidParameter("The value of parameter typeHandlerVersion is invalid.", "typeHandlerVersion");
  }
  return result.data;
}

/** A PUT must say what to install. */
export function requireCreateFields(properties: ExtensionBodyProperties): { publisher: string; type: string; typeHandlerVersion: string } {
  for (const field of ["publisher", "type", "typeHandlerVersion"] as const) {
    if (properties[field] === undefined) throw invalidParameter(`Required parameter '${field}' is missing (null).`, field);
  }
  return properties as { publisher: string; type: string; typeHandlerVersion: string };
}

/**
 * The extension a PUT leaves: the body replaces the resource, so what it omits is gone, protectedSettings
 * included (the hazard domain.md §6 warns about); enableAutomaticUpgrade defaults to false when omitted
 * (unconfirmed). Only the running version and a fixture's write fault carry over from `existing`.
 */
export function buildPutExtension(
  name: string,
  existing: ExtensionData | undefined,
  fields: { publisher: string; type: string; typeHandlerVersion: string },
  properties: ExtensionBodyProperties,
): ExtensionData {
  return {
    name: existing?.name ?? name,
    publisher: fields.publisher,
    type: fields.type,
    typeHandlerVersion: fields.typeHandlerVersion,
    runningVersion: existing?.runningVersion,
    autoUpgradeMinorVersion: properties.autoUpgradeMinorVersion ?? false,
    enableAutomaticUpgrade: properties.enableAutomaticUpgrade ?? false,
    provisioningState: "Creating",
    settings: properties.settings ?? {},
    ...(properties.protectedSettings ? { protectedSettings: properties.protectedSettings } : {}),
    ...(existing?.writeFault ? { writeFault: existing.writeFault } : {}),
  };
}

/** A PATCH merges: only the fields the body names change. */
export function mergeExtensionProperties(ext: ExtensionData, properties: ExtensionBodyProperties): void {
  if (properties.typeHandlerVersion !== undefined) ext.typeHandlerVersion = properties.typeHandlerVersion;
  if (properties.autoUpgradeMinorVersion !== undefined) ext.autoUpgradeMinorVersion = properties.autoUpgradeMinorVersion;
  if (properties.enableAutomaticUpgrade !== undefined) ext.enableAutomaticUpgrade = properties.enableAutomaticUpgrade;
  if (properties.settings !== undefined) ext.settings = properties.settings;
  if (properties.protectedSettings !== undefined) ext.protectedSettings = properties.protectedSettings;
}
