/**
 * A stand-in for the Pulumi engine: holds a stack's state and drives its providers through
 * preview / up / refresh / destroy the way `pulumi` would, keeping a readable transcript. Dynamic
 * resources go to a {@link ProviderHost}; a package given a provider plugin (`plugins`) is served
 * by that plugin's processes, one per provider resource (see {@link ProviderRegistry}).
 */
import { Deployment } from "./deployment";
import type { OperationResult, StateResource } from "./engineTypes";
import { runProgram, type Registration, type RegistrationResolver, type RunProgramOptions } from "./program";
import { isProjectProgram, runProjectProgram, type ProjectProgram } from "./projectProgram";
import { deepCopy } from "./propertyValues";
import type { PropertyMap } from "./propertyValues";
import type { ProviderHost } from "./providerHost";
import { packageOf, PROVIDER_TYPE_PREFIX, ProviderRegistry, referencedUrn } from "./providers";
import { render, type RenderOptions } from "./render";

/** Options for {@link Engine}. */
export interface EngineOptions {
  /**
   * The dynamic-provider host, for every type no plugin serves. Optional when the program uses
   * only packages that `plugins` serves.
   */
  host?: ProviderHost;
  /**
   * Provider plugins by package (`{ sae: "<repo>/bin/pulumi-resource-sae" }`), as a project's
   * `plugins.providers` paths give them: a type token of that package (`sae:index:JobTemplate`)
   * is served by the plugin, through the package's default provider (configured from the stack
   * config's `sae:*` keys) or the explicit provider resource (`pulumi:providers:sae`) it names.
   * Each provider resource gets its own process, started on first use; {@link Engine.stop} ends them.
   */
  plugins?: Readonly<Record<string, string>>;
  /** Environment of the plugin processes, over this process's (`SAE_TIME_SCALE` is inherited). */
  pluginEnv?: NodeJS.ProcessEnv;
  /**
   * Working directory of the plugin processes, as the engine starts a plugin in the program's
   * directory. Default: the repo root.
   */
  pluginCwd?: string;
  project?: string;
  stack?: string;
  /** Stack configuration with namespaced keys ("sae:region"); sent to the provider and the program. */
  config?: Record<string, string>;
  /**
   * During `up`, answer each custom resource registration as the real engine does: only after the
   * resource's step ran, with its real ID and outputs from state (secret outputs as secrets), so a
   * program can pass an output that is not an input (`template.appId`) to another resource. Steps
   * then run one at a time in registration order: the SDK registers a resource once its inputs
   * resolve, so dependencies come first, but independent resources come in the order their inputs
   * serialized rather than the order the program constructed them. A failed step fails its
   * registration and every later one, which stops the program; the operation reports the step's
   * error (not the program's failure that follows from it), as `pulumi up` does.
   *
   * Default false: the program runs to completion first, every registration answered with its own
   * inputs (outputs that are not inputs are `undefined` in the program), then the steps run in
   * construction order. Preview is the same either way: outputs of resources to be created are
   * unknown, as in a real preview. Deleting resources the program no longer declares happens after
   * the program finished, either way.
   */
  resolveOutputs?: boolean;
  /**
   * The stack state to start from, as another engine's {@link Engine.state} gave it: a later
   * `pulumi up` of the same stack in a new process, with a new host (and so a provider configured
   * afresh, with the stack config as it is then).
   */
  state?: readonly StateResource[];
}

/** A Pulumi program: constructs resources, may be async. */
export type Program = () => void | Promise<void>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Engine stand-in with in-memory stack state. Operations must not overlap. */
export class Engine {
  /** Rendered transcript of every operation so far, oldest first. */
  readonly transcript: string[] = [];

  private readonly host?: ProviderHost;
  private readonly providers: ProviderRegistry;
  private readonly project: string;
  private readonly stack: string;
  private readonly config: Record<string, string>;
  private readonly resolveOutputs: boolean;
  private configured = false;
  private entries: StateResource[] = [];
  private last: OperationResult | undefined;

  constructor(opts: EngineOptions) {
    this.host = opts.host;
    this.providers = new ProviderRegistry({
      host: opts.host,
      plugins: opts.plugins,
      env: opts.pluginEnv,
      cwd: opts.pluginCwd,
    });
    this.project = opts.project ?? "project";
    this.stack = opts.stack ?? "stack";
    this.config = { ...opts.config };
    this.resolveOutputs = opts.resolveOutputs ?? false;
    this.entries = deepCopy([...(opts.state ?? [])]);
  }

  /** A deep copy of the stack state, oldest resource first. */
  get state(): StateResource[] {
    return deepCopy(this.entries);
  }

  /**
   * Every line the providers printed or logged so far, oldest first: the dynamic host's output and
   * each plugin's log lines and stderr, as the engine would show them.
   */
  get providerOutput(): string[] {
    return [...this.providers.output];
  }

  /** A deep copy of the most recent operation's result. */
  get lastResult(): OperationResult | undefined {
    return this.last && deepCopy(this.last);
  }

  /** The live (not pending-delete) state entry named `name`, as a copy. */
  resource(name: string): StateResource | undefined {
    const entry = this.entries.find((e) => e.name === name && !e.pendingDelete);
    return entry && deepCopy(entry);
  }

  /**
   * Runs the program as a preview: Check/Diff (and Read for imports) only, state untouched. A
   * {@link ProjectProgram} runs in its own process on its own project's SDK.
   */
  preview(program: Program | ProjectProgram): Promise<OperationResult> {
    return this.deploy("preview", program);
  }

  /**
   * Runs the program and applies the resulting steps to the provider and the state. A
   * {@link ProjectProgram} runs in its own process on its own project's SDK.
   */
  up(program: Program | ProjectProgram): Promise<OperationResult> {
    return this.deploy("up", program);
  }

