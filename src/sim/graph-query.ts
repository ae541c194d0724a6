// The Resource Graph queries the simulator understands (azure-api.md §7). It has no KQL engine: it
// recognises a query by the literal of its first `where type =~ '...'` and serves the rows that
// query projects. Anything else is refused with a clear error rather than answered wrongly.
import { readKqlString } from "./kql-literal.js";

export type GraphQueryKind = "vmExtensions" | "scaleSetExtensions" | "virtualMachines";

const kindByType: Record<string, GraphQueryKind> = {
  "microsoft.compute/virtualmachines/extensions": "vmExtensions",
  "microsoft.compute/virtualmachinescalesets": "scaleSetExtensions",
  "microsoft.compute/virtualmachines": "virtualMachines",
};

export const supportedGraphQueries =
  "Resources queries whose first filter is `where type =~ '<t>'` with <t> one of " + Object.keys(kindByType).map((t) => `'${t}'`).join(", ");

export class UnsupportedGraphQueryError extends Error {
  constructor(reason: string) {
    super(`The simulator does not understand this Resource Graph query (${reason}). It answers only ${supportedGraphQueries}.`);
    this.name = "UnsupportedGraphQueryError";
  }
}

export function recogniseGraphQuery(query: string): GraphQueryKind {
  const text = query.trim();
  if (!/^Resources\s*\|/i.test(text)) throw new UnsupportedGraphQueryError("it does not start with `Resources |`");
  if (/\|\s*(limit|take|sample)\b/i.test(text)) throw new UnsupportedGraphQueryError("limit/take/sample prevent paging");
  const where = /\|\s*where\s+type\s*(=~|==)\s*/i.exec(text);
  if (!where) throw new UnsupportedGraphQueryError("no `where type =~ '...'` filter");
  const literal = readKqlString(text.slice(where.index + where[0].length));
  if (!literal) throw new UnsupportedGraphQueryError("the type filter is not a string literal");
  const kind = kindByType[literal.value.toLowerCase()];
  if (!kind) throw new UnsupportedGraphQueryError(`unknown type '${literal.value}'`);
  if (kind === "scaleSetExtensions" && !/mv-expand/i.test(text)) throw new UnsupportedGraphQueryError("scale-set queries must mv-expand the extension profile");
  return kind;
}
