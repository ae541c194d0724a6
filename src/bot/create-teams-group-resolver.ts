// The GroupResolver over Teams (issue 3 req 2): every team is backed by a Microsoft 365 (Entra)
// group, so "member of the team this conversation belongs to" is "member of that group". Two Bot
// Connector calls through the current turn's context: GET /v3/teams/{teamId} gives the team's
// aadGroupId (TeamsInfo.getTeamDetails), GET /v3/conversations/{teamId}/members/{userId} succeeds only
// for members (TeamsInfo.getTeamMember; bot-framework.md §3.1, §4.3). Anything uncertain denies.
import { TeamsInfo, type TurnContext } from "botbuilder";
import type { GroupResolver } from "../approvals/principal.js";
import type { Clock } from "../clock.js";
import type { Conversation, User } from "../commands/types.js";
import type { Logger } from "../log.js";
import { currentTurn } from "./current-turn.js";
import { describeError } from "./describe-error.js";

export interface TeamsGroupResolverOptions {
  log: Logger;
  clock: Clock;
  /** How long a team's aadGroupId is reused (it never changes for a team; default 1 h). */
  teamTtlMs?: number;
  /** How long a membership answer is reused (people join and leave; default 1 min). */
  memberTtlMs?: number;
  /** The context to call the connector through; default: the turn this code runs in. */
  contextOf?: () => TurnContext | undefined;
}

interface Cached<T> {
  value: T;
  until: number;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export function createTeamsGroupResolver(options: TeamsGroupResolverOptions): GroupResolver {
  const { log, clock } = options;
  const teamTtlMs = options.teamTtlMs ?? 3_600_000;
  const memberTtlMs = options.memberTtlMs ?? 60_000;
  const contextOf = options.contextOf ?? currentTurn;
  const teams = new Map<string, Cached<string | undefined>>();
  const members = new Map<string, Cached<boolean>>();

  function fresh<T>(cache: Map<string, Cached<T>>, key: string): Cached<T> | undefined {
    const hit = cache.get(key);
    if (hit && hit.until > clock.now().getTime()) return hit;
    cache.delete(key);
    return undefined;
  }

  async function groupOf(context: TurnContext, teamId: string): Promise<string | undefined> {
    const key = teamId.toLowerCase();
    const hit = fresh(teams, key);
    if (hit) return hit.value;
    const details = await TeamsInfo.getTeamDetails(context, teamId);
    const value = details.aadGroupId || undefined;
    teams.set(key, { value, until: clock.now().getTime() + teamTtlMs });
    return value;
  }

  async function isMember(context: TurnContext, teamId: string, user: User): Promise<boolean> {
    const key = `${teamId.toLowerCase()}|${(user.aadObjectId ?? "").toLowerCase()}`;
    const hit = fresh(members, key);
    if (hit) return hit.value;
    let value: boolean;
    try {
      // The MRI first: Teams also accepts the object ID, but the MRI is what this activity carried.
      const member = await TeamsInfo.getTeamMember(context, teamId, user.id || (user.aadObjectId ?? ""));
      // A member record of somebody else is no proof for this user.
      value = same(member.aadObjectId, user.aadObjectId);
    } catch (error) {
      // 404 MemberNotFoundInConversation: not a member (an answer, worth caching). Anything else: unknown.
      if (statusOf(error) !== 404) throw error;
      value = false;
    }
    members.set(key, { value, until: clock.now().getTime() + memberTtlMs });
    return value;
  }

  return {
    async memberOf(user: User, conversation: Conversation, groupIds: readonly string[]): Promise<readonly string[]> {
      const teamId = conversation.teamId;
      // Outside a team there is no group to be a member of; anonymous users are never members.
      if (!teamId || !user.aadObjectId || groupIds.length === 0) return [];
      const context = contextOf();
      if (!context) {
        log.warn({ teamId }, "groups: no turn to ask Teams through; group grants do not apply");
        return [];
      }
      try {
        const groupId = await groupOf(context, teamId);
        if (!groupId || !groupIds.some((id) => same(id, groupId))) return [];
        return (await isMember(context, teamId, user)) ? [groupId] : [];
      } catch (error) {
        log.warn({ err: describeError(error), teamId, userAadObjectId: user.aadObjectId }, "groups: Teams membership could not be resolved; group grants do not apply");
        return [];
      }
    },
  };
}
