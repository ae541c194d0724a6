// The words of the approval commands (pure): targets, agents, on/off, --dry-run, request IDs, and the
// Japanese aliases going through the one dispatch parser.
import { describe, expect, it } from "vitest";
import { parseAudit } from "../../src/commands/audit.js";
import { parseAutoUpgrade } from "../../src/commands/autoupgrade.js";
import { parseCancel } from "../../src/commands/cancel.js";
import { parseCommandLine } from "../../src/commands/parse.js";
import { commandSpecs } from "../../src/commands/registry.js";
import { parseReinstall } from "../../src/commands/reinstall.js";
import { parseRestartAgent } from "../../src/commands/restart-agent.js";
import { parseUpgrade } from "../../src/commands/upgrade.js";

const words = (text: string) => text.split(" ").filter(Boolean);
const sub = "00000000-0000-4000-8000-000000000001";

describe("approval command words", () => {
  it.each([
    ["rg-prod/vmss-web", { scope: { by: "machine", target: { by: "resourceGroup", resourceGroup: "rg-prod", name: "vmss-web" } }, spec: { verb: "upgrade" }, dryRun: false }],
    ["vm-web-02 AMA --dry-run", { scope: { by: "machine", target: { by: "name", name: "vm-web-02" } }, spec: { verb: "upgrade", agent: "ama" }, dryRun: true, suffix: ["ama"] }],
    ["rg:rg-prod", { scope: { by: "resourceGroup", resourceGroup: "rg-prod" } }],
    [`/subscriptions/${sub}/resourceGroups/rg-prod`, { scope: { by: "resourceGroup", resourceGroup: "rg-prod", subscriptionId: sub } }],
  ])("when upgrade gets %s, then it parses", (text, expected) => {
    const parsed = parseUpgrade(words(text));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.args).toMatchObject(expected);
  });

  it.each([
    ["", "parse.target.missing"],
    ["vm-web-02 agentx", "approval-card.parse.agent"],
    ["vm-web-02 --force", "parse.unknownFlag"],
    ["vm-web-02 ama extra", "parse.extraWords"],
    ["bad/na/me", "parse.target.badShape"],
  ])("when upgrade gets '%s', then the usage error is %s", (text, key) => {
    const parsed = parseUpgrade(words(text));
    expect(parsed.ok ? undefined : parsed.error.key).toBe(key);
  });

  it("when autoupgrade gets on/off in English or Japanese, then enable follows; anything else asks for on or off", () => {
    const enable = (text: string) => {
      const parsed = parseAutoUpgrade(words(text));
      return parsed.ok ? (parsed.args.spec as { enable: boolean }).enable : parsed.error.key;
    };
    expect(enable("on vm-web-02")).toBe(true);
    expect(enable("OFF vm-web-02")).toBe(false);
    expect(enable("オン vm-web-02")).toBe(true);
    expect(enable("無効 rg-prod/vmss-api --dry-run")).toBe(false);
    expect(enable("maybe vm-web-02")).toBe("approval-card.parse.onOff");
    expect(enable("")).toBe("approval-card.parse.onOff");
  });

  it("when reinstall lacks ama or restart-agent gets extra words, then each says what is expected", () => {
    const key = (parsed: ReturnType<typeof parseReinstall>) => (parsed.ok ? "ok" : parsed.error.key);
    expect(key(parseReinstall(words("vm-web-02")))).toBe("approval-card.parse.reinstallAgent");
    expect(key(parseReinstall(words("vm-web-02 oms")))).toBe("approval-card.parse.reinstallAgent");
    expect(key(parseReinstall(words("vm-web-02 ama --dry-run")))).toBe("ok");
    expect(key(parseRestartAgent(words("vm-legacy-01 now")))).toBe("parse.extraWords");
    expect(key(parseRestartAgent(words("rg-prod/vm-legacy-01")))).toBe("ok");
  });

  it("when cancel and audit get IDs, then IDs are checked for shape, not trusted", () => {
    expect(parseCancel(["7KQ2MXZ9"])).toEqual({ ok: true, args: { requestId: "7kq2mxz9" } });
    expect(parseCancel([])).toMatchObject({ ok: false, error: { key: "approval-card.parse.requestIdMissing" } });
    expect(parseCancel(["../x"])).toMatchObject({ ok: false, error: { key: "approval-card.parse.requestId" } });
    expect(parseAudit([])).toEqual({ ok: true, args: { by: "recent" } });
    expect(parseAudit(["7kq2mxz9"])).toMatchObject({ ok: true, args: { by: "word", word: "7kq2mxz9" } });
  });

  it.each([
    ["アップグレード rg-prod/vmss-web", "upgrade"],
    ["自動アップグレード オン vm-web-02", "autoupgrade"],
    ["再インストール vm-web-02 ama", "reinstall"],
    ["エージェント再起動 vm-legacy-01", "restart-agent"],
    ["承認一覧", "approvals"],
    ["取消 7kq2mxz9", "cancel"],
    ["監査", "audit"],
    ["/upgrade vm-web-02 --dry-run", "upgrade"],
  ])("when '%s' is typed, then it runs %s", (text, verb) => {
    const line = parseCommandLine(text, commandSpecs);
    expect(line.ok && line.spec.verb).toBe(verb);
  });

  it("when the registry is read, then every mutating command is granted by its own approval verb and every other approval command is read-only", () => {
    const byVerb = new Map(commandSpecs.map((s) => [s.verb, s]));
    for (const verb of ["upgrade", "autoupgrade", "reinstall", "restart-agent"]) expect(byVerb.get(verb)).toMatchObject({ grant: verb, effect: "mutate" });
    for (const verb of ["approvals", "cancel", "audit"]) expect(byVerb.get(verb)).toMatchObject({ grant: "read", effect: "read" });
  });
});
