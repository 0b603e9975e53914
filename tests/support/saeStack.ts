/**
 * Test support: a JobTemplate stack as a user would run it, with the local emulator standing in
 * for SAE and Pulumi's own dynamic-provider host (driven over gRPC by the engine stand-in)
 * standing in for `pulumi`.
 */
import type { Emulator, EmulatorOptions, RecordedRequest } from "../../emulator";
import type { SaeClient } from "../../provider/api/client";
import { type Timing, timingFor } from "../../provider/api/timing";
import { JobTemplate, type JobTemplateArgs } from "../../provider";
import { Engine, ProviderHost } from "../../harness";
import { clientFor, startEmulator } from "./emulatorClient";

export interface SaeStack {
  emulator: Emulator;
  /** The durations the provider in the host runs on (the stack's `timeScale` applied). */
  timing: Timing;
  host: ProviderHost;
  engine: Engine;
  /** A client for changes made behind Pulumi's back (drift, out-of-band deletion). */
  client: SaeClient;
  /** Stack config the engine sends to the provider. */
  config: Record<string, string>;
  /** The parameters one call of `action` carried, in order of the calls. */
  sent(action: string): Record<string, string>[];
  /**
   * Ends the stack: its emulator and host are stopped, or kept for the file's next stack started
   * alike (see `idle`); calling it again does nothing.
   */
  dispose(): Promise<void>;
}

/** How to start a stack. */
export interface SaeStackOptions {
  /** Emulator options over the tests' short durations (see `startEmulator`). */
  emulator?: EmulatorOptions;
  /** Stack config over the emulator's endpoint and keys and a 30 s `sae:changeOrderTimeout`. */
  config?: Record<string, string>;
  /**
   * `SAE_TIME_SCALE` for the provider in the host: the factor on its own waits. Default the
   * tests' one (0.05, see setup-env.ts); a test whose grace period must outlast a loaded
   * machine's slowest answers gives a larger one.
   */
  timeScale?: number;
  /** More environment of the provider host, over the above (`SAE_ATTEMPT_TIMEOUT_MS`, say). */
  hostEnv?: NodeJS.ProcessEnv;
}

/** An emulator and the host whose providers are configured for it. */
interface Pair {
  readonly emulator: Emulator;
  readonly host: ProviderHost;
}

/**
 * Pairs a finished test left fit for the next test of the same file, by what they were started
 * with. Starting Pulumi's host (a process that loads the whole SDK) is most of what a stack costs,
 * so a stack takes one of these when it can: the emulator reset (as started, on the same address)
 * and the host as it was. The host configures each provider once, with the config of its first
 * use, so a pair is kept only for the same emulator options, config and time scale, and only when
 * nothing in it can tell the next test from a fresh one: the host still running and never given
 * another config, no throttling answered (the provider paces itself after one).
 */
const idle = new Map<string, Pair[]>();

/**
 * Set once the file's tests are over: a stack disposed after that (by the file's own `afterAll`,
 * which may run after this module's) is stopped, not kept, so no host outlives its test file.
 */
let closing = false;

afterAll(async () => {
  closing = true;
  const pairs = [...idle.values()].flat();
  idle.clear();
  await Promise.all(pairs.map(stopPair));
});

async function stopPair({ emulator, host }: Pair): Promise<void> {
  await host.stop();
  await emulator.stop();
}

/** The pool key of a stack's options; undefined for options that cannot be compared (functions). */
function poolKey(options: SaeStackOptions, env: NodeJS.ProcessEnv): string | undefined {
  let comparable = true;
  const key = JSON.stringify([options.emulator ?? {}, options.config ?? {}, env], (_, value: unknown) => {
    if (typeof value === "function") {
      comparable = false;
    }
    return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
  });
  return comparable ? key : undefined;
}

/** Whether a pair can serve the next stack started with `config`, as the previous test left it. */
function reusable({ emulator, host }: Pair, config: Record<string, string>): boolean {
  const wanted = JSON.stringify(config);
  return (
    host.running &&
    host.configurations.every((given) => JSON.stringify(given) === wanted) &&
    !emulator.requests.some((r) => r.code?.startsWith("Throttling") === true)
  );
}

/** Starts an emulator, a host and an engine whose stack config points the provider at the emulator. */
export async function startSaeStack(options: SaeStackOptions = {}): Promise<SaeStack> {
  const scale = options.timeScale === undefined ? process.env.SAE_TIME_SCALE : String(options.timeScale);
  const env = { SAE_TIME_SCALE: scale ?? "", ...options.hostEnv };
  const key = poolKey(options, env);
  const kept = key === undefined ? undefined : idle.get(key)?.pop();
  if (kept) {
    kept.emulator.reset();
    kept.host.output.splice(0);
  }
  const emulator = kept?.emulator ?? (await startEmulator(options.emulator));
  let host: ProviderHost | undefined = kept?.host;
  try {
    host ??= await ProviderHost.start({ env });
    const config = {
      "sae:endpoint": emulator.url,
      "sae:accessKeyId": emulator.accessKeyId,
      "sae:accessKeySecret": emulator.accessKeySecret,
      "sae:changeOrderTimeout": "30",
      ...options.config,
    };
    const engine = new Engine({ host, project: "sae-test", stack: "dev", config });
    const pair = { emulator, host };
    // A test file may dispose a stack more than once (an afterEach over a stack left from before).
    let disposed = false;
    return {
      emulator,
      timing: timingFor(env, true),
      host,
      engine,
      client: clientFor(emulator),
      config,
      sent: (action) =>
        emulator
          .requestsFor(action)
          .filter(succeeded)
          .map((r) => r.params),
      dispose: async () => {
        if (disposed) {
          return;
        }
        disposed = true;
        if (!closing && key !== undefined && reusable(pair, config)) {
          idle.set(key, [...(idle.get(key) ?? []), pair]);
        } else {
          await stopPair(pair);
        }
      },
    };
  } catch (error) {
    await host?.stop();
    await emulator.stop();
    throw error;
  }
}

function succeeded(request: RecordedRequest): boolean {
  return request.status === 200;
}

/** A program of one JobTemplate named `name`. */
export function template(
  args: JobTemplateArgs,
  name = "job",
  opts?: ConstructorParameters<typeof JobTemplate>[2],
) {
  return () => {
    new JobTemplate(name, args, opts);
  };
}

/** A minimal valid image job. */
export const imageJob = {
  appName: "nightly-report",
  packageType: "Image",
  imageUrl: "registry.example/acme/report:1",
  replicas: 1,
} as const satisfies JobTemplateArgs;
