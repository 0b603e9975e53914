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

/** Starts an emulator, a host and an engine whose stack config points the provider at the emulator. */
export async function startSaeStack(options: SaeStackOptions = {}): Promise<SaeStack> {
  const scale = options.timeScale === undefined ? process.env.SAE_TIME_SCALE : String(options.timeScale);
  const env = { SAE_TIME_SCALE: scale ?? "", ...options.hostEnv };
  const emulator = await startEmulator(options.emulator);
  let host: ProviderHost | undefined;
  try {
    host = await ProviderHost.start({ env });
    const config = {
      "sae:endpoint": emulator.url,
      "sae:accessKeyId": emulator.accessKeyId,
      "sae:accessKeySecret": emulator.accessKeySecret,
      "sae:changeOrderTimeout": "30",
      ...options.config,
    };
    const engine = new Engine({ host, project: "sae-test", stack: "dev", config });
    const started = host;
    return {
      emulator,
      timing: timingFor(env, true),
      host: started,
      engine,
      client: clientFor(emulator),
      config,
      sent: (action) =>
        emulator
          .requestsFor(action)
          .filter(succeeded)
          .map((r) => r.params),
      dispose: async () => {
        await started.stop();
        await emulator.stop();
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
