// A small fleet for the writer tests: one resource per test so the tests do not disturb each other.
import type { Fixture } from "../../../src/sim/index.js";

export const writerSubscription = "00000000-0000-4000-8000-0000000000a1";
export const workspaceKey = "c2ltLW9ubHkta2V5LWZvci13cml0ZXItdGVzdHM=";

const ama = (version: string, running: string, extra: Record<string, unknown> = {}) => ({
  name: "AzureMonitorLinuxAgent",
  publisher: "Microsoft.Azure.Monitor",
  type: "AzureMonitorLinuxAgent",
  typeHandlerVersion: version,
  runningVersion: running,
  ...extra,
});

const oms = {
  name: "OmsAgentForLinux",
  publisher: "Microsoft.EnterpriseCloud.Monitoring",
  type: "OmsAgentForLinux",
  typeHandlerVersion: "1.17",
  runningVersion: "1.17.1",
  autoUpgradeMinorVersion: true,
  settings: { workspaceId: "6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6" },
  protectedSettings: { workspaceKey },
};

const linux = (name: string, extra: Record<string, unknown> = {}) => ({ name, osType: "Linux" as const, osName: "ubuntu", osVersion: "22.04", ...extra });

export const writerFixture: Fixture = {
  subscriptions: [
    {
      id: writerSubscription,
      resourceGroups: [
        {
          name: "rg-w",
          location: "japaneast",
          vms: [
            linux("vm-oms", { extensions: [oms] }),
            linux("vm-oms-put", { extensions: [oms] }),
            linux("vm-ama", { extensions: [ama("1.32", "1.32.5", { settings: { keep: "me" } })] }),
            linux("vm-reinstall", { extensions: [ama("1.31", "1.31.1")] }),
            linux("vm-fail", { extensions: [ama("1.32", "1.32.5")] }),
            linux("vm-hang", { extensions: [ama("1.32", "1.32.5")] }),
            linux("vm-stopped", { powerState: "deallocated", powerStateMinutesAgo: 600, extensions: [ama("1.32", "1.32.5")] }),
            linux("vm-run", {
              runCommandOutputs: [{ scriptIncludes: "extops-echo", stdout: "hello\nworld", stderr: "warning: something" }],
            }),
            {
              name: "vm-win-run",
              osType: "Windows",
              runCommandOutputs: [{ scriptIncludes: "extops-echo", stdout: "ComputerName : vm-win-run\r\nTcpTestSucceeded : True", stderr: "" }],
            },
            linux("vm-uai", { identity: { userAssigned: ["id-one"] } }),
            linux("vm-noid"),
            linux("vm-sai", { identity: { systemAssigned: true } }),
          ],
          scaleSets: [
            {
              name: "vmss-manual",
              osType: "Linux",
              upgradePolicy: "Manual",
              extensions: [ama("1.32", "1.32.5")],
              instances: [{ instanceId: "0" }, { instanceId: "1" }, { instanceId: "2" }, { instanceId: "3" }],
            },
          ],
        },
      ],
    },
  ],
  extensionImages: [
    { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent", versions: ["1.31.1", "1.32.5", "1.33.2"] },
    { location: "japaneast", publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", versions: ["1.17.1", "1.19.0"] },
  ],
};
