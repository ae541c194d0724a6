import { describe, expect, it } from "vitest";
import { buildCandidatesCard, maxCandidates } from "../../src/cards/build-candidates-card.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { renderCard } from "../../src/cards/render-card.js";
import type { ComputeSummary } from "../../src/fleet/port.js";
import { expectValidCard } from "../support/validate-card.js";

function candidate(subscriptionId: string, resourceGroup: string, name = "vm-web-01"): ComputeSummary {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`,
    kind: "vm",
    subscriptionId,
    resourceGroup,
    name,
    location: "japaneast",
    osType: "Linux",
  };
}

describe("buildCandidatesCard", () => {
  it("when the same rg/name exists in two subscriptions, then those buttons use the resource ID instead", () => {
    const all = [candidate("sub-a", "rg-prod"), candidate("sub-b", "rg-prod"), candidate("sub-a", "rg-dev")];
    const reply = buildCandidatesCard("en", "status", "vm-web-01", all);
    expectValidCard(renderCard(reply));
    const commands = (reply.data.candidates as Array<{ command: string }>).map((c) => c.command);
    expect(commands).toEqual(["status rg-dev/vm-web-01", `status ${all[0]!.id}`, `status ${all[1]!.id}`]);
  });

  it("when there are more candidates than fit, then the rest are counted", () => {
    const all = Array.from({ length: maxCandidates + 4 }, (_, i) => candidate("sub-a", `rg-${String(i).padStart(2, "0")}`));
    for (const locale of ["en", "ja"] as const) {
      const card = renderCard(buildCandidatesCard(locale, "status", "vm-web-01", all));
      expectValidCard(card);
      expect(cardToText(card)).toContain("4");
      expect((buildCandidatesCard(locale, "status", "vm-web-01", all).data.candidates as unknown[]).length).toBe(maxCandidates);
    }
  });

  it("when a resource group name starts with an underscore, then the label is escaped but the command is exact", () => {
    const reply = buildCandidatesCard("en", "status", "vm_a", [candidate("s", "_rg_x", "vm_a"), candidate("s", "rg_y", "vm_a")]);
    const [first] = reply.data.candidates as Array<{ label: string; command: string }>;
    expect(first).toMatchObject({ label: "\\_rg_x/vm_a", command: "status _rg_x/vm_a" });
  });
});
