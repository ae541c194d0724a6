import type { Request, Response, Server } from "restify";
import { demoTenantId } from "../chat/teams-activity.js";
import type { Logger } from "../log.js";
import { channelThreadId, devChatChannel, devChatTeam, personalConversationId, type ActivityJson } from "./build-teams-activity.js";
import type { ConversationHub } from "./conversation-hub.js";
import { findDemoUser, type DemoUser } from "./demo-users.js";
import { readJsonBody } from "./read-json-body.js";

// A minimal Bot Connector (v3 REST) under /devchat/connector, the part of the Bot Framework
// Emulator that receives the bot's replies (bot-framework.md §3.1, §3.3), plus the Teams member
// routes the Emulator lacks. Local mode sends no token and none is checked (§3.2).

export const connectorBasePath = "/devchat/connector";
/** The Microsoft 365 group backing the dev chat team: grant it in a grants file to try group grants. */
export const devChatTeamGroupId = "44444444-4444-4444-8444-444444444444";
const conversations = `${connectorBasePath}/v3/conversations`;

interface ConnectorDeps {
  hub: ConversationHub;
  users: readonly DemoUser[];
  log: Logger;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

function teamsMember(user: DemoUser): Record<string, unknown> {
  const givenName = user.name.split(/\s+/)[0] ?? "user";
  const address = `${givenName.toLowerCase()}@devchat.example`;
  return {
    id: user.id,
    name: user.name,
    aadObjectId: user.aadObjectId,
    givenName,
    email: address,
    userPrincipalName: address,
    tenantId: demoTenantId,
    userRole: "user",
  };
}

async function activityBody(req: Request, res: Response): Promise<ActivityJson | undefined> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch {
    sendError(res, 400, "BadSyntax", "The body is not JSON.");
    return undefined;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    sendError(res, 400, "BadArgument", "The body must be an activity.");
    return undefined;
  }
  return body as ActivityJson;
}

/** The path's conversation id, decoded (19:abc@thread.tacv2;messageid=1 arrives percent-encoded, §3.1). */
function conversationParam(req: Request): string {
  return String(req.params.conversationId ?? "");
}

export function mountConnectorRoutes(server: Server, deps: ConnectorDeps): void {
  const { hub, users, log } = deps;

  /** Records a bot send with a fresh id; the id is what the bot later passes to updateActivity. */
  function record(conversationId: string, body: ActivityJson, id = hub.nextId()): string {
    const conversation = { ...((body.conversation as Record<string, unknown> | undefined) ?? {}), id: conversationId };
    const activity: ActivityJson = { ...body, id, conversation, timestamp: new Date().toISOString() };
    // Typing indicators are not messages: nothing to keep.
    if (activity.type !== "typing") hub.add(activity);
    log.debug({ conversationId, id, type: activity.type }, "dev chat connector: activity sent");
    return id;
  }

  // ctx.sendActivity in a turn replies to the inbound activity; a send without replyToId and
  // proactive sends use either form (§3.1 "accept POST on …/activities and …/activities/{anything}").
  const send = async (req: Request, res: Response) => {
    const body = await activityBody(req, res);
    if (!body) return;
    res.send(200, { id: record(conversationParam(req), body) });
  };
  server.post(`${conversations}/:conversationId/activities`, send);
  server.post(`${conversations}/:conversationId/activities/:activityId`, send);

  server.put(`${conversations}/:conversationId/activities/:activityId`, async (req, res) => {
    const body = await activityBody(req, res);
    if (!body) return;
    const id = String(req.params.activityId ?? "");
    const updated = hub.update(conversationParam(req), id, { ...body, id });
    if (!updated) {
      sendError(res, 404, "ActivityNotFound", "No message with this id in this conversation.");
      return;
    }
    log.debug({ conversationId: conversationParam(req), id }, "dev chat connector: activity updated");
    res.send(200, { id });
  });

  server.del(`${conversations}/:conversationId/activities/:activityId`, async (req, res) => {
    const id = String(req.params.activityId ?? "");
    if (!hub.remove(conversationParam(req), id)) {
      sendError(res, 404, "ActivityNotFound", "No message with this id in this conversation.");
      return;
    }
    res.send(200);
  });

  // Every demo user is a member of every dev chat conversation (the personal chat and the team).
  server.get(`${conversations}/:conversationId/members`, async (_req, res) => {
    res.send(200, users.map(teamsMember));
  });

  server.get(`${conversations}/:conversationId/members/:memberId`, async (req, res) => {
    const user = findDemoUser(users, String(req.params.memberId ?? ""));
    if (!user) {
      sendError(res, 404, "MemberNotFoundInConversation", "The user is not a member of this conversation.");
      return;
    }
    res.send(200, teamsMember(user));
  });

  // TeamsInfo.getTeamDetails: every team is backed by an Entra group (aadGroupId), what group grants name.
  server.get(`${connectorBasePath}/v3/teams/:teamId`, async (req, res) => {
    if (String(req.params.teamId ?? "").toLowerCase() !== devChatTeam.id.toLowerCase()) {
      sendError(res, 404, "NotFound", "The dev chat has one team only.");
      return;
    }
    res.send(200, { id: devChatTeam.id, name: devChatTeam.name, aadGroupId: devChatTeamGroupId });
  });

  server.get(`${conversations}/:conversationId/pagedmembers`, async (_req, res) => {
    res.send(200, { continuationToken: null, members: users.map(teamsMember) });
  });

  // createConversation (proactive messages): a channel post opens a thread; a 1:1 chat with a
  // member is that member's personal conversation, so the message shows up where they look.
  server.post(conversations, async (req, res) => {
    const body = await activityBody(req, res);
    if (!body) return;
    const channelData = (body.channelData ?? {}) as { channel?: { id?: unknown } };
    const members = Array.isArray(body.members) ? (body.members as { id?: unknown; aadObjectId?: unknown }[]) : [];
    const activity = body.activity && typeof body.activity === "object" ? (body.activity as ActivityJson) : undefined;
    const activityId = hub.nextId();
    let conversationId: string;
    if (typeof channelData.channel?.id === "string") {
      if (channelData.channel.id !== devChatChannel.id) {
        sendError(res, 404, "ConversationNotFound", "The dev chat has one channel only.");
        return;
      }
      conversationId = channelThreadId(activityId);
    } else {
      const member = members[0];
      const user = findDemoUser(users, String(member?.aadObjectId ?? member?.id ?? ""));
      if (!user) {
        sendError(res, 400, "BadArgument", "Give channelData.channel.id or a member who is one of the demo users.");
        return;
      }
      conversationId = personalConversationId(user);
    }
    if (activity) record(conversationId, activity, activityId);
    res.send(200, activity ? { id: conversationId, activityId } : { id: conversationId });
  });
}
