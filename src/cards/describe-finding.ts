import { worstSeverity, type Finding } from "../drift/findings.js";
import type { Translate } from "../i18n/translate.js";
import { escapeParams } from "./escape-markdown.js";
import { colorOfSeverity, type TextColor } from "./severity-style.js";

export interface FindingLine {
  severity: string;
  color: TextColor;
  /** The one-line reason, translated; extension and resource names in it are Markdown-escaped. */
  reason: string;
}

/** The reason of a finding in the user's language. */
export function translateReason(tr: Translate, finding: Finding): string {
  return tr(finding.reason, escapeParams(finding.params));
}

export function describeFinding(tr: Translate, finding: Finding): FindingLine {
  return {
    severity: tr(`drift.severity.${finding.severity}`),
    color: colorOfSeverity(finding.severity),
    reason: translateReason(tr, finding),
  };
}

/** The headline badge: the worst severity, or "healthy" when there is nothing to fix. */
export function describeOverall(tr: Translate, findings: readonly Finding[]): { text: string; color: TextColor } {
  const worst = worstSeverity(findings);
  if (!worst) return { text: tr("status.card.healthy"), color: "Good" };
  return { text: tr(`drift.severity.${worst}`), color: colorOfSeverity(worst) };
}
