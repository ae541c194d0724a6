// What a Windows machine prints when a reachability probe function runs (read-probe-script.ts). The
// body is read line by line as data; nothing is executed. Understood: `$r = Test-NetConnection …`
// (with -WarningAction SilentlyContinue / -WarningVariable), a bare Test-NetConnection (its
// Format-List block), `Write-Output` of single-quoted text joined with `+` to the parameter, the
// result's properties or a loop variable, `foreach ($x in $w) { … }` over the warnings, blocks
// guarded by `if (-not $r.TcpTestSucceeded)`, and one more connect through `TcpClient.ConnectAsync`,
// which prints the socket error the script formats. Anything else prints nothing.
import { socketErrorOf, testNetConnectionOutput, testNetConnectionResult, type ProbeOutcome, type ProbeText, type TestNetConnectionResult } from "./network-probe-output.js";
import { countBraceChange, type ProbeFunction } from "./read-probe-script.js";

interface Session {
  host: string;
  outcomeOf(host: string): ProbeOutcome;
  /** Variables the script reads: the parameter, and for a loop its current value. */
  strings: Map<string, string>;
  /** `$r` → the Test-NetConnection result. */
  results: Map<string, TestNetConnectionResult & { port: number }>;
  /** `-WarningVariable w` → w's warnings. */
  warnings: Map<string, string[]>;
  stdout: string[];
  stderr: string[];
}

const readProperty = (r: TestNetConnectionResult & { port: number }, name: string, host: string): string | undefined => {
  switch (name.toLowerCase()) {
    case "remoteaddress":
      return r.remoteAddress;
    case "tcptestsucceeded":
      return r.tcpTestSucceeded ? "True" : "False";
    case "computername":
      return host;
    case "remoteport":
      return String(r.port);
    default:
      return undefined;
  }
};

/** A `+`-joined expression of 'text', $var and $var.Property; undefined when a part is not known. */
function evaluate(expression: string, session: Session): string | undefined {
  const text = expression.trim().replace(/^\((.*)\)$/, "$1");
  const parts = text.match(/'(?:[^']|'')*'|\$\w+(?:\.\w+)?|\+|[^\s+]+/g) ?? [];
  let value = "";
  let expectTerm = true;
  for (const part of parts) {
    if (part === "+") {
      if (expectTerm) return undefined;
      expectTerm = true;
      continue;
    }
    if (!expectTerm) return undefined;
    expectTerm = false;
    if (part.startsWith("'")) value += part.slice(1, -1).replace(/''/g, "'");
    else if (part.startsWith("$")) {
      const [name = "", prop] = part.slice(1).split(".");
      const result = session.results.get(name.toLowerCase());
      const resolved = prop !== undefined ? (result ? readProperty(result, prop, session.host) : undefined) : session.strings.get(name.toLowerCase());
      if (resolved === undefined) return undefined;
      value += resolved;
    } else return undefined;
  }
  return expectTerm ? undefined : value;
}

/** True/false for `-not $r.TcpTestSucceeded`, `!$r…`, `$r…`; undefined for anything else. */
function evaluateCondition(text: string, session: Session): boolean | undefined {
  const m = /^\s*(-not\s+|!\s*)?\$(\w+)\.TcpTestSucceeded\s*$/i.exec(text);
  const result = m ? session.results.get(m[2]!.toLowerCase()) : undefined;
  if (!m || !result) return undefined;
  return m[1] ? !result.tcpTestSucceeded : result.tcpTestSucceeded;
}

function runTestNetConnection(line: string, session: Session): void {
  const assigned = /^\s*\$(\w+)\s*=\s*Test-NetConnection\b(.*)$/i.exec(line);
  const args = assigned?.[2] ?? /\bTest-NetConnection\b(.*)$/i.exec(line)?.[1] ?? "";
  const port = Number(/-Port\s+(\d+)/i.exec(args)?.[1] ?? 443);
  const target = /-ComputerName\s+(\S+)/i.exec(args)?.[1] ?? /^\s*(?!-)(\S+)/.exec(args)?.[1] ?? "";
  const host = evaluate(target, session) ?? target;
  const outcome = session.outcomeOf(host);
  const result = { ...testNetConnectionResult(host, port, outcome), port };
  const variable = /-WarningVariable\s+(\w+)/i.exec(args)?.[1];
  if (variable) session.warnings.set(variable.toLowerCase(), result.warnings);
  if (!/-WarningAction\s+(SilentlyContinue|Ignore)/i.test(args)) session.stderr.push(...result.warnings.map((w) => `WARNING: ${w}`));
  if (assigned) session.results.set(assigned[1]!.toLowerCase(), result);
  else session.stdout.push(...testNetConnectionOutput(host, port, outcome).stdout.split("\r\n"));
}

