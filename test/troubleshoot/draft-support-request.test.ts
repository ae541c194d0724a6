import { describe, expect, it } from "vitest";
import { draftSupportRequest } from "../../src/troubleshoot/draft-support-request.js";
import { runChecklist } from "../../src/troubleshoot/run-checklist.js";
import { dceId, dcrId, makeFacts, makeVm, minutesAgo, now, omsExtension, workspaceGuid, workspaceId } from "./make-facts.js";

// Shaped like a real workspace key (seed 004's example format: 88 base64 characters).
const workspaceKey = "z4bU3p1/GrnWpQkky4gdabWXAhbWSTz70hm4m2Xt92XI+rSRgE8qVvRhsGo9TXffbrTahyrwv35W0pOqQAU7uQ==";

function staleFacts() {
  return makeFacts({
    heartbeat: { resourceId: "x", lastSeen: minutesAgo(120) },
    dataCollection: {
      associations: [{ name: "a", dataCollectionRuleId: dcrId }, { name: "configurationAccessEndpoint", dataCollectionEndpointId: dceId }],
      rules: [{ id: dcrId, name: "dcr-linux-prod", destinations: [{ workspaceResourceId: workspaceId, workspaceId: workspaceGuid }], dataCollectionEndpointId: dceId }],
      endpoints: [{ id: dceId, name: "dce-prod", location: "japaneast" }],
      complete: true,
    },
  });
}

describe("draftSupportRequest", () => {
  it("when drafted in English, then it has seed 002's portal choices, the symptom, every check and the resource names", () => {
    const facts = staleFacts();
    const { results } = runChecklist(facts, now);
    const draft = draftSupportRequest(results, facts, "en", { checkedAt: now });
    expect(draft.service).toBe("Azure Monitor Agent (AMA) on Linux machine");
    expect(draft.problemType).toBe("I created a DCR but the data is not in the Log Analytics Workspace");
    expect(draft.problemSubtype).toBe("No Heartbeat events in Log Analytics Workspace");
    expect(draft.text).toContain("since 2026-03-10 07:00 UTC");
    expect(draft.text).toContain("Problem started: around 2026-03-10 07:00 UTC (the last heartbeat)");
    expect(draft.text).toContain("Checks done at 2026-03-10 09:00 UTC");
    for (const name of ["vm-web-01", "rg-prod", "dcr-linux-prod", "dce-prod", "law-prod", workspaceGuid]) expect(draft.text).toContain(name);
    expect(draft.text).toContain("- ✗ Heartbeat:");
    expect(draft.text).toContain("- ✓ Supported OS: Ubuntu 22.04");
    expect(draft.text).toContain("<date, and why it matters>");
    expect(draft.text).not.toMatch(/\{\w+\}/);
  });

  it("when drafted in Japanese, then the description follows the seed's sample wording", () => {
    const facts = makeFacts({ heartbeat: undefined });
    const draft = draftSupportRequest(runChecklist(facts, now).results, facts, "ja");
    expect(draft.description).toContain("vm-web-01 という名称の Azure VM に AMA の拡張機能をインストールしましたが、Log Analytics ワークスペースに Heartbeat ログが全く収集されません。");
    expect(draft.description).toContain("データ収集ルール: dcr-linux-prod");
    expect(draft.description).toContain("データ収集エンドポイント: 使用していません");
    expect(draft.description).toContain("<MM 月 DD 日までに対応が必要な理由>");
    expect(draft.text).not.toMatch(/\{\w+\}/);
  });

  it("when remedies were already applied through the bot, then they are listed as already tried", () => {
    const facts = staleFacts();
    const draft = draftSupportRequest(runChecklist(facts, now).results, facts, "en", { tried: ["reinstallAma", "startVm"] });
    expect(draft.description).toContain("Already tried: Reinstall the Azure Monitor Agent, Start the VM");
  });

  it("when a workspace key is lying around in the gathered objects, then it never reaches the draft", () => {
    const facts = staleFacts();
    // What an SDK object could carry if someone passed it through unconverted: settings, protected
    // settings, and a status message echoing an onboarding command.
    const leaky = {
      ...omsExtension({
        provisioningState: "Failed",
        statuses: [{ code: "ProvisioningState/failed/53", message: `omsadmin.sh -w ${workspaceGuid} -s ${workspaceKey}` }],
      }),
      settings: { workspaceId: workspaceGuid },
      protectedSettings: { workspaceKey },
    };
    const leakyFacts = { ...facts, vm: makeVm({ extensions: [leaky] }), primarySharedKey: workspaceKey } as typeof facts;
    for (const locale of ["en", "ja"] as const) {
      const draft = draftSupportRequest(runChecklist(leakyFacts, now).results, leakyFacts, locale);
      for (const text of [draft.text, draft.description, draft.title]) {
        expect(text).not.toContain(workspaceKey);
        expect(text).not.toContain(workspaceKey.slice(0, 24));
      }
    }
  });

  it("when something key-shaped made it into a name anyway, then the last pass redacts it", () => {
    const facts = makeFacts({ vm: makeVm({ name: workspaceKey.replace(/[+/=]/g, "A") }) });
    const draft = draftSupportRequest(runChecklist(facts, now).results, facts, "en");
    expect(draft.text).toContain("[redacted]");
    expect(draft.text).not.toContain(workspaceKey.replace(/[+/=]/g, "A"));
  });

  it("when the machine is Windows, then the Windows AMA service is chosen", () => {
    const facts = makeFacts({ vm: makeVm({ osType: "Windows", osName: "Windows Server 2019 Datacenter" }) });
    expect(draftSupportRequest(runChecklist(facts, now).results, facts, "en").service).toBe("Azure Monitor Agent (AMA) on Windows machine");
  });
});
