// What a Linux machine prints when a reachability probe function runs (read-probe-script.ts). The
// body is read line by line as data; nothing is executed. Only what such a probe uses is understood:
// `out=$(…)`, `rc=$?`, pipelines of echo / printf / getent hosts / [timeout N] openssl s_client and
// the text filters grep, cut, head, tail, sed 's/^/…/'. Other commands print nothing and succeed, so
// the filters of the script itself decide what reaches the 4,096-byte result — as on a real machine.
import { addressOf, opensslTranscript, opensslExitCode, type OpensslDialect, type OutputLine, type ProbeOutcome, type ProbeText } from "./network-probe-output.js";
import type { ProbeFunction } from "./read-probe-script.js";

export interface ProbeNetwork {
  outcomeOf(host: string): ProbeOutcome;
  dialect: OpensslDialect;
}

interface Result {
  lines: OutputLine[];
  status: number;
  /** A connect nobody answers: openssl waits for the kernel (~2 min) unless `timeout` ends it first. */
  hangs?: boolean;
}

interface Shell {
  vars: Map<string, string>;
  status: number;
  network: ProbeNetwork;
}

/** Splits at `separator` outside quotes and parentheses; undefined for `||` / `&&`, which are not understood. */
function splitOutside(text: string, separator: "|" | ";"): string[] | undefined {
  const parts: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === "\\") i++;
    else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && (c === "|" || c === "&") && text[i + 1] === c) return undefined;
    else if (depth === 0 && c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `$name`, `${name}`, `$1`, `$?` at text[i] (a "$"): the value and the index after it. */
function expandAt(text: string, i: number, shell: Shell): [string, number] {
  const braced = /^\$\{([A-Za-z_]\w*|\d+|\?)\}/.exec(text.slice(i));
  const plain = /^\$([A-Za-z_]\w*|\d|\?)/.exec(text.slice(i));
  const m = braced ?? plain;
  if (!m) return ["$", i + 1];
  const name = m[1]!;
  return [name === "?" ? String(shell.status) : (shell.vars.get(name) ?? ""), i + m[0].length];
}

/** Shell words with quotes removed and variables expanded (no word splitting, no globbing). */
function readWords(text: string, shell: Shell): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; ) {
        if (text[i] === "\\" && /["\\$`]/.test(text[i + 1] ?? "")) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === "$") {
          const [value, next] = expandAt(text, i, shell);
          word += value;
          i = next;
        } else word += text[i++];
      }
      i++;
    } else if (c === "\\") {
      word += text[i + 1] ?? "";
      i += 2;
    } else if (c === "$") {
      const [value, next] = expandAt(text, i, shell);
      word += value;
      i = next;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

const toResult = (lines: string[], status = 0): Result => ({ lines: lines.map((text) => ({ stream: 1, text })), status });

/** GNU grep's basic syntax (`\|` alternation) as a JavaScript pattern. */
function convertBasicRegex(pattern: string): string {
  let result = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && /[|(){}+?]/.test(pattern[i + 1] ?? "")) result += pattern[++i];
    else if (c === "\\") result += c + (pattern[++i] ?? "");
    else result += /[|(){}+?]/.test(c) ? `\\${c}` : c;
  }
  return result;
}

// A pattern from a request is compiled: bound its size (the simulator serves tests and demos only).
const maxPatternLength = 2000;

function runGrep(args: string[], input: string): Result {
  let syntax: "basic" | "extended" | "fixed" = "basic";
  let ignoreCase = false;
  let invert = false;
  let maxCount = Infinity;
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const count = /^(?:-m|--max-count=?)(\d*)$/.exec(a);
    if (count) maxCount = Number(count[1] || args[++i]);
    else if (a === "-e") pattern = args[++i];
    else if (/^-[A-Za-z]+$/.test(a)) {
      if (a.includes("E")) syntax = "extended";
      if (a.includes("F")) syntax = "fixed";
      if (a.includes("i")) ignoreCase = true;
      if (a.includes("v")) invert = true;
    } else if (pattern === undefined) pattern = a;
  }
  let regex: RegExp;
  try {
    if (pattern === undefined || pattern.length > maxPatternLength) throw new Error("no usable pattern");
    const source = syntax === "fixed" ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : syntax === "extended" ? pattern : convertBasicRegex(pattern);
    regex = new RegExp(source, ignoreCase ? "i" : "");
  } catch {
    return { lines: [{ stream: 2, text: "grep: Invalid regular expression" }], status: 2 };
  }
  const kept = splitLines(input)
    .filter((l) => regex.test(l) !== invert)
    .slice(0, maxCount);
  return toResult(kept, kept.length > 0 ? 0 : 1);
}

