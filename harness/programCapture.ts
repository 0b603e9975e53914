/**
 * The capture behind {@link runProgram} and project programs: runs a Pulumi program under a given
 * copy of the Pulumi Node SDK's mocks and records every custom resource registration (inputs as
 * that SDK serialized them, plus the resource options the engine would see), answering each with
 * the mocks' made-up state or, when asked to, with what the engine's step for it produced.
 *
 * It takes the SDK's modules as arguments and loads no SDK itself (its imports of `@pulumi/pulumi`
 * are types only), so a child process can run it against a project's own `@pulumi/pulumi`, which
 * may be another version than this repository's.
 */
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as configModule from "@pulumi/pulumi/runtime/config";
import type * as mocksModule from "@pulumi/pulumi/runtime/mocks";
import type * as resourceModule from "@pulumi/pulumi/runtime/resource";
import type * as settingsModule from "@pulumi/pulumi/runtime/settings";

import type { PropertyMap } from "./propertyValues";

/** Resource options as they arrive in the RegisterResourceRequest. */
export interface RegistrationOptions {
  additionalSecretOutputs: string[];
  /** `undefined` when the program did not set it (the provider's diff then decides). */
  deleteBeforeReplace?: boolean;
  /** The `import` option: ID of an existing resource to adopt. */
  importId?: string;
  /**
   * The `id` option (a `get`, such as `JobTemplate.get`): the SDK sent ReadResource for the
   * resource with this ID instead of registering one.
   */
  readId?: string;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect?: boolean;
  /** URNs this resource depends on (explicit `dependsOn` plus dependencies through inputs). */
  dependsOn: string[];
  /** Custom timeouts as given (Go duration strings such as "5m"), when set. */
  customTimeouts?: { create?: string; update?: string; delete?: string };
  /**
   * The `provider` option as the SDK sends it: the explicit provider resource's reference,
   * `<urn>::<id>`. Unset for a resource of the package's default provider.
   */
  provider?: string;
  /** The `version` option: the plugin version a generated SDK asks for (names the default provider). */
  version?: string;
}

/** One custom resource the program registered, or read (see {@link RegistrationOptions.readId}). */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  /** Inputs as serialized by the SDK: secrets still wrapped, unknowns as the sentinel, `__provider` included. */
  inputs: PropertyMap;
  /** Top-level input keys whose value is, or contains, a secret. */
  secretInputs: string[];
  options: RegistrationOptions;
}

/** A registration as captured, before the caller works out which inputs are secret. */
export type CapturedRegistration = Omit<Registration, "secretInputs">;

/** Options for {@link runProgram} and for running a project program. */
export interface RunProgramOptions {
  project?: string;
  stack?: string;
  /** Run as a preview (`pulumi.runtime.isDryRun()` is true inside the program). */
  preview?: boolean;
  /** Stack configuration with namespaced keys ("sae:region"), visible to `new pulumi.Config(...)`. */
  config?: Record<string, string>;
  /**
   * Answers the program's invokes of `token` (`pulumi.runtime.invoke`), as the engine does by
   * calling the function's provider; `provider` is the invoke's `provider` option (`<urn>::<id>`),
   * "" for the default one. Answer `undefined` to leave the invoke to the mocks (its arguments back).
   * In-process programs only.
   */
  invoke?: (token: string, args: PropertyMap, provider: string) => Promise<PropertyMap | undefined>;
}

/**
 * The engine's answer to one custom resource registration once its step ran: the resource's ID and
 * its outputs, secrets in the SDK's wire form (`{ <sigKey>: <secretSig>, value }`), as a real
 * RegisterResourceResponse carries them.
 */
export interface RegistrationAnswer {
  id: string;
  outputs: PropertyMap;
}

/**
 * Runs the step for a registration and answers with the resource's real ID and outputs; rejects when
 * the step failed (the registration's response then fails, as the engine's does).
 */
export type ResolveCaptured = (registration: CapturedRegistration) => Promise<RegistrationAnswer>;

/** The modules of one copy of the Pulumi Node SDK that the capture hooks into. */
export interface PulumiSdk {
  /** `@pulumi/pulumi/runtime/config`: `allConfig`, `setAllConfig`. */
  config: typeof configModule;
  /** `@pulumi/pulumi/runtime/mocks`: `setMocks`, and its `MockMonitor` answers the registrations. */
  mocks: typeof mocksModule;
  /** `@pulumi/pulumi/runtime/resource`: resource constructors call its `registerResource`. */
  resource: typeof resourceModule;
  /** `@pulumi/pulumi/runtime/settings`: its internal `waitForRPCs` drains pending registrations. */
  settings: typeof settingsModule;
}

