import { readFileSync } from "node:fs";
import AjvDraft04Module from "ajv-draft-04";
import * as addFormatsModule from "ajv-formats";
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { commandSpecs } from "../../src/commands/registry.js";
import { buildJapaneseLocalization, buildManifest, suggestedVerbs } from "../../src/manifest/build-manifest.js";
import { committedManifestOptions } from "../../src/manifest/committed-manifest.js";
import { PackageConfigError, packageApp, readPackageOptions } from "../../src/manifest/package-app.js";

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as Record<string, unknown>;

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv = AjvDraft04Module.default;
const addFormats = (addFormatsModule as unknown as { default: (ajv: unknown) => void }).default;

function validator(schemaPath: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }) // the localization schema has patterns that are invalid with the u flag;
  addFormats(ajv);
  return ajv.compile(readJson(schemaPath));
}
const validateManifest = validator("schemas/teams-manifest-1.25.json");
const validateLocalization = validator("schemas/teams-manifest-localization-1.25.json");

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  expect(view.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

const env = { MicrosoftAppId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", EXTOPS_PUBLIC_HOSTNAME: "extops-prod.azurewebsites.net" };

describe("Teams app manifest", () => {
  it("when the committed manifest is compared with the registry, then it is up to date (run `npm run manifest`)", () => {
    const version = (readJson("package.json") as { version: string }).version;
    expect(readJson("manifest/manifest.json")).toEqual(buildManifest(commandSpecs, committedManifestOptions(version)));
    expect(readJson("manifest/ja.json")).toEqual(buildJapaneseLocalization(commandSpecs));
  });

  it("when validated against the official v1.25 schema, then the manifest and its ja localization pass", () => {
    expect(validateManifest(readJson("manifest/manifest.json")), JSON.stringify(validateManifest.errors)).toBe(true);
    expect(validateLocalization(readJson("manifest/ja.json")), JSON.stringify(validateLocalization.errors)).toBe(true);
  });

  it("when the schema sees a lower-case groupchat scope, then it rejects it (the validator is live)", () => {
    const manifest = structuredClone(readJson("manifest/manifest.json")) as { bots: Array<{ scopes: string[] }> };
    manifest.bots[0]!.scopes = ["personal", "groupchat"];
    expect(validateManifest(manifest)).toBe(false);
  });

  it("when a suggested verb is not in the registry, then that is caught here", () => {
    const registered = new Set(commandSpecs.map((spec) => spec.verb));
    expect(suggestedVerbs.filter((verb) => !registered.has(verb))).toEqual([]);
  });

  it("when the registry lists commands, then the suggested verbs are in commandLists with an English description", () => {
    const manifest = readJson("manifest/manifest.json") as { bots: Array<{ scopes: string[]; commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }> };
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(["personal", "team", "groupChat"]);
    const titles = bot.commandLists[0]!.commands.map((c) => c.title);
    expect(titles).toEqual([...suggestedVerbs]);
    expect(titles.length).toBeLessThanOrEqual(12);
    for (const command of bot.commandLists[0]!.commands) expect(command.description.length).toBeGreaterThan(10);
  });

  it("when the icons are read, then color is 192x192 and outline is 32x32", () => {
    expect(pngSize(readFileSync(new URL("../../manifest/color.png", import.meta.url)))).toEqual({ width: 192, height: 192 });
    expect(pngSize(readFileSync(new URL("../../manifest/outline.png", import.meta.url)))).toEqual({ width: 32, height: 32 });
  });

  it("when packaged with values from the environment, then the zip has manifest.json at the top with that bot id and host", () => {
    const files = unzipSync(packageApp(commandSpecs, readPackageOptions(env, "1.2.3")));
    expect(Object.keys(files).sort()).toEqual(["color.png", "ja.json", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as { bots: Array<{ botId: string }>; validDomains: string[]; version: string };
    expect(manifest.bots[0]!.botId).toBe(env.MicrosoftAppId);
    expect(manifest.validDomains).toEqual([env.EXTOPS_PUBLIC_HOSTNAME]);
    expect(manifest.version).toBe("1.2.3");
    expect(validateManifest(manifest), JSON.stringify(validateManifest.errors)).toBe(true);
  });

  it("when the environment lacks the bot id or has a URL for a host, then packaging says what to set", () => {
    expect(() => readPackageOptions({ EXTOPS_PUBLIC_HOSTNAME: "https://x.example.com" }, "1.0.0")).toThrow(PackageConfigError);
    try {
      readPackageOptions({ EXTOPS_PUBLIC_HOSTNAME: "https://x.example.com" }, "1.0.0");
    } catch (error) {
      expect((error as Error).message).toMatch(/MicrosoftAppId/);
      expect((error as Error).message).toMatch(/EXTOPS_PUBLIC_HOSTNAME/);
    }
  });
});
