// Types for the page's plain-JS module, so the unit test can import it under strict TypeScript.
export function escapeHtml(text: string): string;
export function renderMarkdown(markdown: string): string;