function runCut(args: string[], input: string): Result {
  const list = /^-[cb](.*)$/.exec(args[0] ?? "")?.[1] || args[1] || "";
  const range = /^(\d*)-(\d*)$/.exec(list) ?? /^(\d+)()$/.exec(list);
  if (!range) return toResult(splitLines(input));
  const from = Math.max(1, Number(range[1] || 1));
  const to = range[2] === "" && list.includes("-") ? Infinity : Number(range[2] || range[1]);
  return toResult(splitLines(input).map((l) => l.slice(from - 1, to)));
}

function readLineCount(args: string[]): number {
  const joined = args.join(" ");
  const m = /(?:^|\s)-n\s*-?(\d+)|(?:^|\s)-(\d+)/.exec(joined);
  return Number(m?.[1] ?? m?.[2] ?? 10);
}

function runSed(args: string[], input: string): Result {
  const script = args.find((a) => !a.startsWith("-")) ?? "";
  const edit = /^s(.)\^\1(.*)\1$/.exec(script) ?? /^s(.)\$\1(.*)\1$/.exec(script);
  if (!edit) return toResult(splitLines(input));
  const atStart = script[2] === "^";
  return toResult(splitLines(input).map((l) => (atStart ? edit[2]! + l : l + edit[2]!)));
}

function runPrintf(args: string[]): Result {
  const [format = "", ...values] = args;
  const unescape = (s: string) => s.replace(/\\(n|t|\\)/g, (_, e: string) => (e === "n" ? "\n" : e === "t" ? "\t" : "\\"));
  const slots = (format.match(/%s/g) ?? []).length;
  let text = "";
  let rest = values;
  do {
    let used = 0;
    text += unescape(format).replace(/%%|%s/g, (m) => (m === "%%" ? "%" : (rest[used++] ?? "")));
    rest = rest.slice(Math.max(slots, 1));
  } while (slots > 0 && rest.length > 0);
  const lines = text.split("\n");
  const last = lines.pop()!;
  // A line without its newline still shows in the result: Run Command keeps the raw bytes.
  return toResult(last === "" ? lines : [...lines, last]);
}

function runOpenssl(args: string[], network: ProbeNetwork): Result {
  const connect = args.indexOf("-connect");
  if (args[0] !== "s_client" || connect < 0) return toResult([]);
  const target = args[connect + 1] ?? "";
  const m = /^(.+):(\d+)$/.exec(target);
  const host = m?.[1] ?? target;
  const port = Number(m?.[2] ?? 443);
  const outcome = network.outcomeOf(host);
  return { lines: opensslTranscript(host, port, outcome, network.dialect), status: opensslExitCode(outcome), hangs: outcome === "timedOut" };
}

