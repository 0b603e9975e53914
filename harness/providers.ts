/**
 * The engine's provider registry: which provider serves a resource, and the plugin processes
 * behind them. A type token whose package has a provider plugin (`sae:index:JobTemplate`, package
 * `sae`) is served by that plugin, as the Pulumi engine loads a package's provider: the default
 * provider (`pulumi:providers:sae::default`) configured from the stack config's `sae:*` keys, or
 * an explicit provider resource (`pulumi:providers:sae`) configured from its inputs, each its own
 * process. Every other type (the dynamic providers' `pulumi-nodejs`) goes to the dynamic-provider
 * host, exactly as before.
 *
 * Steps see state's form of values (secrets unwrapped, secret keys listed); a plugin accepts
 * secrets, so {@link ResourceProvider} wraps the secret keys on the way in and unwraps (noting
 * which keys came back secret) on the way out.
 */
import { EngineLogServer } from "./engineLog";
import { isSecretValue, secretValue, type PropertyMap, type PropertyValue } from "./propertyValues";
import { ProviderHost, type CheckResult, type DiffResult, type ReadResult } from "./providerHost";

/** The ID the engine gives a provider resource not created yet (a preview's `UnknownID`). */
export const UNKNOWN_PROVIDER_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type token prefix of provider resources (`pulumi:providers:sae`). */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** The package part of a type token ("sae" for "sae:index:JobTemplate" and "pulumi:providers:sae"). */
export function packageOf(type: string): string {
  return type.startsWith(PROVIDER_TYPE_PREFIX) ? type.slice(PROVIDER_TYPE_PREFIX.length) : type.split(":")[0];
}

/** A provider reference as the engine writes it: `<urn>::<id>`. */
export function providerReference(urn: string, id: string): string {
  return `${urn}::${id}`;
}

/** The URN of a provider reference (`<urn>::<id>`; URNs contain `::`, IDs do not). */
export function referencedUrn(reference: string): string {
  return reference.slice(0, reference.lastIndexOf("::"));
}

/**
 * The name the engine gives a package's default provider: `default`, or with the version a
 * generated SDK asks for, `default_0_2_0` (a name may not hold dots).
 */
export function defaultProviderName(version: string | undefined): string {
  return version ? `default_${version.replace(/[^A-Za-z0-9]/g, "_")}` : "default";
}

/** `values` with each key of `secrets` that is set wrapped as a secret, as the engine sends them. */
export function wrapKeys(values: PropertyMap, secrets: Iterable<string>): PropertyMap {
  const out: PropertyMap = { ...values };
  for (const key of secrets) {
    if (key in out && !isSecretValue(out[key])) {
      out[key] = secretValue(out[key]);
    }
  }
  return out;
}

/** `values` with top-level secrets unwrapped, and the keys that held one (anywhere inside). */
export function unwrapKeys(values: PropertyMap): { values: PropertyMap; secrets: string[] } {
  const secrets: string[] = [];
  const unwrap = (value: PropertyValue, key: string): PropertyValue => {
    if (isSecretValue(value)) {
      if (!secrets.includes(key)) {
        secrets.push(key);
      }
      return unwrap(value.value as PropertyValue, key);
    }
    if (Array.isArray(value)) {
      return value.map((item) => unwrap(item, key));
    }
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, member]) => [k, unwrap(member, key)]));
    }
    return value;
  };
  const out = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, unwrap(value, key)]));
  return { values: out, secrets };
}

/**
 * The resource methods of one provider as a step calls them, values in state's form. For the
 * dynamic host it passes everything through; for a plugin it wraps `secrets` in and unwraps out.
 */
export class ResourceProvider {
  /** Keys that came back secret in any answer so far. */
  readonly reported = new Set<string>();

  constructor(
    private readonly host: ProviderHost,
    /** Whether the provider takes secrets (a plugin) rather than plain values (the dynamic host). */
    private readonly acceptsSecrets: boolean,
    /** Top-level keys to send as secrets. */
    private readonly secrets: readonly string[],
  ) {}

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const res = await this.host.check(urn, this.in(olds), this.in(news));
    return { ...res, inputs: this.out(res.inputs) };
  }

  diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
    ignoreChanges?: string[],
  ): Promise<DiffResult> {
    return this.host.diff(
      urn,
      id,
      this.in(olds),
      this.in(news),
      oldInputs && this.in(oldInputs),
      ignoreChanges,
    );
  }

  async create(
    urn: string,
    properties: PropertyMap,
    opts?: { timeoutSeconds?: number },
  ): Promise<{ id: string; properties: PropertyMap }> {
    const res = await this.host.create(urn, this.in(properties), opts);
    return { id: res.id, properties: this.out(res.properties) };
  }

  async read(urn: string, id: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const res = await this.host.read(urn, id, this.in(properties), inputs && this.in(inputs));
    const result: ReadResult = { id: res.id, properties: this.out(res.properties) };
    if (res.inputs) {
      result.inputs = this.out(res.inputs);
    }
    return result;
  }

  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
    opts?: { timeoutSeconds?: number; ignoreChanges?: string[] },
  ): Promise<{ properties: PropertyMap }> {
    const res = await this.host.update(
      urn,
      id,
      this.in(olds),
      this.in(news),
      oldInputs && this.in(oldInputs),
      opts,
    );
    return { properties: this.out(res.properties) };
  }

  delete(urn: string, id: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    return this.host.delete(urn, id, this.in(properties), oldInputs && this.in(oldInputs));
  }

  /** A partial failure's properties in state's form, their secret keys noted. */
  unwrapFailure(properties: PropertyMap): PropertyMap {
    return this.out(properties);
  }

  private in(values: PropertyMap): PropertyMap {
    return this.acceptsSecrets ? wrapKeys(values, this.secrets) : values;
  }

  private out(values: PropertyMap): PropertyMap {
    if (!this.acceptsSecrets) {
      return values;
    }
    const unwrapped = unwrapKeys(values);
    for (const key of unwrapped.secrets) {
      this.reported.add(key);
    }
    return unwrapped.values;
  }
}

