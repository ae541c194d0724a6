// Validates a fixture and names the path of every bad field, e.g.
// "subscriptions[0].resourceGroups[1].vms[2].extensions[0].typeHandlerVersion: expected major.minor".
import { readFileSync } from "node:fs";
import { checkReferences } from "./check-references.js";
import { fixtureSchema, type FleetData } from "./fixture-schema.js";

export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid simulator fixture ${source}:\n  ${problems.join("\n  ")}`);
    this.name = "FixtureError";
  }
}

/** "subscriptions[0].resourceGroups[1].name" from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "(root)" : text;
}

/** Validates a fixture value (parsed JSON or an object built in code); throws FixtureError. */
export function parseFixture(value: unknown, source = "(inline)"): FleetData {
  const result = fixtureSchema.safeParse(value);
  if (!result.success) {
    throw new FixtureError(source, result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  }
  const conflicts = [...findConflicts(result.data), ...checkReferences(result.data)];
  if (conflicts.length > 0) throw new FixtureError(source, conflicts);
  return result.data;
}

/** Reads and validates a JSON fixture file; throws FixtureError naming the file and the bad field. */
export function loadFixture(path: string): FleetData {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new FixtureError(path, [`cannot read: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseFixture(value, path);
}

// Rules a per-field schema cannot express: unique names (Azure compares them case-insensitively)
// and fields that only make sense together.
function findConflicts(data: FleetData): string[] {
  const problems: string[] = [];
  const duplicate = (items: readonly { key: string }[], path: (i: number) => string, what: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = item.key.toLowerCase();
      if (seen.has(key)) problems.push(`${path(i)}: duplicate ${what} "${item.key}"`);
      seen.add(key);
    });
  };
  duplicate(data.subscriptions.map((s) => ({ key: s.id })), (i) => `subscriptions[${i}].id`, "subscription");
  data.subscriptions.forEach((sub, si) => {
    const subPath = `subscriptions[${si}]`;
    duplicate(sub.resourceGroups.map((g) => ({ key: g.name })), (i) => `${subPath}.resourceGroups[${i}].name`, "resource group");
    sub.resourceGroups.forEach((rg, gi) => {
      const rgPath = `${subPath}.resourceGroups[${gi}]`;
      duplicate(rg.vms.map((v) => ({ key: v.name })), (i) => `${rgPath}.vms[${i}].name`, "VM");
      duplicate(rg.scaleSets.map((v) => ({ key: v.name })), (i) => `${rgPath}.scaleSets[${i}].name`, "scale set");
      rg.vms.forEach((vm, vi) => checkExtensions(vm.extensions, `${rgPath}.vms[${vi}]`, problems, duplicate));
      rg.scaleSets.forEach((set, ci) => {
        const setPath = `${rgPath}.scaleSets[${ci}]`;
        checkExtensions(set.extensions, setPath, problems, duplicate);
        duplicate(set.instances.map((x) => ({ key: x.instanceId })), (i) => `${setPath}.instances[${i}].instanceId`, "instance");
        const modelNames = new Set(set.extensions.map((e) => e.name.toLowerCase()));
        set.instances.forEach((instance, ii) => {
          for (const name of Object.keys(instance.runningVersions)) {
            if (!modelNames.has(name.toLowerCase())) {
              problems.push(`${setPath}.instances[${ii}].runningVersions.${name}: no model extension with that name`);
            }
          }
        });
      });
    });
  });
  return problems;
}

function checkExtensions(
  extensions: FleetData["subscriptions"][number]["resourceGroups"][number]["vms"][number]["extensions"],
  ownerPath: string,
  problems: string[],
  duplicate: (items: readonly { key: string }[], path: (i: number) => string, what: string) => void,
): void {
  duplicate(extensions.map((e) => ({ key: e.name })), (i) => `${ownerPath}.extensions[${i}].name`, "extension");
  extensions.forEach((ext, i) => {
    if (ext.failure && ext.provisioningState !== "Failed") {
      problems.push(`${ownerPath}.extensions[${i}].failure: requires provisioningState "Failed"`);
    }
  });
}
