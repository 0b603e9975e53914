/**
 * The `sae` provider plugin's gRPC service: `pulumirpc.ResourceProvider` on Pulumi's generated
 * stubs, as Pulumi's own dynamic-provider host serves it, but with provider configuration
 * (CheckConfig, DiffConfig, Configure), a detailed diff, secrets and Invoke.
 *
 * A thin door: a table from type token to the resource providers the dynamic path serves
 * (`jobTemplateProvider`, `jobRunProvider`) and to the lookups' own functions, over one
 * `ProviderContext` per process (the engine starts a process per provider instance). What this
 * module adds is only the wire: secrets unwrapped on the way in and wrapped on the way out,
 * `replaces` and `updates` as a detailed diff, a partial failure as ErrorResourceInitFailed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type * as grpcTypes from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { Environment } from "../api/settings";
import { redactedMark } from "../api/redact";
import { contextConnection } from "../lookups/lookupClient";
import { lookUpJobTemplate } from "../lookups/getJobTemplate";
import { lookUpJobRuns } from "../lookups/listJobRuns";
import { lookUpJobTemplates } from "../lookups/listJobTemplates";
import { ProviderContext } from "../resources/context";
import { ResourceInitError } from "../resources/initError";
import { jobRunProvider } from "../resources/jobRun/provider";
import { jobTemplateProvider } from "../resources/jobTemplate/provider";
import type { SaeResourceProvider } from "../resources/resourceProvider";
import { identityKey, jobRunTable } from "../schema/jobRunParameters";
import { jobTemplateTable } from "../schema/jobTemplateParameters";
import { token } from "../schema/package/packageSchema";
import { secretNames } from "../schema/parameterTable";
import { providerConfigVariables } from "../schema/providerConfig";
import { version } from "../version";
import { checkConfig, type ConfigMap, configMap, configSource, settingNames } from "./configuration";
import { packageSchemaText } from "./shippedSchema";
import { definedOnly, unwrapSecrets, wrapSecrets } from "./wireValues";
import { Any, Empty, grpc, Struct } from "./grpcRuntime";

type Props = Record<string, unknown>;
type Call<Req> = { request: Req };
type Callback<Res> = (
  error: grpcTypes.ServiceError | null,
  response?: Res,
  trailer?: grpcTypes.Metadata,
) => void;

/** A resource type the plugin serves: its provider and the parameters whose values are secret. */
interface ResourceEntry {
  readonly provider: SaeResourceProvider;
  readonly secrets: readonly string[];
  /** The resource keys its runs by its URN (`__identity`), which a plugin's Create never sees. */
  readonly identity?: boolean;
}

/** A function the plugin serves: the lookup, and the names of its answer's secret properties. */
interface FunctionEntry {
  readonly run: (args: Props) => Promise<unknown>;
  readonly secrets: readonly string[];
}

/**
 * The property an Invoke answer carries a list in: Invoke answers an object, and Pulumi's SDKs
 * take a function's non-object result from the single property of that object.
 */
export const listResultKey = "result";

/**
 * Where the plugin's progress lines go: the engine's log, tied to the resource a call is about.
 * It may answer a promise of the line's delivery, which the call's answer then waits for.
 */
export type PluginLog = (line: string, urn: string | undefined) => void | Promise<void>;

/** The plugin's `ResourceProvider` service, one per process. */
export class SaeProviderService {
  private config: ConfigMap = {};
  private readonly context: ProviderContext;
  private readonly resources: Readonly<Record<string, ResourceEntry>>;
  private readonly functions: Readonly<Record<string, FunctionEntry>>;
  /** The URN the current call is about, for its log lines. */
  private readonly currentUrn = new AsyncLocalStorage<string | undefined>();
  /** Every secret text seen, never repeated in clear in an answer's message, a log line or an error. */
  private readonly secretTexts = new Set<string>();
  /** Log lines on their way to the engine. */
  private readonly pendingLogs = new Set<Promise<void>>();

