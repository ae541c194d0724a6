import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { severities, sortWorstFirst, summarizeFindings, worstSeverity, type Finding, type Severity } from "../../src/drift/findings.js";
import { addToSummary, emptySummary } from "../../src/drift/summarize-findings.js";

const f = (severity: Severity, reason = "drift.reason.x", agent?: Finding["agent"]): Finding => ({ reason, severity, params: {}, ...(agent && { agent }) });

describe("worstSeverity", () => {
  it("when findings are mixed, then the worst wins; none gives undefined", () => {
    expect(worstSeverity([f("low"), f("critical"), f("info")])).toBe("critical");
    expect(worstSeverity(["info", "medium"])).toBe("medium");
    expect(worstSeverity([])).toBeUndefined();
  });
});

describe("summarizeFindings", () => {
  it("when resources are summarized, then totals by severity, by worst per resource, by agent and by reason add up", () => {
    const summary = summarizeFindings([
      { findings: [f("critical", "drift.reason.failedWithCode", "omsLinux"), f("high", "drift.reason.retired", "omsLinux")] },
      { findings: [f("medium", "drift.reason.frozen", "amaLinux")] },
      { findings: [f("high", "drift.reason.noMonitoringAgent")] },
      { findings: [] },
    ]);
    expect(summary.resources).toBe(4);
    expect(summary.findings).toBe(4);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 2, medium: 1, low: 0, info: 0 });
    expect(summary.resourcesByWorst).toEqual({ critical: 1, high: 1, medium: 1, low: 0, info: 0, none: 1 });
    expect(summary.byAgent.omsLinux).toEqual({ critical: 1, high: 1, medium: 0, low: 0, info: 0 });
    expect(summary.byAgent.none?.high).toBe(1);
    expect(summary.byReason["drift.reason.retired"]).toBe(1);
  });

  it("when random resources are summarized, then every count is consistent with the input", () => {
    const finding = fc.record({
      reason: fc.constantFrom("drift.reason.a", "drift.reason.b"),
      severity: fc.constantFrom(...severities),
      params: fc.constant({}),
    });
    fc.assert(
      fc.property(fc.array(fc.record({ findings: fc.array(finding, { maxLength: 5 }) }), { maxLength: 20 }), (resources) => {
        const s = summarizeFindings(resources);
        const all = resources.flatMap((r) => r.findings);
        expect(s.findings).toBe(all.length);
        expect(Object.values(s.bySeverity).reduce((a, b) => a + b, 0)).toBe(all.length);
        expect(Object.values(s.resourcesByWorst).reduce((a, b) => a + b, 0)).toBe(resources.length);
        expect(Object.values(s.byReason).reduce((a, b) => a + b, 0)).toBe(all.length);
      }),
    );
  });

  it("when resources are added one at a time, then the result equals summarizing them all at once", () => {
    const resources = [{ findings: [f("low")] }, { findings: [f("info"), f("critical")] }];
    const incremental = emptySummary();
    for (const r of resources) addToSummary(incremental, r.findings);
    expect(incremental).toEqual(summarizeFindings(resources));
  });
});

describe("sortWorstFirst", () => {
  it("when resources differ, then worst severity first, then more bad findings, then the tie-breaker", () => {
    const list = [
      { name: "c", findings: [f("low")] },
      { name: "a", findings: [] },
      { name: "b", findings: [f("critical")] },
      { name: "d", findings: [f("critical"), f("critical")] },
      { name: "e", findings: [f("low")] },
    ];
    expect(sortWorstFirst(list, (x, y) => x.name.localeCompare(y.name)).map((r) => r.name)).toEqual(["d", "b", "c", "e", "a"]);
  });
});
