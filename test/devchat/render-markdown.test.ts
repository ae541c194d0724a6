import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/devchat/public/render-markdown.js";

describe("the page's Markdown (Teams' subset)", () => {
  it("when text holds HTML, then it is escaped, never markup", () => {
    expect(renderMarkdown('<img src=x onerror="alert(1)"> & co')).toBe("<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co</p>");
  });

  it("when text has bold, italic, code and links, then they become the matching tags", () => {
    expect(renderMarkdown("**Fix:** run _upgrade_ with `--now`, see [docs](https://learn.microsoft.com/x)")).toBe(
      '<p><strong>Fix:</strong> run <em>upgrade</em> with <code>--now</code>, see <a href="https://learn.microsoft.com/x" target="_blank" rel="noopener noreferrer">docs</a></p>',
    );
  });

  it("when a link is not http(s) or a name has underscores, then it stays plain text", () => {
    expect(renderMarkdown("[x](javascript:alert(1)) vm_web_01 2*3*4")).toBe("<p>[x](javascript:alert(1)) vm_web_01 2*3*4</p>");
  });

  it("when lines start with - or 1., then they become lists; blank lines split paragraphs; single newlines break lines", () => {
    expect(renderMarkdown("Steps:\n- one\n- two\n\n1. first\n2. second\n\nline a\nline b")).toBe(
      "<p>Steps:</p><ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol><p>line a<br>line b</p>",
    );
  });
});