type RegisterResource = (req: resproto.RegisterResourceRequest, callback: RegisterCallback) => Promise<void>;
type RegisterCallback = (error: unknown, response?: resproto.RegisterResourceResponse) => void;
type ReadResource = (req: resproto.ReadResourceRequest, callback: ReadCallback) => Promise<void>;
type ReadCallback = (error: unknown, response?: resproto.ReadResourceResponse) => void;

/** The mocks' `google.protobuf.Struct`, whichever copy of google-protobuf the SDK loaded. */
type Struct = NonNullable<ReturnType<resproto.RegisterResourceResponse["getObject"]>>;

/** The parts of the SDK's `MockMonitor` instance the hook touches. */
interface MockMonitorState {
  /** What `pulumi:pulumi:getResource` answers from: the state registrations were answered with. */
  resources?: Map<string, { urn: string; id: string | null; state: unknown }>;
}

/**
 * The SDK's internal registration entry points (`registerResource`, and `readResource` for a
 * resource given the `id` option), called synchronously from every resource constructor.
 */
type SdkRegisterResource = (
  res: unknown,
  parent: unknown,
  type: string,
  name: string,
  ...rest: unknown[]
) => void;

/** Serializes runs: the SDK's runtime state and the monitor hook below are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

function optionsOf(req: resproto.RegisterResourceRequest): RegistrationOptions {
  const options: RegistrationOptions = {
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    dependsOn: req.getDependenciesList(),
  };
  if (req.getDeletebeforereplacedefined()) {
    options.deleteBeforeReplace = req.getDeletebeforereplace();
  }
  if (req.getImportid() !== "") {
    options.importId = req.getImportid();
  }
  if (req.hasProtect()) {
    options.protect = req.getProtect();
  }
  if (req.getProvider() !== "") {
    options.provider = req.getProvider();
  }
  if (req.getVersion() !== "") {
    options.version = req.getVersion();
  }
  const timeouts = req.getCustomtimeouts();
  if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) {
    options.customTimeouts = {};
    if (timeouts.getCreate()) {
      options.customTimeouts.create = timeouts.getCreate();
    }
    if (timeouts.getUpdate()) {
      options.customTimeouts.update = timeouts.getUpdate();
    }
    if (timeouts.getDelete()) {
      options.customTimeouts.delete = timeouts.getDelete();
    }
  }
  return options;
}

/** The options of a ReadResource request: only those a read carries. */
function readOptionsOf(req: resproto.ReadResourceRequest): RegistrationOptions {
  return {
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    ignoreChanges: [],
    replaceOnChanges: [],
    dependsOn: req.getDependenciesList(),
    readId: req.getId(),
    ...(req.getProvider() !== "" ? { provider: req.getProvider() } : {}),
    ...(req.getVersion() !== "" ? { version: req.getVersion() } : {}),
  };
}

/**
 * Waits until the program's registrations stop: the SDK registers asynchronously (and a program may
 * create resources inside `apply`), so drain the SDK's RPC queue and the event loop until nothing new
 * appears for a couple of rounds. Once `stopped` settles, pending RPCs are not waited for: after the
 * engine shut down they never finish.
 */
