// Which operating systems Azure Monitor Agent supports.
// Source: Microsoft Learn, "Azure Monitor Agent supported operating systems and environments"
// (learn.microsoft.com/azure/azure-monitor/agents/azure-monitor-agent-supported-operating-systems,
// revision ms.date 2024-07-24), the page seed 002 points to. x64 assumed; x86 is never supported.
// A version NEWER than the newest listed one answers "?" rather than "unsupported": Microsoft adds
// releases to the page over time, and a stale table must not fail a machine that is fine.
import type { Vm } from "../fleet/port.js";

export type OsFamily =
  | "windowsServer"
  | "windowsClient"
  | "almalinux"
  | "amazon"
  | "azurelinux"
  | "centos"
  | "mariner"
  | "debian"
  | "opensuse"
  | "oracle"
  | "rhel"
  | "rocky"
  | "sles"
  | "ubuntu";

interface SupportRow {
  label: string;
  /** How many version parts decide support: Ubuntu 22.04 is one release, RHEL 8.x are all RHEL 8. */
  parts: 1 | 2;
  /** Empty: every version of the distribution (the page lists "Azure Linux" without one). */
  supported: string[];
  /** Listed on the page without an AMA tick. Versions below the oldest supported one count too. */
  unsupported: string[];
}

export const amaSupportedOs: Record<OsFamily, SupportRow> = {
  // Windows Server 2012 R2 is written 2012.2 so that it sorts between 2012 and 2016.
  windowsServer: { label: "Windows Server", parts: 2, supported: ["2012", "2012.2", "2016", "2019", "2022"], unsupported: [] },
  // Windows 10 1803+ and 11 (Enterprise incl. multi-session on Azure; client installer elsewhere).
  windowsClient: { label: "Windows", parts: 1, supported: ["10", "11"], unsupported: [] },
  almalinux: { label: "AlmaLinux", parts: 1, supported: ["8", "9"], unsupported: [] },
  amazon: { label: "Amazon Linux", parts: 1, supported: ["2"], unsupported: ["2017"] },
  azurelinux: { label: "Azure Linux", parts: 1, supported: [], unsupported: [] },
  centos: { label: "CentOS Linux", parts: 1, supported: ["7", "8"], unsupported: [] },
  mariner: { label: "CBL-Mariner", parts: 1, supported: ["2"], unsupported: [] },
  debian: { label: "Debian", parts: 1, supported: ["9", "10", "11", "12"], unsupported: ["8"] },
  opensuse: { label: "openSUSE", parts: 1, supported: ["15"], unsupported: [] },
  oracle: { label: "Oracle Linux", parts: 1, supported: ["7", "8", "9"], unsupported: ["6"] },
  rhel: { label: "Red Hat Enterprise Linux", parts: 1, supported: ["7", "8", "9"], unsupported: ["6"] },
  rocky: { label: "Rocky Linux", parts: 1, supported: ["8", "9"], unsupported: [] },
  sles: { label: "SUSE Linux Enterprise Server", parts: 1, supported: ["12", "15"], unsupported: [] },
  ubuntu: { label: "Ubuntu", parts: 2, supported: ["16.04", "18.04", "20.04", "22.04"], unsupported: ["14.04"] },
};

export type OsSupport =
  | { verdict: "supported" | "unsupported"; os: string }
  | { verdict: "unknown"; why: "notReported" | "unrecognized"; os?: string }
  | { verdict: "unknown"; why: "newerThanTable"; os: string };

interface IdentifiedOs {
  family: OsFamily;
  version: string;
}

// Guest-agent distro ids (WALinuxAgent / python-distro `distro.id()`), and older spellings.
const linuxNames: [RegExp, OsFamily][] = [
  [/ubuntu/, "ubuntu"],
  [/debian/, "debian"],
  [/^(rhel|redhat|red hat)/, "rhel"],
  [/centos/, "centos"],
  [/^(ol|oracle)\b/, "oracle"],
  [/alma/, "almalinux"],
  [/rocky/, "rocky"],
  [/opensuse/, "opensuse"],
  [/^(sles|sle|suse)/, "sles"],
  [/^(amzn|amazon)/, "amazon"],
  [/mariner/, "mariner"],
  [/^azure ?linux/, "azurelinux"],
];

// Windows reports a build number; the product year follows from it.
const windowsServerBuilds: Record<string, string> = {
  "9200": "2012",
  "9600": "2012.2",
  "14393": "2016",
  "17763": "2019",
  "20348": "2022",
  "26100": "2025",
};

