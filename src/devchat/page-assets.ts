import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Response, Server } from "restify";
import { demoBot } from "../chat/teams-activity.js";
import { keysOf, locales, t, type Locale } from "../i18n/translate.js";
import type { Logger } from "../log.js";
import { devChatChannel, devChatTeam, personalConversationId } from "./build-teams-activity.js";
import type { DemoUser } from "./demo-users.js";

// The page and what it loads. A fixed list of files, so no request path ever reaches the file system.

// public/teams-host-config.json is microsoft/AdaptiveCards samples/HostConfig/microsoft-teams-light.json
// (maxActions 6, Teams colours) with three changes: its "fontStyles" is spelled "fontTypes", the
// only key adaptivecards 3.0.6 reads (host-config.js), CJK fonts follow Segoe UI, and the factSet
// "warp" typo is "wrap".
const publicDir = join(dirname(fileURLToPath(import.meta.url)), "public");
const require = createRequire(import.meta.url);

// Card content comes from the bot; the page still allows only its own scripts and connections.
// The renderer sets inline styles through the DOM, which style-src 'unsafe-inline' covers.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join("; ");

interface Asset {
  contentType: string;
  /** Resolved when asked: adaptivecards is a development dependency, absent from production installs. */
  path: () => string;
}

const page: Asset = { contentType: "text/html; charset=utf-8", path: () => join(publicDir, "index.html") };

const assets: Record<string, Asset> = {
  "/devchat": page,
  "/devchat/": page,
  "/devchat/devchat.js": { contentType: "text/javascript; charset=utf-8", path: () => join(publicDir, "devchat.js") },
  "/devchat/card-slots.js": { contentType: "text/javascript; charset=utf-8", path: () => join(publicDir, "card-slots.js") },
  "/devchat/render-markdown.js": { contentType: "text/javascript; charset=utf-8", path: () => join(publicDir, "render-markdown.js") },
  "/devchat/devchat.css": { contentType: "text/css; charset=utf-8", path: () => join(publicDir, "devchat.css") },
  "/devchat/teams-host-config.json": { contentType: "application/json; charset=utf-8", path: () => join(publicDir, "teams-host-config.json") },
  "/devchat/adaptivecards.min.js": {
    contentType: "text/javascript; charset=utf-8",
    path: () => require.resolve("adaptivecards/dist/adaptivecards.min.js"),
  },
};

/** The page's own words, in every locale: the language switch changes them without a reload. */
function pageStrings(): Record<Locale, Record<string, string>> {
  const strings = {} as Record<Locale, Record<string, string>>;
  for (const locale of locales) {
    strings[locale] = Object.fromEntries(
      keysOf(locale)
        .filter((key) => key.startsWith("devchat."))
        .map((key) => [key.slice("devchat.".length), t(locale, key)]),
    );
  }
  return strings;
}

/** What the page needs to know to act as Teams. */
export function describeDevChat(users: readonly DemoUser[]): Record<string, unknown> {
  return {
    bot: { ...demoBot },
    users: users.map((user) => ({ ...user, personalConversationId: personalConversationId(user) })),
    team: { ...devChatTeam },
    channel: { ...devChatChannel },
    locales: [
      { tag: "en-US", label: "English" },
      { tag: "ja-JP", label: "日本語" },
    ],
    strings: pageStrings(),
  };
}

async function serveAsset(res: Response, asset: Asset, log: Logger): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(asset.path());
  } catch (error) {
    log.warn({ err: { message: (error as Error).message } }, "dev chat: an asset is missing");
    res.send(500, { error: { code: "AssetMissing", message: "A dev chat file is missing; run npm install (adaptivecards is a dev dependency)." } });
    return;
  }
  const headers: Record<string, string> = { "content-type": asset.contentType, "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (asset.contentType.startsWith("text/html")) headers["content-security-policy"] = contentSecurityPolicy;
  res.writeHead(200, headers);
  res.end(content);
}

export function mountPageAssets(server: Server, deps: { users: readonly DemoUser[]; log: Logger }): void {
  for (const [route, asset] of Object.entries(assets)) {
    server.get(route, async (_req, res) => serveAsset(res, asset, deps.log));
  }
  server.get("/devchat/config", async (_req, res) => {
    res.header("cache-control", "no-store");
    res.send(200, describeDevChat(deps.users));
  });
}
