// Plain HTTPS calls to the simulator for its own tests, trusting only its CA (the FLEET helper's
// tests drive it through the real SDK clients).
import { request } from "node:https";
import type { RunningSimulator } from "../../src/sim/index.js";

export interface SimReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** Default true: send "Authorization: Bearer sim-token" like the SDK's fake credential. */
  auth?: boolean;
}

/** `path` may be relative ("/subscriptions/...") or an absolute URL such as a nextLink. */
export function callSim(sim: RunningSimulator, method: string, path: string, options: CallOptions = {}): Promise<SimReply> {
  const url = new URL(path, sim.url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: sim.caPem,
        headers: {
          ...(options.auth === false ? {} : { authorization: "Bearer sim-token" }),
          ...(payload ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export const sub1 = "00000000-0000-4000-8000-000000000001";
export const apiVersion = "api-version=2026-04-01";
export const rgProd = `/subscriptions/${sub1}/resourceGroups/rg-prod`;
export const computeProd = `${rgProd}/providers/Microsoft.Compute`;
