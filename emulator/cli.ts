#!/usr/bin/env node
// `sae-emulator`: run the SAE job API emulator in the foreground until SIGINT/SIGTERM.

import { parseArgs, type ParseArgsConfig } from "node:util";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "./options";
import { start } from "./server";
import type { Emulator, EmulatorOptions } from "./types";

/** Exit status for a usage error (bad or unknown flag, missing value, stray argument). */
export const USAGE_ERROR = 2;

/** What the command line asks for. */
export type CliRequest =
  | { kind: "run"; options: EmulatorOptions; quiet: boolean }
  | { kind: "help" }
  | { kind: "error"; message: string };

const USAGE_LINE = "Usage: sae-emulator [flags]";

/** The --help text; its first line is the usage line that usage errors repeat. */
export function usage(): string {
  return [
    USAGE_LINE,
    "",
    "Local emulator of the Alibaba Cloud SAE 2019-05-06 job API (loopback only by default).",
    "",
    "  --port N               TCP port (default 9000; 0 picks a free one)",
    "  --host H               interface to bind (default 127.0.0.1; 0.0.0.0 or :: for all)",
    "  --region R             region ID to emulate (default cn-hangzhou)",
    `  --access-key-id K      accepted AccessKey ID (default ${DEFAULT_ACCESS_KEY_ID})`,
    `  --access-key-secret S  its secret (default ${DEFAULT_ACCESS_KEY_SECRET})`,
    "  --change-order-ms N    time a change order takes to finish (default 1500)",
    "  --job-run-ms N         time an ExecJob run stays running (default 2000)",
    "  --rate-limit N         answer Throttling.User above N requests a second (default no limit)",
    "  --data-dir D           keep state in D (JSON) so it survives a restart",
    "  --quiet                no per-request log lines",
    "  -h, --help             show this help",
    "",
    "Give a value as --flag value or --flag=value, and each flag once.",
  ].join("\n");
}

