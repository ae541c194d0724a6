// Every key the checklist can emit must exist in both locales and be filled completely: a raw key
// or a visible "{placeholder}" on a card is a bug.
import { describe, expect, it } from "vitest";
import { hasKey, keysOf, t } from "../../src/i18n/translate.js";
import { unknownFact, type TroubleshootFacts, type UnknownReason } from "../../src/troubleshoot/facts.js";
import { actionRemedies, infoRemedies } from "../../src/troubleshoot/remedies.js";
import { runChecklist } from "../../src/troubleshoot/run-checklist.js";
import { stepIds, type Evidence } from "../../src/troubleshoot/step-result.js";
import { amaExtension, dceId, dcrId, makeFacts, makeVm, minutesAgo, now, omsExtension, probesFor, workspaceId } from "./make-facts.js";

const reasons: UnknownReason[] = ["forbidden", "failed", "throttled", "notRun"];
const errorCodes = [9, 10, 11, 17, 18, 19, 20, 33, 51, 52, 53, 55, 99];

function scenarios(): TroubleshootFacts[] {
  const list: TroubleshootFacts[] = [makeFacts()];
  for (const powerState of ["running", "starting", "stopping", "stopped", "deallocating", "deallocated", "unknown"] as const) {
    list.push(makeFacts({ vm: makeVm({ powerState, powerStateSince: minutesAgo(30) }) }));
  }
  for (const os of [{ osVersion: "14.04" }, { osVersion: "24.04" }, { osName: "plan9" }, { osName: undefined, osVersion: undefined }]) {
    list.push(makeFacts({ vm: makeVm(os) }));
  }
  for (const code of errorCodes) {
    const failed = { provisioningState: "Failed", statuses: [{ code: `ProvisioningState/failed/${code}` }] };
    list.push(makeFacts({ vm: makeVm({ extensions: [amaExtension(failed)] }) }));
    list.push(makeFacts({ vm: makeVm({ extensions: [omsExtension(failed)] }) }));
  }
  list.push(makeFacts({ vm: makeVm({ extensions: [amaExtension({ provisioningState: "Creating" })] }) }));
  list.push(makeFacts({ heartbeat: undefined }), makeFacts({ heartbeat: { resourceId: "x", lastSeen: minutesAgo(4000), version: "1.30.1" } }));
  for (const reason of reasons) {
    list.push(
      makeFacts({
        heartbeat: unknownFact(reason),
        dataCollection: unknownFact(reason),
        workspaces: unknownFact(reason),
        privateLinkScopes: unknownFact(reason),
        reachability: unknownFact(reason),
      }),
      makeFacts({ vm: makeVm({ extensions: [omsExtension()] }), omsCertificates: unknownFact(reason) }),
    );
  }
  list.push(
    makeFacts({ dataCollection: { associations: [], rules: [], endpoints: [], complete: true } }),
    makeFacts({ dataCollection: { associations: [{ name: "a", dataCollectionRuleId: dcrId }], rules: [], endpoints: [], complete: false } }),
    makeFacts({ dataCollection: { associations: [{ name: "a", dataCollectionRuleId: dcrId }], rules: [{ id: dcrId, name: "r", destinations: [] }], endpoints: [], complete: true } }),
    makeFacts({ expectedWorkspaceId: "/subscriptions/x/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/other" }),
    makeFacts({ vm: makeVm({ identity: { systemAssigned: false, userAssignedIds: ["/x/userAssignedIdentities/id-a"] } }) }),
    makeFacts({ vm: makeVm({ identity: { systemAssigned: false, userAssignedIds: [] } }) }),
    makeFacts({ reachability: undefined }),
    makeFacts({ vm: makeVm({ osType: "Windows", osName: "Windows Server 2022 Datacenter" }) }),
  );
  for (const result of ["dnsFailure", "refused", "timedOut", "unknown"] as const) {
    const base = makeFacts();
    list.push({ ...base, reachability: probesFor(base, result) });
  }
  const scope = [{ id: "/x/privateLinkScopes/ampls", name: "ampls", scopedResourceIds: [workspaceId] }];
  const withDce: TroubleshootFacts["dataCollection"] = {
    associations: [{ name: "a", dataCollectionRuleId: dcrId }],
    rules: [{ id: dcrId, name: "r", destinations: [{ workspaceResourceId: workspaceId }], dataCollectionEndpointId: dceId }],
    endpoints: [{ id: dceId, name: "dce-prod", location: "japaneast" }],
    complete: true,
  };
  list.push(makeFacts({ privateLinkScopes: scope }), makeFacts({ privateLinkScopes: scope, dataCollection: withDce }));
  const inScope = [{ ...scope[0]!, scopedResourceIds: [workspaceId, dceId] }];
  for (const address of ["10.0.0.5", "20.43.1.1"]) {
    const base = makeFacts({ privateLinkScopes: inScope, dataCollection: withDce, workspaces: [{ id: workspaceId, name: "law", customerId: "6f680a37-00c6-41c7-a93f-1437e3462574" }] });
    list.push({ ...base, reachability: probesFor(base, "connected", address) }, { ...base, reachability: probesFor(base, "dnsFailure", address) });
    list.push({ ...base, reachability: undefined });
  }
  const legacyVm = makeVm({ extensions: [omsExtension()] });
  const cert = (notBefore: string, notAfter: string) => [{ notBefore: new Date(notBefore), notAfter: new Date(notAfter) }];
  list.push(
    makeFacts({ vm: legacyVm }),
    makeFacts({ vm: legacyVm, omsCertificates: [] }),
    makeFacts({ vm: legacyVm, omsCertificates: cert("2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z") }),
    makeFacts({ vm: legacyVm, heartbeat: undefined, omsCertificates: cert("2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z") }),
    makeFacts({ vm: legacyVm, omsCertificates: cert("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z") }),
    makeFacts({ vm: makeVm({ osType: "Windows", osName: "Windows Server 2019 Datacenter", extensions: [omsExtension({ type: "MicrosoftMonitoringAgent" })] }) }),
  );
  return list;
}