function versionParts(text: string): number[] | undefined {
  const match = /\d+(\.\d+)*/.exec(text);
  return match ? match[0].split(".").map(Number) : undefined;
}

function firstVersion(text: string | undefined): string | undefined {
  return text ? /\d+(\.\d+)*/.exec(text)?.[0] : undefined;
}

function identifyWindows(vm: Vm): IdentifiedOs | undefined {
  const name = (vm.osName ?? "").toLowerCase();
  const server = /windows server (\d{4})(\s*r2)?/.exec(name);
  if (server) return { family: "windowsServer", version: server[2] ? `${server[1]}.2` : server[1]! };
  const client = /windows (10|11)\b/.exec(name);
  if (client) return { family: "windowsClient", version: client[1]! };
  const build = /^\d+\.\d+\.(\d+)/.exec(vm.osVersion ?? "")?.[1];
  if (build && name.includes("server") && windowsServerBuilds[build]) {
    return { family: "windowsServer", version: windowsServerBuilds[build] };
  }
  const image = vm.imageReference;
  if (image && /^MicrosoftWindowsServer$/i.test(image.publisher ?? "")) {
    const sku = /^(\d{4})(-r2)?/i.exec(image.sku ?? "");
    if (sku) return { family: "windowsServer", version: sku[2] ? `${sku[1]}.2` : sku[1]! };
  }
  if (image && /^MicrosoftWindowsDesktop$/i.test(image.publisher ?? "")) {
    const offer = /windows-(10|11)/i.exec(image.offer ?? "");
    if (offer) return { family: "windowsClient", version: offer[1]! };
  }
  return undefined;
}

function identifyLinuxImage(vm: Vm): IdentifiedOs | undefined {
  const { publisher = "", offer = "", sku = "" } = vm.imageReference ?? {};
  if (/^canonical$/i.test(publisher)) {
    const release = /(\d{2})[._](\d{2})/.exec(`${offer} ${sku}`);
    if (release) return { family: "ubuntu", version: `${release[1]}.${release[2]}` };
  }
  if (/^redhat$/i.test(publisher) && /rhel/i.test(offer)) {
    const release = /^(\d+)(?:[._](\d+))?/.exec(sku);
    if (release) return { family: "rhel", version: release[2] ? `${release[1]}.${release[2]}` : release[1]! };
  }
  const debian = /debian-(\d+)/i.exec(offer);
  if (debian) return { family: "debian", version: debian[1]! };
  if (/^openlogic$/i.test(publisher) && /centos/i.test(offer)) {
    const release = /^(\d+)/.exec(sku);
    if (release) return { family: "centos", version: release[1]! };
  }
  return undefined;
}

function identifyLinux(vm: Vm): IdentifiedOs | undefined {
  const name = (vm.osName ?? "").trim().toLowerCase();
  const family = linuxNames.find(([pattern]) => pattern.test(name))?.[1];
  const version = firstVersion(vm.osVersion) ?? firstVersion(vm.osName);
  if (family && version) return { family, version };
  return identifyLinuxImage(vm);
}

function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function labelOf(identified: IdentifiedOs): string {
  const row = amaSupportedOs[identified.family];
  if (identified.family === "windowsServer") {
    return `${row.label} ${identified.version.replace(/\.2$/, " R2")}`;
  }
  return `${row.label} ${identified.version}`;
}

/** Whether AMA supports the machine's OS, by the guest-reported name/version or else the image. */
export function assessOsSupport(vm: Vm): OsSupport {
  if (!vm.osName && !vm.imageReference) return { verdict: "unknown", why: "notReported" };
  const identified = vm.osType === "Windows" ? identifyWindows(vm) : identifyLinux(vm);
  if (!identified) {
    const os = [vm.osName, vm.osVersion].filter(Boolean).join(" ");
    return os ? { verdict: "unknown", why: "unrecognized", os } : { verdict: "unknown", why: "unrecognized" };
  }
  const row = amaSupportedOs[identified.family];
  const os = labelOf(identified);
  if (row.supported.length === 0) return { verdict: "supported", os };
  const version = (versionParts(identified.version) ?? []).slice(0, row.parts);
  const same = (listed: string) => compareParts(version, versionParts(listed)!.slice(0, row.parts)) === 0;
  if (row.supported.some(same)) return { verdict: "supported", os };
  if (row.unsupported.some(same)) return { verdict: "unsupported", os };
  const listed = row.supported.map((v) => versionParts(v)!).sort(compareParts);
  if (compareParts(version, listed[listed.length - 1]!) > 0) return { verdict: "unknown", why: "newerThanTable", os };
  return { verdict: "unsupported", os };
}