async function settleRegistrations(
  sdk: PulumiSdk,
  count: () => number,
  stopped: Promise<void>,
): Promise<void> {
  // `waitForRPCs` is internal to the SDK (not in its typings) but is exactly the drain we need.
  const waitForRPCs = (sdk.settings as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  let quietRounds = 0;
  let seen = -1;
  while (quietRounds < 2) {
    if (waitForRPCs) {
      await Promise.race([waitForRPCs(), stopped]);
    }
    await new Promise((resolve) => setImmediate(resolve));
    quietRounds = count() === seen ? quietRounds + 1 : 0;
    seen = count();
  }
}

/**
 * Puts registrations in construction order. They reach the monitor in RPC order, which follows how
 * fast each resource's inputs serialize (fewer inputs, sooner), so it varies with unrelated changes.
 * Construction order respects dependencies just as well and is what a reader of the program expects.
 */
function inConstructionOrder<R extends CapturedRegistration>(registrations: R[], constructed: string[]): R[] {
  const claimed = new Set<number>();
  const position = (reg: R): number => {
    const index = constructed.findIndex((key, i) => !claimed.has(i) && key === `${reg.type}::${reg.name}`);
    if (index < 0) {
      return Number.MAX_SAFE_INTEGER;
    }
    claimed.add(index);
    return index;
  };
  return registrations
    .map((reg, arrival) => ({ reg, arrival, index: position(reg) }))
    .sort((a, b) => a.index - b.index || a.arrival - b.arrival)
    .map(({ reg }) => reg);
}

/** Replaces the mocks' answer (ID from the mocks, inputs as state) with the engine's. */
function answerWith(
  monitor: MockMonitorState,
  response: resproto.RegisterResourceResponse | resproto.ReadResourceResponse,
  answer: RegistrationAnswer,
): void {
  // Build the Struct with the class of the SDK's own google-protobuf, which may not be ours.
  const reading = !("getObject" in response);
  const struct = (reading ? response.getProperties() : response.getObject()) as Struct;
  const StructClass = struct.constructor as unknown as { fromJavaScript(value: PropertyMap): Struct };
  const outputs = StructClass.fromJavaScript(answer.outputs);
  if (reading) {
    // A read answers no ID: the SDK takes the one it asked for.
    response.setProperties(outputs);
  } else {
    response.setId(answer.id);
    response.setObject(outputs);
  }
  monitor.resources?.set(response.getUrn(), { urn: response.getUrn(), id: answer.id, state: answer.outputs });
}

/** gRPC status UNAVAILABLE (the SDK is loaded by the caller, so its `grpc` is not imported here). */
const UNAVAILABLE = 14;

/**
 * The error a real engine fails pending registrations with once a step failed. For UNAVAILABLE the
 * SDK stops its RPCs and leaves the resource's outputs pending instead of rejecting them: rejected,
 * every dependent's outputs would surface as unhandled rejections, which fail a Jest test and
 * crash a Node process.
 */
function monitorShutDown(reason: unknown): Error {
  const message = reason instanceof Error ? reason.message : String(reason);
  return Object.assign(new Error(`resource monitor shut down: ${message}`), { code: UNAVAILABLE });
}

async function captureExclusive(
  sdk: PulumiSdk,
  program: () => void | Promise<void>,
  opts: RunProgramOptions,
  resolveRegistration: ResolveCaptured | undefined,
): Promise<CapturedRegistration[]> {
  const { config, mocks } = sdk;
  const registrations: CapturedRegistration[] = [];
  const failures: unknown[] = [];
  const constructed: string[] = [];
  // Set when a registration's step failed: like the engine, stop answering and stop the program.
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let isStopped = false;
  const answering = new Set<Promise<void>>();
  // Resource constructors call the SDK through this module's exports object, so wrapping the exports
  // observes construction order.
  const runtimeResource = sdk.resource as unknown as {
    registerResource: SdkRegisterResource;
    readResource: SdkRegisterResource;
  };
  const originalSdkRegister = runtimeResource.registerResource;
  const originalSdkRead = runtimeResource.readResource;
  runtimeResource.registerResource = function (this: unknown, res, parent, type, name, ...rest) {
    constructed.push(`${type}::${name}`);
    return originalSdkRegister.call(this, res, parent, type, name, ...rest);
  };
  runtimeResource.readResource = function (this: unknown, res, parent, type, name, ...rest) {
    constructed.push(`${type}::${name}`);
    return originalSdkRead.call(this, res, parent, type, name, ...rest);
  };

  /** Records a custom resource the program registered or read, and answers it as the engine would. */
  function capture<R extends resproto.RegisterResourceResponse | resproto.ReadResourceResponse>(
    monitor: MockMonitorState,
    registration: CapturedRegistration,
    response: R,
    callback: (error: unknown, response?: R) => void,
  ): void {
    registrations.push(registration);
    if (!resolveRegistration) {
      callback(null, response);
      return;
    }
    if (isStopped) {
      callback(monitorShutDown("an earlier step failed"));
      return;
    }
    // Like the engine, answer only once the step ran, with what it left in the state.
    const answered = resolveRegistration(registration)
      .then((answer) => {
        if (isStopped) {
          throw monitorShutDown("an earlier step failed");
        }
        answerWith(monitor, response, answer);
      })
      .then(
        () => callback(null, response),
        (stepError: unknown) => {
          if (!isStopped) {
            failures.push(stepError);
            isStopped = true;
            stop();
          }
          callback(monitorShutDown(stepError));
        },
      );
    answering.add(answered);
    void answered.finally(() => answering.delete(answered));
  }

  const proto = sdk.mocks.MockMonitor.prototype as unknown as {
    registerResource: RegisterResource;
    readResource: ReadResource;
  };
  /**
   * Wraps one of the monitor's entry points: each answer it gives for a custom resource is
   * captured (`registrationOf` says what was registered, or `undefined` to pass the answer on).
   */
  function hook<Req, Res extends resproto.RegisterResourceResponse | resproto.ReadResourceResponse>(
    entry: (req: Req, callback: (error: unknown, response?: Res) => void) => Promise<void>,
    registrationOf: (req: Req, response: Res) => CapturedRegistration | undefined,
  ) {
    return function (this: MockMonitorState, req: Req, callback: (error: unknown, response?: Res) => void) {
      return entry.call(this, req, (error, response) => {
        const registration = error || !response ? undefined : registrationOf(req, response);
        if (!registration) {
          if (error) {
            failures.push(error);
          }
          callback(error, response);
          return;
        }
        capture(this, registration, response!, callback);
      });
    };
  }
  const original = proto.registerResource;
  const originalRead = proto.readResource;
  // `newResource` in the mocks only sees type/name/inputs/provider/id; the resource options the
  // engine plans with live on the request, so look at the request itself.
  proto.registerResource = hook(original, (req, response) =>
    req.getCustom()
      ? {
          type: req.getType(),
          name: req.getName(),
          urn: response.getUrn(),
          inputs: (req.getObject()?.toJavaScript() ?? {}) as PropertyMap,
          options: optionsOf(req),
        }
      : undefined,
  );
  // Only custom resources can be read.
  proto.readResource = hook(originalRead, (req, response) => ({
    type: req.getType(),
    name: req.getName(),
    urn: response.getUrn(),
    inputs: (req.getProperties()?.toJavaScript() ?? {}) as PropertyMap,
    options: readOptionsOf(req),
  }));
  const previousConfig = config.allConfig();
  try {
    await mocks.setMocks(
      {
        newResource: (args) => ({ id: args.id || `${args.name}-id`, state: args.inputs }),
        call: async (args) =>
          (await opts.invoke?.(args.token, args.inputs as PropertyMap, args.provider ?? "")) ?? args.inputs,
      },
      opts.project ?? "project",
      opts.stack ?? "stack",
      opts.preview ?? false,
    );
    // setAllConfig replaces the whole map, so a previous run's config cannot leak into this one.
    config.setAllConfig(opts.config ?? {});
    try {
      // A stopped program may wait forever on outputs that will not resolve, so stop waiting for it.
      const running = (async () => program())();
      running.catch(() => undefined);
      await Promise.race([running, stopped]);
    } finally {
      // Even after a throw, let started registrations finish here rather than in the next run.
      await settleRegistrations(sdk, () => registrations.length + failures.length, stopped);
      // Answers still on their way must reach this run's SDK, not the next run's.
      await Promise.all([...answering]);
    }
  } finally {
    runtimeResource.registerResource = originalSdkRegister;
    runtimeResource.readResource = originalSdkRead;
    proto.registerResource = original;
    proto.readResource = originalRead;
    config.setAllConfig(previousConfig);
  }
  if (failures.length > 0) {
    throw new Error(`resource registration failed: ${failures.map((f) => String(f)).join("; ")}`);
  }
  return inConstructionOrder(registrations, constructed);
}

/**
 * Runs `program` under `sdk`'s mocks and returns every custom resource it registered, in
 * construction order. Without `resolve`, the mocks answer each registration with `{ id: importId ??
 * name + "-id", state: inputs }`, so inputs read back inside the program are known even in preview
 * mode, and outputs that are not inputs are undefined. With `resolve`, each custom resource
 * registration is answered with what `resolve` gives once it settles; a rejection fails the
 * registration as a shut-down engine does, stops the program and rejects the run. Calls are
 * serialized, so several programs (v1, then v2) can run one after another in one process.
 */
export function captureRegistrations(
  sdk: PulumiSdk,
  program: () => void | Promise<void>,
  opts: RunProgramOptions = {},
  resolve?: ResolveCaptured,
): Promise<CapturedRegistration[]> {
  const run = queue.then(() => captureExclusive(sdk, program, opts, resolve));
  queue = run.catch(() => undefined);
  return run;
}
