// The sae-emulator command line: flags, banner, usage errors, stopping on a signal.

import { EventEmitter } from "node:events";
import { networkInterfaces } from "node:os";
import {
  parseCliArgs,
  runCli,
  startFailure,
  startupBanner,
  stopOnSignal,
  usage,
  USAGE_ERROR,
} from "../../emulator/cli";
import type { Emulator } from "../../emulator";
import { parseEndpoint } from "../../provider/api/settings";
import { call, makeClient } from "./signedClient";

const usageLine = usage().split("\n")[0];

/** The value of an `export NAME=value` line of the banner. */
function exported(out: readonly string[], name: string): string | undefined {
  const prefix = `  export ${name}=`;
  return out.find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

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
    "--rate-limit",
    "2.5",
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
      rateLimit: { requestsPerSecond: 2.5 },
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
  { argv: ["--job-run-ms", "-5"], flag: "--job-run-ms" },
  { argv: ["--change-order-ms", "-1"], flag: "--change-order-ms" },
  { argv: ["--region", "CN_HZ"], flag: "--region" },
  { argv: ["--rate-limit", "0"], flag: "--rate-limit" },
  { argv: ["--rate-limit=-1"], flag: "--rate-limit" },
  { argv: ["--rate-limit", "-1"], flag: "--rate-limit" },
  { argv: ["--rate-limit", "fast"], flag: "--rate-limit" },
  { argv: ["--rate-limit", "1e3"], flag: "--rate-limit" },
  { argv: ["--rate-limit", "2000000"], flag: "--rate-limit" },
])("bad flags $argv exit 2 with a message naming $flag", async ({ argv, flag }) => {
  const { io, out, err } = captureIo();
  expect(await runCli(argv, io)).toBe(USAGE_ERROR);
  expect(err[0]).toContain(flag);
  expect(out).toEqual([]);
});

test.each([
  { argv: ["--host", "--quiet"], message: "--host needs a value, not the flag --quiet" },
  { argv: ["--data-dir", "--help"], message: "--data-dir needs a value, not the flag --help" },
  { argv: ["--host=--quiet"], message: "--host needs a value, not the flag --quiet" },
  { argv: ["--host="], message: "--host needs a value" },
  { argv: ["--host", ""], message: "--host needs a value" },
  { argv: ["--port", "-h"], message: "--port needs a value, not the flag -h" },
  { argv: ["--port=-h"], message: "--port needs a value, not the flag -h" },
  { argv: ["--port", "--"], message: "--port needs a value" },
  { argv: ["--", "--port", "0"], message: 'unexpected argument "--port"; sae-emulator takes only flags' },
  { argv: ["--port"], message: "--port needs a value" },
  { argv: ["--port", "0", "--region"], message: "--region needs a value" },
  { argv: ["--verbose"], message: "unknown flag --verbose" },
  { argv: ["--port", "0", "-x"], message: "unknown flag -x" },
  { argv: ["--quiet=yes"], message: "--quiet takes no value" },
  { argv: ["9000"], message: 'unexpected argument "9000"; to choose the port, write --port 9000' },
  { argv: ["--port", "0", "extra"], message: 'unexpected argument "extra"; sae-emulator takes only flags' },
])("$argv is refused in one line plus the usage line, exit 2", async ({ argv, message }) => {
  const { io, out, err } = captureIo();
  expect(await runCli(argv, io)).toBe(USAGE_ERROR);
  expect(err).toEqual([`sae-emulator: ${message}`, usageLine, "Run sae-emulator --help for the flags."]);
  expect(out).toEqual([]);
});

test.each([[["--port", "-1"]], [["--port=-1"]]])(
  "%j is out of range, whichever form gives the value",
  (argv) => {
    expect(parseCliArgs(argv)).toEqual({
      kind: "error",
      message: '--port must be an integer from 0 to 65535, got "-1"',
    });
  },
);

const valueFlags = [
  "--port",
  "--host",
  "--region",
  "--access-key-id",
  "--access-key-secret",
  "--change-order-ms",
  "--job-run-ms",
  "--rate-limit",
  "--data-dir",
];