  /**
   * @param env Environment variables: the fallbacks of every setting, as the dynamic path reads them.
   * @param log Where progress lines go (the engine's Log service).
   */
  constructor(
    private readonly env: Environment,
    log: PluginLog,
  ) {
    this.context = new ProviderContext(env, (line) => {
      const sent = log(this.redact(line), this.currentUrn.getStore());
      if (sent) {
        this.pendingLogs.add(sent);
        void sent.finally(() => this.pendingLogs.delete(sent));
      }
    });
    this.context.configure(configSource(this.config));
    const connect = contextConnection(this.context, { get: (key) => this.config[key] }, env);
    const templateSecrets = secretNames(jobTemplateTable);
    this.resources = {
      [token("JobTemplate")]: { provider: jobTemplateProvider(this.context), secrets: templateSecrets },
      [token("JobRun")]: {
        provider: jobRunProvider(this.context),
        secrets: secretNames(jobRunTable),
        identity: true,
      },
    };
    this.functions = {
      [token("getJobTemplate")]: {
        run: (args) => lookUpJobTemplate(connect, args as never),
        secrets: templateSecrets,
      },
      [token("listJobTemplates")]: {
        run: async (args) => ({ [listResultKey]: await lookUpJobTemplates(connect, args) }),
        secrets: [],
      },
      [token("listJobRuns")]: {
        run: async (args) => ({ [listResultKey]: await lookUpJobRuns(connect, args as never) }),
        secrets: [],
      },
    };
  }

  /** The gRPC method implementations, for `grpc.Server.addService`; the others answer UNIMPLEMENTED. */
  handlers(): grpcTypes.UntypedServiceImplementation {
    return {
      getPluginInfo: this.unary(async () => new plugproto.PluginInfo().setVersion(version)),
      getSchema: this.unary(async () => new provproto.GetSchemaResponse().setSchema(packageSchemaText())),
      checkConfig: this.unary((req: provproto.CheckRequest) => this.checkConfig(req)),
      diffConfig: this.unary((req: provproto.DiffRequest) => this.diffConfig(req)),
      configure: this.unary((req: provproto.ConfigureRequest) => this.configure(req)),
      check: this.unary(
        (req: provproto.CheckRequest) => this.check(req),
        (req) => req.getUrn(),
      ),
      diff: this.unary(
        (req: provproto.DiffRequest) => this.diff(req),
        (req) => req.getUrn(),
      ),
      create: this.unary(
        (req: provproto.CreateRequest) => this.create(req),
        (req) => req.getUrn(),
      ),
      read: this.unary(
        (req: provproto.ReadRequest) => this.read(req),
        (req) => req.getUrn(),
      ),
      update: this.unary(
        (req: provproto.UpdateRequest) => this.update(req),
        (req) => req.getUrn(),
      ),
      delete: this.unary(
        (req: provproto.DeleteRequest) => this.delete(req),
        (req) => req.getUrn(),
      ),
      invoke: this.unary((req: provproto.InvokeRequest) => this.invoke(req)),
      cancel: this.unary(async () => new Empty()),
    };
  }

  private async checkConfig(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const news = this.unwrap(req.getNews());
    const failures = checkConfig(configMap(news.values), this.env);
    // The secret settings stay secret in the provider's state even when given in clear.
    const secretSettings = settingNames.filter((name) => providerConfigVariables[name].secret === true);
    return new provproto.CheckResponse()
      .setInputs(toStruct(wrapSecrets(news.values, [...secretSettings, ...news.secretNames])))
      .setFailuresList(failures.map((f) => this.failure(f.property, f.reason)));
  }

  private async diffConfig(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const olds = configMap(this.unwrap(req.getOlds()).values);
    const news = configMap(this.unwrap(req.getNews()).values);
    const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
      .filter((key) => olds[key] !== news[key])
      .map((key) => key.slice("sae:".length));
    const res = new provproto.DiffResponse()
      .setChanges(
        changed.length > 0
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setDiffsList(changed)
      .setHasdetaileddiff(true);
    // A new setting applies to the resources as they are: never a replacement of the provider.
    for (const name of changed) {
      res.getDetaileddiffMap().set(name, propertyDiff(name, olds, news, false, "sae:"));
    }
    return res;
  }

  private async configure(req: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
    const variables = new Map(req.getVariablesMap().toArray());
    const args = this.unwrap(req.getArgs()).values;
    this.config = configMap(args, variables);
    this.context.configure(configSource(this.config));
    for (const [key, value] of Object.entries(this.config)) {
      if (key === "sae:accessKeySecret" || key === "sae:securityToken") {
        this.secretTexts.add(value);
      }
    }
    return new provproto.ConfigureResponse()
      .setAcceptsecrets(true)
      .setAcceptresources(false)
      .setAcceptoutputs(false)
      .setSupportspreview(false);
  }

  private async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    const entry = this.resource(req.getType(), req.getUrn());
    const olds = this.unwrap(req.getOlds());
    const news = this.unwrap(req.getNews());
    const values = { ...news.values };
    if (entry.identity && values[identityKey] === undefined && req.getUrn() !== "") {
      values[identityKey] = req.getUrn();
    }
    const result = await entry.provider.check(olds.values, values);
    const failures = result.failures ?? [];
    return new provproto.CheckResponse()
      .setInputs(toStruct(wrapSecrets(result.inputs ?? values, [...entry.secrets, ...news.secretNames])))
      .setFailuresList(failures.map((f) => this.failure(f.property, f.reason)));
  }

