// Store keys -> Table Storage PartitionKey/RowKey. Table Storage forbids / \ # ? and control characters
// in key fields (learn.microsoft.com "Understanding the Table service data model"); '%' and "'" are
// allowed but break some service APIs (Azure Storage blog, "PartitionKey or RowKey containing the
// percent character causes some Windows Azure Tables APIs to fail", 2012), so they are escaped too.
//
// The code is reversible, prefix-preserving (enc(a + b) = enc(a) + enc(b)) and order-preserving
// (a < b <=> enc(a) < enc(b)), so prefix lists and `limit` work as range queries on the server.
// Each escaped character c sits in a run [lo, hi] of consecutive code points that contains an allowed
// escape character X and no unescaped character; c becomes X + alphabet[c - lo]. An unescaped character
// compares with X exactly as with every member of the run, and the alphabet is in ascending order.
// Cost: at most two characters per input character.

interface EscapeRun {
  lo: number;
  hi: number;
  escape: string;
}

const runs: readonly EscapeRun[] = [
  { lo: 0x00, hi: 0x27, escape: "!" }, // controls, space ! " # $ % & '
  { lo: 0x2e, hi: 0x2f, escape: "." }, // . /
  { lo: 0x3e, hi: 0x3f, escape: ">" }, // > ?
  { lo: 0x5c, hi: 0x5d, escape: "]" }, // \ ]
  { lo: 0x7e, hi: 0x9f, escape: "~" }, // ~ DEL, C1 controls
];

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Azurite and the service accept at most 512 characters per key field (Azurite DEFAULT_KEY_MAX_LENGTH). */
export const maxKeyFieldLength = 512;

function runOf(code: number): EscapeRun | undefined {
  return runs.find((run) => code >= run.lo && code <= run.hi);
}

export function encodeTableKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    const run = runOf(code);
    out += run ? run.escape + alphabet[code - run.lo] : key[i];
  }
  return out;
}

export function decodeTableKey(encoded: string): string {
  let out = "";
  for (let i = 0; i < encoded.length; i++) {
    const run = runs.find((r) => r.escape === encoded[i]);
    if (!run) {
      out += encoded[i];
      continue;
    }
    const digit = encoded[i + 1];
    const offset = digit === undefined ? -1 : alphabet.indexOf(digit);
    if (offset < 0 || run.lo + offset > run.hi) throw new RangeError(`not an encoded store key: ${JSON.stringify(encoded)}`);
    out += String.fromCharCode(run.lo + offset);
    i++;
  }
  return out;
}

export interface TableKeyFields {
  partitionKey: string;
  rowKey: string;
}

/**
 * An encoded key of up to 1024 characters, split into the two 512-character key fields. (PartitionKey,
 * RowKey) sorts like the whole string because the PartitionKey is always its first min(512, length)
 * characters. Most keys fit the PartitionKey alone: each key is its own partition, and prefix lists
 * are PartitionKey range queries.
 */
export function splitTableKey(encoded: string): TableKeyFields {
  return { partitionKey: encoded.slice(0, maxKeyFieldLength), rowKey: encoded.slice(maxKeyFieldLength) };
}

/**
 * The smallest string greater than every string that starts with `prefix`, or undefined when there is
 * none that can be sent (empty prefix, or the bump would leave a lone surrogate).
 */
export function upperBoundOfPrefix(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return undefined;
  const last = prefix.charCodeAt(end - 1);
  if (last >= 0xd7ff && last <= 0xdfff) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(last + 1);
}
