#!/usr/bin/env node
// `sae-emulator`: run the SAE job API emulator in the foreground until SIGINT/SIGTERM.

import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "./options";
import { start } from "./server";
import type { Emulator, EmulatorOptions } from "./types";

/** Exit status for a usage error (bad or unknown flag). */
export const USAGE_ERROR = 2;

/** What the command line asks for. */
export type CliRequest =
  | { kind: "run"; options: EmulatorOptions; quiet: boolean }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** The --help text. */
export function usage(): string {
  return [
    "Usage: sae-emulator [flags]",
    "",
    "Local emulator of the Alibaba Cloud SAE 2019-05-06 job API (loopback only by default).",
    "",
    "  --port N               TCP port (default 9000; 0 picks a free one)",
    "  --host H               interface to bind (default 127.0.0.1)",
    "  --region R             region ID to emulate (default cn-hangzhou)",
    `  --access-key-id K      accepted AccessKey ID (default ${DEFAULT_ACCESS_KEY_ID})`,
    `  --access-key-secret S  its secret (default ${DEFAULT_ACCESS_KEY_SECRET})`,
    "  --change-order-ms N    time a change order takes to finish (default 1500)",
    "  --job-run-ms N         time an ExecJob run stays running (default 2000)",
    "  --data-dir D           keep state in D (JSON) so it survives a restart",
    "  --quiet                no per-request log lines",
    "  --help                 show this help",
  ].join("\n");
}

const valueFlags = [
  "--port",
  "--host",
  "--region",
  "--access-key-id",
  "--access-key-secret",
  "--change-order-ms",
  "--job-run-ms",
  "--data-dir",
];

function parseNumber(flag: string, text: string, max: number): number | string {
  if (!/^\d+$/.test(text) || Number(text) > max)
    return `${flag} must be an integer from 0 to ${max}, got "${text}"`;
  return Number(text);
}

/** Parse the command line (without node and script). Accepts `--flag value` and `--flag=value`. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const options: EmulatorOptions = { port: 9000 };
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--quiet") {
      quiet = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    if (!valueFlags.includes(flag)) return { kind: "error", message: `unknown flag ${arg}` };
    const value: string | undefined = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") return { kind: "error", message: `${flag} needs a value` };
    switch (flag) {
      case "--port":
      case "--change-order-ms":
      case "--job-run-ms": {
        const n = parseNumber(flag, value, flag === "--port" ? 65535 : 24 * 3600 * 1000);
        if (typeof n === "string") return { kind: "error", message: n };
        if (flag === "--port") options.port = n;
        else if (flag === "--change-order-ms") options.changeOrderDurationMs = n;
        else options.jobRunDurationMs = n;
        break;
      }
      case "--region":
        if (!/^[a-z][a-z0-9-]*$/.test(value)) {
          return {
            kind: "error",
            message: `--region must be a region ID such as cn-hangzhou, got "${value}"`,
          };
        }
        options.regionId = value;
        break;
      case "--host":
        options.host = value;
        break;
      case "--access-key-id":
        options.accessKeyId = value;
        break;
      case "--access-key-secret":
        options.accessKeySecret = value;
        break;
      case "--data-dir":
        options.dataDir = value;
        break;
    }
  }
  return { kind: "run", options, quiet };
}

/** The lines printed once the emulator listens: where it is and how to point a client at it. */
export function startupBanner(emulator: Emulator): string[] {
  const secretIsDefault = emulator.accessKeySecret === DEFAULT_ACCESS_KEY_SECRET;
  return [
    `SAE job emulator listening on ${emulator.url} (region ${emulator.regionId}, access key id ${emulator.accessKeyId})`,
    "Point a client at it with:",
    `  export SAE_ENDPOINT=${emulator.url}`,
    `  export ALICLOUD_REGION=${emulator.regionId}`,
    `  export ALICLOUD_ACCESS_KEY=${emulator.accessKeyId}`,
    // Print the secret only when it is the well-known default; never echo one the user chose.
    `  export ALICLOUD_SECRET_KEY=${secretIsDefault ? emulator.accessKeySecret : "<the --access-key-secret you passed>"}`,
    "Press Ctrl+C to stop.",
  ];
}

/** Output streams of the CLI (replaceable in tests). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

/** Start from a command line: an exit status when done at once (help, errors), else the running emulator. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number | Emulator> {
  const request = parseCliArgs(argv);
  if (request.kind === "help") {
    io.out(usage());
    return 0;
  }
  if (request.kind === "error") {
    io.err(`sae-emulator: ${request.message}`);
    io.err("Run sae-emulator --help for the flags.");
    return USAGE_ERROR;
  }
  const options: EmulatorOptions = { ...request.options, ...(!request.quiet && { log: io.out }) };
  let emulator: Emulator;
  try {
    emulator = await start(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "EADDRINUSE"
        ? `port ${options.port} is already in use (choose another with --port)`
        : err.message;
    io.err(`sae-emulator: cannot start: ${why}`);
    return 1;
  }
  for (const line of startupBanner(emulator)) io.out(line);
  if (!["127.0.0.1", "localhost", "::1"].includes(options.host ?? "127.0.0.1")) {
    io.err(
      `sae-emulator: warning: listening on ${options.host}, not loopback; anyone who can reach it can use it.`,
    );
  }
  return emulator;
}

/** Something that delivers process signals (process itself, or a stand-in in tests). */
export interface SignalSource {
  once(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** Stop the emulator on the first SIGINT or SIGTERM; resolves once it is stopped. */
export function stopOnSignal(
  emulator: Emulator,
  signals: SignalSource,
  io: CliIo = processIo,
): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (): void => {
      if (stopping) return;
      stopping = true;
      emulator.stop().then(
        () => {
          io.out("sae-emulator: stopped.");
          resolve();
        },
        (e: unknown) => {
          io.err(`sae-emulator: error while stopping: ${String(e)}`);
          resolve();
        },
      );
    };
    signals.once("SIGINT", onSignal);
    signals.once("SIGTERM", onSignal);
  });
}

async function main(): Promise<void> {
  const result = await runCli(process.argv.slice(2));
  if (typeof result === "number") {
    process.exitCode = result;
    return;
  }
  await stopOnSignal(result, process);
  process.exitCode = 0;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`sae-emulator: ${String(e)}\n`);
    process.exitCode = 1;
  });
}
