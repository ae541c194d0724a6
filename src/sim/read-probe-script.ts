// Finds the reachability probes in a Run Command script, read as text and never run: a function
// whose body runs `openssl s_client` (Linux, sh) or `Test-NetConnection` (Windows, PowerShell),
// then one call of it per host — the shape of the bot's buildReachabilityScript
// (`probe() { … }` + `probe '<host>'`, `function Invoke-ExtopsProbe([string]$h) { … }` +
// `Invoke-ExtopsProbe '<host>'`). Lines outside such functions stay lines.

export type ScriptShell = "sh" | "powershell";

export interface ProbeFunction {
  shell: ScriptShell;
  name: string;
  /** PowerShell: the parameter's variable name ("h" for `[string]$h`); sh: always "1". */
  parameter: string;
  /** The lines between the opening and the closing brace. */
  body: string[];
}

export type ScriptStep = { kind: "line"; line: string } | { kind: "probe"; probe: ProbeFunction; host: string };

/** Where each `{` / `}` outside quotes changes the nesting; `escape` is `\` in sh, a backtick in PowerShell. */
export function countBraceChange(line: string, shell: ScriptShell): number {
  const escape = shell === "sh" ? "\\" : "`";
  let delta = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === escape) i++;
    else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) break;
    else if (c === "{") delta++;
    else if (c === "}") delta--;
  }
  return delta;
}

const shellHeader = /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*(\{)?\s*$/;
const powerShellHeader = /^\s*function\s+([\w-]+)\s*(?:\(\s*(?:\[[\w.[\]]+\]\s*)?\$(\w+)[^)]*\))?\s*(\{)?\s*$/i;
const powerShellParam = /^\s*param\s*\(\s*(?:\[[\w.[\]]+\]\s*)?\$(\w+)/i;

interface Header {
  name: string;
  parameter: string;
  opensOnHeader: boolean;
}

function readHeader(line: string, shell: ScriptShell): Header | undefined {
  if (shell === "sh") {
    const m = shellHeader.exec(line);
    return m ? { name: m[1]!, parameter: "1", opensOnHeader: m[2] === "{" } : undefined;
  }
  const m = powerShellHeader.exec(line);
  return m ? { name: m[1]!, parameter: m[2] ?? "", opensOnHeader: m[3] === "{" } : undefined;
}

/** The function starting at `start`, and the index after its closing line; undefined if it is not one. */
function readFunction(script: readonly string[], start: number, shell: ScriptShell): { fn: ProbeFunction; next: number } | undefined {
  const header = readHeader(script[start]!, shell);
  if (!header) return undefined;
  let i = start + 1;
  if (!header.opensOnHeader) {
    if (!/^\s*\{\s*$/.test(script[i] ?? "")) return undefined;
    i++;
  }
  const body: string[] = [];
  let depth = 1;
  for (; i < script.length; i++) {
    const line = script[i]!;
    depth += countBraceChange(line, shell);
    if (depth <= 0) break;
    body.push(line);
  }
  let parameter = header.parameter;
  if (shell === "powershell" && parameter === "") parameter = powerShellParam.exec(body[0] ?? "")?.[1] ?? "";
  const tool = shell === "sh" ? /\bopenssl\s+s_client\b/ : /\bTest-NetConnection\b/i;
  if (!body.some((l) => tool.test(l))) return undefined;
  return { fn: { shell, name: header.name, parameter, body }, next: i + 1 };
}

/**
 * The literal value of a call's only argument: `'x'` (sh: `'\''` is a quote; PowerShell: `''`),
 * `"x"` or a bare word. Undefined when it would expand (`$h`, backticks) or is not the only argument:
 * such a call is not a probe the simulator can answer.
 */
export function readLiteralArgument(text: string, shell: ScriptShell): string | undefined {
  let value = "";
  let i = 0;
  const s = text.trim().replace(/;\s*$/, "");
  // PowerShell also ends a quoted string at ‘ ’ ‚ ‛; no host name holds one, so do not guess.
  if (shell === "powershell" && /[\u2018-\u201B]/.test(s)) return undefined;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return undefined;
      value += s.slice(i + 1, end);
      i = end + 1;
      // PowerShell: '' inside quotes is one quote; the next round reads the rest of the string.
      if (shell === "powershell" && s[i] === "'") value += "'";
    } else if (c === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) return undefined;
      const inner = s.slice(i + 1, end);
      if (/[$`\\]/.test(inner)) return undefined;
      value += inner;
      i = end + 1;
    } else if (shell === "sh" && c === "\\" && s[i + 1] === "'") {
      value += "'";
      i += 2;
    } else if (/\s/.test(c) || /[$`;|&<>(){}]/.test(c)) return undefined;
    else {
      value += c;
      i++;
    }
  }
  return value === "" ? undefined : value;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function readCall(line: string, functions: readonly ProbeFunction[]): { probe: ProbeFunction; host: string } | undefined {
  for (const fn of functions) {
    // PowerShell commands are case-insensitive and take the parameter by name or by position.
    const call =
      fn.shell === "sh"
        ? new RegExp(`^\\s*${escapeForRegExp(fn.name)}\\s+(.+)$`).exec(line)
        : new RegExp(`^\\s*${escapeForRegExp(fn.name)}\\s+${fn.parameter ? `(?:-${escapeForRegExp(fn.parameter)}\\s+)?` : ""}(.+)$`, "i").exec(line);
    if (!call) continue;
    const host = readLiteralArgument(call[1]!, fn.shell);
    return host === undefined ? undefined : { probe: fn, host };
  }
  return undefined;
}

/** The script as lines and probe calls; a probe function's own lines are consumed. */
export function readProbeScript(osType: "Linux" | "Windows", script: readonly string[]): ScriptStep[] {
  const shell: ScriptShell = osType === "Windows" ? "powershell" : "sh";
  const functions: ProbeFunction[] = [];
  const steps: ScriptStep[] = [];
  for (let i = 0; i < script.length; ) {
    const found = readFunction(script, i, shell);
    if (found) {
      functions.push(found.fn);
      i = found.next;
      continue;
    }
    const line = script[i]!;
    const call = readCall(line, functions);
    steps.push(call ? { kind: "probe", ...call } : { kind: "line", line });
    i++;
  }
  return steps;
}
