import type { CardReply } from "../commands/types.js";
import type { ComputeSummary } from "../fleet/port.js";
import { t, type Locale } from "../i18n/translate.js";
import { commandButton } from "./command-button.js";
import { escapeMarkdown } from "./escape-markdown.js";

/** More would make a long card; the rest are counted ("and N more"). */
export const maxCandidates = 10;

/**
 * The exact command for one candidate: `<verb> rg/name`, or the resource ID when the same rg/name
 * exists in two subscriptions (then rg/name would be ambiguous again).
 */
export function candidateCommand(verb: string, candidate: ComputeSummary, all: readonly ComputeSummary[]): string {
  const key = (c: ComputeSummary) => `${c.resourceGroup}/${c.name}`.toLowerCase();
  const clashes = all.filter((c) => key(c) === key(candidate)).length > 1;
  return `${verb} ${clashes ? candidate.id : `${candidate.resourceGroup}/${candidate.name}`}`;
}

/** A name that matched several machines: one row per candidate, each a button running the exact command. */
export function buildCandidatesCard(locale: Locale, verb: string, name: string, candidates: readonly ComputeSummary[]): CardReply {
  const sorted = [...candidates].sort(
    (a, b) => a.resourceGroup.localeCompare(b.resourceGroup) || a.subscriptionId.localeCompare(b.subscriptionId),
  );
  const shown = sorted.slice(0, maxCandidates);
  const title = t(locale, "card.candidates.title", { name: escapeMarkdown(name), count: candidates.length });
  return {
    kind: "card",
    template: "candidates",
    summary: title,
    data: {
      title,
      intro: t(locale, "card.candidates.intro"),
      candidates: shown.map((c) => ({
        label: escapeMarkdown(`${c.resourceGroup}/${c.name}`),
        details: t(locale, "card.candidates.details", {
          kind: t(locale, c.kind === "vm" ? "card.kind.vm" : "card.kind.scaleSet"),
          location: escapeMarkdown(c.location),
          osType: c.osType,
          subscriptionId: escapeMarkdown(c.subscriptionId),
        }),
        ...commandButton(candidateCommand(verb, c, candidates)),
      })),
      more: sorted.length > shown.length ? t(locale, "card.candidates.more", { count: sorted.length - shown.length }) : "",
    },
  };
}
