import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import type { CommandSpec } from "../commands/types.js";
import { buildJapaneseLocalization, buildManifest, type ManifestOptions } from "./build-manifest.js";

const iconDir = new URL("../../manifest/", import.meta.url);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export class PackageConfigError extends Error {}

/** Reads the packaging values from the environment; every problem is listed with its fix. */
export function readPackageOptions(env: NodeJS.ProcessEnv, version: string): ManifestOptions {
  const botId = env.MicrosoftAppId ?? "";
  const domain = env.EXTOPS_PUBLIC_HOSTNAME ?? "";
  const appId = env.EXTOPS_TEAMS_APP_ID;
  const problems: string[] = [];
  if (!guid.test(botId)) problems.push("MicrosoftAppId must be the bot's Entra app id (a GUID): copy it from the Azure Bot resource's Configuration page.");
  if (!hostname.test(domain)) problems.push("EXTOPS_PUBLIC_HOSTNAME must be the bot's public host name, e.g. extops-prod.azurewebsites.net (no https://).");
  if (appId !== undefined && !guid.test(appId)) problems.push("EXTOPS_TEAMS_APP_ID, when set, must be a GUID (the Teams app id; defaults to MicrosoftAppId).");
  if (problems.length) throw new PackageConfigError(problems.join("\n"));
  return { botId, domain, appId, version };
}

/** The Teams app package: manifest.json at the top level, the two icons and the ja localization. */
export function packageApp(specs: readonly CommandSpec[], options: ManifestOptions): Uint8Array {
  const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);
  return zipSync({
    "manifest.json": json(buildManifest(specs, options)),
    "ja.json": json(buildJapaneseLocalization(specs)),
    "color.png": readFileSync(new URL("color.png", iconDir)),
    "outline.png": readFileSync(new URL("outline.png", iconDir)),
  });
}
