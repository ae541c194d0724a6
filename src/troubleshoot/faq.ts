// Questions users ask about automatic extension upgrades, answered as in domain.md §3 (seed 001).
// Text lives in src/i18n/<locale>/faq.json as faq.<id>.question / .answer (/ .query).
import { t, type Locale } from "../i18n/translate.js";

export const faqIds = ["dataLoss", "reboot", "schedule", "stoppedVms", "verifyUpgrade", "failedUpgrade", "afterRelease"] as const;
export type FaqId = (typeof faqIds)[number];

/** Entries whose answer comes with a KQL query to show as code. */
const withQuery: ReadonlySet<FaqId> = new Set(["verifyUpgrade"]);

export interface FaqAnswer {
  id: FaqId;
  question: string;
  answer: string;
  /** KQL to paste into Log Analytics, shown as code. */
  query?: string;
}

export function faqAnswer(id: FaqId, locale: Locale): FaqAnswer {
  const base = { id, question: t(locale, `faq.${id}.question`), answer: t(locale, `faq.${id}.answer`) };
  return withQuery.has(id) ? { ...base, query: t(locale, `faq.${id}.query`) } : base;
}

/** What the `faq` command lists. */
export function listFaq(locale: Locale): FaqAnswer[] {
  return faqIds.map((id) => faqAnswer(id, locale));
}