/** Every flag parseArgs knows; all but --quiet and --help take a value. */
const flagSpec = {
  port: { type: "string" },
  host: { type: "string" },
  region: { type: "string" },
  "access-key-id": { type: "string" },
  "access-key-secret": { type: "string" },
  "change-order-ms": { type: "string" },
  "job-run-ms": { type: "string" },
  "rate-limit": { type: "string" },
  "data-dir": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

type FlagName = keyof typeof flagSpec;

/** A usage error; parseCliArgs turns it into `{ kind: "error" }`. */
class UsageError extends Error {}

function known(name: string): FlagName | undefined {
  return Object.hasOwn(flagSpec, name) ? (name as FlagName) : undefined;
}

// By code, not `instanceof`: Node's own errors come from another realm under a test runner's vm.
function isParseArgsError(e: unknown): e is { code: string; message: string } {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_") && typeof message === "string";
}

/** The short spellings (`-h`), which a value must not be either. */
const shortFlags = new Set(
  Object.values(flagSpec).flatMap((spec) => ("short" in spec ? [`-${spec.short}`] : [])),
);

/**
 * Write every `--flag value` of a value flag as `--flag=value`, so that both forms mean the same
 * whatever the value looks like: parseArgs alone takes `--port=-1` but refuses `--port -1` as
 * ambiguous. A value that is a flag (`--host --quiet`) is then refused by checkValue, in either form.
 * Nothing after `--` is touched: parseArgs reads it as stray arguments.
 */
function joinValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      joined.push(...argv.slice(i));
      break;
    }
    const name = /^--[^=]+$/.test(arg) ? known(arg.slice(2)) : undefined;
    if (name !== undefined && flagSpec[name].type === "string" && i + 1 < argv.length) {
      i += 1;
      joined.push(`${arg}=${argv[i]}`);
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/**
 * Strict parseArgs names the problem in a multi-line message and not always by flag, so re-read the
 * argv leniently and say in one line which argument is wrong.
 */
function describeRefusal(argv: readonly string[], e: { message: string }): string {
  const { tokens } = parseArgs({
    args: [...argv],
    options: flagSpec,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "positional") {
      // The old habit `sae-emulator 9000` meant the port; say how to write it.
      const hint = /^\d+$/.test(token.value)
        ? `; to choose the port, write --port ${token.value}`
        : "; sae-emulator takes only flags";
      return `unexpected argument "${token.value}"${hint}`;
    }
    if (token.kind !== "option") {
      continue;
    }
    const name = known(token.name);
    if (name === undefined) {
      return `unknown flag ${token.rawName}`;
    }
    if (flagSpec[name].type === "boolean") {
      if (token.value !== undefined) {
        return `${token.rawName} takes no value`;
      }
      continue;
    }
    // joinValues gave every value flag but a last one its value.
    if (token.value === undefined) {
      return `${token.rawName} needs a value`;
    }
  }
  return e.message.split("\n")[0];
}

/** Refuse a value flag's text that is empty or is a flag (`--host --quiet`, `--port=-h`). */
function checkValue(rawName: string, value: string | undefined): void {
  if (value === undefined || value === "" || value === "--") {
    throw new UsageError(`${rawName} needs a value`);
  }
  if (value.startsWith("--") || shortFlags.has(value)) {
    throw new UsageError(`${rawName} needs a value, not the flag ${value}`);
  }
}

/**
 * Refuse a flag given more than once: a later one silently winning hides a mistake (two scripts
 * each adding a --port). Names the flag only: a value may be a secret.
 */
function checkOnce(seen: Map<FlagName, string>, name: FlagName, rawName: string): void {
  const first = seen.get(name);
  if (first === undefined) {
    seen.set(name, rawName);
    return;
  }
  throw new UsageError(
    first === rawName
      ? `${rawName} is given more than once; give it once`
      : `${first} and ${rawName} are the same flag; give it once`,
  );
}

function integer(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag} must be an integer from 0 to ${max}, got "${text}"`);
  }
  return Number(text);
}

const DAY_MS = 24 * 3600 * 1000;
/** The most --rate-limit takes: far more than the emulator answers in a second anyway. */
const MAX_RATE = 1_000_000;

/** A positive decimal number such as 5 or 0.5 (a limit of 0 would refuse every request). */
function rate(flag: string, text: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0 && n <= MAX_RATE)) {
    throw new UsageError(
      `${flag} must be a positive number of requests a second (at most ${MAX_RATE}), got "${text}"`,
    );
  }
  return n;
}

function parseOrThrow(argv: readonly string[]): CliRequest {
  const args = joinValues(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: flagSpec,
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (e) {
    if (isParseArgsError(e)) {
      throw new UsageError(describeRefusal(args, e));
    }
    throw e;
  }
  const seen = new Map<FlagName, string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") {
      continue;
    }
    const name = token.name as FlagName;
    checkOnce(seen, name, token.rawName);
    if (flagSpec[name].type === "string") {
      checkValue(token.rawName, token.value);
    }
  }
  const { values } = parsed;
  if (values.help) {
    return { kind: "help" };
  }
  const options: EmulatorOptions = { port: 9000 };
  if (values.port !== undefined) {
    options.port = integer("--port", values.port, 65535);
  }
  if (values.host !== undefined) {
    options.host = values.host;
  }
  if (values.region !== undefined) {
    if (!/^[a-z][a-z0-9-]*$/.test(values.region)) {
      throw new UsageError(`--region must be a region ID such as cn-hangzhou, got "${values.region}"`);
    }
    options.regionId = values.region;
  }
  if (values["access-key-id"] !== undefined) {
    options.accessKeyId = values["access-key-id"];
  }
  if (values["access-key-secret"] !== undefined) {
    options.accessKeySecret = values["access-key-secret"];
  }
  if (values["change-order-ms"] !== undefined) {
    options.changeOrderDurationMs = integer("--change-order-ms", values["change-order-ms"], DAY_MS);
  }
  if (values["job-run-ms"] !== undefined) {
    options.jobRunDurationMs = integer("--job-run-ms", values["job-run-ms"], DAY_MS);
  }
  if (values["rate-limit"] !== undefined) {
    options.rateLimit = { requestsPerSecond: rate("--rate-limit", values["rate-limit"]) };
  }
  if (values["data-dir"] !== undefined) {
    options.dataDir = values["data-dir"];
  }
  return { kind: "run", options, quiet: values.quiet === true };
}

/**
 * Parse the command line (without node and script) with `util.parseArgs` in strict mode. Accepts
 * `--flag value` and `--flag=value`, which mean the same for any value (`--port -1` is out of range
 * as `--port=-1` is); refuses an unknown flag, a flag given twice, a flag missing its value
 * (including one whose value is another flag, as in `--host --quiet`), a stray argument, and
 * out-of-range values.
 */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  try {
    return parseOrThrow(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      return { kind: "error", message: e.message };
    }
    throw e;
  }
}

/** Where the emulator listens, as far as a client on this machine is concerned. */
interface Reach {
  kind: "loopback" | "wildcard" | "other";
  /** The bound address without brackets, such as 0.0.0.0 or ::. */
  host: string;
  /** The URL a client on this machine should use. */
  url: string;
}

function reachOf(emulator: Emulator): Reach {
  // WHATWG URL normalises the host (`0` → 0.0.0.0, `[0::0]` → [::]), so compare after parsing.
  const host = new URL(emulator.url).hostname.replace(/^\[|\]$/g, "");
  if (host === "0.0.0.0" || host === "::") {
    // 0.0.0.0 is not an address to connect to, and the provider takes plain http only for loopback.
    // IPv4 loopback also reaches a `::` socket: libuv binds it dual-stack (IPV6_V6ONLY off).
    return { kind: "wildcard", host, url: `http://127.0.0.1:${emulator.port}` };
  }
  const loopback = host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  return { kind: loopback ? "loopback" : "other", host, url: emulator.url };
}

