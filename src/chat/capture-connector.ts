import http from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for the Bot Connector service on 127.0.0.1: it records what the bot sends and answers
// like the real one (bot-framework.md §3.1, §8.2). The chat CLI reads replies from it, the bench
// times their arrival, and the e2e tests assert on them.

export interface ConnectorCall {
  method: string;
  /** Decoded path from /v3/ on: serviceUrls carry a prefix such as /amer/<tenant>/ (§3.1). */
  path: string;
  /** The full decoded path as received, prefix included. */
  rawPath: string;
  auth?: string;
  // The body is whatever the bot sent: an Activity for sends and updates.
  body: Record<string, unknown> | undefined;
  /** performance.now() when the request arrived. */
  at: number;
  /** What the connector answered, e.g. { id } for a send: the id the bot later updates. */
  answer?: { status: number; body?: unknown };
}

/** A team the connector knows: its Entra group and its members (anyone else gets 404 on the members route). */
export interface CaptureTeam {
  /** Teams team id, 19:...@thread.tacv2 (channelData.team.id). */
  id: string;
  name?: string;
  /** The Microsoft 365 group backing the team. */
  aadGroupId: string;
  members: readonly { id: string; name: string; aadObjectId: string }[];
}

export interface CaptureConnectorOptions {
  /** Teams with members: GET /v3/teams/{id} answers their details, members routes answer only members. */
  teams?: readonly CaptureTeam[];
}

export interface CaptureConnector {
  /** Base URL, e.g. http://127.0.0.1:43123; use `${url}/amer/<tenant>/` as serviceUrl. */
  url: string;
  calls: ConnectorCall[];
  /** Resolves with the first call (already recorded or future) that matches. */
  waitFor(match: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** Answers the next `times` activity sends/updates with this HTTP status (e.g. 404: not retried, §3.4). */
  failNext(status: number, times?: number): void;
  clear(): void;
  close(): Promise<void>;
}

const activityRoute = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/;
const memberRoute = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/;
const teamRoute = /^\/v3\/teams\/([^/]+)$/;

function decodePath(url: string): string {
  // Conversation ids such as 19:abc@thread.tacv2;messageid=1 arrive percent-encoded per segment.
  return (url.split("?")[0] ?? "")
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** GET member in a known team: the member (by MRI or object ID, as Teams accepts either), else 404. */
function teamMember(team: CaptureTeam, userId: string): { status: number; body: unknown } {
  const member = team.members.find((m) => same(m.id, userId) || same(m.aadObjectId, userId));
  if (!member) return { status: 404, body: { error: { code: "MemberNotFoundInConversation", message: "The user is not a member of this conversation." } } };
  return { status: 200, body: { ...member, userPrincipalName: `${member.aadObjectId}@contoso.example`, userRole: "user" } };
}

export async function startCaptureConnector(options: CaptureConnectorOptions = {}): Promise<CaptureConnector> {
  const teams = options.teams ?? [];
  const teamOf = (id: string) => teams.find((team) => same(team.id, id));
  const calls: ConnectorCall[] = [];
  const waiters: { match: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }[] = [];
  let next = 0;
  const failures: number[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawPath = decodePath(req.url ?? "/");
      const v3 = rawPath.indexOf("/v3/");
      const path = v3 >= 0 ? rawPath.slice(v3) : rawPath;
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> | undefined;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      } catch {
        body = { unparsed: raw };
      }
      const call: ConnectorCall = { method: req.method ?? "", path, rawPath, body, at: performance.now() };
      if (req.headers.authorization) call.auth = req.headers.authorization;
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.match(call)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(call);
        }
      }

      const json = (status: number, payload?: unknown) => {
        call.answer = { status, body: payload };
        res.writeHead(status, { "content-type": "application/json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const failure = activityRoute.test(path) && (req.method === "POST" || req.method === "PUT") ? failures.shift() : undefined;
      if (failure !== undefined) return json(failure, { error: { code: "InjectedFailure", message: `fake connector answered ${failure}` } });
      if (req.method === "POST" && path === "/v3/conversations") return json(201, { id: `19:new-${++next}@thread.tacv2;messageid=${next}`, activityId: String(next) });
      if (req.method === "POST" && activityRoute.test(path)) return json(200, { id: `act-${++next}` });
      if (req.method === "PUT" && activityRoute.test(path)) return json(200, { id: path.split("/").pop() });
      if (req.method === "DELETE" && activityRoute.test(path)) return json(200);
      const member = memberRoute.exec(path);
      const memberTeam = member && teamOf(member[1] ?? "");
      if (req.method === "GET" && member && memberTeam) {
        const answer = teamMember(memberTeam, member[2] ?? "");
        return json(answer.status, answer.body);
      }
      if (req.method === "GET" && member) {
        return json(200, { id: member[2], name: "Test User", aadObjectId: "00000000-0000-4000-8000-0000000000aa", userPrincipalName: "user@contoso.example" });
      }
      const team = teamRoute.exec(path);
      const known = team && teamOf(team[1] ?? "");
      if (req.method === "GET" && known) return json(200, { id: known.id, name: known.name ?? "Team", aadGroupId: known.aadGroupId });
      return json(404, { error: { code: "NotFound", message: path } });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    waitFor(match, timeoutMs = 10_000) {
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (call: ConnectorCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`capture connector: no matching call within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    clear() {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
