// Draws the two Teams app icons (color 192x192, outline 32x32) as PNGs, so the icons are
// reproducible from source instead of opaque binaries. Run: npx tsx scripts/make-icons.ts
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

// A heartbeat trace: the product watches agent heartbeats. Coordinates are in a 0..1 box.
const trace: Array<[number, number]> = [[0, 0.55], [0.3, 0.55], [0.4, 0.25], [0.52, 0.85], [0.62, 0.45], [0.7, 0.55], [1, 0.55]];

function distanceToTrace(px: number, py: number): number {
  let best = Infinity;
  for (let i = 0; i < trace.length - 1; i++) {
    const [ax, ay] = trace[i]!;
    const [bx, by] = trace[i + 1]!;
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

function glyph(size: number, padding: number, stroke: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const inner = size - 2 * padding;
    const u = (x + 0.5 - padding) / inner, v = (y + 0.5 - padding) / inner;
    if (u < 0 || u > 1 || v < 0 || v > 1) return false;
    return distanceToTrace(u, v) * inner <= stroke;
  };
}

const accent: Rgba = [0x0f, 0x6c, 0xbd, 255];
const white: Rgba = [255, 255, 255, 255];
const clear: Rgba = [0, 0, 0, 0];

// Color icon: 192x192 full colour, symbol inside the central 96x96 area (48 px padding), per Teams.
const colorGlyph = glyph(192, 48, 5);
writeFileSync(new URL("../manifest/color.png", import.meta.url), encodePng(192, (x, y) => (colorGlyph(x, y) ? white : accent)));
// Outline icon: 32x32, white on full transparency, no padding.
const outlineGlyph = glyph(32, 0, 1.6);
writeFileSync(new URL("../manifest/outline.png", import.meta.url), encodePng(32, (x, y) => (outlineGlyph(x, y) ? white : clear)));
console.log("wrote manifest/color.png and manifest/outline.png");
