import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { startTestApp, type TestApp } from "../support/start-test-app.js";

// Issue 6 req 5: structured JSON logs in which one correlation ID follows a command from the
// inbound activity through the Azure calls it makes, with ARM's own correlation ID, never a token.
describe("observability", () => {
  const lines: Array<Record<string, unknown>> = [];
  let raw = "";
  let app: TestApp;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await startTestApp({ log: createLogger({ level: "debug", destination }) });
  });
  afterAll(() => app.stop());

  it("when a status command runs, then its Azure request log lines carry the turn's correlation ID and ARM's", async () => {
    await app.say("status rg-prod/vm-web-02");
    const handled = lines.find((line) => line.msg === "turn handled");
    expect(handled?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const azure = lines.filter((line) => line.msg === "azure request" && line.correlationId === handled?.correlationId);
    expect(azure.length).toBeGreaterThanOrEqual(2);
    for (const line of azure) expect((line.azure as { correlationId?: string }).correlationId).toBeTruthy();
  });

  it("when logs are written, then no bearer token appears in them", () => {
    expect(raw).not.toMatch(/sim-token|Bearer /);
  });

  it("when /readyz is asked, then it answers 200 while the fleet endpoint is reachable", async () => {
    const response = await fetch(`${app.bot.url}/readyz`);
    expect(response.status).toBe(200);
  });
});
