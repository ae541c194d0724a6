// `faq`: the questions about automatic agent upgrades (domain.md §3), and free questions matched to
// them ("will upgrade reboot?", "アップグレードで再起動しますか"). Dispatch also sends here any text
// that is no command but reads as a question.
import type { Locale } from "../i18n/translate.js";
import { buildFaqCard } from "../troubleshoot/build-faq-card.js";
import { faqAnswer, faqIds, listFaq, type FaqId } from "../troubleshoot/faq.js";
import { matchFaq } from "../troubleshoot/match-faq.js";
import type { CardReply, CommandSpec, ParseResult } from "./types.js";

export type FaqArgs = { kind: "list" } | { kind: "pick"; id: FaqId } | { kind: "ask"; question: string };

// NFKC (parse.ts) has already turned "？" into "?"; Japanese questions end in か (optionally 。 or ね).
const questionEnding = /(?:\?|か[。.!]?|かね[。.]?)$/u;

/** Text that reads as a question: ends with "?" or a Japanese question particle. */
export function looksLikeQuestion(text: string): boolean {
  return questionEnding.test(text.trim());
}

function parseFaq(words: string[]): ParseResult<FaqArgs> {
  if (words.length === 0) return { ok: true, args: { kind: "list" } };
  if (words.length === 1) {
    const word = words[0]!;
    const number = /^\d{1,2}$/.test(word) ? Number(word) : 0;
    if (number >= 1 && number <= faqIds.length) return { ok: true, args: { kind: "pick", id: faqIds[number - 1]! } };
    const id = faqIds.find((f) => f.toLowerCase() === word.toLowerCase());
    if (id) return { ok: true, args: { kind: "pick", id } };
  }
  return { ok: true, args: { kind: "ask", question: words.join(" ") } };
}

/** The answer card for a free question, or "not sure" with every question listed. */
export function answerQuestion(locale: Locale, question: string): CardReply {
  const match = matchFaq(question, locale);
  const questions = listFaq(locale);
  return match.kind === "answer" ? buildFaqCard(locale, { answer: match.answer, questions }) : buildFaqCard(locale, { notice: match.message, questions });
}

export const faqCommand: CommandSpec<FaqArgs> = {
  verb: "faq",
  aliases: ["よくある質問", "質問"],
  usageKey: "troubleshoot-card.help.faqUsage",
  descriptionKey: "troubleshoot-card.help.faqDescription",
  examples: ["faq", "faq will upgrade reboot?", "よくある質問 アップグレードで再起動しますか"],
  grant: "read",
  effect: "read",
  parse: parseFaq,
  async run(ctx, args) {
    const locale = ctx.request.locale;
    switch (args.kind) {
      case "list":
        return buildFaqCard(locale, { questions: listFaq(locale) });
      case "pick":
        return buildFaqCard(locale, { answer: faqAnswer(args.id, locale), questions: listFaq(locale) });
      case "ask":
        return answerQuestion(locale, args.question);
    }
  },
};