function render(locale: "en" | "ja", e: Evidence | { key: string; params: Evidence["params"] }): string {
  return t(locale, e.key, e.params);
}

describe("troubleshoot strings", () => {
  const emitted = scenarios().flatMap((facts) =>
    runChecklist(facts, now).results.flatMap((r) => [
      ...r.evidence,
      ...(r.remedy ? [{ key: `troubleshoot.remedy.${r.remedy.key}.title`, params: r.remedy.params }, { key: `troubleshoot.remedy.${r.remedy.key}.body`, params: r.remedy.params }] : []),
    ]),
  );

  it("when any scenario runs, then every evidence and remedy key exists in English and Japanese", () => {
    const missing = emitted.filter((e) => !hasKey("en", e.key) || !hasKey("ja", e.key)).map((e) => e.key);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("when any scenario runs, then its texts have every placeholder filled", () => {
    for (const locale of ["en", "ja"] as const) {
      const unfilled = emitted.map((e) => [e.key, render(locale, e)]).filter(([, text]) => /\{\w+\}/.test(text!));
      expect(unfilled).toEqual([]);
    }
  });

  it("when the scenarios run, then every evidence string in the file is reached by one (no dead strings)", () => {
    const used = new Set(emitted.map((e) => e.key));
    const evidenceKeys = keysOf("en").filter((k) => k.startsWith("troubleshoot.evidence."));
    expect(evidenceKeys.filter((k) => !used.has(k))).toEqual([]);
  });

  it("when a card names a step, status, remedy or probe, then the string exists in both locales", () => {
    const keys = [
      ...stepIds.map((s) => `troubleshoot.step.${s}`),
      ...["pass", "fail", "unknown", "skipped"].map((s) => `troubleshoot.status.${s}`),
      ...[...actionRemedies, ...infoRemedies].flatMap((r) => [`troubleshoot.remedy.${r}.title`, `troubleshoot.remedy.${r}.body`]),
      ...["network", "omsCertificate"].flatMap((p) => ["title", "confirm", "running"].map((k) => `troubleshoot.probe.${p}.${k}`)),
    ];
    for (const locale of ["en", "ja"] as const) expect(keys.filter((k) => !hasKey(locale, k))).toEqual([]);
  });
});
