import type { CommandSpec } from "../commands/types.js";
import { t } from "../i18n/translate.js";

// Manifest v1.25: its schema is vendored in schemas/ (source noted there). v1.24–v1.26 allow 12
// commands per list, titles ≤ 128 and a required description ≤ 4000 (bot-framework.md §9.2).
export const manifestVersion = "1.25";
const maxCommandsPerList = 12;

export interface ManifestOptions {
  /** The Entra app id of the bot (MicrosoftAppId). */
  botId: string;
  /** The Teams app id: a GUID of its own; defaults to the bot id. */
  appId?: string;
  /** Host the bot runs on (no scheme), listed in validDomains. */
  domain?: string;
  version: string;
}

type ManifestSpec = Pick<CommandSpec, "verb" | "descriptionKey" | "examples">;

/**
 * Teams suggests at most 12 commands per scope, and the registry has more. These are the ones an
 * on-call engineer reaches for first; every other command is one `help` away. A verb listed here
 * but missing from the registry is a bug (the manifest test checks it).
 */
export const suggestedVerbs = ["status", "drift", "troubleshoot", "upgrade", "autoupgrade", "reinstall", "restart-agent", "approvals", "audit", "subscribe", "faq", "help"] as const;

/** The registry entries Teams suggests, in the order of suggestedVerbs. */
export function suggestedSpecs<S extends ManifestSpec>(specs: readonly S[]): S[] {
  return suggestedVerbs.flatMap((verb) => specs.filter((spec) => spec.verb === verb));
}

function commandTitle(spec: ManifestSpec): string {
  return spec.verb;
}

function commandDescription(spec: ManifestSpec, locale: "en" | "ja"): string {
  const example = spec.examples[0];
  const description = t(locale, spec.descriptionKey);
  return example ? `${description} (${example})` : description;
}

/** The app manifest, with commandLists generated from the command registry (never written twice). */
export function buildManifest(registry: readonly ManifestSpec[], options: ManifestOptions): Record<string, unknown> {
  const specs = suggestedSpecs(registry);
  if (specs.length > maxCommandsPerList) throw new Error(`manifest: ${specs.length} commands, at most ${maxCommandsPerList}`);
  const websiteUrl = options.domain ? `https://${options.domain}` : "https://github.com/extops/extops";
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
    manifestVersion,
    version: options.version,
    id: options.appId ?? options.botId,
    developer: {
      name: "extops",
      websiteUrl,
      privacyUrl: `${websiteUrl}/privacy`,
      termsOfUseUrl: `${websiteUrl}/terms`,
    },
    name: { short: t("en", "manifest.nameShort"), full: t("en", "manifest.nameFull") },
    description: { short: t("en", "manifest.descriptionShort"), full: t("en", "manifest.descriptionFull") },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: "#0F6CBD",
    localizationInfo: { defaultLanguageTag: "en-us", additionalLanguages: [{ languageTag: "ja-jp", file: "ja.json" }] },
    bots: [
      {
        botId: options.botId,
        scopes: ["personal", "team", "groupChat"],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ["personal", "team", "groupChat"],
            commands: specs.map((spec) => ({ title: commandTitle(spec), description: commandDescription(spec, "en") })),
          },
        ],
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains: options.domain ? [options.domain] : [],
  };
}

/** The Japanese localization file (MicrosoftTeams.Localization schema), same command order. */
export function buildJapaneseLocalization(registry: readonly ManifestSpec[]): Record<string, unknown> {
  const specs = suggestedSpecs(registry);
  const file: Record<string, unknown> = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.Localization.schema.json`,
    "name.short": t("ja", "manifest.nameShort"),
    "name.full": t("ja", "manifest.nameFull"),
    "description.short": t("ja", "manifest.descriptionShort"),
    "description.full": t("ja", "manifest.descriptionFull"),
  };
  specs.forEach((spec, i) => {
    file[`bots[0].commandLists[0].commands[${i}].title`] = commandTitle(spec);
    file[`bots[0].commandLists[0].commands[${i}].description`] = commandDescription(spec, "ja");
  });
  return file;
}
