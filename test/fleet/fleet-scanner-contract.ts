// The FleetScanner contract (ARCHITECTURE.md seam 7): the same tests run against the in-memory fake
// and against createAzureScanner + the simulator's Resource Graph.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetScanner, ScannedExtension } from "../../src/fleet/port.js";

export interface ScannerSubject {
  scanner: FleetScanner;
  /** Lower-case extension IDs the scan must return, per subscription ID (lower case). */
  expected: Map<string, string[]>;
  stop?(): Promise<void>;
}

async function pagesOf(scan: AsyncIterable<ScannedExtension[]>): Promise<ScannedExtension[][]> {
  const pages: ScannedExtension[][] = [];
  for await (const page of scan) pages.push(page);
  return pages;
}

export function describeFleetScannerContract(name: string, start: () => Promise<ScannerSubject>): void {
  describe(`FleetScanner contract: ${name}`, () => {
    let subject: ScannerSubject;
    const all = () => [...subject.expected.values()].flat().sort();

    beforeAll(async () => {
      subject = await start();
    });
    afterAll(async () => {
      await subject?.stop?.();
    });

    it("when scanned with a small page size, then every extension comes back exactly once and no page is larger", async () => {
      const pages = await pagesOf(subject.scanner.scanExtensions([...subject.expected.keys()], { pageSize: 3 }));
      expect(pages.every((p) => p.length >= 1 && p.length <= 3)).toBe(true);
      expect(pages.flat().map((r) => r.extension.id.toLowerCase()).sort()).toEqual(all());
    });

    it("when one subscription is scanned, then only its extensions come back", async () => {
      const [first, ids] = [...subject.expected.entries()][0]!;
      const rows = (await pagesOf(subject.scanner.scanExtensions([first.toUpperCase()]))).flat();
      expect(rows.map((r) => r.extension.id.toLowerCase()).sort()).toEqual([...ids].sort());
    });

    it("when a row is read, then it holds the model (major.minor, no running version) and its parent", async () => {
      const rows = (await pagesOf(subject.scanner.scanExtensions([...subject.expected.keys()]))).flat();
      for (const row of rows) {
        expect(row.extension.runningVersion).toBeUndefined();
        expect(row.extension.statuses).toEqual([]);
        expect(row.extension.id.toLowerCase().startsWith(`${row.resource.id.toLowerCase()}/extensions/`)).toBe(true);
        if (row.resource.kind === "vm") expect(row.resource.powerState).toBeDefined();
        else expect(row.resource.upgradePolicy).toBeDefined();
      }
    });

    it("when the page size is outside 1..1000, then the scan fails", async () => {
      await expect(pagesOf(subject.scanner.scanExtensions([...subject.expected.keys()], { pageSize: 1001 }))).rejects.toThrow();
    });
  });
}
