import { describe, expect, it } from "vitest";
import { agentCatalogue, extensionKey, identifyAgent, monitoringAgentsFor, recommendedAgentFor } from "../../src/drift/agents.js";
import { hasKey } from "../../src/i18n/translate.js";

describe("identifyAgent", () => {
  it.each([
    ["Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent", "amaLinux"],
    ["microsoft.azure.monitor", "azuremonitorlinuxagent", "amaLinux"],
    ["MICROSOFT.AZURE.MONITOR", "AzureMonitorWindowsAgent", "amaWindows"],
    ["Microsoft.EnterpriseCloud.Monitoring", "OmsAgentForLinux", "omsLinux"],
    ["microsoft.enterprisecloud.monitoring", "MicrosoftMonitoringAgent", "mmaWindows"],
    ["Microsoft.Azure.Monitoring.DependencyAgent", "DependencyAgentLinux", "dependencyLinux"],
    [" Microsoft.Azure.Monitor ", " AzureMonitorLinuxAgent ", "amaLinux"],
  ])("when publisher %s and type %s, then it is %s whatever the case", (publisher, type, id) => {
    expect(identifyAgent(publisher, type)?.id).toBe(id);
  });

  it.each([
    ["Microsoft.Azure.Extensions", "CustomScript"],
    ["Microsoft.Azure.Monitor", "OmsAgentForLinux"],
    ["Microsoft.EnterpriseCloud.Monitoring", "AzureMonitorLinuxAgent"],
    ["", ""],
  ])("when publisher %s and type %s do not pair up as a known agent, then it is no agent", (publisher, type) => {
    expect(identifyAgent(publisher, type)).toBeUndefined();
  });

  it("when the Log Analytics agents are looked up, then they are retired on 2024-08-31 with AMA as replacement", () => {
    const omsAgent = identifyAgent("Microsoft.EnterpriseCloud.Monitoring", "OmsAgentForLinux");
    const mmaAgent = identifyAgent("Microsoft.EnterpriseCloud.Monitoring", "MicrosoftMonitoringAgent");
    expect([omsAgent?.status, omsAgent?.retiredOn, omsAgent?.replacedBy]).toEqual(["retired", "2024-08-31", "amaLinux"]);
    expect([mmaAgent?.status, mmaAgent?.retiredOn, mmaAgent?.replacedBy]).toEqual(["retired", "2024-08-31", "amaWindows"]);
  });

  it("when AMA is looked up, then it is current and supports automatic upgrade; MMA only rolls builds out", () => {
    const ama = identifyAgent("Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent")!;
    expect([ama.status, ama.supportsAutomaticUpgrade, ama.heartbeatReportsExtensionVersion]).toEqual(["current", true, true]);
    const mmaAgent = identifyAgent("Microsoft.EnterpriseCloud.Monitoring", "MicrosoftMonitoringAgent")!;
    expect([mmaAgent.supportsAutomaticUpgrade, mmaAgent.buildsRollOutAutomatically]).toEqual([false, true]);
  });
});

describe("monitoringAgentsFor", () => {
  it("when asked for Linux, then AMA comes before the retired OMS agent and the Dependency agent is left out", () => {
    expect(monitoringAgentsFor("Linux").map((a) => a.id)).toEqual(["amaLinux", "omsLinux"]);
  });

  it("when asked for Windows, then AMA and MMA are listed", () => {
    expect(monitoringAgentsFor("Windows").map((a) => a.id)).toEqual(["amaWindows", "mmaWindows"]);
  });

  it("when a replacement is recommended, then it is AMA for the OS", () => {
    expect(recommendedAgentFor("Linux").type).toBe("AzureMonitorLinuxAgent");
    expect(recommendedAgentFor("Windows").type).toBe("AzureMonitorWindowsAgent");
  });
});

describe("agent catalogue", () => {
  it("when any two agents are compared, then their publisher/type keys differ", () => {
    const keys = agentCatalogue.map((a) => extensionKey(a.publisher, a.type));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("when an agent has a label key, then both locales have the text", () => {
    for (const agent of agentCatalogue) {
      expect(hasKey("en", agent.labelKey), agent.labelKey).toBe(true);
      expect(hasKey("ja", agent.labelKey), agent.labelKey).toBe(true);
    }
  });
});