  private async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const entry = this.resource(req.getType(), req.getUrn());
    const olds = this.unwrap(req.getOlds()).values;
    const news = this.unwrap(req.getNews()).values;
    const result = await entry.provider.diff(req.getId(), olds, news);
    const changes =
      result.changes === true
        ? provproto.DiffResponse.DiffChanges.DIFF_SOME
        : result.changes === false
          ? provproto.DiffResponse.DiffChanges.DIFF_NONE
          : provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN;
    const res = new provproto.DiffResponse()
      .setChanges(changes)
      .setReplacesList(result.replaces)
      .setDeletebeforereplace(result.deleteBeforeReplace === true)
      .setDiffsList([...result.replaces, ...result.updates])
      .setHasdetaileddiff(true);
    for (const name of result.replaces) {
      res.getDetaileddiffMap().set(name, propertyDiff(name, olds, news, true));
    }
    for (const name of result.updates) {
      res.getDetaileddiffMap().set(name, propertyDiff(name, olds, news, false));
    }
    return res;
  }

  private async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const entry = this.resource(req.getType(), req.getUrn());
    const inputs = this.unwrap(req.getProperties());
    const secrets = [...entry.secrets, ...inputs.secretNames];
    if (req.getPreview()) {
      return new provproto.CreateResponse().setProperties(toStruct(wrapSecrets(inputs.values, secrets)));
    }
    const result = await this.partial(secrets, () => entry.provider.create(inputs.values));
    return new provproto.CreateResponse()
      .setId(result.id)
      .setProperties(toStruct(wrapSecrets(result.outs ?? {}, secrets)));
  }

  private async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    const entry = this.resource(req.getType(), req.getUrn());
    const state = this.unwrap(req.getProperties());
    const inputs = this.unwrap(req.getInputs());
    // An import passes the program's inputs only, as the dynamic host reads it.
    const props = Object.keys(state.values).length > 0 ? state.values : inputs.values;
    const secrets = [...entry.secrets, ...state.secretNames, ...inputs.secretNames];
    const result = await entry.provider.read(req.getId(), props);
    const res = new provproto.ReadResponse()
      .setId(result.id ?? "")
      .setProperties(toStruct(wrapSecrets(result.props ?? {}, secrets)));
    if (result.inputs) {
      res.setInputs(toStruct(wrapSecrets(result.inputs, secrets)));
    }
    return res;
  }

  private async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const entry = this.resource(req.getType(), req.getUrn());
    const olds = this.unwrap(req.getOlds());
    const news = this.unwrap(req.getNews());
    const secrets = [...entry.secrets, ...news.secretNames];
    const result = await this.partial(secrets, () =>
      entry.provider.update(req.getId(), olds.values, news.values),
    );
    return new provproto.UpdateResponse().setProperties(toStruct(wrapSecrets(result.outs ?? {}, secrets)));
  }

  private async delete(req: provproto.DeleteRequest): Promise<unknown> {
    const entry = this.resource(req.getType(), req.getUrn());
    await entry.provider.delete(req.getId(), this.unwrap(req.getProperties()).values);
    return new Empty();
  }

  private async invoke(req: provproto.InvokeRequest): Promise<provproto.InvokeResponse> {
    const entry = this.functions[req.getTok()];
    if (!entry) {
      throw new PluginError(
        grpc.status.INVALID_ARGUMENT,
        `unknown function ${req.getTok()}: the sae provider serves ${Object.keys(this.functions).join(", ")}`,
      );
    }
    const args = this.unwrap(req.getArgs());
    const answer = (await entry.run(args.values)) as Props;
    return new provproto.InvokeResponse().setReturn(toStruct(wrapSecrets(answer, entry.secrets)));
  }

  /** Runs a create or update; a resource that exists but is not ready fails with its ID and properties. */
  private async partial<T>(secrets: readonly string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ResourceInitError) {
        const detail = new provproto.ErrorResourceInitFailed()
          .setId(error.id)
          .setProperties(toStruct(wrapSecrets(error.properties, secrets)))
          .setReasonsList(error.reasons.map((reason) => this.redact(reason)));
        throw new PluginError(grpc.status.UNKNOWN, error.message, detail);
      }
      throw error;
    }
  }

  private resource(type: string, urn: string): ResourceEntry {
    // The type is the URN's last type segment when the request does not carry it.
    const tok = type !== "" ? type : (urn.split("::")[2]?.split("$").pop() ?? "");
    const entry = this.resources[tok];
    if (!entry) {
      throw new PluginError(
        grpc.status.INVALID_ARGUMENT,
        `unknown resource type ${tok}: the sae provider serves ${Object.keys(this.resources).join(", ")}`,
      );
    }
    return entry;
  }

  private unwrap(struct: { toJavaScript(): Props } | undefined) {
    const unwrapped = unwrapSecrets((struct?.toJavaScript() ?? {}) as Props);
    for (const text of unwrapped.secretTexts) {
      this.secretTexts.add(text);
    }
    return unwrapped;
  }

  private failure(property: string, reason: string): provproto.CheckFailure {
    return new provproto.CheckFailure().setProperty(property).setReason(this.redact(reason));
  }

  /** `text` with every secret seen (and its URL-encoded form) replaced by the redaction mark. */
  private redact(text: string): string {
    let out = text;
    // Longest first, so that a secret containing another is replaced whole. Short values (a flag, a
    // small number) would mask ordinary words, and say nothing secret alone.
    const secrets = [...this.secretTexts].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        out = out.split(form).join(redactedMark);
      }
    }
    return out;
  }

  /**
   * A unary handler: runs `handle` for the URN `urnOf` names, and answers its result or its error
   * once the lines it logged reached the engine (as a Go provider's synchronous log does), so the
   * engine has them with the step they belong to, and none is lost when it closes the plugin.
   */
  private unary<Req, Res>(handle: (req: Req) => Promise<Res>, urnOf?: (req: Req) => string) {
    return (call: Call<Req>, callback: Callback<Res>): void => {
      this.currentUrn
        .run(urnOf?.(call.request), () => handle(call.request))
        .then(
          async (res) => {
            await Promise.all([...this.pendingLogs]);
            return res;
          },
          async (error: unknown) => {
            await Promise.all([...this.pendingLogs]);
            throw error;
          },
        )
        .then(
          (res) => callback(null, res),
          (error: unknown) => {
            const { code, message, detail } =
              error instanceof PluginError
                ? error
                : {
                    code: grpc.status.UNKNOWN,
                    message: error instanceof Error ? error.message : String(error),
                    detail: undefined,
                  };
            callback(statusError(code, this.redact(message), detail));
          },
        );
    };
  }
}

