import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePolicy, PolicyError, type Policy } from "./policy.js";

/** The demo grants (Alice requests, Bob approves, Carol only watches): the local default. */
export const demoGrantsPath = join(dirname(fileURLToPath(import.meta.url)), "demo-grants.json");

/** Reads and validates a grants file; a PolicyError names the file and every bad field. */
export function loadPolicyFile(path: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new PolicyError([`${path}: cannot read the grants file as JSON (${(error as Error).message})`]);
  }
  try {
    return parsePolicy(raw);
  } catch (error) {
    if (error instanceof PolicyError) throw new PolicyError(error.problems.map((p) => `${path}: ${p}`));
    throw error;
  }
}
