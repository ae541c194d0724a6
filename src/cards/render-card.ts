import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "adaptivecards-templating";
import type { CardReply } from "../commands/types.js";
import { neutralizeTemplate } from "./escape-markdown.js";
import { cardVerbs } from "./verbs.js";

/** A rendered Adaptive Card: plain JSON, ready for an attachment. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  version: string;
  [key: string]: unknown;
}

const cardsDir = join(dirname(fileURLToPath(import.meta.url)), "../../cards");
const templateName = /^[a-z0-9][a-z0-9-]*$/;
const templates = new Map<string, Template>();

function templateFor(name: string): Template {
  if (!templateName.test(name)) throw new Error(`cards: invalid template name ${JSON.stringify(name)}`);
  let template = templates.get(name);
  if (!template) {
    // The Template object is not mutated by expand(), so one per file is reused (bot-framework.md §6).
    template = new Template(JSON.parse(readFileSync(join(cardsDir, `${name}.json`), "utf8")));
    templates.set(name, template);
  }
  return template;
}

// A string that is exactly one expression keeps the value's type: "text": "${count}" would insert
// the number 2 and make an invalid TextBlock (bot-framework.md §6 pitfall 3), so numbers become
// strings. Strings lose any `${`: the check below is for template bugs, and echoed user text must
// not trip it.
function prepareData(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return neutralizeTemplate(value);
  if (Array.isArray(value)) return value.map(prepareData);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepareData(v)]));
  }
  return value;
}

/**
 * Expands cards/<reply.template>.json with reply.data. Throws when a `${` survives: an unknown
 * path stays literal in adaptivecards-templating (pitfall 2), and users must never see one.
 */
export function renderCard(reply: CardReply): AdaptiveCard {
  // Pass { $root } explicitly: expand(data) binds nothing (bot-framework.md §6 pitfall 1).
  const card = templateFor(reply.template).expand({
    $root: prepareData(reply.data),
    $host: { verbs: cardVerbs },
  }) as AdaptiveCard;
  const text = JSON.stringify(card);
  const at = text.indexOf("${");
  if (at >= 0) {
    throw new Error(`cards: ${reply.template} left an unexpanded binding: ${text.slice(Math.max(0, at - 30), at + 40)}`);
  }
  return card;
}
