// Every card a test renders goes through here (issue 2 req 7). Two validators, because each
// catches faults the other misses (bot-framework.md §7): the official Adaptive Card 1.5 JSON schema
// (missing/mistyped properties, unknown element types) and the `adaptivecards` SDK parser
// (duplicate ids, too many actions, unknown types). On top: the checks neither does.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import * as addFormatsModule from "ajv-formats";
// Under vitest the package's main entry loads; in plain Node only dist/ does (bot-framework.md §7.2).
import * as AC from "adaptivecards";
import { expect } from "vitest";

/** Teams accepts bigger messages, but 28 KB is the budget issue 2 sets for a card (bot-framework.md §5.5). */
export const maxCardBytes = 28 * 1024;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the namespace.
const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default;

function compileSchema() {
  const schema = JSON.parse(readFileSync(join(here, "../../schemas/adaptive-card-1.5.0.json"), "utf8")) as Record<string, unknown>;
  // The schema is draft-06 and names itself with `id`, which ajv 8 rejects: rename it to `$id`.
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as Record<string, unknown>);
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id) });
}

const validateSchema = compileSchema();

function describeSchemaError(error: ErrorObject): string {
  return `schema: ${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`;
}

function checkSchema(card: Record<string, unknown>): string[] {
  // Teams' own root key (width, mention entities) is not part of the schema, whose root forbids extras.
  const { msteams: _msteams, ...rest } = card;
  if (validateSchema(rest)) return [];
  return (validateSchema.errors ?? []).slice(0, 5).map(describeSchemaError);
}

function checkWithSdk(card: Record<string, unknown>): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`sdk parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`sdk: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function walk(node: unknown, path: string, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}/${i}`, visit));
    return;
  }
  if (node && typeof node === "object") {
    visit(node as Record<string, unknown>, path);
    for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`, visit);
  }
}

// Action.Execute needs a fallback for clients older than 1.4, and old clients ignore `fallback`
// outside an ActionSet (bot-framework.md §5.4; contracts.md "Cards + command dispatch").
function checkExecuteActions(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const rootActions = Array.isArray(card.actions) ? (card.actions as Record<string, unknown>[]) : [];
  rootActions.forEach((action, i) => {
    if (action?.type === "Action.Execute") problems.push(`extops: /actions/${i} Action.Execute must sit inside an ActionSet`);
  });
  walk(card, "", (node, path) => {
    if (node.type !== "Action.Execute") return;
    if (typeof node.verb !== "string" || node.verb === "") problems.push(`extops: ${path} Action.Execute without a verb`);
    const fallback = node.fallback as Record<string, unknown> | undefined;
    if (!fallback || fallback.type !== "Action.Submit") {
      problems.push(`extops: ${path} Action.Execute without an Action.Submit fallback`);
    } else if (JSON.stringify(fallback.data) !== JSON.stringify(node.data)) {
      problems.push(`extops: ${path} the Action.Submit fallback must carry the same data`);
    }
  });
  return problems;
}

function checkLeftoverTemplate(text: string): string[] {
  const at = text.indexOf("${");
  return at < 0 ? [] : [`extops: unexpanded template expression near ${text.slice(Math.max(0, at - 40), at + 40)}`];
}

/** Every problem found in a rendered card; empty when it is valid. */
export function findCardProblems(card: unknown): string[] {
  if (!card || typeof card !== "object" || Array.isArray(card)) return ["extops: a card must be a JSON object"];
  const root = card as Record<string, unknown>;
  const text = JSON.stringify(card as Json);
  const problems: string[] = [];
  if (root.type !== "AdaptiveCard") problems.push(`extops: type must be "AdaptiveCard", not ${String(root.type)}`);
  if (root.version !== "1.5") problems.push(`extops: version must be "1.5", not ${String(root.version)}`);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxCardBytes) problems.push(`extops: ${bytes} bytes is over the ${maxCardBytes}-byte budget`);
  problems.push(...checkLeftoverTemplate(text));
  problems.push(...checkExecuteActions(root));
  problems.push(...checkSchema(root));
  problems.push(...checkWithSdk(root));
  return problems;
}

/** Fails the current test, listing every problem, unless the card is valid. */
export function expectValidCard(card: unknown): void {
  expect(findCardProblems(card), "the card must pass the Adaptive Card 1.5 schema, the SDK and extops' checks").toEqual([]);
}
