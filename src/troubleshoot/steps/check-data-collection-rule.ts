import { isUnknown, type TroubleshootFacts } from "../facts.js";
import { evidence, remedy, type Evidence, type StepResult } from "../step-result.js";
import { unknownEvidence } from "./unknown-evidence.js";

function nameOf(id: string): string {
  return id.split("/").filter(Boolean).pop() ?? id;
}

/**
 * Step 5: the machine is associated with a DCR whose destination is the workspace (seed 002
 * "データ収集ルールの設定の確認"). Only associations with a dataCollectionRuleId count; the DCE
 * association ("configurationAccessEndpoint") is not a rule (azure-api.md §8).
 */
export function checkDataCollectionRule(facts: TroubleshootFacts, _now: Date): StepResult {
  const step = "dataCollectionRule";
  const collection = facts.dataCollection;
  if (isUnknown(collection)) return { step, status: "unknown", evidence: [unknownEvidence(collection)] };
  const ruleIds = collection.associations.flatMap((a) => (a.dataCollectionRuleId ? [a.dataCollectionRuleId] : []));
  if (ruleIds.length === 0) {
    return {
      step,
      status: "fail",
      evidence: [evidence("dcr.noAssociation", { vm: facts.vm.name })],
      remedy: remedy("associateDcr", { vm: facts.vm.name }),
    };
  }

  const workspaces = isUnknown(facts.workspaces) ? [] : facts.workspaces;
  const workspaceName = (id: string) => workspaces.find((w) => w.id.toLowerCase() === id.toLowerCase())?.name ?? nameOf(id);
  const found: Evidence[] = [];
  const destinations: { resourceId: string; guid?: string }[] = [];
  let unreadable = 0;
  for (const id of ruleIds) {
    const rule = collection.rules.find((r) => r.id.toLowerCase() === id.toLowerCase());
    if (!rule) {
      unreadable++;
      found.push(evidence("dcr.unreadable", { dcr: nameOf(id) }));
      continue;
    }
    if (rule.destinations.length === 0) found.push(evidence("dcr.noWorkspace", { dcr: rule.name }));
    for (const destination of rule.destinations) {
      found.push(evidence("dcr.destination", { dcr: rule.name, workspace: workspaceName(destination.workspaceResourceId) }));
      destinations.push({ resourceId: destination.workspaceResourceId, guid: destination.workspaceId });
    }
  }

  if (destinations.length === 0) {
    return unreadable > 0
      ? { step, status: "unknown", evidence: found }
      : { step, status: "fail", evidence: found, remedy: remedy("setDcrDestination", { vm: facts.vm.name }) };
  }
  const expected = facts.expectedWorkspaceId?.toLowerCase();
  if (expected) {
    const matches = destinations.some((d) => d.resourceId.toLowerCase() === expected || d.guid?.toLowerCase() === expected);
    if (!matches) {
      const name = workspaceName(facts.expectedWorkspaceId!);
      found.push(evidence("dcr.notExpectedWorkspace", { workspace: name }));
      // A rule we could not read might be the one sending there.
      return unreadable > 0
        ? { step, status: "unknown", evidence: found }
        : { step, status: "fail", evidence: found, remedy: remedy("setDcrDestination", { vm: facts.vm.name, workspace: name }) };
    }
  }
  return { step, status: "pass", evidence: found };
}
