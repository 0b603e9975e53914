/**
 * Row 11: the standalone plugin (`npm run plugin:archives`, this machine's target), built afresh
 * for the run:
 *
 * - the archive's size, against Node.js's own binary for the target in an archive made the same
 *   way (`tar -czf`): what the bundled plugin and its schema add to the Node.js a team downloads;
 * - from spawning the executable to the port line it prints (what the engine waits for before its
 *   first call), against the npm package's launcher (`bin/pulumi-resource-sae` on this machine's
 *   Node.js) doing the same, in the same run and in turns.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { findRepoRoot } from "../../harness";
import { buildArchives } from "../plugin/archives";
import { fetchNodeBinary, run } from "../plugin/executable";
import { executableName, hostTarget } from "../plugin/targets";
import { inTurns, median, nowMs } from "./measure";
import type { Report } from "./report";

/** Starts of each, in turns; the first of each is a warm-up, not kept. */
const samples = 11;
const section = "11 standalone plugin";

/** Milliseconds from spawning `file` (with the engine's address) to the first line on its stdout. */
async function untilPort(file: string): Promise<number> {
  const started = nowMs();
  // The engine's address is never dialled before a call: any loopback address does.
  const child = spawn(file, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.once("error", reject);
      void exited.then(() => reject(new Error(`${file} exited before printing its port`)));
    });
    return nowMs() - started;
  } finally {
    child.kill();
    await exited;
  }
}

/** Row 11 (see the module header); skipped on a machine no target runs on. */
export async function standalonePlugin(report: Report): Promise<void> {
  const host = hostTarget();
  if (host === undefined) {
    console.log(`  skipped: no plugin target runs on ${process.platform}-${process.arch}`);
    return;
  }
  const root = findRepoRoot();
  const work = mkdtempSync(join(tmpdir(), "sae-bench-standalone-"));
  try {
    const [archive] = await buildArchives({ targets: [host.name], outDir: work, log: () => undefined });
    const node = fetchNodeBinary(root, host, work);
    const nodeArchive = join(work, "node.tar.gz");
    run("tar", ["-czf", nodeArchive, "-C", dirname(node), basename(node)]);
    report.add({
      id: "standalone.archive",
      section,
      what: basename(archive.path),
      detail: "the executable alone, gzip",
      measured: { value: archive.bytes, unit: "bytes" },
      floor: { value: statSync(nodeArchive).size, unit: "bytes", label: "Node.js alone, same archive" },
    });

    const folder = join(work, "unpacked");
    mkdirSync(folder);
    run("tar", ["-xzf", archive.path, "-C", folder]);
    const standalone = join(folder, executableName(host));
    const launcher = join(root, "bin", "pulumi-resource-sae");
    const viaStandalone: number[] = [];
    const viaLauncher: number[] = [];
    // The first start of each warms the disk cache: not kept.
    const started = new Set<string>();
    const take = (file: string, into: number[]) => async () => {
      const ms = await untilPort(file);
      if (started.has(file)) {
        into.push(ms);
      }
      started.add(file);
    };
    await inTurns(samples + 1, take(standalone, viaStandalone), take(launcher, viaLauncher));
    report.add({
      id: "standalone.start",
      section,
      what: `standalone executable, spawn to port printed, median of ${samples}`,
      detail: "with V8's code cache",
      measured: { value: median(viaStandalone), unit: "ms" },
      floor: { value: median(viaLauncher), unit: "ms", label: "npm package's launcher" },
      extra: { samplesMs: viaStandalone, launcherSamplesMs: viaLauncher },
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
