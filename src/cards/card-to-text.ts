// Readable text for the chat CLI and logs: the card's words in reading order, buttons with the
// command they run. Not a renderer: layout is flattened to lines.

type Node = Record<string, unknown>;

function asNodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter((v): v is Node => !!v && typeof v === "object") : [];
}

// Card text escapes Markdown specials (escape-markdown.ts); the CLI shows them plain.
function unescape(text: string): string {
  return text.replace(/\\([\\`*_[\]])/g, "$1").replace(/\$\u200b\{/g, "${");
}

function actionLine(action: Node): string {
  const title = typeof action.title === "string" ? unescape(action.title) : "";
  const data = action.data as Node | undefined;
  const command = typeof data?.command === "string" ? data.command : undefined;
  if (action.type === "Action.OpenUrl") return `[${title}] ${String(action.url)}`;
  return command ? `[${title}] → ${command}` : `[${title}]`;
}

function columnText(column: Node): string {
  return elementLines(column.items).join(" ");
}

function elementLines(value: unknown): string[] {
  const lines: string[] = [];
  for (const element of asNodes(value)) {
    if (element.isVisible === false) continue;
    switch (element.type) {
      case "TextBlock":
        if (typeof element.text === "string") lines.push(unescape(element.text));
        break;
      case "RichTextBlock":
        lines.push(asNodes(element.inlines).map((run) => unescape(String(run.text ?? ""))).join(""));
        break;
      case "FactSet":
        for (const fact of asNodes(element.facts)) lines.push(`${unescape(String(fact.title))}: ${unescape(String(fact.value))}`);
        break;
      case "ColumnSet": {
        const cells = asNodes(element.columns).map(columnText).filter((c) => c !== "");
        if (cells.length > 0) lines.push(cells.join(" | "));
        break;
      }
      case "Container":
        lines.push(...elementLines(element.items));
        break;
      case "ActionSet":
        lines.push(...asNodes(element.actions).map(actionLine));
        break;
      default:
        break;
    }
  }
  return lines;
}

/** The card as plain lines of text. */
export function cardToText(card: unknown): string {
  const root = (card && typeof card === "object" ? card : {}) as Node;
  return [...elementLines(root.body), ...asNodes(root.actions).map(actionLine)].join("\n");
}
