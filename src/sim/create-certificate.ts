// The simulator's TLS identity: one self-signed certificate made at start, with SANs for the
// loopback names clients use (azure-api.md §11). Clients trust exactly this certificate through
// tlsOptions.ca; nothing global (NODE_TLS_REJECT_UNAUTHORIZED) is touched.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface SimCertificate {
  key: string;
  cert: string;
  /** The certificate PEM written to a file (for NODE_EXTRA_CA_CERTS or other clients). */
  caPath: string;
  /** Removes the temporary directory holding caPath. */
  remove(): void;
}

export async function createCertificate(): Promise<SimCertificate> {
  const pems = await generate([{ name: "commonName", value: "extops ARM simulator" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [
      // cA: true lets the one certificate act as its own trust anchor in tlsOptions.ca.
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }, { type: 2, value: "localhost" }] },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "extops-sim-"));
  const caPath = join(dir, "sim-ca.pem");
  writeFileSync(caPath, pems.cert);
  return { key: pems.private, cert: pems.cert, caPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
