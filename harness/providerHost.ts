/**
 * Runs Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) as a child process
 * and talks to it over gRPC on loopback, exactly as the Pulumi engine does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

import { HostError, toHostError } from "./hostErrors";
import { stripUndefinedMap, type PropertyMap } from "./propertyValues";

/** Which of the host's streams a line came from. */
export type OutputStream = "stdout" | "stderr";

/** Receives every line the host prints after start-up (provider `console.log`s included). */
export type OutputListener = (line: string, stream: OutputStream) => void;

/** Options for {@link ProviderHost.start}. */
export interface ProviderHostStartOptions {
  /**
   * A Pulumi project directory with its own node_modules: run that project's
   * `@pulumi/pulumi/cmd/dynamic-provider`, in that directory (unless `cwd` says otherwise), as the
   * engine runs the host for a program there. Default: this repository's SDK.
   */
  projectDir?: string;
  /**
   * Working directory of the host; serialized providers `require` modules relative to it.
   * Default: `projectDir`, else the repo root.
   */
  cwd?: string;
  /** Extra environment variables, layered over this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the host to print its port. Default 30 s. */
  startTimeoutMs?: number;
  /** gRPC deadline for each call. Default 120 s. */
  callTimeoutMs?: number;
  /**
   * A provider plugin executable to start instead of the dynamic-provider host, as the engine
   * starts one: `<plugin> <engineAddress>`, its port the first line it prints.
   */
  plugin?: string;
  /** The engine address a plugin is started with (its Log service). Default `127.0.0.1:0`. */
  engineAddress?: string;
}

/** One property's entry in a detailed diff: `pulumirpc.PropertyDiff.Kind`'s name, and whether it compares inputs. */
export interface PropertyDiffResult {
  kind: "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";
  inputDiff: boolean;
}

/** Result of {@link ProviderHost.check}. */
export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

/** Result of {@link ProviderHost.diff}, mirroring `pulumirpc.DiffResponse`. */
export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  /** Properties the provider says changed (the dynamic-provider host never fills this). */
  diffs: string[];
  /** The detailed diff by property path, when the provider gives one (`hasDetailedDiff`). */
  detailedDiff?: Record<string, PropertyDiffResult>;
}

/** Result of {@link ProviderHost.read}; an empty `id` means the resource is gone. */
export interface ReadResult {
  id: string;
  properties: PropertyMap;
  /** Present only when the provider's `read` returned `inputs`. */
  inputs?: PropertyMap;
}

type UnaryCallback<Res> = (error: grpc.ServiceError | null, response?: Res) => void;

/** The directory of the nearest package.json above this file: the repo root, from src or dist. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${from}`);
    }
    dir = parent;
  }
  return dir;
}

const DIFF_CHANGES: Record<number, DiffResult["changes"]> = {
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
};

const DIFF_KINDS = Object.fromEntries(
  Object.entries(provproto.PropertyDiff.Kind).map(([name, kind]) => [kind, name]),
) as Record<number, PropertyDiffResult["kind"]>;

/** A `pulumirpc.DiffResponse` as a {@link DiffResult}. */
function diffResult(res: provproto.DiffResponse): DiffResult {
  const result: DiffResult = {
    changes: DIFF_CHANGES[res.getChanges()] ?? "unknown",
    replaces: res.getReplacesList(),
    stables: res.getStablesList(),
    deleteBeforeReplace: res.getDeletebeforereplace(),
    diffs: res.getDiffsList(),
  };
  if (res.getHasdetaileddiff()) {
    const detailed: Record<string, PropertyDiffResult> = {};
    res.getDetaileddiffMap().forEach((diff, path) => {
      detailed[path] = { kind: DIFF_KINDS[diff.getKind()], inputDiff: diff.getInputdiff() };
    });
    result.detailedDiff = detailed;
  }
  return result;
}

function toStruct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(stripUndefinedMap(value));
}

function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

/** Lets I/O callbacks that are already due run, e.g. stdout data written before an RPC answer. */
function afterPendingIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Splits a stream into lines and hands each complete line to `onLine`. */
function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ""));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
  });
  stream.on("end", () => {
    if (pending !== "") {
      onLine(pending);
    }
    pending = "";
  });
}

