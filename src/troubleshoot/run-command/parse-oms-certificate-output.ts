import type { CertificateDates } from "../facts.js";
import { certificateMarker } from "./run-command-script.js";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** OpenSSL's certificate time, "Jun 17 03:46:13 2023 GMT" (the day is space-padded: "Jun  7"). */
export function parseOpensslDate(text: string): Date | undefined {
  const m = /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s+GMT$/.exec(text.trim());
  if (!m) return undefined;
  const month = months.indexOf(m[1]!);
  if (month < 0) return undefined;
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

function datesIn(text: string, path: string | undefined): CertificateDates | undefined {
  // `-dates` prints "notBefore=..."; `-text` (seed 003's command) prints "Not Before: ...".
  const before = /not\s?Before\s*[=:]\s*(.+)$/im.exec(text)?.[1];
  const after = /not\s?After\s*[=:]\s*(.+)$/im.exec(text)?.[1];
  const notBefore = before ? parseOpensslDate(before) : undefined;
  const notAfter = after ? parseOpensslDate(after) : undefined;
  if (!notBefore || !notAfter) return undefined;
  return path ? { path, notBefore, notAfter } : { notBefore, notAfter };
}

/** Certificates found by buildOmsCertificateScript (or raw openssl output): none when nothing parses. */
export function parseOmsCertificateOutput(stdout: string): CertificateDates[] {
  if (!stdout.includes(certificateMarker)) {
    const single = datesIn(stdout, undefined);
    return single ? [single] : [];
  }
  return stdout
    .split(certificateMarker)
    .slice(1)
    .flatMap((block) => {
      const [firstLine = "", ...rest] = block.split(/\r?\n/);
      const path = firstLine.trim();
      if (path === "none") return [];
      const dates = datesIn(rest.join("\n"), path);
      return dates ? [dates] : [];
    });
}
