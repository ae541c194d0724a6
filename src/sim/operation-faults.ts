// Faults of long-running writes: from the fixture (`writeFault` on an extension, VM, scale set or
// instance) or injected at run time (injectOperationFault). "fail" ends the operation Failed with
// the given ARM error code; "hang" keeps it InProgress forever (a client's timeout path).
import type { WriteFaultData } from "./fixture-schema.js";
import type { OperationFault } from "./operation-book.js";

export interface OperationFaultRule {
  /** Case-insensitive substring of the decoded write path; absent = any write. */
  pathIncludes?: string;
  method?: string;
  kind: "fail" | "hang";
  /** ARM error code of the failed operation (default VMExtensionProvisioningError). */
  code?: string;
  message?: string;
  /** How many write operations it affects (default: unlimited). */
  times?: number;
}

export class OperationFaultBook {
  private rules: { rule: OperationFaultRule; remaining: number }[] = [];

  add(rule: OperationFaultRule): void {
    this.rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  take(method: string, path: string): OperationFault | undefined {
    const lower = path.toLowerCase();
    const hit = this.rules.find(
      ({ rule, remaining }) =>
        remaining > 0 && (!rule.method || rule.method.toUpperCase() === method) && (!rule.pathIncludes || lower.includes(rule.pathIncludes.toLowerCase())),
    );
    if (!hit) return undefined;
    hit.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { kind: hit.rule.kind, code: hit.rule.code, message: hit.rule.message };
  }
}

/** The first fixture fault among the owners (most specific first); uses one of its `times`. */
export function takeFixtureFault(owners: { writeFault?: WriteFaultData }[]): OperationFault | undefined {
  for (const owner of owners) {
    const fault = owner.writeFault;
    if (!fault) continue;
    if (fault.times !== undefined) {
      fault.times--;
      if (fault.times <= 0) delete owner.writeFault;
    }
    return { kind: fault.kind, code: fault.code, message: fault.message };
  }
  return undefined;
}
