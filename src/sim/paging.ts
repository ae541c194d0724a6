// ARM list paging: {"value":[...],"nextLink":"<absolute url>"}; the SDK pagers follow nextLink with
// a plain GET until it is absent (azure-api.md §1). The skip token is an offset, like ARM's opaque
// $skiptoken it is only meaningful to the server that issued it.
import { ArmError } from "./arm-error.js";
import type { HandlerContext, SimResponse } from "./route.js";
import { queryParam } from "./sim-request.js";

export function pageOf(context: HandlerContext, items: readonly unknown[]): SimResponse {
  const token = queryParam(context.request, "$skiptoken");
  const offset = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) {
    throw new ArmError(400, "InvalidSkipToken", "The provided $skiptoken is not valid.");
  }
  const size = Math.max(1, context.pageSize);
  const value = items.slice(offset, offset + size);
  const next = offset + size < items.length ? nextLink(context, offset + size) : undefined;
  return { status: 200, body: next ? { value, nextLink: next } : { value } };
}

function nextLink(context: HandlerContext, offset: number): string {
  const path = context.request.segments.map(encodeURIComponent).join("/");
  const query = new URLSearchParams(context.request.queryPairs.filter(([key]) => key.toLowerCase() !== "$skiptoken"));
  query.set("$skiptoken", String(offset));
  return `${context.baseUrl}/${path}?${query.toString()}`;
}
