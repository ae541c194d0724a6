// Reading extension PUT/PATCH bodies as ARM validates them. typeHandlerVersion takes major.minor
// only: "1.31.1" fails with "The value of parameter typeHandlerVersion is invalid." (seed 002; the
// 400 InvalidParameter status and code are an assumption, azure-api.md §3).
import { z } from "zod";
import { ArmError, invalidParameter } from "./arm-error.js";
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
