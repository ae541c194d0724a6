import { describe, expect, it } from "vitest";
import { mapBounded } from "../../src/concurrency/map-bounded.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapBounded", () => {
  it("when mapping many items, then at most `limit` run at once and the order is kept", async () => {
    let running = 0;
    let peak = 0;
    const result = await mapBounded([...Array(20).keys()], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(result).toEqual([...Array(20).keys()].map((n) => n * 2));
  });

  it("when one call fails, then the result rejects and no further item starts", async () => {
    const started: number[] = [];
    await expect(
      mapBounded([0, 1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 1) throw new Error("fail");
        return n;
      }),
    ).rejects.toThrow("fail");
    expect(started).toEqual([0, 1]);
  });

  it("when there are no items, then the result is empty", async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
