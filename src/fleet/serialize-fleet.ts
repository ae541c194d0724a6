import type { FleetReader } from "./port.js";

const portMethods: ReadonlySet<PropertyKey> = new Set<keyof FleetReader>([
  "findByName",
  "getVm",
  "getScaleSet",
  "listInScope",
  "listExtensionVersions",
  "lastHeartbeat",
]);

/**
 * The same reader, but each port call starts only after the previous one settled: the sequential
 * baseline of the benchmark. Other members (such as stats()) pass through unchanged.
 */
export function serializeFleet<T extends FleetReader>(reader: T): T {
  let tail: Promise<unknown> = Promise.resolve();
  return new Proxy(reader, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!portMethods.has(property)) return value.bind(target);
      return (...args: unknown[]) => {
        const run = tail.then(() => value.apply(target, args) as Promise<unknown>);
        // The queue continues after a failure; the caller still sees it.
        tail = run.catch(() => undefined);
        return run;
      };
    },
  });
}
