// The FAQ card (cards/faq.json): a matched answer on top (or "not sure"), then the numbered questions,
// each opening its answer in place (Action.ToggleVisibility: no round trip to the bot).
import type { CardReply } from "../commands/types.js";
import { translator, type Locale } from "../i18n/translate.js";
import type { FaqAnswer } from "./faq.js";

export interface FaqCardInput {
  /** The answer to show on top, when a question matched. */
  answer?: FaqAnswer;
  /** Shown above the list when the question did not match ("not sure which you mean"). */
  notice?: string;
  /** Every question, in faq order. */
  questions: readonly FaqAnswer[];
}

function queryLines(query: string | undefined): Array<{ text: string }> {
  return (query ?? "").split("\n").filter((line) => line !== "").map((text) => ({ text }));
}

export function buildFaqCard(locale: Locale, input: FaqCardInput): CardReply {
  const tr = translator(locale);
  const title = tr("faq.title");
  const others = input.answer ? input.questions.filter((q) => q.id !== input.answer!.id) : input.questions;
  const summary = input.answer ? `${input.answer.question} ${input.answer.answer}` : (input.notice ?? title);
  return {
    kind: "card",
    template: "faq",
    summary,
    data: {
      summary,
      title,
      notice: input.notice ?? "",
      answer: input.answer
        ? { question: input.answer.question, answer: input.answer.answer, queryLines: queryLines(input.answer.query) }
        : { question: "", answer: "", queryLines: [] },
      listHeading: tr(input.answer ? "troubleshoot-card.faq.otherQuestions" : "troubleshoot-card.faq.listHeading"),
      questions: others.map((q) => ({
        // The number is the question's place in the full list: "faq 2" answers it.
        label: `${input.questions.indexOf(q) + 1}. ${q.question}`,
        answerId: `faq-answer-${q.id}`,
        toggleTitle: tr("troubleshoot-card.faq.showAnswer"),
        answer: q.answer,
        queryLines: queryLines(q.query),
      })),
      hint: tr("troubleshoot-card.faq.hint"),
    },
  };
}
