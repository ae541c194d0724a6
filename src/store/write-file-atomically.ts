import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** Suffix of the temporary files; a crash can leave one behind, and the store removes them on open. */
export const tempFileMarker = ".tmp-";

let counter = 0;

/**
 * Replaces the file so that after a crash it holds either the old or the new text, never a mix:
 * write a temporary file, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}${tempFileMarker}${process.pid}-${++counter}`;
  try {
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(dir: string): Promise<void> {
  // The rename is only durable once the directory entry is flushed (POSIX rename(2) + fsync(2));
  // Windows cannot open a directory for fsync and makes renames durable itself.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
