import { describe, expect, it } from "vitest";
import { looksLikeQuestion } from "../../src/commands/faq.js";
import { commandSpecs } from "../../src/commands/registry.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { faqIds } from "../../src/troubleshoot/faq.js";
import { createWorld } from "./troubleshoot-harness.js";

interface FaqData {
  notice: string;
  answer: { question: string; answer: string; queryLines: Array<{ text: string }> };
  questions: Array<{ label: string; answer: string }>;
}

const dataOf = (card: { reply: { data: Record<string, unknown> } }) => card.reply.data as unknown as FaqData;

describe.each<Locale>(["en", "ja"])("faq in %s", (locale) => {
  const tr = (key: string) => t(locale, key);

  it("when faq is typed alone, then every question is listed, numbered, with its answer to open", async () => {
    const card = await createWorld().send("faq", { locale });
    expect(card.reply.template).toBe("faq");
    const data = dataOf(card);
    expect(data.answer.question).toBe("");
    expect(data.questions.map((q) => q.label)).toEqual(faqIds.map((id, i) => `${i + 1}. ${tr(`faq.${id}.question`)}`));
    expect(data.questions.map((q) => q.answer)).toEqual(faqIds.map((id) => tr(`faq.${id}.answer`)));
  });

  it("when faq is followed by a number, then that answer is on top and the others are listed", async () => {
    const data = dataOf(await createWorld().send("faq 2", { locale }));
    expect(data.answer.question).toBe(tr("faq.reboot.question"));
    expect(data.answer.answer).toBe(tr("faq.reboot.answer"));
    expect(data.questions).toHaveLength(faqIds.length - 1);
  });

  it("when the answer comes with a query, then the query is shown line by line", async () => {
    const data = dataOf(await createWorld().send("faq verifyUpgrade", { locale }));
    expect(data.answer.queryLines.map((l) => l.text).join("\n")).toBe(tr("faq.verifyUpgrade.query"));
  });
});

describe("free questions", () => {
  it("when 'will upgrade reboot?' is typed, then the reboot answer comes back although it is no command", async () => {
    const data = dataOf(await createWorld().send("will upgrade reboot?"));
    expect(data.answer.question).toBe(t("en", "faq.reboot.question"));
  });

  it("when 'アップグレードで再起動しますか' is typed in Japanese Teams, then the Japanese reboot answer comes back", async () => {
    for (const text of ["アップグレードで再起動しますか", "アップグレードで再起動しますか？", "@extops アップグレードで再起動しますか。"]) {
      const data = dataOf(await createWorld().send(text, { locale: "ja" }));
      expect(data.answer.question, text).toBe(t("ja", "faq.reboot.question"));
    }
  });

  it("when a question starts with a change verb's alias, then the real registry still answers it from the FAQ", async () => {
    const world = createWorld();
    world.deps.specs = commandSpecs;
    const data = dataOf(await world.send("アップグレードで再起動しますか", { locale: "ja" }));
    expect(data.answer.question).toBe(t("ja", "faq.reboot.question"));
  });

  it("when the question goes through faq, then it is matched the same way", async () => {
    const data = dataOf(await createWorld().send("faq are deallocated VMs upgraded?"));
    expect(data.answer.question).toBe(t("en", "faq.stoppedVms.question"));
  });

  it("when no answer fits, then the bot says it is unsure and lists the questions", async () => {
    const data = dataOf(await createWorld().send("what is the capital of France?"));
    expect(data.notice).toBe(t("en", "faq.unsure"));
    expect(data.answer.question).toBe("");
    expect(data.questions).toHaveLength(faqIds.length);
  });

  it("when an unknown word is no question, then help with did-you-mean still answers", async () => {
    const card = await createWorld().send("troublshoot vm-x");
    expect(card.reply.template).toBe("help");
  });

  it("when text ends with ? or a Japanese question particle, then it reads as a question", () => {
    expect(looksLikeQuestion("will upgrade reboot?")).toBe(true);
    expect(looksLikeQuestion("再起動しますか")).toBe(true);
    expect(looksLikeQuestion("再起動しますか。")).toBe(true);
    expect(looksLikeQuestion("status vm-x")).toBe(false);
    expect(looksLikeQuestion("再起動します")).toBe(false);
  });
});
