import type { Clock } from "../../src/clock.js";

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export function createFakeClock(start: Date): Clock & { advance(ms: number): void; sleep(ms: number): Promise<void> } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      now += ms;
      await Promise.resolve();
    },
  };
}
