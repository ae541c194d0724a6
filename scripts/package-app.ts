// npm run package: builds dist/extops-teams-app.zip for sideloading into Teams.
// npm run manifest: rewrites manifest/manifest.json and manifest/ja.json from the command registry.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { commandSpecs } from "../src/commands/registry.js";
import { buildJapaneseLocalization, buildManifest } from "../src/manifest/build-manifest.js";
import { PackageConfigError, packageApp, readPackageOptions } from "../src/manifest/package-app.js";
import { committedManifestOptions } from "../src/manifest/committed-manifest.js";

const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

if (process.argv.includes("--committed")) {
  const options = committedManifestOptions(version);
  const write = (name: string, value: unknown) => writeFileSync(new URL(`../manifest/${name}`, import.meta.url), `${JSON.stringify(value, null, 2)}\n`);
  write("manifest.json", buildManifest(commandSpecs, options));
  write("ja.json", buildJapaneseLocalization(commandSpecs));
  console.log("wrote manifest/manifest.json and manifest/ja.json");
} else {
  try {
    const options = readPackageOptions(process.env, version);
    mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
    const target = new URL("../dist/extops-teams-app.zip", import.meta.url);
    writeFileSync(target, packageApp(commandSpecs, options));
    console.log(`wrote ${target.pathname} (bot ${options.botId}, host ${options.domain})`);
  } catch (error) {
    if (!(error instanceof PackageConfigError)) throw error;
    console.error(`Cannot package the Teams app:\n${error.message}`);
    process.exitCode = 1;
  }
}
