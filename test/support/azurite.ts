// Starts a private Azurite Table service for one test file: 127.0.0.1, a free port, in-memory data,
// telemetry off. Tests never rely on a globally running Azurite.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface RunningAzurite {
  /** Connection string for the well-known development account. */
  connectionString: string;
  /** Table endpoint including the account path, e.g. http://127.0.0.1:51234/devstoreaccount1 */
  tableEndpoint: string;
  stop(): Promise<void>;
}

// The published development-storage account; not a secret (learn.microsoft.com "Use Azurite").
export const azuriteAccountName = "devstoreaccount1";
export const azuriteAccountKey =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

const startTimeoutMs = 20_000;

export async function startAzurite(): Promise<RunningAzurite> {
  // Azurite cannot listen on port 0 and report the port it got, so pick a free one and retry if
  // another process grabs it in between.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await findFreePort();
    const workDir = await mkdtemp(join(tmpdir(), "extops-azurite-"));
    try {
      const child = await spawnAzurite(port, workDir);
      const tableEndpoint = `http://127.0.0.1:${port}/${azuriteAccountName}`;
      return {
        tableEndpoint,
        connectionString:
          `DefaultEndpointsProtocol=http;AccountName=${azuriteAccountName};AccountKey=${azuriteAccountKey};` +
          `TableEndpoint=${tableEndpoint};`,
        stop: async () => {
          await stopChild(child);
          await rm(workDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
      await rm(workDir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

function resolveAzuriteTableBin(): string {
  // Run the JS entry with our own node (not the .bin shell shim) so stop() kills Azurite itself.
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("azurite/package.json");
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  const entry = pkg.bin["azurite-table"];
  if (!entry) throw new Error("the azurite package has no azurite-table binary");
  return join(dirname(pkgPath), entry);
}

function spawnAzurite(port: number, workDir: string): Promise<ChildProcess> {
  const args = [
    resolveAzuriteTableBin(),
    "--tableHost", "127.0.0.1",
    "--tablePort", String(port),
    "--inMemoryPersistence",
    "--skipApiVersionCheck",
    "--disableTelemetry",
  ];
  // --location cannot be combined with --inMemoryPersistence; the cwd is where Azurite would put
  // anything it still writes, so give it a throw-away directory.
  const child = spawn(process.execPath, args, { cwd: workDir, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Azurite did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("successfully started")) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
