import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import type { ChatUser } from "./teams-activity.js";
import { demoUsers } from "../devchat/demo-users.js";

export const chatUsage = `Usage: npm run chat -- [options] ["command" ...]

Sends each command to the bot as a Teams message and prints the reply (cards as text).
Without --url (or EXTOPS_BOT_URL) it starts an embedded bot on the ARM simulator, then exits.
Without commands it reads them from standard input, one per line.

Options:
  --url <url>        a running bot (e.g. http://localhost:3978); it must run in local mode
  --locale <tag>     en (default) or ja, or a Teams tag such as ja-JP
  --user <name>      who is typing: alice, bob or carol (the demo grants' people), or any name (a stable ID is derived from it)
  --channel          send as a channel message that @mentions the bot (default: personal chat)
  --json             print the reply activities as JSON
  -h, --help         this text

Examples:
  npm run chat -- "status vm-web-01"
  npm run chat -- --locale ja "drift rg-prod"
  npm run chat -- --url http://localhost:3978 "status rg-prod/vm-web-02"`;

export interface ChatOptions {
  commands: string[];
  /** POST target of a running bot; absent = embedded bot. */
  messagesUrl?: string;
  locale: string;
  user?: ChatUser;
  scope: "personal" | "channel";
  json: boolean;
  help: boolean;
}

export class ChatUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChatUsageError";
  }
}

function toMessagesUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChatUsageError(`--url ${JSON.stringify(raw)} is not a URL; give the bot's address, e.g. http://localhost:3978`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ChatUsageError(`--url must be http:// or https://, not ${url.protocol}`);
  const base = url.href.replace(/\/+$/, "");
  return base.endsWith("/api/messages") ? base : `${base}/api/messages`;
}

function toLocale(raw: string): string {
  const tag = raw.trim();
  if (/^ja$/i.test(tag)) return "ja-JP";
  if (/^en$/i.test(tag)) return "en-US";
  if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag)) return tag;
  throw new ChatUsageError(`--locale ${JSON.stringify(raw)} is not a language tag; use en or ja`);
}

/**
 * A user whose IDs follow from the name, so the same --user is the same person across runs. The
 * demo people (alice, bob, carol) get the object IDs the demo grants know, as in the dev chat.
 */
export function chatUser(name: string): ChatUser {
  const demo = demoUsers.find((user) => user.name.toLowerCase().split(" ")[0] === name.toLowerCase());
  if (demo) return { id: demo.id, name: demo.name, aadObjectId: demo.aadObjectId };
  const hash = createHash("sha256").update(name).digest("hex");
  const aadObjectId = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-8${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  return { id: `29:cli-${hash.slice(0, 16)}`, name, aadObjectId };
}

/** Command line + environment (EXTOPS_BOT_URL) to options; throws ChatUsageError with a readable message. */
export function parseChatArgs(argv: string[], env: Record<string, string | undefined>): ChatOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        locale: { type: "string" },
        user: { type: "string" },
        channel: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new ChatUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const url = values.url ?? (env.EXTOPS_BOT_URL?.trim() || undefined);
  const options: ChatOptions = {
    commands: positionals.map((p) => p.trim()).filter((p) => p !== ""),
    locale: values.locale === undefined ? "en-US" : toLocale(values.locale),
    scope: values.channel ? "channel" : "personal",
    json: values.json ?? false,
    help: values.help ?? false,
  };
  if (url !== undefined) options.messagesUrl = toMessagesUrl(url);
  if (values.user !== undefined) {
    if (values.user.trim() === "") throw new ChatUsageError("--user needs a name");
    options.user = chatUser(values.user.trim());
  }
  return options;
}
