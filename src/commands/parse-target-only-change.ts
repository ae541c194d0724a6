import { parseScopeWithoutExtra, splitDryRun, type ChangeArgs } from "./change-command.js";
import type { ParseResult } from "./types.js";

type TargetOnlyVerb = "restart-agent" | "start-vm" | "enable-identity";

/** `<verb> <vm | rg/vm | ...> [--dry-run]`: change commands whose only argument is the target. */
export function parseTargetOnlyChange(verb: TargetOnlyVerb): (words: string[]) => ParseResult<ChangeArgs> {
  return (words) => {
    const split = splitDryRun(words);
    if (!split.ok) return split;
    const [targetWord, ...extra] = split.args.words;
    const scope = parseScopeWithoutExtra(targetWord, extra);
    if (!scope.ok) return scope;
    return { ok: true, args: { scope: scope.args, spec: { verb }, dryRun: split.args.dryRun, prefix: [], suffix: [] } };
  };
}
