// A support request text in the shape seed 002 recommends ("問題内容・実施いただいたアクション・
// 対象のリソース名・お問合せのゴールやお客様のご状況"), pre-filled from the checklist.
// It is built only from names, statuses and evidence keys: the facts carry no secret (no workspace
// key, no protected settings, no Run Command output), and a last pass blanks anything key-shaped.
import { t, type Locale } from "../i18n/translate.js";
import { isUnknown, type TroubleshootFacts } from "./facts.js";
import { formatUtc } from "./format-evidence-time.js";
import type { RemedyKey } from "./remedies.js";
import type { StepResult, StepStatus } from "./step-result.js";

export interface SupportRequestDraft {
  /** The portal's choices (seed 002 steps 3-5); the portal shows them in English. */
  service: string;
  problemType: string;
  problemSubtype: string;
  title: string;
  /** The "Description" field. */
  description: string;
  /** Everything above, ready to paste. */
  text: string;
}

export interface SupportRequestOptions {
  /** Remedies already applied through the bot (shown as "already tried"). */
  tried?: readonly RemedyKey[];
  /** When the checks ran. */
  checkedAt?: Date;
}

const marks: Record<StepStatus, string> = { pass: "✓", fail: "✗", unknown: "?", skipped: "–" };

// A Log Analytics workspace key is 88 characters of base64; Azure names never run this long
// without a '-', '.', or '_'. Defence in depth only: no secret has a path into the draft.
const secretShaped = /[A-Za-z0-9+/]{64,}={0,2}/g;

function nameOf(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function resourceLines(facts: TroubleshootFacts, locale: Locale): string[] {
  const s = (key: string, params: Record<string, string> = {}) => t(locale, `troubleshoot.support.${key}`, params);
  const { vm } = facts;
  const lines = [s("resource.vm", { vm: vm.name, resourceGroup: vm.resourceGroup, subscription: vm.subscriptionId })];
  const collection = facts.dataCollection;
  if (isUnknown(collection)) {
    lines.push(s("resource.dcrUnknown"));
    return lines;
  }
  const ruleNames = unique(collection.associations.flatMap((a) => (a.dataCollectionRuleId ? [nameOf(a.dataCollectionRuleId)] : [])));
  lines.push(ruleNames.length > 0 ? s("resource.dcr", { names: ruleNames.join(", ") }) : s("resource.noDcr"));
  const dceNames = unique([
    ...collection.rules.flatMap((r) => (r.dataCollectionEndpointId ? [nameOf(r.dataCollectionEndpointId)] : [])),
    ...collection.associations.flatMap((a) => (a.dataCollectionEndpointId ? [nameOf(a.dataCollectionEndpointId)] : [])),
  ]);
  lines.push(dceNames.length > 0 ? s("resource.dce", { names: dceNames.join(", ") }) : s("resource.noDce"));
  const workspaces = isUnknown(facts.workspaces) ? [] : facts.workspaces;
  const workspaceNames = unique(
    collection.rules.flatMap((r) =>
      r.destinations.map((d) => {
        const info = workspaces.find((w) => w.id.toLowerCase() === d.workspaceResourceId.toLowerCase());
        const guid = d.workspaceId ?? info?.customerId;
        const name = info?.name ?? nameOf(d.workspaceResourceId);
        return guid ? `${name} (${guid})` : name;
      }),
    ),
  );
  lines.push(workspaceNames.length > 0 ? s("resource.workspace", { names: workspaceNames.join(", ") }) : s("resource.noWorkspace"));
  return lines;
}

function symptomOf(facts: TroubleshootFacts, locale: Locale): string {
  const vm = facts.vm.name;
  const heartbeat = facts.heartbeat;
  if (isUnknown(heartbeat)) return t(locale, "troubleshoot.support.symptom.generic", { vm });
  if (!heartbeat) return t(locale, "troubleshoot.support.symptom.never", { vm });
  return t(locale, "troubleshoot.support.symptom.since", { vm, lastSeen: formatUtc(heartbeat.lastSeen) });
}

function startedOf(facts: TroubleshootFacts, locale: Locale): string {
  const heartbeat = facts.heartbeat;
  return heartbeat && !isUnknown(heartbeat)
    ? t(locale, "troubleshoot.support.startedFromHeartbeat", { lastSeen: formatUtc(heartbeat.lastSeen) })
    : t(locale, "troubleshoot.support.placeholder.started");
}

function checkLines(results: readonly StepResult[], locale: Locale): string[] {
  return results.map((r) => {
    const evidence = r.evidence.map((e) => t(locale, e.key, e.params)).join(" ");
    return `- ${marks[r.status]} ${t(locale, `troubleshoot.step.${r.step}`)}: ${evidence}`.trimEnd();
  });
}

export function draftSupportRequest(
  results: readonly StepResult[],
  facts: TroubleshootFacts,
  locale: Locale,
  options: SupportRequestOptions = {},
): SupportRequestDraft {
  const s = (key: string, params: Record<string, string> = {}) => t(locale, `troubleshoot.support.${key}`, params);
  const service = s(`service.${facts.vm.osType}`);
  const problemType = s("problemType");
  const problemSubtype = s("problemSubtype");
  const title = s("title", { vm: facts.vm.name });
  const tried =
    options.tried && options.tried.length > 0
      ? options.tried.map((key) => t(locale, `troubleshoot.remedy.${key}.title`)).join(", ")
      : s("placeholder.tried");
  const checkedHeading = options.checkedAt ? s("checksAt", { time: formatUtc(options.checkedAt) }) : s("checks");
  const description = [
    `${s("label.symptom")} ${symptomOf(facts, locale)}`,
    "",
    checkedHeading,
    ...checkLines(results, locale),
    "",
    s("label.resources"),
    ...resourceLines(facts, locale).map((line) => `- ${line}`),
    "",
    `${s("label.tried")} ${tried}`,
    `${s("label.started")} ${startedOf(facts, locale)}`,
    `${s("label.deadline")} ${s("placeholder.deadline")}`,
    `${s("label.goal")} ${s("placeholder.goal")}`,
    "",
    s(`logs.${facts.vm.osType}`),
  ].join("\n");
  const text = [
    `${s("label.service")} ${service}`,
    `${s("label.problemType")} ${problemType}`,
    `${s("label.problemSubtype")} ${problemSubtype}`,
    `${s("label.title")} ${title}`,
    "",
    description,
  ].join("\n");
  const scrub = (value: string) => value.replace(secretShaped, "[redacted]");
  return {
    service,
    problemType,
    problemSubtype,
    title: scrub(title),
    description: scrub(description),
    text: scrub(text),
  };
}
