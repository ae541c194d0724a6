import { describe, expect, it } from "vitest";
import { AzureError, toAzureError } from "../../../src/fleet/azure/azure-error.js";

describe("toAzureError", () => {
  it("when an SDK error carries the request with its token, then the AzureError keeps code, status and correlation ID only", () => {
    const restError = Object.assign(new Error("Too many requests, retry later"), {
      code: "TooManyRequests",
      statusCode: 429,
      request: { headers: { authorization: "Bearer secret-token" } },
      response: { headers: { get: (n: string) => (n === "x-ms-correlation-request-id" ? "corr-1" : undefined) } },
    });
    const error = toAzureError(restError);
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ code: "TooManyRequests", statusCode: 429, correlationId: "corr-1", message: "Too many requests, retry later" });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("secret-token");
    expect(Object.keys(error)).not.toContain("request");
  });

  it("when something without a code is thrown, then the code is Unknown and the message is kept short", () => {
    const error = toAzureError(new Error("x".repeat(2000)));
    expect(error.code).toBe("Unknown");
    expect(error.statusCode).toBeUndefined();
    expect(error.message.length).toBeLessThanOrEqual(501);
  });

  it("when an AzureError is converted again, then it is the same object", () => {
    const error = new AzureError("X", "y");
    expect(toAzureError(error)).toBe(error);
  });
});