test.each(valueFlags.map((flag) => ({ flag })))(
  "$flag value and $flag=value mean the same for any value",
  ({ flag }) => {
    for (const value of ["-1", "-0.5", "-x", "7", "0.5", "abc", "a=b", "", "-h", "--quiet", "--port"]) {
      const apart = parseCliArgs([flag, value, "--quiet"]);
      expect({ value, parsed: parseCliArgs([`${flag}=${value}`, "--quiet"]) }).toEqual({
        value,
        parsed: apart,
      });
    }
    // The values that name flags are refused in both forms (not taken as the flag).
    expect(parseCliArgs([flag, "--quiet"])).toEqual({
      kind: "error",
      message: `${flag} needs a value, not the flag --quiet`,
    });
  },
);

test.each([
  { argv: ["--port", "1", "--port", "2"], message: "--port is given more than once; give it once" },
  { argv: ["--port=1", "--port=2"], message: "--port is given more than once; give it once" },
  { argv: ["--port", "1", "--port=2"], message: "--port is given more than once; give it once" },
  { argv: ["--port=1", "--quiet", "--port", "1"], message: "--port is given more than once; give it once" },
  {
    argv: ["--access-key-secret", "s1", "--access-key-secret=s2"],
    message: "--access-key-secret is given more than once; give it once",
  },
  { argv: ["--quiet", "--quiet"], message: "--quiet is given more than once; give it once" },
  { argv: ["-h", "--help"], message: "-h and --help are the same flag; give it once" },
])("a flag given twice is refused: $argv", async ({ argv, message }) => {
  const { io, out, err } = captureIo();
  expect(await runCli(argv, io)).toBe(USAGE_ERROR);
  expect(err).toEqual([`sae-emulator: ${message}`, usageLine, "Run sae-emulator --help for the flags."]);
  expect(out).toEqual([]);
});

test("-h and --help ask for help wherever they are", () => {
  expect(parseCliArgs(["-h"])).toEqual({ kind: "help" });
  expect(parseCliArgs(["--port", "0", "--help"])).toEqual({ kind: "help" });
  expect(parseCliArgs(["--port", "-1", "-h"])).toEqual({ kind: "help" });
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
    "--rate-limit",
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
    expect(out).toContain("  export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
    const before = out.length;
    await call(makeClient(emulator), "ListJobs", {});
    expect(out.slice(before)).toEqual([expect.stringMatching(/ListJobs 200/)]);
  } finally {
    await emulator.stop();
  }
});