/** An error the plugin answers with a given status code, and a partial failure's detail. */
class PluginError extends Error {
  constructor(
    readonly code: grpcTypes.status,
    message: string,
    readonly detail?: provproto.ErrorResourceInitFailed,
  ) {
    super(message);
  }
}

/** A gRPC error; a partial failure's detail goes in `grpc-status-details-bin`, where the engine reads it. */
function statusError(
  code: grpcTypes.status,
  message: string,
  detail?: provproto.ErrorResourceInitFailed,
): grpcTypes.ServiceError {
  const metadata = new grpc.Metadata();
  if (detail) {
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(code).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code, details: message, metadata });
}

/**
 * One property's entry in the detailed diff: added, deleted or updated by whether the state and
 * the inputs hold it, in its replacing form when its change replaces the resource.
 */
function propertyDiff(
  name: string,
  olds: Props,
  news: Props,
  replaces: boolean,
  prefix = "",
): provproto.PropertyDiff {
  const Kind = provproto.PropertyDiff.Kind;
  const before = olds[prefix + name];
  const after = news[prefix + name];
  const kind =
    before === undefined || before === null
      ? replaces
        ? Kind.ADD_REPLACE
        : Kind.ADD
      : after === undefined || after === null
        ? replaces
          ? Kind.DELETE_REPLACE
          : Kind.DELETE
        : replaces
          ? Kind.UPDATE_REPLACE
          : Kind.UPDATE;
  return new provproto.PropertyDiff().setKind(kind).setInputdiff(false);
}

function toStruct(value: Props) {
  return Struct.fromJavaScript(definedOnly(value) as never);
}
