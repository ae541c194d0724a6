import type { Severity } from "../drift/findings.js";

/** TextBlock colours (Adaptive Cards `Colors` enum); Teams renders them in light, dark and contrast themes. */
export type TextColor = "Default" | "Accent" | "Good" | "Warning" | "Attention";

const colors: Record<Severity, TextColor> = {
  critical: "Attention",
  high: "Attention",
  medium: "Warning",
  low: "Accent",
  info: "Default",
};

export function colorOfSeverity(severity: Severity): TextColor {
  return colors[severity];
}
