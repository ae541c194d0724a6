// Scale-set instances are upgraded in waves: the historic hazard was every instance upgrading at
// once (seed 000). A canary goes first, then batches of at most a fixed share of the whole set.

export interface WaveOptions {
  /** Instances in the first wave (default 1). */
  canary: number;
  /** Largest later wave, as a percentage of all instances (default 20); at least one instance per wave. */
  maxBatchPercent: number;
}

export const defaultWaveOptions: WaveOptions = { canary: 1, maxBatchPercent: 20 };

/** Splits instance IDs, in the given order, into waves: canary first, then equal batches. */
export function planWaves(instanceIds: readonly string[], options: WaveOptions = defaultWaveOptions): string[][] {
  if (!Number.isInteger(options.canary) || options.canary < 0) throw new RangeError("canary must be a whole number >= 0");
  if (!(options.maxBatchPercent > 0 && options.maxBatchPercent <= 100)) {
    throw new RangeError("maxBatchPercent must be in (0, 100]");
  }
  const total = instanceIds.length;
  const waves: string[][] = [];
  const canary = Math.min(options.canary, total);
  if (canary > 0) waves.push(instanceIds.slice(0, canary));
  const batch = Math.max(1, Math.floor((total * options.maxBatchPercent) / 100));
  for (let start = canary; start < total; start += batch) waves.push(instanceIds.slice(start, start + batch));
  return waves;
}

/** Instance IDs in a stable order: numeric IDs numerically ("2" before "10"), names alphabetically. */
export function sortInstanceIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => {
    const na = /^\d+$/.test(a);
    const nb = /^\d+$/.test(b);
    if (na && nb) return Number(a) - Number(b) || a.localeCompare(b);
    if (na !== nb) return na ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