/** `Write-Output 'tcp: Success'` / `('tcp: ' + $e.SocketErrorCode)` → "tcp: "; the script's own label. */
function findSocketLabel(body: readonly string[]): string {
  for (const line of body) {
    const m = /'([^']*)'\s*\+\s*\$\w+\.SocketErrorCode/i.exec(line) ?? /Write-Output\s+'([^']*?)Success'/i.exec(line);
    if (m) return m[1]!;
  }
  return "";
}

function runWriteOutput(line: string, session: Session): void {
  const calls = line.match(/\bWrite-Output\b/gi) ?? [];
  if (calls.length !== 1) return;
  const expression = /\bWrite-Output\s+(.*?)\s*;?\s*$/i.exec(line)?.[1] ?? "";
  const loop = /^\s*foreach\s*\(\s*\$(\w+)\s+in\s+\$(\w+)\s*\)\s*\{\s*Write-Output\s+(.*?)\s*\}\s*$/i.exec(line);
  if (loop) {
    for (const item of session.warnings.get(loop[2]!.toLowerCase()) ?? []) {
      session.strings.set(loop[1]!.toLowerCase(), item);
      const value = evaluate(loop[3]!, session);
      if (value !== undefined) session.stdout.push(value);
    }
    session.strings.delete(loop[1]!.toLowerCase());
    return;
  }
  if (/^\s*(foreach|if|while|for)\b/i.test(line)) return;
  const value = evaluate(expression, session);
  if (value !== undefined) session.stdout.push(value);
}

function runConnectAsync(line: string, body: readonly string[], session: Session): void {
  const target = /\.ConnectAsync\s*\(\s*([^,)]+)/i.exec(line)?.[1] ?? "";
  const host = evaluate(target, session) ?? session.host;
  session.stdout.push(`${findSocketLabel(body)}${socketErrorOf(session.outcomeOf(host))}`);
}

/** The output of `Invoke-ExtopsProbe '<host>'` on a Windows machine whose network answers as `outcomeOf` says. */
export function runPowerShellProbe(probe: ProbeFunction, host: string, outcomeOf: (host: string) => ProbeOutcome): ProbeText {
  const session: Session = {
    host,
    outcomeOf,
    strings: new Map(probe.parameter ? [[probe.parameter.toLowerCase(), host]] : []),
    results: new Map(),
    warnings: new Map(),
    stdout: [],
    stderr: [],
  };
  // Each open block remembers whether it runs; a line runs when every enclosing block does.
  const blocks: Array<{ depth: number; runs: boolean }> = [];
  let depth = 0;
  for (const line of probe.body) {
    const runs = blocks.every((b) => b.runs);
    const delta = countBraceChange(line, "powershell");
    const opensGuard = /^\s*if\s*\((.*)\)\s*\{\s*$/i.exec(line);
    if (/^\s*\}\s*else\s*\{\s*$/i.test(line) && blocks.at(-1)?.depth === depth) blocks.at(-1)!.runs = !blocks.at(-1)!.runs;
    else if (opensGuard && delta === 1) blocks.push({ depth: depth + 1, runs: evaluateCondition(opensGuard[1]!, session) ?? true });
    else if (runs) {
      const oneLineGuard = /^\s*if\s*\((.*?)\)\s*\{(.*)\}\s*$/i.exec(line);
      if (/\.ConnectAsync\s*\(/i.test(line)) runConnectAsync(line, probe.body, session);
      else if (/\bTest-NetConnection\b/i.test(line)) runTestNetConnection(line, session);
      else if (oneLineGuard && !/\belse\b/i.test(line)) {
        if (evaluateCondition(oneLineGuard[1]!, session) ?? true) runWriteOutput(oneLineGuard[2]!, session);
      } else runWriteOutput(line, session);
    }
    depth += delta;
    while (blocks.length > 0 && blocks.at(-1)!.depth > depth) blocks.pop();
  }
  const join = (lines: string[]) => lines.map((l) => `${l}\r\n`).join("");
  return { stdout: join(session.stdout), stderr: join(session.stderr) };
}
