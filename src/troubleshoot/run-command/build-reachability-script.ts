import type { OsType } from "../../fleet/port.js";
import { isValidHostname } from "../required-endpoints.js";
import { quoteForPowerShell, quoteForShell } from "./quote-for-shell.js";
import { commandIdFor, probeMarker, UnsafeScriptInputError, type RunCommandScript } from "./run-command-script.js";

// Run Command keeps only the last 4,096 bytes of output (azure-api.md §6.1), and openssl prints a
// whole certificate chain per host. So the script keeps, per host, only the lines a verdict needs.
// LC_ALL=C keeps resolver messages in English on a Japanese-locale machine.
const linuxPrelude = [
  "export LC_ALL=C",
  "probe() {",
  `  echo "${probeMarker}$1"`,
  `  getent hosts "$1" | head -n 1 | sed 's/^/resolved: /'`,
  // Seed 002's check; `timeout` bounds a silently dropped connection (openssl would wait minutes).
  `  out=$(echo | timeout 10 openssl s_client -connect "$1:443" -servername "$1" 2>&1)`,
  "  rc=$?",
  `  printf '%s\\n' "$out" | grep -E -m 3 'CONNECTED|Name or service not known|getaddrinfo|Temporary failure in name resolution|No address associated|BIO_lookup|gethostbyname|Connection refused|Connection timed out|No route to host|Network is unreachable|connect:errno|not found' | cut -c1-160`,
  `  echo "exit: $rc"`,
  "}",
];

// Test-NetConnection (seed 002) says whether TCP worked but not why not; the socket error code of
// one more connect attempt tells refused from timed out. Property names and SocketError names are
// not localized, unlike the warnings.
const windowsPrelude = [
  "$ProgressPreference = 'SilentlyContinue'",
  "function Invoke-ExtopsProbe([string]$h) {",
  `  Write-Output ('${probeMarker}' + $h)`,
  "  $r = Test-NetConnection -ComputerName $h -Port 443 -WarningAction SilentlyContinue -WarningVariable w",
  "  Write-Output ('RemoteAddress    : ' + $r.RemoteAddress)",
  "  Write-Output ('TcpTestSucceeded : ' + $r.TcpTestSucceeded)",
  "  foreach ($x in $w) { Write-Output ('WARNING: ' + $x) }",
  "  if (-not $r.TcpTestSucceeded) {",
  "    $c = New-Object System.Net.Sockets.TcpClient",
  "    try {",
  "      if ($c.ConnectAsync($h, 443).Wait(10000)) { Write-Output 'tcp: Success' } else { Write-Output 'tcp: TimedOut' }",
  "    } catch {",
  "      $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }",
  "      if ($e -is [System.Net.Sockets.SocketException]) { Write-Output ('tcp: ' + $e.SocketErrorCode) } else { Write-Output 'tcp: Error' }",
  "    } finally { $c.Close() }",
  "  }",
  "}",
];

/** The probe of seed 002's reachability check, one block per host. Throws on anything but a hostname. */
export function buildReachabilityScript(osType: OsType, hosts: readonly string[]): RunCommandScript {
  for (const host of hosts) if (!isValidHostname(host)) throw new UnsafeScriptInputError("hostname", host);
  if (hosts.length === 0) throw new UnsafeScriptInputError("hostname", "");
  const script =
    osType === "Windows"
      ? [...windowsPrelude, ...hosts.map((h) => `Invoke-ExtopsProbe ${quoteForPowerShell(h)}`)]
      : [...linuxPrelude, ...hosts.map((h) => `probe ${quoteForShell(h)}`)];
  return { commandId: commandIdFor(osType), script };
}
