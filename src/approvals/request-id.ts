import { randomBytes } from "node:crypto";

// Short enough to type in `cancel <id>`, without look-alike characters (0/o, 1/l/i).
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

/** A random 8-character request ID (31^8 ≈ 8.5e11; a collision only makes the insert retry). */
export function newRequestId(): string {
  const bytes = randomBytes(8);
  let id = "";
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}
