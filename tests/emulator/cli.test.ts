// The sae-emulator command line: flags, banner, usage errors, stopping on a signal.

import { EventEmitter } from "node:events";
import { parseCliArgs, runCli, stopOnSignal, usage, USAGE_ERROR } from "../../emulator/cli";
import type { Emulator } from "../../emulator";
import { call, makeClient } from "./signedClient";

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test("defaults: port 9000, everything else left to the emulator's defaults", () => {
  expect(parseCliArgs([])).toEqual({ kind: "run", options: { port: 9000 }, quiet: false });
});

test("every flag, in both --flag value and --flag=value forms", () => {
  const parsed = parseCliArgs([
    "--port=9100",
    "--host",
    "127.0.0.1",
    "--region",
    "cn-beijing",
    "--access-key-id=id1",
    "--access-key-secret",
    "sec1",
    "--change-order-ms",
    "100",
    "--job-run-ms=250",
    "--data-dir",
    "/tmp/x",
    "--quiet",
  ]);
  expect(parsed).toEqual({
    kind: "run",
    quiet: true,
    options: {
      port: 9100,
      host: "127.0.0.1",
      regionId: "cn-beijing",
      accessKeyId: "id1",
      accessKeySecret: "sec1",
      changeOrderDurationMs: 100,
      jobRunDurationMs: 250,
      dataDir: "/tmp/x",
    },
  });
  expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
});

test.each([
  { argv: ["--prot", "9000"], flag: "--prot" },
  { argv: ["--port", "abc"], flag: "--port" },
  { argv: ["--port", "70000"], flag: "--port" },
  { argv: ["--port"], flag: "--port" },
  { argv: ["--job-run-ms=-5"], flag: "--job-run-ms" },
  { argv: ["--region", "CN_HZ"], flag: "--region" },
])("bad flags $argv exit 2 with a message naming $flag", async ({ argv, flag }) => {
  const { io, out, err } = captureIo();
  expect(await runCli(argv, io)).toBe(USAGE_ERROR);
  expect(err[0]).toContain(flag);
  expect(out).toEqual([]);
});

test("--help prints usage listing every flag and exits 0", async () => {
  const { io, out } = captureIo();
  expect(await runCli(["--help"], io)).toBe(0);
  expect(out.join("\n")).toBe(usage());
  for (const flag of [
    "--port",
    "--host",
    "--region",
    "--access-key-id",
    "--access-key-secret",
    "--change-order-ms",
    "--job-run-ms",
    "--data-dir",
    "--quiet",
  ]) {
    expect(usage()).toContain(flag);
  }
});

test("starts, prints URL, region, key id and the env lines (default secret shown), logs requests", async () => {
  const { io, out } = captureIo();
  const emulator = (await runCli(["--port", "0"], io)) as Emulator;
  try {
    expect(out[0]).toBe(
      `SAE job emulator listening on ${emulator.url} (region cn-hangzhou, access key id emulator-key)`,
    );
    expect(out).toContain(`  export SAE_ENDPOINT=${emulator.url}`);
    expect(out).toContain("  export ALICLOUD_ACCESS_KEY=emulator-key");
    expect(out).toContain("  export ALICLOUD_SECRET_KEY=emulator-secret");
    const before = out.length;
    await call(makeClient(emulator), "ListJobs", {});
    expect(out.slice(before)).toEqual([expect.stringMatching(/ListJobs 200/)]);
  } finally {
    await emulator.stop();
  }
});

test("a chosen secret is not printed; --quiet silences the request log", async () => {
  const { io, out } = captureIo();
  const emulator = (await runCli(
    ["--port=0", "--access-key-secret", "my-private-secret", "--quiet"],
    io,
  )) as Emulator;
  try {
    expect(out.join("\n")).not.toContain("my-private-secret");
    expect(out).toContain("  export ALICLOUD_SECRET_KEY=<the --access-key-secret you passed>");
    const before = out.length;
    await call(makeClient(emulator), "ListJobs", {});
    expect(out.length).toBe(before);
  } finally {
    await emulator.stop();
  }
});

test("a busy port is reported clearly with exit status 1", async () => {
  const { io } = captureIo();
  const first = (await runCli(["--port", "0", "--quiet"], io)) as Emulator;
  try {
    const second = captureIo();
    expect(await runCli(["--port", String(first.port)], second.io)).toBe(1);
    expect(second.err[0]).toContain(`port ${first.port} is already in use`);
  } finally {
    await first.stop();
  }
});

test.each(["SIGINT", "SIGTERM"] as const)("%s stops the emulator", async (signal) => {
  const { io, out } = captureIo();
  const emulator = (await runCli(["--port", "0", "--quiet"], io)) as Emulator;
  const signals = new EventEmitter();
  const stopped = stopOnSignal(emulator, signals, io);
  signals.emit(signal);
  await stopped;
  expect(out.at(-1)).toBe("sae-emulator: stopped.");
  await expect(call(makeClient(emulator), "ListJobs", {})).rejects.toThrow();
});
