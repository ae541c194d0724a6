// KQL string literals (learn.microsoft.com "The string data type"): "..." or '...' with backslash
// escapes, and verbatim @"..." / @'...' where a doubled quote stands for one.

const escapes: Record<string, string> = { "\\": "\\", '"': '"', "'": "'", n: "\n", t: "\t", r: "\r" };

/** Reads the literal at the start of `text`; returns its value and the text after it, or undefined. */
export function readKqlString(text: string): { value: string; rest: string } | undefined {
  const verbatim = text.startsWith("@");
  const quote = text[verbatim ? 1 : 0];
  if (quote !== '"' && quote !== "'") return undefined;
  let value = "";
  for (let i = verbatim ? 2 : 1; i < text.length; i++) {
    const ch = text[i]!;
    if (verbatim) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          value += quote;
          i++;
          continue;
        }
        return { value, rest: text.slice(i + 1) };
      }
      value += ch;
      continue;
    }
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined || !(next in escapes)) return undefined;
      value += escapes[next];
      i++;
      continue;
    }
    if (ch === quote) return { value, rest: text.slice(i + 1) };
    if (ch === "\n") return undefined;
    value += ch;
  }
  return undefined;
}

/** Splits a query at top-level pipes, leaving pipes inside string literals alone. */
export function splitKqlPipes(query: string): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    const startsLiteral = ch === '"' || ch === "'" || (ch === "@" && (query[i + 1] === '"' || query[i + 1] === "'"));
    if (startsLiteral) {
      const literal = readKqlString(query.slice(i));
      if (!literal) return undefined;
      const length = query.length - i - literal.rest.length;
      current += query.slice(i, i + length);
      i += length;
      continue;
    }
    if (ch === "|") {
      parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
    i++;
  }
  parts.push(current.trim());
  return parts;
}
