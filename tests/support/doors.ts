/**
 * Test support: the same scenario through both doors onto the provider. "dynamic class" is a
 * program of `JobTemplate` served by Pulumi's dynamic-provider host (see `saeStack.ts`); "plugin"
 * is the same program registered by type token, as a generated SDK does, served by the built
 * `pulumi-resource-sae` plugin on the stack's default provider. A test takes a {@link DoorStack}
 * and asserts the same behaviour of each.
 */
import type { Emulator } from "../../emulator";
import type { Engine, Program } from "../../harness";
import type { JobTemplateArgs } from "../../provider";
import { jobTemplate, pluginEngine, stackConfig } from "../plugin/programs";
import { startEmulator } from "./emulatorClient";
import { startSaeStack, template } from "./saeStack";

/** The doors a scenario runs through. */
export const doors = ["dynamic class", "plugin"] as const;

/** One door onto the provider. */
export type Door = (typeof doors)[number];

/** An emulator and an engine whose provider reaches it, through one door. */
export interface DoorStack {
  readonly door: Door;
  readonly emulator: Emulator;
  readonly engine: Engine;
  /** A program of one JobTemplate named `name` (default "job"), as this door's users write it. */
  template(args: JobTemplateArgs, name?: string): Program;
  /** Every line the providers printed or logged so far. */
  output(): string[];
  /** The parameters of each successful call of `action`, in order. */
  sent(action: string): Record<string, string>[];
  dispose(): Promise<void>;
}

/** Starts an emulator and an engine in front of it through `door`; `config` is over the stack's own. */
export async function startDoorStack(door: Door, config: Record<string, string> = {}): Promise<DoorStack> {
  if (door === "dynamic class") {
    const stack = await startSaeStack({ config });
    return {
      door,
      emulator: stack.emulator,
      engine: stack.engine,
      template: (args, name) => template(args, name),
      output: () => [...stack.host.output],
      sent: stack.sent,
      dispose: stack.dispose,
    };
  }
  const emulator = await startEmulator();
  const engine = pluginEngine({ config: stackConfig(emulator, config) });
  return {
    door,
    emulator,
    engine,
    template:
      (args, name = "job") =>
      () =>
        void jobTemplate(name, args as Record<string, unknown>),
    output: () => engine.providerOutput,
    sent: (action) =>
      emulator
        .requestsFor(action)
        .filter((request) => request.status === 200)
        .map((request) => request.params),
    dispose: async () => {
      await engine.stop();
      await emulator.stop();
    },
  };
}