test("--host 0.0.0.0 prints a loopback SAE_ENDPOINT the provider accepts, and it answers signed calls", async () => {
  const { io, out, err } = captureIo();
  const emulator = (await runCli(["--host", "0.0.0.0", "--port", "0", "--quiet"], io)) as Emulator;
  try {
    expect(emulator.url).toBe(`http://0.0.0.0:${emulator.port}`);
    expect(out[0]).toBe(
      `SAE job emulator listening on all interfaces (0.0.0.0), port ${emulator.port} ` +
        "(region cn-hangzhou, access key id emulator-key)",
    );
    const endpoint = exported(out, "SAE_ENDPOINT");
    expect(endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(out[1]).toContain(`From this machine, reach it at ${endpoint}`);
    expect(exported(out, "ALICLOUD_REGION")).toBe("cn-hangzhou");
    expect(exported(out, "ALICLOUD_ACCESS_KEY")).toBe("emulator-key");
    expect(exported(out, "ALICLOUD_SECRET_KEY")).toBe("emulator-secret");
    expect(exported(out, "ALIBABA_CLOUD_ECS_METADATA_DISABLED")).toBe("true");
    expect(err).toEqual([expect.stringContaining("warning: listening on all interfaces (0.0.0.0)")]);
    // The provider's own endpoint rule (plain http only for loopback) accepts it, and it works.
    const parsed = parseEndpoint(endpoint!, "environment SAE_ENDPOINT");
    const client = makeClient({ ...emulator, endpoint: parsed.host });
    const body = await call(client, "ListJobs", {});
    expect(body.Success).toBe(true);
  } finally {
    await emulator.stop();
  }
});

test("a wildcard IPv6 bind (::) is announced with the IPv4 loopback URL", () => {
  const banner = startupBanner({
    url: "http://[::]:9000",
    endpoint: "[::]:9000",
    port: 9000,
    regionId: "cn-shanghai",
    accessKeyId: "emulator-key",
    accessKeySecret: "emulator-secret",
  } as Emulator);
  expect(banner[0]).toBe(
    "SAE job emulator listening on all interfaces (::), port 9000 (region cn-shanghai, access key id emulator-key)",
  );
  expect(exported(banner, "SAE_ENDPOINT")).toBe("http://127.0.0.1:9000");
  expect(exported(banner, "ALIBABA_CLOUD_ECS_METADATA_DISABLED")).toBe("true");
});

test("--host :: really answers on the printed 127.0.0.1 endpoint (when this machine has IPv6)", async () => {
  const { io, out, err } = captureIo();
  const result = await runCli(["--host", "::", "--port", "0", "--quiet"], io);
  if (typeof result === "number") {
    // No IPv6 stack here: the bind itself fails, which is not what this test is about.
    expect(err[0]).toMatch(/cannot start: --host :: cannot be bound/);
    return;
  }
  try {
    const endpoint = exported(out, "SAE_ENDPOINT")!;
    expect(endpoint).toBe(`http://127.0.0.1:${result.port}`);
    const client = makeClient({ ...result, endpoint: parseEndpoint(endpoint, "SAE_ENDPOINT").host });
    expect((await call(client, "ListJobs", {})).Success).toBe(true);
  } finally {
    await result.stop();
  }
});

test("a specific non-loopback host is printed as is, with a note on what the provider accepts", () => {
  const banner = startupBanner({
    url: "http://192.0.2.10:9000",
    endpoint: "192.0.2.10:9000",
    port: 9000,
    regionId: "cn-hangzhou",
    accessKeyId: "emulator-key",
    accessKeySecret: "emulator-secret",
  } as Emulator);
  expect(exported(banner, "SAE_ENDPOINT")).toBe("http://192.0.2.10:9000");
  expect(banner).toContainEqual(expect.stringContaining("accepts plain http:// only for loopback hosts"));
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

test("--rate-limit limits the running emulator (burst 1 below one request a second)", async () => {
  const { io } = captureIo();
  const emulator = (await runCli(["--port", "0", "--quiet", "--rate-limit", "0.001"], io)) as Emulator;
  try {
    const client = makeClient(emulator);
    expect((await call(client, "ListJobs", {})).Success).toBe(true);
    await expect(call(client, "ListJobs", {})).rejects.toMatchObject({ code: "Throttling.User" });
    expect(emulator.requests.map((r) => r.fault)).toEqual([undefined, "rateLimit"]);
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

/** What a --host that is not this machine's is told (the host named, and what to give instead). */
const unbindable = (host: string): string =>
  `sae-emulator: cannot start: --host ${host} cannot be bound: it is not an IP address of this machine ` +
  "nor a name that resolves to one; give an IP address on this machine such as 127.0.0.1 or ::1, or localhost";

test("a --host address this machine does not have is refused plainly, with exit status 1", async () => {
  // A documentation address (RFC 5737) this machine does not carry: the kernel refuses the bind
  // with EADDRNOTAVAIL and no packet is sent.
  const own = new Set(
    Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => a.address)),
  );
  const host = ["192.0.2.1", "198.51.100.1", "203.0.113.1"].find((address) => !own.has(address))!;
  const { io, out, err } = captureIo();
  expect(await runCli(["--host", host, "--port", "0"], io)).toBe(1);
  expect(err).toEqual([unbindable(host)]);
  expect(out).toEqual([]);
});

test("a --host name that does not resolve gets the same message, not getaddrinfo's", () => {
  // The error a bind to such a name gets from Node, built here so that no name is looked up.
  const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND no-such-host.invalid"), {
    code: "ENOTFOUND",
    errno: -3008,
    syscall: "getaddrinfo",
    hostname: "no-such-host.invalid",
  });
  const why = startFailure(notFound, { port: 9000, host: "no-such-host.invalid" });
  expect(`sae-emulator: cannot start: ${why}`).toBe(unbindable("no-such-host.invalid"));
  expect(why).not.toMatch(/getaddrinfo|ENOTFOUND/);
  // Other failures keep their own words.
  const denied = Object.assign(new Error("listen EACCES: permission denied 0.0.0.0:80"), { code: "EACCES" });
  expect(startFailure(denied, { port: 80, host: "0.0.0.0" })).toBe(denied.message);
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