  /** Reads every resource in state and records what the provider reports. */
  refresh(): Promise<OperationResult> {
    return this.operate("refresh", (deployment) => deployment.refreshAll());
  }

  /** Deletes every resource in state, newest first. */
  destroy(): Promise<OperationResult> {
    return this.operate("destroy", (deployment) => deployment.destroyAll());
  }

  /**
   * Sets a stack config value, or removes it when `value` is undefined, like `pulumi config set`
   * and `pulumi config rm`. The program sees it on its next run. The provider keeps the
   * configuration it was first given, since the host configures each provider once per process.
   */
  setConfig(key: string, value: string | undefined): void {
    if (value === undefined) {
      delete this.config[key];
    } else {
      this.config[key] = value;
    }
  }

  /**
   * Ends the plugin processes this engine started (the dynamic host is the caller's to stop). The
   * next operation starts them again, as a new `pulumi` process would.
   */
  stop(): Promise<void> {
    return this.providers.stop();
  }

  /** Renders a result (default: the last one) as a CLI-like transcript. */
  render(result: OperationResult | undefined = this.last, options?: RenderOptions): string {
    return result ? render(result, options) : "";
  }

  private deploy(operation: "preview" | "up", program: Program | ProjectProgram): Promise<OperationResult> {
    return this.operate(operation, async (deployment) => {
      const options: RunProgramOptions = {
        project: this.project,
        stack: this.stack,
        preview: operation === "preview",
        config: this.config,
      };
      if (!isProjectProgram(program)) {
        options.invoke = (token, args, provider) => this.invoke(deployment, token, args, provider);
      }
      if (operation === "preview" || !this.resolveOutputs) {
        const registrations = await this.run(program, options);
        for (const registration of registrations) {
          await deployment.register(registration);
        }
      } else {
        await this.runAnsweringRegistrations(deployment, program, options);
      }
      await deployment.deleteUnclaimed();
    });
  }

  /**
   * A program's invoke of a plugin package's function, sent to its provider as the engine does:
   * the one the `provider` option names (registered earlier in this deployment), else the default
   * provider, checked and configured from the stack config on first use. Other tokens are left to
   * the mocks.
   */
  private async invoke(
    deployment: Deployment,
    token: string,
    args: PropertyMap,
    provider: string,
  ): Promise<PropertyMap | undefined> {
    if (!this.providers.servedByPlugin(token)) {
      return undefined;
    }
    const pkg = packageOf(token);
    const urn =
      provider !== ""
        ? referencedUrn(provider)
        : `urn:pulumi:${this.stack}::${this.project}::${PROVIDER_TYPE_PREFIX}${pkg}::default`;
    const host = await deployment.providerHost(urn, `${PROVIDER_TYPE_PREFIX}${pkg}`);
    return host.invoke(token, args);
  }

  private run(
    program: Program | ProjectProgram,
    options: RunProgramOptions,
    resolve?: RegistrationResolver,
  ): Promise<Registration[]> {
    return isProjectProgram(program)
      ? runProjectProgram(program, options, resolve)
      : runProgram(program, options, resolve);
  }

  /** Runs the program with each registration waiting for its step (see {@link EngineOptions.resolveOutputs}). */
  private async runAnsweringRegistrations(
    deployment: Deployment,
    program: Program | ProjectProgram,
    options: RunProgramOptions,
  ): Promise<void> {
    // One step at a time, in the order the registrations arrive.
    let steps: Promise<unknown> = Promise.resolve();
    const resolve: RegistrationResolver = (registration) => {
      const answer = steps.then(() => deployment.registerAndAnswer(registration));
      steps = answer.catch(() => undefined);
      return answer;
    };
    try {
      await this.run(program, options, resolve);
    } catch (error) {
      // After a failed step the engine stops the program; what the program then reports follows
      // from that step's error, which is already recorded.
      if (!deployment.hasFailed) {
        throw error;
      }
    } finally {
      // A step may still be running if the program's process died under it.
      await steps;
    }
  }

  private async operate(
    operation: OperationResult["operation"],
    work: (deployment: Deployment) => Promise<void>,
  ): Promise<OperationResult> {
    const result: OperationResult = {
      operation,
      ok: true,
      stack: this.stack,
      steps: [],
      outputs: [],
      errors: [],
      providerCalls: [],
      logs: [],
    };
    const output = this.providers.output;
    const firstLine = output.length;
    // A preview plans against a copy; everything else changes the state as it goes, so a failure
    // half-way leaves the partial progress recorded, as with a real checkpoint.
    const entries = operation === "preview" ? deepCopy(this.entries) : this.entries;
    const deployment = new Deployment(this.providers, this.config, operation === "preview", entries, result);
    try {
      await this.ensureConfigured();
      await work(deployment);
    } catch (error) {
      result.errors.push(messageOf(error));
    }
    result.ok = result.errors.length === 0;
    result.outputs = entries
      .filter((entry) => !entry.pendingDelete)
      .map((entry) => ({
        urn: entry.urn,
        type: entry.type,
        name: entry.name,
        id: entry.id,
        outputs: deepCopy(entry.outputs),
        secretOutputs: [...entry.secretOutputs],
      }));
    for (let i = firstLine; i < output.length; i++) {
      if (!deployment.attributedOutput.has(i)) {
        result.logs.push(output[i]);
      }
    }
    this.last = result;
    this.transcript.push(render(result));
    return deepCopy(result);
  }

  /** The engine configures a provider once, before its first use, with the whole stack config. */
  private async ensureConfigured(): Promise<void> {
    if (this.configured || !this.host) {
      return;
    }
    await this.host.configure(this.config);
    this.configured = true;
  }
}
