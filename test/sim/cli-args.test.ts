import { describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs, parseFaultSpec } from "../../src/sim/cli-args.js";

describe("parseCliArgs", () => {
  it("when given port, fixture and latency, then they are read", () => {
    expect(parseCliArgs(["--port", "9443", "--fixture", "f.json", "--latency", "50"])).toEqual({
      port: 9443,
      host: "127.0.0.1",
      fixturePath: "f.json",
      latencyMs: 50,
      pageSize: undefined,
      faults: [],
    });
  });

  it("when faults are repeated, then each becomes a rule", () => {
    const options = parseCliArgs(["--fault", "throttle,retryAfter=1,times=3,path=virtualMachines", "--fault", "slow,delay=200,method=get"]);
    expect(options.faults).toEqual([
      { kind: "throttle", retryAfterSeconds: 1, times: 3, pathIncludes: "virtualMachines" },
      { kind: "slow", delayMs: 200, method: "GET" },
    ]);
  });

  it.each([
    [["--port", "x"]],
    [["--latency", "-5"]],
    [["--bogus"]],
    [["--page-size", "0"]],
  ])("when given %j, then a usage error", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
  });

  it("when a generated fleet, ARM throttling and a graph quota are asked for, then they are read", () => {
    const options = parseCliArgs(["--vms", "10000", "--mix", "upToDate=3,behind=1", "--scale-sets", "4", "--throttle", "arm", "--graph-quota", "off", "--lro-polls", "0"]);
    expect(options.generate).toEqual({ vms: 10000, mix: { upToDate: 3, behind: 1 }, scaleSets: 4 });
    expect(options.armThrottle).toEqual({ reads: { capacity: 250, refillPerSecond: 25 }, writes: { capacity: 200, refillPerSecond: 10 } });
    expect(options.graphQuota).toBe(false);
    expect(options.lroPolls).toBe(0);
    expect(parseCliArgs(["--throttle", "reads=10:2"]).armThrottle).toEqual({ reads: { capacity: 10, refillPerSecond: 2 } });
  });

  it.each([[["--mix", "happy=1", "--vms", "1"]], [["--throttle", "reads=0:1"]], [["--graph-quota", "5"]]])("when given %j, then a usage error too", (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
  });

  it("when a fault kind or setting is unknown, then a usage error", () => {
    expect(() => parseFaultSpec("explode")).toThrow(CliUsageError);
    expect(() => parseFaultSpec("error,colour=red")).toThrow(/colour/);
  });
});
