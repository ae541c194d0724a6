// The subset of Markdown Teams renders in card TextBlocks and text messages (bold, italic, inline
// code, links, bullet and numbered lists, line breaks), as HTML. Everything is HTML-escaped first,
// so text from a card can never inject markup. Used by the page (AdaptiveCard.onProcessMarkdown)
// and by its unit test.

const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => entities[c]);
}

function renderInline(escaped) {
  return (
    escaped
      // [title](https://...) only: no javascript:, no relative links.
      .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
      .replace(/`([^`\n]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
      // Emphasis only between spaces or punctuation, so vm_web_01 or 2*3*4 stay as they are.
      .replace(/(^|[\s(])([*_])([^*_\n]+)\2(?=$|[\s.,;:!?)])/g, "$1<em>$3</em>")
  );
}

/** Markdown (Teams' subset) to HTML. */
export function renderMarkdown(markdown) {
  const lines = escapeHtml(markdown).split(/\r?\n/);
  const html = [];
  let list;
  const closeList = () => {
    if (list) html.push(`</${list}>`);
    list = undefined;
  };
  let paragraph = [];
  const closeParagraph = () => {
    if (paragraph.length > 0) html.push(`<p>${paragraph.map(renderInline).join("<br>")}</p>`);
    paragraph = [];
  };
  for (const line of lines) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      closeParagraph();
      const kind = bullet ? "ul" : "ol";
      if (list !== kind) {
        closeList();
        html.push(`<${kind}>`);
        list = kind;
      }
      html.push(`<li>${renderInline(item[1])}</li>`);
    } else if (line.trim() === "") {
      closeList();
      closeParagraph();
    } else {
      closeList();
      paragraph.push(line);
    }
  }
  closeList();
  closeParagraph();
  return html.join("");
}
