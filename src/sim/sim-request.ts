// One HTTP request as the handlers see it: path segments decoded with `//` collapsed (the SDKs send
// `/v1//subscriptions/...` for a resource ID with a leading slash; azure-api.md §8, §9.2), query
// names URL-decoded (`%24expand` → `$expand`; azure-api.md §1) and looked up case-insensitively.
import type { IncomingHttpHeaders } from "node:http";
import { ArmError } from "./arm-error.js";

export interface SimRequest {
  method: string;
  /** "/" + decoded segments joined by "/". */
  path: string;
  segments: string[];
  /** Query parameters in order, names and values decoded, names as sent. */
  queryPairs: [string, string][];
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export function parseSimRequest(method: string, rawUrl: string, headers: IncomingHttpHeaders, rawBody: string): SimRequest {
  // Not `new URL(rawUrl, base)`: a path starting with "//" would be read as a host name.
  const queryStart = rawUrl.indexOf("?");
  const pathname = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  const searchParams = new URLSearchParams(queryStart < 0 ? "" : rawUrl.slice(queryStart + 1));
  const segments = pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new ArmError(400, "InvalidRequestUri", "The request URI is not valid.");
      }
    });
  let body: unknown;
  if (rawBody.trim() !== "") {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
    }
  }
  return { method: method.toUpperCase(), path: `/${segments.join("/")}`, segments, queryPairs: [...searchParams.entries()], headers, body };
}

/** A query parameter by name, compared case-insensitively ("$expand", "api-version"). */
export function queryParam(request: SimRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return request.queryPairs.find(([key]) => key.toLowerCase() === wanted)?.[1];
}
