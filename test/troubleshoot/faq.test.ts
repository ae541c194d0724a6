import { describe, expect, it } from "vitest";
import { faqIds, listFaq } from "../../src/troubleshoot/faq.js";
import { matchFaq } from "../../src/troubleshoot/match-faq.js";

function matchedId(question: string, locale: "en" | "ja" = "en"): string {
  const match = matchFaq(question, locale);
  return match.kind === "answer" ? match.answer.id : "unsure";
}

describe("matchFaq", () => {
  it.each([
    ["will upgrade reboot?", "reboot"],
    ["Does the VM restart when the agent is updated?", "reboot"],
    ["Does log collection stop during an upgrade?", "dataLoss"],
    ["is any data lost while upgrading", "dataLoss"],
    ["Can I choose when auto-upgrade happens?", "schedule"],
    ["Are stopped VMs upgraded?", "stoppedVms"],
    ["what about deallocated machines?", "stoppedVms"],
    ["How do I know the upgrade succeeded?", "verifyUpgrade"],
    ["What happens if the automatic upgrade fails?", "failedUpgrade"],
    ["Is it upgraded right after a new version is released?", "afterRelease"],
  ])("when asked %j in English, then the answer is %s", (question, id) => {
    expect(matchedId(question)).toBe(id);
  });

  it.each([
    ["アップグレードで再起動しますか", "reboot"],
    ["アップグレード中にログ収集は停止しますか？", "dataLoss"],
    ["自動アップグレードのタイミングを指定できますか", "schedule"],
    ["停止中のＶＭもアップグレードされますか", "stoppedVms"],
    ["アップグレードが成功したか確認するには？", "verifyUpgrade"],
    ["自動アップグレードに失敗したらどうなりますか", "failedUpgrade"],
    ["新しいバージョンがリリースされたらすぐ適用されますか", "afterRelease"],
  ])("when asked %j in Japanese, then the answer is %s", (question, id) => {
    expect(matchedId(question, "ja")).toBe(id);
  });

  it("when the answer is found, then it is in the requested language", () => {
    const en = matchFaq("will upgrade reboot?", "en");
    const ja = matchFaq("will upgrade reboot?", "ja");
    expect(en.kind === "answer" && en.answer.answer).toMatch(/^No\./);
    expect(ja.kind === "answer" && ja.answer.answer).toMatch(/^いいえ。/);
  });

  it.each([["hello"], ["upgrade?"], ["what is the meaning of life"], ["こんにちは"], [""]])(
    "when asked %j, then the bot says it is unsure and lists every question",
    (question) => {
      const match = matchFaq(question, "en");
      expect(match.kind).toBe("unsure");
      if (match.kind === "unsure") {
        expect(match.message).toMatch(/not sure/);
        expect(match.questions.map((q) => q.id)).toEqual([...faqIds]);
      }
    },
  );

  it("when unsure in Japanese, then the message and the questions are Japanese", () => {
    const match = matchFaq("よくわからない", "ja");
    expect(match.kind).toBe("unsure");
    if (match.kind === "unsure") expect(match.questions[1]!.question).toBe("エージェントのアップグレードで VM は再起動されますか?");
  });
});

describe("listFaq", () => {
  it("when listed, then every answer of domain.md §3 is there with the Heartbeat query for verifying upgrades", () => {
    const entries = listFaq("en");
    expect(entries).toHaveLength(7);
    expect(entries.find((e) => e.id === "verifyUpgrade")?.query).toContain("summarize max(TimeGenerated) by _ResourceId, Category, Version");
    expect(entries.find((e) => e.id === "stoppedVms")?.answer).toMatch(/^No\./);
  });
});
