// Every Store implementation validates the same way, so code tested against the memory store
// cannot pass a name, key or value that Table Storage would refuse.
import { maxValueJsonBytes } from "./port.js";

const tableNamePattern = /^[A-Za-z][A-Za-z0-9]{2,62}$/;
const maxKeyLength = 512;

/** Throws RangeError unless the name is a valid table name; returns its case-insensitive identity. */
export function checkTableName(table: string): string {
  // "tables" is reserved by Table Storage (learn.microsoft.com "Understanding the Table service data model").
  if (!tableNamePattern.test(table) || table.toLowerCase() === "tables") {
    throw new RangeError(`invalid store table name "${table}": use [A-Za-z][A-Za-z0-9]{2,62}, not "tables"`);
  }
  return table.toLowerCase();
}

// A lone surrogate cannot travel as UTF-8: Table Storage would store U+FFFD instead, i.e. another key.
const loneSurrogate = /\p{Cs}/u;

export function checkKey(key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > maxKeyLength || loneSurrogate.test(key)) {
    throw new RangeError(`invalid store key: must be a non-empty string of at most ${maxKeyLength} characters`);
  }
}

export function checkPrefix(prefix: string | undefined): void {
  if (prefix !== undefined && (typeof prefix !== "string" || prefix.length > maxKeyLength || loneSurrogate.test(prefix))) {
    throw new RangeError(`invalid store key prefix: must be a string of at most ${maxKeyLength} characters`);
  }
}

export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new RangeError(`invalid list limit ${limit}: must be a positive integer`);
  }
}

/** The value's JSON text; throws TypeError for values JSON cannot carry and RangeError when too big. */
export function serializeValue(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError("store values must be JSON-serializable (got undefined or a function)");
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > maxValueJsonBytes) {
    throw new RangeError(`store value is ${bytes} bytes of JSON; the limit is ${maxValueJsonBytes}: split it over several keys`);
  }
  return json;
}
