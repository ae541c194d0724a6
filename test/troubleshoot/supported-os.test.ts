import { describe, expect, it } from "vitest";
import { assessOsSupport } from "../../src/troubleshoot/supported-os.js";
import { makeVm } from "./make-facts.js";

describe("assessOsSupport", () => {
  it.each([
    ["ubuntu", "22.04", "Ubuntu 22.04"],
    ["Ubuntu", "20.04", "Ubuntu 20.04"],
    ["rhel", "8.6", "Red Hat Enterprise Linux 8.6"],
    ["redhat", "9.2", "Red Hat Enterprise Linux 9.2"],
    ["debian", "12", "Debian 12"],
    ["sles", "15.5", "SUSE Linux Enterprise Server 15.5"],
    ["ol", "8.9", "Oracle Linux 8.9"],
    ["almalinux", "9.3", "AlmaLinux 9.3"],
    ["centos", "7.9.2009", "CentOS Linux 7.9.2009"],
    ["mariner", "2.0", "CBL-Mariner 2.0"],
    ["azurelinux", "3.0", "Azure Linux 3.0"],
  ])("when a Linux guest reports %s %s, then it is supported", (osName, osVersion, label) => {
    expect(assessOsSupport(makeVm({ osName, osVersion }))).toEqual({ verdict: "supported", os: label });
  });

  it.each([
    ["ubuntu", "14.04"],
    ["ubuntu", "21.04"],
    ["debian", "8"],
    ["rhel", "6.10"],
    ["centos", "6.9"],
    ["amzn", "2017.09"],
  ])("when a Linux guest reports %s %s, then it is unsupported", (osName, osVersion) => {
    expect(assessOsSupport(makeVm({ osName, osVersion })).verdict).toBe("unsupported");
  });

  it("when the release is newer than the table, then the answer is unknown rather than unsupported", () => {
    expect(assessOsSupport(makeVm({ osName: "ubuntu", osVersion: "24.04" }))).toEqual({ verdict: "unknown", why: "newerThanTable", os: "Ubuntu 24.04" });
    expect(assessOsSupport(makeVm({ osType: "Windows", osName: "Windows Server 2025 Datacenter", osVersion: "10.0.26100.1" })).verdict).toBe("unknown");
  });

  it.each([
    ["Windows Server 2019 Datacenter", "10.0.17763.5696", "Windows Server 2019"],
    ["Windows Server 2012 R2 Datacenter", "6.3.9600", "Windows Server 2012 R2"],
    ["Windows 11 Enterprise multi-session", "10.0.22631", "Windows 11"],
  ])("when Windows reports %s, then it is supported as %s", (osName, osVersion, label) => {
    expect(assessOsSupport(makeVm({ osType: "Windows", osName, osVersion }))).toEqual({ verdict: "supported", os: label });
  });

  it("when Windows Server 2008 R2 runs, then it is unsupported", () => {
    expect(assessOsSupport(makeVm({ osType: "Windows", osName: "Windows Server 2008 R2 Datacenter" })).verdict).toBe("unsupported");
  });

  it("when Windows names no year but reports the 2022 build, then the build decides", () => {
    expect(assessOsSupport(makeVm({ osType: "Windows", osName: "Windows Server Datacenter", osVersion: "10.0.20348.2340" }))).toEqual({
      verdict: "supported",
      os: "Windows Server 2022",
    });
  });

  it("when the guest reports nothing, then the marketplace image decides", () => {
    const ubuntu = makeVm({ osName: undefined, osVersion: undefined, imageReference: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2" } });
    expect(assessOsSupport(ubuntu)).toEqual({ verdict: "supported", os: "Ubuntu 22.04" });
    const windows = makeVm({ osType: "Windows", osName: undefined, osVersion: undefined, imageReference: { publisher: "MicrosoftWindowsServer", offer: "WindowsServer", sku: "2012-R2-Datacenter" } });
    expect(assessOsSupport(windows)).toEqual({ verdict: "supported", os: "Windows Server 2012 R2" });
  });

  it("when neither the guest nor a known image says what it is, then it is unknown", () => {
    expect(assessOsSupport(makeVm({ osName: undefined, osVersion: undefined })).verdict).toBe("unknown");
    expect(assessOsSupport(makeVm({ osName: undefined, osVersion: undefined, imageReference: { publisher: "contoso", offer: "appliance", sku: "v1" } }))).toEqual({
      verdict: "unknown",
      why: "unrecognized",
    });
  });
});
