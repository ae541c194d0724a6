// A small keyword matcher for free questions ("will upgrade reboot?", "アップグレードで再起動しますか").
// Each answer has groups of terms; a group scores its weight once if any term occurs. Terms of both
// languages are always tried, since people type Japanese in an English Teams and the other way round.
// The keywords are matching data, not text shown to anyone.
import { t, type Locale } from "../i18n/translate.js";
import { faqAnswer, faqIds, listFaq, type FaqAnswer, type FaqId } from "./faq.js";

interface Signal {
  terms: readonly string[];
  weight: number;
}

const upgrade: Signal = { terms: ["upgrade", "update", "アップグレード", "アップデート", "更新", "バージョンアップ"], weight: 1 };
const automatic: Signal = { terms: ["auto", "automatic", "自動"], weight: 1 };
const machine: Signal = { terms: ["vm", "machine", "server", "マシン", "仮想マシン", "サーバー", "サーバ"], weight: 1 };

const signals: Record<FaqId, readonly Signal[]> = {
  dataLoss: [
    { terms: ["log", "data", "collect", "heartbeat", "metric", "counter", "event", "syslog", "ログ", "データ", "収集", "ハートビート", "イベント"], weight: 2 },
    { terms: ["lose", "loss", "lost", "gap", "missing", "miss", "stop", "interrupt", "drop", "欠損", "欠落", "失われ", "途切れ", "止ま", "停止し", "停止す", "ロスト", "抜け"], weight: 2 },
    upgrade,
  ],
  reboot: [{ terms: ["reboot", "restart", "re-boot", "再起動", "リブート", "再始動"], weight: 3 }, upgrade, machine],
  schedule: [
    { terms: ["choose", "pick", "select", "control", "schedule", "timing", "maintenance window", "specify", "set the time", "タイミング", "日時", "時間帯", "スケジュール", "指定", "選べ", "選ぶ", "選択", "決め", "制御"], weight: 3 },
    { terms: ["when", "time", "いつ", "時間"], weight: 1 },
    automatic,
    upgrade,
  ],
  stoppedVms: [
    { terms: ["stopped", "deallocated", "shut down", "shutdown", "powered off", "power off", "offline", "not running", "停止中", "停止済", "停止している", "停止した", "割り当て解除", "シャットダウン", "電源"], weight: 3 },
    machine,
    upgrade,
  ],
  verifyUpgrade: [
    { terms: ["succeed", "success", "worked", "成功", "完了", "うまくいった"], weight: 3 },
    // "わかる" alone is too common ("よくわからない") to point at this answer by itself.
    { terms: ["verify", "confirm", "check", "know", "tell", "history", "activity log", "which version", "確認", "わか", "分か", "履歴", "アクティビティ", "どのバージョン"], weight: 2 },
    { terms: ["version", "バージョン"], weight: 1 },
    upgrade,
  ],
  failedUpgrade: [
    { terms: ["fail", "failure", "error", "rollback", "roll back", "rolled back", "失敗", "エラー", "ロールバック", "切り戻"], weight: 3 },
    automatic,
    upgrade,
  ],
  afterRelease: [
    { terms: ["release", "new version", "publish", "リリース", "公開", "新しいバージョン", "新バージョン"], weight: 3 },
    { terms: ["after", "immediately", "how long", "how soon", "weeks", "days", "delay", "wait", "すぐ", "直後", "どのくらい", "何日", "何週", "遅", "待"], weight: 2 },
    automatic,
    upgrade,
  ],
};

/** Below this, or on a tie, the bot says it is unsure rather than answer the wrong question. */
const minimumScore = 3;

function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function occurs(term: string, text: string): boolean {
  // Latin terms match at a word start ("restart" in "restarted"); Japanese has no spaces: anywhere.
  if (/^[ -~]+$/.test(term)) {
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(^|[^a-z0-9])${escaped}`).test(text);
  }
  return text.includes(term);
}

function scoreOf(id: FaqId, text: string): number {
  return signals[id].reduce((sum, signal) => (signal.terms.some((term) => occurs(term, text)) ? sum + signal.weight : sum), 0);
}

export type FaqMatch =
  | { kind: "answer"; answer: FaqAnswer; score: number }
  | { kind: "unsure"; message: string; questions: FaqAnswer[] };

export function matchFaq(question: string, locale: Locale): FaqMatch {
  const text = normalize(question);
  const ranked = faqIds.map((id) => ({ id, score: scoreOf(id, text) })).sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (best && best.score >= minimumScore && best.score > (second?.score ?? 0)) {
    return { kind: "answer", answer: faqAnswer(best.id, locale), score: best.score };
  }
  return { kind: "unsure", message: t(locale, "faq.unsure"), questions: listFaq(locale) };
}
