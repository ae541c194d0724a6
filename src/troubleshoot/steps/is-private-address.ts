import { isIP } from "node:net";

/** RFC 1918 IPv4 and IPv6 unique-local: where an AMPLS private endpoint answers from. */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (kind === 6) return /^f[cd]/i.test(address);
  return false;
}
