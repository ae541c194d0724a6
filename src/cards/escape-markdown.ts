// Teams renders Markdown in TextBlock and FactSet text, so a name such as `*prod*` or an echoed
// `[x](https://...)` would be formatted or linked. Text that did not come from our i18n files goes
// through here. `${` is broken up as well: the renderer rejects any `${` left after expansion
// (bot-framework.md §6 pitfall 7: inserted values are not re-evaluated, but they must not look like
// a leftover binding either).

// The Markdown subset Adaptive Cards render: emphasis (* _), links ([ ]), code spans in Teams (`).
// An underscore inside a word ("vm_web_01", "vmss-web_1") cannot open or close emphasis, and Teams may
// show the backslash of an escape literally, so only underscores at a word edge are escaped.
const markdownSpecials = /[\\`*[\]]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Text safe to place in a Markdown-rendered TextBlock or Fact. */
export function escapeMarkdown(text: string): string {
  return neutralizeTemplate(text.replace(markdownSpecials, (c) => `\\${c}`));
}

/** Text safe for places Teams does not render as Markdown (button titles, action data). */
export function neutralizeTemplate(text: string): string {
  return text.replace(/\$\{/g, "$\u200b{");
}

/** Every string param escaped, numbers kept: for t(locale, key, params) with names in them. */
export function escapeParams(params: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? escapeMarkdown(v) : v]));
}