/** The dynamic-provider host script of the `@pulumi/pulumi` installed for the project in `dir`. */
function projectHostScript(dir: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [dir] });
  } catch (error) {
    throw new Error(`no @pulumi/pulumi is installed for the project in ${dir}: run npm install there`, {
      cause: error,
    });
  }
}

/** A running dynamic-provider host plus a gRPC client connected to it. */
export class ProviderHost {
  /** Every line the host printed after announcing its port, stdout and stderr interleaved. */
  readonly output: string[] = [];
  /** The loopback port the host's gRPC server listens on. */
  readonly port: number;
  /** The host script that runs (which copy of `@pulumi/pulumi` it belongs to). */
  readonly script: string;
  /**
   * Every stack config {@link ProviderHost.configure} sent, oldest first. The host configures each
   * provider once, with the config of its first use: a caller reusing a host can tell from this
   * which config its providers hold.
   */
  readonly configurations: Readonly<Record<string, string>>[] = [];

  private readonly child: ChildProcess;
  private readonly client: provrpc.ResourceProviderClient;
  private readonly callTimeoutMs: number;
  private readonly listeners = new Set<OutputListener>();
  private readonly exited: Promise<void>;
  private stopped = false;

  private constructor(
    child: ChildProcess,
    script: string,
    port: number,
    exited: Promise<void>,
    callTimeoutMs: number,
  ) {
    this.child = child;
    this.script = script;
    this.port = port;
    this.exited = exited;
    this.callTimeoutMs = callTimeoutMs;
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      // The engine allows very large messages (big serialized providers); so must we.
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
  }