/** The lines printed once the emulator listens: where it is and how to point a client at it. */
export function startupBanner(emulator: Emulator): string[] {
  const reach = reachOf(emulator);
  const secretIsDefault = emulator.accessKeySecret === DEFAULT_ACCESS_KEY_SECRET;
  const who = `(region ${emulator.regionId}, access key id ${emulator.accessKeyId})`;
  return [
    ...(reach.kind === "wildcard"
      ? [
          `SAE job emulator listening on all interfaces (${reach.host}), port ${emulator.port} ${who}`,
          `From this machine, reach it at ${reach.url}. Point a client at it with:`,
        ]
      : [`SAE job emulator listening on ${emulator.url} ${who}`, "Point a client at it with:"]),
    `  export SAE_ENDPOINT=${reach.url}`,
    `  export ALICLOUD_REGION=${emulator.regionId}`,
    `  export ALICLOUD_ACCESS_KEY=${emulator.accessKeyId}`,
    // Print the secret only when it is the well-known default; never echo one the user chose.
    `  export ALICLOUD_SECRET_KEY=${secretIsDefault ? emulator.accessKeySecret : "<the --access-key-secret you passed>"}`,
    // So the Alibaba Cloud credential chain never waits on the ECS metadata address off-cloud.
    "  export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
    ...(reach.kind === "other"
      ? [
          "Note: the provider accepts plain http:// only for loopback hosts; to use it from this machine, " +
            "start with --host 127.0.0.1 or --host 0.0.0.0.",
        ]
      : []),
    "Press Ctrl+C to stop.",
  ];
}

/**
 * Errors of a bind to a --host that is not this machine's: an address it does not have
 * (EADDRNOTAVAIL), a name that does not resolve (ENOTFOUND, or EAI_AGAIN when no resolver answers),
 * an IPv6 address on a machine without IPv6 (EAFNOSUPPORT). One message for all: the user's fix is
 * the same.
 */
const UNBINDABLE_HOST = new Set(["EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAFNOSUPPORT"]);

/**
 * Why the emulator could not start, in words that say what to give instead of a raw system error
 * such as `getaddrinfo ENOTFOUND`; other errors keep their own message.
 */
export function startFailure(error: unknown, options: Pick<EmulatorOptions, "port" | "host">): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === "EADDRINUSE") {
    return `port ${options.port} is already in use (choose another with --port)`;
  }
  if (typeof code === "string" && UNBINDABLE_HOST.has(code)) {
    return (
      `--host ${options.host ?? "127.0.0.1"} cannot be bound: it is not an IP address of this machine ` +
      "nor a name that resolves to one; give an IP address on this machine such as 127.0.0.1 or ::1, " +
      "or localhost"
    );
  }
  return typeof message === "string" ? message : String(error);
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
    io.err(USAGE_LINE);
    io.err("Run sae-emulator --help for the flags.");
    return USAGE_ERROR;
  }
  const options: EmulatorOptions = { ...request.options, ...(!request.quiet && { log: io.out }) };
  let emulator: Emulator;
  try {
    emulator = await start(options);
  } catch (e) {
    io.err(`sae-emulator: cannot start: ${startFailure(e, options)}`);
    return 1;
  }
  for (const line of startupBanner(emulator)) {
    io.out(line);
  }
  const reach = reachOf(emulator);
  if (reach.kind !== "loopback") {
    const where = reach.kind === "wildcard" ? `all interfaces (${reach.host})` : reach.host;
    io.err(
      `sae-emulator: warning: listening on ${where}, not only loopback; anyone who can reach it can use it.`,
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
      if (stopping) {
        return;
      }
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