function runCommand(words: string[], input: string, shell: Shell): Result {
  const [command = "", ...args] = words;
  switch (command) {
    case "echo": {
      const newline = args[0] !== "-n";
      const text = args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a))).join(" ");
      return newline ? toResult([text]) : toResult(text === "" ? [] : [text]);
    }
    case "printf":
      return runPrintf(args);
    case "getent": {
      const name = args[1] ?? "";
      if (args[0] !== "hosts" || shell.network.outcomeOf(name) === "dnsFailure") return toResult([], 2);
      // glibc getent prints "%-15s %s": the address, then the name.
      return toResult([`${addressOf(name).padEnd(15)} ${name}`]);
    }
    case "timeout": {
      // timeout [options] DURATION COMMAND...: options come only before the duration.
      const duration = args.findIndex((a) => !a.startsWith("-"));
      const inner = runCommand(args.slice(duration + 1), input, shell);
      // coreutils timeout ends the command and exits 124.
      return inner.hangs ? { lines: [], status: 124 } : inner;
    }
    case "openssl":
      return runOpenssl(args, shell.network);
    case "grep":
    case "egrep":
      return runGrep(command === "egrep" ? ["-E", ...args] : args, input);
    case "cut":
      return runCut(args, input);
    case "head":
      return toResult(splitLines(input).slice(0, readLineCount(args)));
    case "tail":
      return toResult(splitLines(input).slice(-readLineCount(args)));
    case "sed":
      return runSed(args, input);
    case "cat":
      return toResult(splitLines(input));
    case "false":
      return toResult([], 1);
    default:
      return toResult([]);
  }
}

/** Applies `2>&1`, `2>/dev/null`, `>/dev/null`; the words that remain are the command. */
function redirect(words: string[], result: (command: string[]) => Result): Result {
  const command = words.filter((w) => !/^\d?[<>]/.test(w));
  const r = result(command);
  let lines = r.lines;
  for (const w of words) {
    if (w === "2>&1") lines = lines.map((l) => ({ stream: 1, text: l.text }));
    else if (w === "2>/dev/null") lines = lines.filter((l) => l.stream !== 2);
    else if (w === ">/dev/null" || w === "1>/dev/null") lines = lines.filter((l) => l.stream !== 1);
  }
  return { ...r, lines };
}

function runPipeline(text: string, shell: Shell): Result {
  const segments = splitOutside(text, "|");
  if (!segments) return toResult([]);
  let input = "";
  const passedBy: OutputLine[] = [];
  let last: Result = toResult([]);
  for (const segment of segments) {
    last = redirect(readWords(segment, shell), (command) => runCommand(command, input, shell));
    input = last.lines
      .filter((l) => l.stream === 1)
      .map((l) => `${l.text}\n`)
      .join("");
    passedBy.push(...last.lines.filter((l) => l.stream === 2));
  }
  return { lines: [...passedBy, ...last.lines.filter((l) => l.stream === 1)], status: last.status };
}

function runStatement(statement: string, shell: Shell): OutputLine[] {
  const text = statement.trim();
  if (text === "" || text.startsWith("#") || text === "{" || text === "}") return [];
  const captured = /^([A-Za-z_]\w*)=\$\((.*)\)$/.exec(text);
  if (captured) {
    const r = runPipeline(captured[2]!, shell);
    // $( ) takes stdout without its trailing newlines; stderr still goes to the terminal.
    const value = r.lines
      .filter((l) => l.stream === 1)
      .map((l) => l.text)
      .join("\n")
      .replace(/\n+$/, "");
    shell.vars.set(captured[1]!, value);
    shell.status = r.status;
    return r.lines.filter((l) => l.stream === 2);
  }
  const assignment = /^(?:local\s+|export\s+)?([A-Za-z_]\w*)=(\S*)$/.exec(text);
  if (assignment) {
    shell.vars.set(assignment[1]!, readWords(assignment[2]!, shell).join(""));
    shell.status = 0;
    return [];
  }
  const r = runPipeline(text, shell);
  shell.status = r.status;
  return r.lines;
}

/** The output of `probe '<host>'` on a Linux machine whose network behaves as `network` says. */
export function runShellProbe(probe: ProbeFunction, host: string, network: ProbeNetwork): ProbeText {
  const shell: Shell = { vars: new Map([["1", host]]), status: 0, network };
  const lines: OutputLine[] = [];
  for (const line of probe.body) {
    for (const statement of splitOutside(line, ";") ?? []) lines.push(...runStatement(statement, shell));
  }
  const stream = (n: 1 | 2) =>
    lines
      .filter((l) => l.stream === n)
      .map((l) => `${l.text}\n`)
      .join("");
  return { stdout: stream(1), stderr: stream(2) };
}