  /**
   * Spawns `node <@pulumi/pulumi/cmd/dynamic-provider> 127.0.0.1:0`, waits for the port it prints and
   * connects to it. The argument is the engine address the host expects; the host never dials it.
   */
  static async start(opts: ProviderHostStartOptions = {}): Promise<ProviderHost> {
    const hostScript =
      opts.plugin ??
      (opts.projectDir === undefined
        ? require.resolve("@pulumi/pulumi/cmd/dynamic-provider")
        : projectHostScript(opts.projectDir));
    const engineAddress = opts.engineAddress ?? "127.0.0.1:0";
    const [file, args] =
      opts.plugin !== undefined
        ? [opts.plugin, [engineAddress]]
        : [process.execPath, [hostScript, engineAddress]];
    const child = spawn(file, args, {
      cwd: opts.cwd ?? opts.projectDir ?? findRepoRoot(),
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    // Lines arrive before the ProviderHost exists (the port line, early errors), so buffer them here
    // and route them to the instance once it is built.
    const sink: { host?: ProviderHost } = {};
    const early: [string, OutputStream][] = [];
    let resolvePort: (port: number) => void = () => undefined;
    const portLine = new Promise<number>((resolve) => (resolvePort = resolve));
    let sawPort = false;
    const onLine = (line: string, stream: OutputStream): void => {
      if (!sawPort && stream === "stdout" && /^\d+$/.test(line.trim())) {
        sawPort = true;
        resolvePort(Number(line.trim()));
        return;
      }
      if (sink.host) {
        sink.host.record(line, stream);
      } else {
        early.push([line, stream]);
      }
    };
    forEachLine(child.stdout!, (line) => onLine(line, "stdout"));
    forEachLine(child.stderr!, (line) => onLine(line, "stderr"));

    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`dynamic-provider host printed no port within ${opts.startTimeoutMs ?? 30000} ms`),
          ),
        opts.startTimeoutMs ?? 30000,
      );
      child.once("error", reject);
      child.once("exit", (code, signal) =>
        reject(
          new Error(
            `dynamic-provider host exited (${signal ?? code}) before printing its port:\n` +
              early.map(([line]) => line).join("\n"),
          ),
        ),
      );
    });
    let port: number;
    try {
      port = await Promise.race([portLine, failure]);
    } catch (error) {
      child.kill("SIGKILL");
      await exited;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    // The race's loser must not surface later as an unhandled rejection (e.g. on a normal exit).
    failure.catch(() => undefined);

    const host = new ProviderHost(child, hostScript, port, exited, opts.callTimeoutMs ?? 120000);
    sink.host = host;
    for (const [line, stream] of early) {
      host.record(line, stream);
    }
    try {
      await new Promise<void>((resolve, reject) =>
        host.client.waitForReady(Date.now() + 10000, (error) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      await host.stop();
      throw error;
    }
    return host;
  }

  /** Subscribes to output lines; returns a function that unsubscribes. */
  onOutput(listener: OutputListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends the stack configuration. The engine passes it both as `args` (what the dynamic-provider
   * host reads and later hands to each provider's `configure`) and as the legacy `variables` map.
   */
  async configure(config: Record<string, string>): Promise<void> {
    this.configurations.push({ ...config });
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(config));
    const variables = req.getVariablesMap();
    for (const [key, value] of Object.entries(config)) {
      variables.set(key, value);
    }
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    await this.unary<provproto.ConfigureResponse>("Configure", (md, o, cb) =>
      this.client.configure(req, md, o, cb),
    );
  }

  /** Validates `news` (against the prior inputs `olds`) and returns the provider-normalized inputs. */
  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    this.setIdentity(req, urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.unary<provproto.CheckResponse>("Check", (md, o, cb) =>
      this.client.check(req, md, o, cb),
    );
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Asks the provider what changing from `olds` (prior outputs) to `news` (checked inputs) implies. */
  async diff(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
    ignoreChanges: string[] = [],
  ): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    this.setIdentity(req, urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs) {
      req.setOldInputs(toStruct(oldInputs));
    }
    req.setIgnorechangesList(ignoreChanges);
    const res = await this.unary<provproto.DiffResponse>("Diff", (md, o, cb) =>
      this.client.diff(req, md, o, cb),
    );
    return diffResult(res);
  }

  /** Creates the resource; throws {@link ResourceInitFailedError} when it was created but is unhealthy. */
  async create(
    urn: string,
    properties: PropertyMap,
    opts: { preview?: boolean; timeoutSeconds?: number } = {},
  ): Promise<{ id: string; properties: PropertyMap }> {
    const req = new provproto.CreateRequest();
    this.setIdentity(req, urn);
    req.setProperties(toStruct(properties));
    req.setPreview(opts.preview ?? false);
    if (opts.timeoutSeconds !== undefined) {
      req.setTimeout(opts.timeoutSeconds);
    }
    const res = await this.unary<provproto.CreateResponse>("Create", (md, o, cb) =>
      this.client.create(req, md, o, cb),
    );
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /**
   * Reads the live state of resource `id`. The engine sends prior outputs as `properties` on refresh
   * and only `inputs` on import.
   */
  async read(urn: string, id: string, properties: PropertyMap, inputs?: PropertyMap): Promise<ReadResult> {
    const req = new provproto.ReadRequest();
    this.setIdentity(req, urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    if (inputs) {
      req.setInputs(toStruct(inputs));
    }
    const res = await this.unary<provproto.ReadResponse>("Read", (md, o, cb) =>
      this.client.read(req, md, o, cb),
    );
    const result: ReadResult = { id: res.getId(), properties: fromStruct(res.getProperties()) };
    if (res.hasInputs()) {
      result.inputs = fromStruct(res.getInputs());
    }
    return result;
  }

  /** Updates resource `id` from prior outputs `olds` to checked inputs `news`. */
  async update(
    urn: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
    opts: { preview?: boolean; timeoutSeconds?: number; ignoreChanges?: string[] } = {},
  ): Promise<{ properties: PropertyMap }> {
    const req = new provproto.UpdateRequest();
    this.setIdentity(req, urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs) {
      req.setOldInputs(toStruct(oldInputs));
    }
    req.setPreview(opts.preview ?? false);
    req.setIgnorechangesList(opts.ignoreChanges ?? []);
    if (opts.timeoutSeconds !== undefined) {
      req.setTimeout(opts.timeoutSeconds);
    }
    const res = await this.unary<provproto.UpdateResponse>("Update", (md, o, cb) =>
      this.client.update(req, md, o, cb),
    );
    return { properties: fromStruct(res.getProperties()) };
  }

  /** Deletes resource `id`; `properties` are its last known outputs. */
  async delete(urn: string, id: string, properties: PropertyMap, oldInputs?: PropertyMap): Promise<void> {
    const req = new provproto.DeleteRequest();
    this.setIdentity(req, urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    if (oldInputs) {
      req.setOldInputs(toStruct(oldInputs));
    }
    await this.unary("Delete", (md, o, cb) => this.client.delete(req, md, o, cb));
  }

  /**
   * Configures a provider plugin as the engine does: `args` are the provider's inputs (`region`,
   * …, secrets in their wire form), `variables` the legacy `<pkg>:config:<name>` map.
   */
  async configurePlugin(
    args: PropertyMap,
    variables: Record<string, string> = {},
  ): Promise<{ acceptSecrets: boolean }> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(args));
    for (const [key, value] of Object.entries(variables)) {
      req.getVariablesMap().set(key, value);
    }
    req.setAcceptsecrets(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    const res = await this.unary<provproto.ConfigureResponse>("Configure", (md, o, cb) =>
      this.client.configure(req, md, o, cb),
    );
    return { acceptSecrets: res.getAcceptsecrets() };
  }

  /** Checks a provider configuration (the provider resource's inputs), as the engine does before Configure. */
  async checkConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new provproto.CheckRequest();
    this.setIdentity(req, urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.unary<provproto.CheckResponse>("CheckConfig", (md, o, cb) =>
      this.client.checkConfig(req, md, o, cb),
    );
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diffs two provider configurations. */
  async diffConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    this.setIdentity(req, urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.unary<provproto.DiffResponse>("DiffConfig", (md, o, cb) =>
      this.client.diffConfig(req, md, o, cb),
    );
    return diffResult(res);
  }

  /** Calls function `tok` with `args`; returns what it answers. */
  async invoke(tok: string, args: PropertyMap): Promise<PropertyMap> {
    const req = new provproto.InvokeRequest();
    req.setTok(tok);
    req.setArgs(toStruct(args));
    const res = await this.unary<provproto.InvokeResponse>("Invoke", (md, o, cb) =>
      this.client.invoke(req, md, o, cb),
    );
    return fromStruct(res.getReturn());
  }

  /** The plugin's package schema, as JSON text. */
  async getSchema(): Promise<string> {
    const req = new provproto.GetSchemaRequest();
    const res = await this.unary<provproto.GetSchemaResponse>("GetSchema", (md, o, cb) =>
      this.client.getSchema(req, md, o, cb),
    );
    return res.getSchema();
  }

  /** The plugin's version, as GetPluginInfo answers it. */
  async getPluginInfo(): Promise<string> {
    const res = await this.unary<{ getVersion(): string }>("GetPluginInfo", (md, o, cb) =>
      this.client.getPluginInfo(new Empty(), md, o, cb),
    );
    return res.getVersion();
  }

  /** True until {@link ProviderHost.stop} is called or the host process ends. */
  get running(): boolean {
    return !this.stopped && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Closes the channel and ends the host process; safe to call more than once. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.client.close();
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill("SIGTERM");
        // A host stuck in provider code may ignore SIGTERM; do not let that hang a test run.
        const force = setTimeout(() => this.child.kill("SIGKILL"), 5000);
        await this.exited;
        clearTimeout(force);
      }
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
      this.listeners.clear();
    }
    await this.exited;
  }

  private record(line: string, stream: OutputStream): void {
    this.output.push(line);
    for (const listener of this.listeners) {
      listener(line, stream);
    }
  }

  /** Fills the URN and the name/type fields the engine derives from it. */
  private setIdentity(
    req: { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown },
    urn: string,
  ): void {
    req.setUrn(urn);
    const parts = urn.split("::");
    if (parts.length >= 4) {
      req.setName(parts.slice(3).join("::"));
      req.setType(parts[2].split("$").pop() ?? "");
    }
  }

  private async unary<Res>(
    operation: string,
    invoke: (
      metadata: grpc.Metadata,
      options: Partial<grpc.CallOptions>,
      callback: UnaryCallback<Res>,
    ) => unknown,
  ): Promise<Res> {
    if (this.stopped) {
      throw new HostError(operation, grpc.status.UNAVAILABLE, "provider host is stopped");
    }
    const outcome = await new Promise<{ error: grpc.ServiceError | null; response?: Res }>((resolve) =>
      invoke(new grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (error, response) =>
        resolve({ error, response }),
      ),
    );
    // The provider's console output for this call was written before its answer; collect it first.
    await afterPendingIo();
    if (outcome.error) {
      throw toHostError(operation, outcome.error);
    }
    return outcome.response as Res;
  }
}
