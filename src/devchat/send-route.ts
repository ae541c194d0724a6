import type { Request, Response, Server } from "restify";
import { z } from "zod";
import type { Logger } from "../log.js";
import {
  buildCardInvoke,
  buildCardSubmit,
  buildInstall,
  buildMessage,
  type ActivityJson,
  type TurnOrigin,
} from "./build-teams-activity.js";
import { conversationIdOf, type ConversationHub } from "./conversation-hub.js";
import { findDemoUser, type DemoUser } from "./demo-users.js";
import { connectorBasePath } from "./connector-routes.js";
import { ownOrigin, resolveOnThisServer } from "./own-origin.js";
import { readJsonBody } from "./read-json-body.js";

// The page's side of the dev chat, like the Emulator's own client: the page says what the user
// did (typed, pressed, the card needs a refresh); this builds the Teams activity, posts it to the
// bot's /api/messages with the dev chat connector as serviceUrl, and returns the bot's HTTP answer
// (the invoke response carries the card that replaces the pressed one, bot-framework.md §5.1).

export const sendPath = "/devchat/send";

/** Long enough for a slow simulated fleet; the page shows "sending" meanwhile. */
const botTimeoutMs = 120_000;

const who = {
  user: z.string().min(1).max(100),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "is not a locale tag such as en-US"),
};
const scope = z.enum(["personal", "channel"]);
const messageId = z.string().min(1).max(200);

const sendRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), ...who, scope, text: z.string().trim().min(1).max(4000) }),
  z.object({
    kind: z.literal("invoke"),
    ...who,
    replyToId: messageId,
    trigger: z.enum(["manual", "automatic"]),
    action: z.object({
      verb: z.string().max(200),
      data: z.record(z.string(), z.unknown()),
      id: z.string().max(200).optional(),
      title: z.string().max(400).optional(),
    }),
  }),
  z.object({ kind: z.literal("submit"), ...who, replyToId: messageId, value: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal("install"), ...who, scope }),
]);

export type SendRequest = z.infer<typeof sendRequestSchema>;

/** What the page gets back: the bot's HTTP status and body (JSON when it is JSON). */
export interface SendResult {
  status: number;
  body: unknown;
  /** The id the dev chat gave the user's message. */
  activityId?: string;
}

interface SendDeps {
  hub: ConversationHub;
  users: readonly DemoUser[];
  botMessagesUrl: string;
  log: Logger;
}

const errorCodes: Record<number, string> = { 400: "BadRequest", 403: "Forbidden", 404: "NotFound", 415: "UnsupportedMediaType" };

class SendRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Only this page may make the bot act as a demo user: a cross-site page could otherwise post here
 * from the user's browser. A JSON content type forces a CORS preflight (which is never answered), and
 * a browser always names the Origin of a cross-site POST.
 */
function checkSameOrigin(req: Request): void {
  if (!String(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json"))
    throw new SendRefused(415, "Send JSON (content-type: application/json).");
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ""}`) throw new SendRefused(403, "Cross-origin requests are refused.");
}

async function parseRequest(req: Request): Promise<SendRequest> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch {
    throw new SendRefused(400, "The body is not JSON.");
  }
  const parsed = sendRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SendRefused(400, `Bad request: ${issue?.path.join(".") || "body"} ${issue?.message ?? "is invalid"}.`);
  }
  return parsed.data;
}

function cardOf(hub: ConversationHub, replyToId: string): { messageId: string; conversationId: string } {
  const card = hub.find(replyToId);
  if (!card) throw new SendRefused(404, "No message with this id: the dev chat forgets everything when the server restarts.");
  return { messageId: replyToId, conversationId: conversationIdOf(card) };
}

function buildActivity(request: SendRequest, origin: TurnOrigin, hub: ConversationHub): ActivityJson {
  switch (request.kind) {
    case "message":
      return buildMessage(request.text, request.scope, origin);
    case "invoke":
      return buildCardInvoke(request.action, request.trigger, cardOf(hub, request.replyToId), origin);
    case "submit":
      return buildCardSubmit(request.value, cardOf(hub, request.replyToId), origin);
    case "install":
      return buildInstall(request.scope, origin);
  }
}

async function postToBot(url: string, activity: ActivityJson): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(botTimeoutMs),
  });
  const text = await response.text();
  let body: unknown = text.length > 0 ? text : null;
  try {
    if (text.length > 0) body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, plain text): hand it over as it is.
  }
  return { status: response.status, body };
}

export function mountSendRoute(server: Server, deps: SendDeps): void {
  const { hub, users, log } = deps;
  server.post(sendPath, async (req: Request, res: Response) => {
    let request: SendRequest;
    let user: DemoUser | undefined;
    let activity: ActivityJson;
    try {
      checkSameOrigin(req);
      request = await parseRequest(req);
      user = findDemoUser(users, request.user);
      if (!user) throw new SendRefused(400, "Unknown user: pick one of the demo users.");
      const origin: TurnOrigin = {
        user,
        locale: request.locale,
        serviceUrl: `${ownOrigin(req)}${connectorBasePath}/`,
        id: hub.nextId(),
        timestamp: new Date().toISOString(),
      };
      activity = buildActivity(request, origin, hub);
    } catch (error) {
      if (!(error instanceof SendRefused)) throw error;
      res.send(error.status, { error: { code: errorCodes[error.status], message: error.message } });
      return;
    }
    // What the user typed shows up in the conversation at once, before the bot's answer.
    const shown = activity.type === "message" && typeof activity.text === "string";
    if (shown) hub.add(activity);
    const url = resolveOnThisServer(deps.botMessagesUrl, req);
    try {
      const answer = await postToBot(url, activity);
      if (answer.status >= 400) log.warn({ status: answer.status, kind: request.kind }, "dev chat: the bot refused an activity");
      const result: SendResult = { ...answer, ...(shown && { activityId: String(activity.id) }) };
      res.send(200, result);
    } catch (error) {
      log.warn({ err: { message: (error as Error).message }, url }, "dev chat: the bot could not be reached");
      res.send(502, { error: { code: "BotUnreachable", message: `The bot at ${url} did not answer: ${(error as Error).message}` } });
    }
  });
}