/** Options for {@link ProviderRegistry}. */
export interface ProviderRegistryOptions {
  /** The dynamic-provider host, for every type no plugin serves. */
  host?: ProviderHost;
  /**
   * Provider plugin executables by package (`{ sae: "…/bin/pulumi-resource-sae" }`), as a
   * project's `plugins.providers` paths name them. Types of other packages go to the dynamic host.
   */
  plugins?: Readonly<Record<string, string>>;
  /** Environment of each plugin process, over this process's. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of each plugin process. Default: the repo root. */
  cwd?: string;
}

/** One configured plugin process serving one provider resource. */
interface PluginProcess {
  host: ProviderHost;
  /** The inputs it was configured with, to start a new process when they change. */
  config: string;
}

/** The providers of one engine: the dynamic host and the plugin processes it started. */
export class ProviderRegistry {
  /** Every line any provider printed or logged, in order of arrival. */
  readonly output: string[];

  private readonly host?: ProviderHost;
  private readonly plugins: Readonly<Record<string, string>>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd?: string;
  private readonly processes = new Map<string, PluginProcess>();
  private logServer?: Promise<EngineLogServer>;

  constructor(opts: ProviderRegistryOptions) {
    this.host = opts.host;
    this.plugins = { ...opts.plugins };
    this.env = { ...opts.env };
    this.cwd = opts.cwd;
    const hasPlugins = Object.keys(this.plugins).length > 0;
    // Without plugins, the dynamic host's own lines, as the engine always read them.
    this.output = this.host && !hasPlugins ? this.host.output : [];
    if (this.host && hasPlugins) {
      this.host.onOutput((line) => this.output.push(line));
    }
  }

  /** True when a plugin serves `type`'s package (provider resources of that package included). */
  servedByPlugin(type: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.plugins, packageOf(type));
  }

  /** The dynamic host, for types no plugin serves. */
  dynamicHost(): ProviderHost {
    if (!this.host) {
      throw new Error("no dynamic-provider host: this engine serves only its provider plugins");
    }
    return this.host;
  }

  /** The running plugin process of provider `urn`, if it was configured (not only loaded). */
  running(urn: string): ProviderHost | undefined {
    const process = this.processes.get(urn);
    return process && process.config !== "" ? process.host : undefined;
  }

  /**
   * The plugin process for provider resource `urn` of `type`'s package, started (with the engine's
   * address, as the engine starts a plugin) if it is not running, or running with other inputs.
   * It is not configured yet: the caller runs CheckConfig, then {@link configure}.
   */
  async load(urn: string, type: string, inputs: PropertyMap): Promise<ProviderHost> {
    const config = JSON.stringify(inputs);
    const current = this.processes.get(urn);
    if (current && current.config === config) {
      return current.host;
    }
    if (current) {
      this.processes.delete(urn);
      await current.host.stop();
    }
    const pkg = packageOf(type);
    const logServer = await this.engineLog();
    const host = await ProviderHost.start({
      plugin: this.plugins[pkg],
      engineAddress: logServer.address,
      env: this.env,
      cwd: this.cwd,
    });
    host.onOutput((line) => this.output.push(line));
    this.processes.set(urn, { host, config: "" });
    return host;
  }

  /**
   * Configures provider `urn`'s process with its checked inputs (secrets wrapped), as the engine
   * does: the inputs as `args`, and as the legacy `<package>:config:<name>` variables.
   */
  async configure(urn: string, type: string, checked: PropertyMap, inputs: PropertyMap): Promise<void> {
    const process = this.processes.get(urn);
    if (!process) {
      throw new Error(`provider ${urn} is not loaded`);
    }
    if (process.config === JSON.stringify(inputs)) {
      return;
    }
    const pkg = packageOf(type);
    const plain = unwrapKeys(checked).values;
    const variables = Object.fromEntries(
      Object.entries(plain).map(([key, value]) => [
        `${pkg}:config:${key}`,
        typeof value === "string" ? value : JSON.stringify(value),
      ]),
    );
    await process.host.configurePlugin(checked, variables);
    process.config = JSON.stringify(inputs);
  }

  /** Stops every plugin process and the engine's log service; the dynamic host is the caller's. */
  async stop(): Promise<void> {
    const processes = [...this.processes.values()];
    this.processes.clear();
    await Promise.all(processes.map((process) => process.host.stop()));
    const logServer = this.logServer;
    this.logServer = undefined;
    await (await logServer)?.stop();
  }

  /** The engine's Log service the plugins send their lines to, started on first use. */
  private engineLog(): Promise<EngineLogServer> {
    this.logServer ??= EngineLogServer.start().then((server) => {
      server.onLine((line) => this.output.push(line.message));
      return server;
    });
    return this.logServer;
  }
}
