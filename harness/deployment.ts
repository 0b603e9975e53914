/**
 * One engine operation over a set of state entries: the step generation and step execution rules of
 * Pulumi's engine (`pkg/resource/deploy/step_generator.go` and `step.go`), one step at a time, each
 * resource's calls going to its provider (see {@link ProviderRegistry}): the dynamic-provider host,
 * or the plugin process of the default or explicit provider resource of its package.
 */
import { randomUUID } from "node:crypto";

import type { OperationResult, StateResource, StepDiff, StepOp, StepRecord } from "./engineTypes";
import { ResourceInitFailedError } from "./hostErrors";
import { applyIgnoreChanges, pathCovers } from "./propertyPaths";
import {
  changedKeys,
  containsUnknown,
  secretValue,
  toProviderValue,
  UNKNOWN_VALUE,
  type PropertyMap,
} from "./propertyValues";
import type { Registration, RegistrationAnswer } from "./program";
import type { ProviderHost } from "./providerHost";
import {
  defaultProviderName,
  PROVIDER_TYPE_PREFIX,
  providerReference,
  referencedUrn,
  ResourceProvider,
  UNKNOWN_PROVIDER_ID,
  unwrapKeys,
  wrapKeys,
  type ProviderRegistry,
} from "./providers";

/** The property key the engine gives init errors in a diff (`initErrorSpecialKey` in step_generator.go). */
const INIT_ERROR_KEY = "#initerror";

/** An error the engine itself raises (as opposed to one from the provider). */
class EngineError extends Error {}

/** Seconds in a Go-style duration such as "90s", "5m" or "1h30m"; undefined when unparsable. */
function durationSeconds(duration: string | undefined): number | undefined {
  if (!duration) {
    return undefined;
  }
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let matched = "";
  for (const match of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(match[1]) * units[match[2]];
    matched += match[0];
  }
  return matched === duration ? total : undefined;
}

/** The package part of a type token ("pulumi-nodejs" for "pulumi-nodejs:dynamic:Resource"). */
function packageOf(type: string): string {
  return type.split(":")[0];
}

/** True for a provider resource (`pulumi:providers:sae`). */
function isProviderType(type: string): boolean {
  return type.startsWith(PROVIDER_TYPE_PREFIX);
}

/** Check failures as the engine reports them: one `property: reason` line each. */
function checkFailureError(failures: { property: string; reason: string }[]): EngineError {
  const lines = failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason));
  return new EngineError(`one or more inputs failed to validate:\n${lines.map((l) => `  ${l}`).join("\n")}`);
}

/** Executes steps against `entries` (mutated in place) and records them in `result`. */
export class Deployment {
  /** True once a step failed: like the engine, stop generating further steps. */
  private failed = false;
  private readonly seen = new Set<string>();
  /** Indices into `providers.output` that some step claimed. */
  readonly attributedOutput = new Set<number>();
  /** The provider reference (`<urn>::<id>`) each plugin-served resource registered so far uses. */
  private readonly references = new Map<string, string>();

  /**
   * @param config The stack config: a package's default provider is configured from its keys.
   */
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly config: Readonly<Record<string, string>>,
    private readonly preview: boolean,
    readonly entries: StateResource[],
    readonly result: OperationResult,
  ) {}

  /** True once a step failed; no further steps run. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /**
   * Plans (and, outside preview, applies) the steps for one registration from the program. Returns
   * the step, or undefined when an earlier failure stopped the deployment.
   */
  async register(reg: Registration): Promise<StepRecord | undefined> {
    if (this.failed) {
      return undefined;
    }
    if (isProviderType(reg.type) && this.providers.servedByPlugin(reg.type)) {
      const inputs = unwrapKeys(toProviderValue(reg.inputs) as PropertyMap);
      return this.registerProvider(reg.urn, reg.type, reg.name, inputs.values, inputs.secrets);
    }
    if (this.providers.servedByPlugin(reg.type) && reg.options.provider === undefined) {
      // The engine registers a package's default provider before the first resource that uses it.
      const step = await this.registerDefaultProvider(reg);
      if (step?.error !== undefined) {
        return step;
      }
    }
    if (this.failed) {
      return undefined;
    }
    const old = this.live(reg.urn);
    const reading = reg.options.readId !== undefined;
    // Tentative op, so a step failing in Check or Diff still says what it was going to do.
    const importing = reg.options.importId !== undefined && (!old || old.id !== reg.options.importId);
    const op = reading ? "read" : importing ? "import" : old ? "update" : "create";
    const step = this.newStep(reg.urn, reg.type, reg.name, op);
    await this.runStep(step, async () => {
      if (this.seen.has(reg.urn)) {
        throw new EngineError(`Duplicate resource URN '${reg.urn}'`);
      }
      this.seen.add(reg.urn);
      const provider = await this.providerOf(reg, old);
      const programInputs = toProviderValue(reg.inputs) as PropertyMap;
      // Unknowns may reach the provider only in a preview (the engine's AllowUnknowns).
      if (!this.preview && containsUnknown(programInputs)) {
        throw new EngineError("inputs contain unknown values outside a preview");
      }
      if (reading) {
        await this.readResource(provider, reg, step, reg.options.readId!, programInputs, old);
        return;
      }
      if (importing) {
        await this.importResource(provider, reg, step, reg.options.importId!, programInputs, old);
        return;
      }
      if (!old) {
        // A resource without prior state is checked against nothing, like the engine's first Check.
        await this.createResource(
          provider,
          reg,
          step,
          await this.check(provider, reg.urn, {}, programInputs),
        );
        return;
      }
      const news = applyIgnoreChanges(programInputs, old.inputs, reg.options.ignoreChanges);
      const checked = await this.check(provider, reg.urn, old.inputs, news);
      const { diff, keysFromProvider } = await this.diff(
        provider,
        reg,
        old.id,
        old.outputs,
        checked,
        old.inputs,
        (old.initErrors?.length ?? 0) > 0,
      );
      step.diff = diff;
      step.id = old.id;
      // Init errors change nothing here: the diff decides, as for any resource (a replacement it
      // asks for replaces one that failed to initialize); only "no change" becomes an empty update.
      if (diff.changes === "some" || old.pendingReplacement) {
        if (diff.replaces.length > 0 || old.pendingReplacement) {
          await this.replaceResource(provider, reg, step, old, programInputs, diff, keysFromProvider);
        } else {
          await this.updateResource(provider, reg, step, old, checked);
        }
      } else if ((old.initErrors?.length ?? 0) > 0) {
        // The engine retries a resource that failed to initialize with an empty update.
        await this.updateResource(provider, reg, step, old, checked);
      } else {
        step.op = "same";
        old.inputs = checked;
        this.applyOptions(old, reg, provider.reported);
      }
    });
    return step;
  }

  /**
   * {@link register} as the engine's RegisterResource answers it: once the step ran, with the ID
   * and outputs now in state, secret outputs as secrets. Rejects with the step's error (or when an
   * earlier step failed), as the engine then fails the registration.
   */
  async registerAndAnswer(reg: Registration): Promise<RegistrationAnswer> {
    const step = await this.register(reg);
    if (!step) {
      throw new EngineError("the deployment stopped after an earlier step failed");
    }
    if (step.error !== undefined) {
      throw new EngineError(step.error);
    }
    const entry = this.live(reg.urn);
    if (!entry) {
      throw new EngineError(`no state for '${reg.urn}' after its ${step.op} step`);
    }
    const outputs: PropertyMap = {};
    for (const [key, value] of Object.entries(entry.outputs)) {
      outputs[key] = entry.secretOutputs.includes(key) ? secretValue(value) : value;
    }
    return { id: entry.id, outputs };
  }

  /**
   * Deletes what the program no longer declares plus originals owed by create-before-delete
   * replacements, newest first. Skipped once something failed, as the engine does.
   */
  async deleteUnclaimed(): Promise<void> {
    for (const entry of [...this.entries].reverse()) {
      if (this.failed) {
        return;
      }
      if (entry.pendingDelete) {
        await this.deleteResource(entry, true);
      } else if (entry.external && !this.seen.has(entry.urn)) {
        this.discardResource(entry);
      } else if (!this.seen.has(entry.urn)) {
        // Already physically deleted by a delete-before-replace; only the record remains.
        if (entry.pendingReplacement) {
          this.remove(entry);
        } else {
          await this.deleteResource(entry, false);
        }
      }
    }
  }

  /** Reads every resource and takes in what the provider reports (refresh). */
  async refreshAll(): Promise<void> {
    for (const entry of [...this.entries]) {
      if (this.failed) {
        return;
      }
      // The engine reads no provider resource: their state is their inputs.
      if (entry.pendingReplacement || isProviderType(entry.type)) {
        continue;
      }
      const step = this.newStep(entry.urn, entry.type, entry.name, "refresh");
      step.id = entry.id;
      await this.runStep(step, async () => {
        const provider = await this.providerOfEntry(entry);
        // The dynamic-provider host never reports init failures from Read, so any error fails the refresh.
        const read = await this.track("Read", entry.urn, entry.id, () =>
          provider.read(entry.urn, entry.id, entry.outputs, entry.inputs),
        );
        if (read.id === "") {
          step.op = "read-gone";
          step.previousId = entry.id;
          delete step.id;
          this.remove(entry);
          return;
        }
        // A resource read by a `get` is not managed: the next `up` changes nothing about it, so only
        // its outputs are compared.
        const inputs = entry.external ? entry.inputs : (read.inputs ?? entry.inputs);
        // Like the engine, diff the refreshed state against the prior inputs to see whether the next
        // `up` would change anything.
        const verdict = entry.external
          ? { changes: "none" as const }
          : await provider.diff(entry.urn, read.id, read.properties, entry.inputs, inputs);
        const keys = [
          ...new Set([...changedKeys(entry.outputs, read.properties), ...changedKeys(entry.inputs, inputs)]),
        ].sort();
        const wouldChange =
          verdict.changes === "some" ||
          (verdict.changes === "unknown" && changedKeys(entry.inputs, inputs).length > 0);
        step.diff = {
          providerChanges: verdict.changes,
          changes: wouldChange || keys.length > 0 ? "some" : "none",
          replaces: [],
          changedKeys: keys,
          deleteBeforeReplace: false,
        };
        if (read.id !== entry.id) {
          step.previousId = entry.id;
        }
        entry.id = read.id;
        entry.outputs = read.properties;
        entry.inputs = inputs;
        // The engine rebuilds the state from the read, which carries no init errors when it succeeds.
        delete entry.initErrors;
        entry.secretOutputs = Object.keys(entry.outputs).filter(
          (key) =>
            entry.secretInputs.includes(key) ||
            entry.additionalSecretOutputs.includes(key) ||
            provider.reported.has(key),
        );
        step.id = entry.id;
      });
    }
  }

  /** Deletes every resource, newest first (destroy). */
  async destroyAll(): Promise<void> {
    for (const entry of [...this.entries].reverse()) {
      if (this.failed) {
        return;
      }
      if (entry.pendingReplacement) {
        this.remove(entry);
      } else if (entry.external) {
        this.discardResource(entry);
      } else {
        await this.deleteResource(entry, entry.pendingDelete === true);
      }
    }
  }

  /**
   * A provider resource of a plugin's package, as the engine's provider registry runs one: its
   * plugin process loaded, CheckConfig on its inputs (failures fail the step, in preview too),
   * DiffConfig against its state, then Configure with the checked inputs. Its ID is made up by
   * the engine (unknown in a preview until it is created); its outputs are its inputs.
   */
  private async registerProvider(
    urn: string,
    type: string,
    name: string,
    inputs: PropertyMap,
    secrets: readonly string[],
  ): Promise<StepRecord> {
    const old = this.live(urn);
    const step = this.newStep(urn, type, name, old ? "update" : "create");
    await this.runStep(step, async () => {
      if (this.seen.has(urn)) {
        throw new EngineError(`Duplicate resource URN '${urn}'`);
      }
      this.seen.add(urn);
      const host = await this.providers.load(urn, type, inputs);
      const olds = old ? wrapKeys(old.inputs, old.secretInputs) : {};
      const checked = await host.checkConfig(urn, olds, wrapKeys(inputs, secrets));
      if (checked.failures.length > 0) {
        throw checkFailureError(checked.failures);
      }
      const plain = unwrapKeys(checked.inputs);
      if (old) {
        const diff = await host.diffConfig(urn, wrapKeys(old.outputs, old.secretOutputs), checked.inputs);
        step.op = diff.changes === "some" ? "update" : "same";
        step.id = old.id;
        step.diff = {
          providerChanges: diff.changes,
          changes: diff.changes === "some" ? "some" : "none",
          replaces: diff.replaces,
          changedKeys: diff.diffs,
          deleteBeforeReplace: diff.deleteBeforeReplace,
        };
      }
      await this.providers.configure(urn, type, checked.inputs, inputs);
      const id = old?.id ?? (this.preview ? UNKNOWN_PROVIDER_ID : randomUUID());
      if (!old) {
        step.id = id;
        step.planned = this.preview;
      }
      const entry: StateResource = old ?? {
        urn,
        type,
        name,
        id,
        inputs: {},
        outputs: {},
        secretInputs: [],
        secretOutputs: [],
        additionalSecretOutputs: [],
      };
      entry.inputs = plain.values;
      entry.outputs = { ...plain.values };
      entry.secretInputs = [...plain.secrets];
      entry.secretOutputs = [...plain.secrets];
      if (!old) {
        this.entries.push(entry);
      }
    });
    return step;
  }

  /**
   * The default provider of `reg`'s package (`pulumi:providers:<pkg>::default`), registered once per
   * deployment from the stack config's `<pkg>:*` keys, as the engine does before the first resource
   * that uses it. Returns its step the first time, undefined after.
   */
  private async registerDefaultProvider(reg: Registration): Promise<StepRecord | undefined> {
    const urn = this.defaultProviderUrn(reg);
    if (this.seen.has(urn)) {
      return undefined;
    }
    const pkg = packageOf(reg.type);
    const inputs = this.defaultProviderInputs(pkg, reg.options.version);
    return this.registerProvider(urn, `${PROVIDER_TYPE_PREFIX}${pkg}`, urn.split("::").pop()!, inputs, []);
  }

  /** A default provider's inputs: the stack config's `<pkg>:*` keys (`region`, …), as text. */
  private defaultProviderInputs(pkg: string, version: string | undefined): PropertyMap {
    const inputs: PropertyMap = {};
    for (const [key, value] of Object.entries(this.config)) {
      if (key.startsWith(`${pkg}:`)) {
        inputs[key.slice(pkg.length + 1)] = value;
      }
    }
    if (version !== undefined) {
      inputs.version = version;
    }
    return inputs;
  }

  /**
   * The plugin process of provider `urn` for a program's invoke: running already, or, for the
   * package's default provider, loaded, checked and configured from the stack config (the engine
   * configures it for an invoke as for a resource). An explicit provider must be registered first.
   */
  async providerHost(urn: string, type: string): Promise<ProviderHost> {
    const running = this.providers.running(urn);
    if (running) {
      return running;
    }
    if (!urn.endsWith("::default")) {
      throw new EngineError(`provider ${urn} is not registered yet`);
    }
    const inputs = this.defaultProviderInputs(type.slice(PROVIDER_TYPE_PREFIX.length), undefined);
    const host = await this.providers.load(urn, type, inputs);
    const checked = await host.checkConfig(urn, {}, inputs);
    if (checked.failures.length > 0) {
      throw checkFailureError(checked.failures);
    }
    await this.providers.configure(urn, type, checked.inputs, inputs);
    return host;
  }

  private defaultProviderUrn(reg: Registration): string {
    // `urn:pulumi:<stack>::<project>::<type>::<name>`: the provider lives in the same stack and project.
    const [stack, project] = reg.urn.split("::");
    const pkg = packageOf(reg.type);
    return `${stack}::${project}::${PROVIDER_TYPE_PREFIX}${pkg}::${defaultProviderName(reg.options.version)}`;
  }

  /**
   * The provider a registration's steps go to: the plugin process of its explicit or default
   * provider resource (noting the reference for its state), else the dynamic host.
   */
  private async providerOf(reg: Registration, old: StateResource | undefined): Promise<ResourceProvider> {
    const secrets = [
      ...new Set([...reg.secretInputs, ...(old?.secretInputs ?? []), ...(old?.secretOutputs ?? [])]),
    ];
    if (!this.providers.servedByPlugin(reg.type)) {
      return new ResourceProvider(this.providers.dynamicHost(), false, secrets);
    }
    const urn =
      reg.options.provider !== undefined ? referencedUrn(reg.options.provider) : this.defaultProviderUrn(reg);
    const providerEntry = this.live(urn);
    const host = this.providers.running(urn);
    if (!providerEntry || !host || !this.seen.has(urn)) {
      throw new EngineError(`provider ${urn} of '${reg.urn}' is not registered in this deployment`);
    }
    this.references.set(reg.urn, providerReference(urn, providerEntry.id));
    return new ResourceProvider(host, true, secrets);
  }

  /**
   * The provider of a resource in state: the dynamic host, or the plugin process its `provider`
   * reference names, started and configured from that provider's state if it is not running (a
   * refresh or destroy in a new process).
   */
  private async providerOfEntry(entry: StateResource): Promise<ResourceProvider> {
    const secrets = [...new Set([...entry.secretInputs, ...entry.secretOutputs])];
    if (entry.provider === undefined || !this.providers.servedByPlugin(entry.type)) {
      return new ResourceProvider(this.providers.dynamicHost(), false, secrets);
    }
    const urn = referencedUrn(entry.provider);
    let host = this.providers.running(urn);
    if (!host) {
      const providerEntry = this.entries.find((e) => e.urn === urn);
      if (!providerEntry) {
        throw new EngineError(`provider ${urn} of '${entry.urn}' is not in the state`);
      }
      host = await this.providers.load(urn, providerEntry.type, providerEntry.inputs);
      const checked = wrapKeys(providerEntry.inputs, providerEntry.secretInputs);
      await this.providers.configure(urn, providerEntry.type, checked, providerEntry.inputs);
    }
    return new ResourceProvider(host, true, secrets);
  }

  private async createResource(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    checked: PropertyMap,
  ): Promise<void> {
    step.op = "create";
    const { entry, initError } = await this.create(provider, reg, step, checked);
    this.entries.push(entry);
    if (initError) {
      throw initError;
    }
  }

  private async updateResource(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    old: StateResource,
    checked: PropertyMap,
  ): Promise<void> {
    step.op = "update";
    if (this.preview) {
      // A provider without preview support (every dynamic provider) is not called; the engine
      // reports the new inputs as the planned outputs.
      step.planned = true;
      old.inputs = checked;
      old.outputs = { ...checked };
      this.applyOptions(old, reg, provider.reported);
      return;
    }
    const timeoutSeconds = durationSeconds(reg.options.customTimeouts?.update);
    try {
      const res = await this.track("Update", reg.urn, old.id, () =>
        provider.update(reg.urn, old.id, old.outputs, checked, old.inputs, {
          ignoreChanges: reg.options.ignoreChanges,
          timeoutSeconds,
        }),
      );
      old.inputs = checked;
      old.outputs = res.properties;
      delete old.initErrors;
      this.applyOptions(old, reg, provider.reported);
    } catch (error) {
      // A plain failure leaves the prior state untouched.
      if (!(error instanceof ResourceInitFailedError)) {
        throw error;
      }
      // Updated but unhealthy: the engine keeps the ID and takes the reported properties as outputs.
      old.inputs = checked;
      old.outputs = provider.unwrapFailure(error.properties);
      old.initErrors = error.reasons;
      step.initErrors = error.reasons;
      this.applyOptions(old, reg, provider.reported);
      throw error;
    }
  }

  private async replaceResource(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    old: StateResource,
    programInputs: PropertyMap,
    diff: StepDiff,
    keysFromProvider: boolean,
  ): Promise<void> {
    step.op = "replace";
    step.previousId = old.id;
    if (reg.options.importId !== undefined) {
      const message =
        "previously-imported resources that still specify an ID may not be replaced; " +
        "please remove the `import` declaration from your program";
      if (!this.preview) {
        throw new EngineError(message);
      }
      step.warnings.push(message);
    }
    if (old.protect && reg.options.protect) {
      throw new EngineError(
        `unable to replace resource "${reg.urn}"\nas it is currently marked for protection. To unprotect the ` +
          "resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
      );
    }
    // The replacement is a new resource: recompute its inputs without the old ones as defaults.
    const inputs = await this.check(provider, reg.urn, {}, programInputs);
    // The engine's step carries these inputs, so its display compares them with the old ones.
    if (!keysFromProvider) {
      diff.changedKeys = changedKeys(old.inputs, inputs);
    }
    const deleteFirst = reg.options.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    step.replaceOrder = deleteFirst ? "delete-before-replace" : "create-before-delete";
    if (deleteFirst) {
      // A delete that already happened in an earlier, interrupted replacement is not repeated.
      if (!old.pendingReplacement) {
        if (!this.preview) {
          await this.callDelete(old, provider);
        }
        old.pendingReplacement = true;
      }
      const { entry, initError } = await this.create(provider, reg, step, inputs);
      this.remove(old);
      this.entries.push(entry);
      if (initError) {
        throw initError;
      }
      return;
    }
    const { entry, initError } = await this.create(provider, reg, step, inputs);
    // The original is deleted later, after every create and update, like the engine's pending delete.
    old.pendingDelete = true;
    this.entries.push(entry);
    if (initError) {
      throw initError;
    }
  }

  private async importResource(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    importId: string,
    programInputs: PropertyMap,
    old: StateResource | undefined,
  ): Promise<void> {
    step.op = "import";
    // Imports read even during a preview, as the engine's ImportStep does.
    const read = await this.track("Read", reg.urn, importId, () =>
      provider.read(reg.urn, importId, {}, programInputs),
    );
    if (read.id === "") {
      throw new EngineError(`resource '${importId}' does not exist`);
    }
    if (!read.inputs) {
      throw new EngineError(
        `provider does not support importing resources; please try updating the '${packageOf(reg.type)}' plugin`,
      );
    }
    step.id = read.id;
    const news = applyIgnoreChanges(programInputs, read.inputs, reg.options.ignoreChanges);
    const checked = await this.check(provider, reg.urn, read.inputs, news);
    const { diff } = await this.diff(provider, reg, read.id, read.properties, checked, read.inputs, false);
    step.diff = diff;
    if (diff.changes === "some") {
      const message = `inputs to import do not match the existing resource: [${diff.changedKeys.join(" ")}]`;
      if (!this.preview) {
        throw new EngineError(message);
      }
      step.warnings.push(`${message}; importing this resource will fail`);
    }
    const entry = this.newEntry(reg, read.id, checked, read.properties, provider);
    // Importing over a different resource with the same URN replaces it.
    if (old) {
      old.pendingDelete = true;
    }
    this.entries.push(entry);
  }

  /**
   * A `get`: the engine's ReadStep. It reads even during a preview, giving the provider the
   * program's properties as both inputs and state (it has nothing else), and keeps what it read
   * in state as external. Reading over a managed resource of the same URN replaces it: that one is
   * deleted later, like the original of a replacement.
   */
  private async readResource(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    id: string,
    programInputs: PropertyMap,
    old: StateResource | undefined,
  ): Promise<void> {
    let outputs: PropertyMap = {};
    if (id === UNKNOWN_VALUE) {
      // An ID not known until another resource is created: nothing to read in this preview.
      step.planned = true;
    } else {
      const read = await this.track("Read", reg.urn, id, () =>
        provider.read(reg.urn, id, programInputs, programInputs),
      );
      if (read.id === "") {
        throw new EngineError(`resource '${id}' does not exist`);
      }
      step.id = read.id;
      id = read.id;
      outputs = read.properties;
    }
    if (old && !old.external) {
      old.pendingDelete = true;
    } else if (old) {
      this.remove(old);
    }
    const entry = this.newEntry(reg, id, programInputs, outputs, provider);
    entry.external = true;
    this.entries.push(entry);
  }

  /** An external resource the program no longer reads: forgotten, with no call to the provider. */
  private discardResource(entry: StateResource): void {
    const step = this.newStep(entry.urn, entry.type, entry.name, "discard");
    step.previousId = entry.id;
    step.planned = this.preview;
    this.result.steps.push(step);
    this.remove(entry);
  }

  private async deleteResource(entry: StateResource, replacedOriginal: boolean): Promise<void> {
    const step = this.newStep(entry.urn, entry.type, entry.name, "delete");
    step.previousId = entry.id;
    if (replacedOriginal) {
      step.replacedOriginal = true;
    }
    await this.runStep(step, async () => {
      if (entry.protect && !replacedOriginal) {
        throw new EngineError(
          `resource "${entry.urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, ` +
            "either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`, " +
            `or use the command:\n\`pulumi state unprotect '${entry.urn}'\``,
        );
      }
      if (!this.preview) {
        await this.callDelete(entry);
      }
      this.remove(entry);
    });
  }

  /** Check, turning failures into one error with a `property: reason` line each. */
  private async check(
    provider: ResourceProvider,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<PropertyMap> {
    const res = await provider.check(urn, olds, news);
    if (res.failures.length > 0) {
      throw checkFailureError(res.failures);
    }
    return res.inputs;
  }

  /**
   * Diff as the engine computes it: an "unknown" answer falls back to comparing old and new inputs,
   * and `replaceOnChanges` only applies to keys the diff reported as changed. The dynamic-provider host
   * never fills `diffs`, so a dynamic `diff()` that answers `changes: true` yields no changed keys
   * and `replaceOnChanges` has no effect; it does when `diff()` is absent or leaves `changes` unset.
   * `keysFromProvider` says whether `changedKeys` are the provider's own list rather than the
   * inputs compared, which a replacement compares again after its second Check.
   */
  private async diff(
    provider: ResourceProvider,
    reg: Registration,
    id: string,
    oldOutputs: PropertyMap,
    checked: PropertyMap,
    oldInputs: PropertyMap,
    hasInitErrors: boolean,
  ): Promise<{ diff: StepDiff; keysFromProvider: boolean }> {
    const res = await provider.diff(reg.urn, id, oldOutputs, checked, oldInputs, reg.options.ignoreChanges);
    const inputKeys = changedKeys(oldInputs, checked);
    let changes: "none" | "some";
    let reported = res.diffs;
    if (res.changes === "unknown") {
      reported = changedKeys(oldInputs, applyIgnoreChanges(checked, oldInputs, reg.options.ignoreChanges));
      changes = reported.length > 0 ? "some" : "none";
    } else {
      changes = res.changes;
    }
    const replaces = new Set(res.replaces);
    const replacing = (key: string) =>
      reg.options.replaceOnChanges.some((pattern) => pathCovers(pattern, key));
    if (changes === "some") {
      for (const key of reported) {
        if (replacing(key)) {
          replaces.add(key);
        }
      }
    }
    // The engine's `#initerror` key: a `replaceOnChanges` covering it replaces a resource that
    // failed to initialize, whatever the provider's diff said.
    if (hasInitErrors && replacing(INIT_ERROR_KEY)) {
      replaces.add(INIT_ERROR_KEY);
      changes = "some";
    }
    const diff: StepDiff = {
      providerChanges: res.changes,
      changes,
      replaces: [...replaces],
      changedKeys: res.diffs.length > 0 ? res.diffs : inputKeys,
      deleteBeforeReplace: res.deleteBeforeReplace,
    };
    return { diff, keysFromProvider: res.diffs.length > 0 };
  }

  /** Create (skipped in preview), returning the new entry and any init failure to raise after recording it. */
  private async create(
    provider: ResourceProvider,
    reg: Registration,
    step: StepRecord,
    inputs: PropertyMap,
  ): Promise<{ entry: StateResource; initError?: ResourceInitFailedError }> {
    if (this.preview) {
      step.planned = true;
      delete step.id;
      return { entry: this.newEntry(reg, "", inputs, { ...inputs }, provider) };
    }
    const timeoutSeconds = durationSeconds(reg.options.customTimeouts?.create);
    try {
      const res = await this.track("Create", reg.urn, undefined, () =>
        provider.create(reg.urn, inputs, { timeoutSeconds }),
      );
      if (res.id === "") {
        throw new EngineError(`provider returned an empty ID from create for '${reg.urn}'`);
      }
      step.id = res.id;
      return { entry: this.newEntry(reg, res.id, inputs, res.properties, provider) };
    } catch (error) {
      if (!(error instanceof ResourceInitFailedError)) {
        throw error;
      }
      // "Created but failed to initialize": the resource exists, so the engine keeps it in state.
      const entry = this.newEntry(reg, error.id, inputs, provider.unwrapFailure(error.properties), provider);
      entry.initErrors = error.reasons;
      step.id = error.id;
      step.initErrors = error.reasons;
      return { entry, initError: error };
    }
  }

  /**
   * Deletes `entry` through its provider (`provider` when the caller has it). A provider resource
   * is only forgotten: the engine calls no plugin to delete one.
   */
  private async callDelete(entry: StateResource, provider?: ResourceProvider): Promise<void> {
    if (isProviderType(entry.type) && this.providers.servedByPlugin(entry.type)) {
      return;
    }
    const via = provider ?? (await this.providerOfEntry(entry));
    await this.track("Delete", entry.urn, entry.id, () =>
      via.delete(entry.urn, entry.id, entry.outputs, entry.inputs),
    );
  }

  /** Records a mutating call in `providerCalls` before making it, so the order shows attempts too. */
  private track<T>(
    operation: "Create" | "Update" | "Delete" | "Read",
    urn: string,
    id: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    this.result.providerCalls.push(id === undefined ? { operation, urn } : { operation, urn, id });
    return call();
  }

  private newEntry(
    reg: Registration,
    id: string,
    inputs: PropertyMap,
    outputs: PropertyMap,
    provider: ResourceProvider,
  ): StateResource {
    const entry: StateResource = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      id,
      inputs,
      outputs,
      secretInputs: [],
      secretOutputs: [],
      additionalSecretOutputs: [],
    };
    this.applyOptions(entry, reg, provider.reported);
    return entry;
  }

  /**
   * Takes over the registration's options. Secrets: the engine cannot hand them to a dynamic
   * provider, so it re-marks outputs afterwards: any output named like a secret input, plus
   * everything in `additionalSecretOutputs`. A plugin takes and answers secrets: what it `reported`
   * secret is too, and what was secret stays so (the engine never un-marks a secret in state).
   */
  private applyOptions(entry: StateResource, reg: Registration, reported: ReadonlySet<string>): void {
    const reference = this.references.get(reg.urn);
    const secret = new Set([...reg.secretInputs, ...reported]);
    if (reference !== undefined) {
      entry.provider = reference;
      entry.secretOutputs.forEach((key) => secret.add(key));
    }
    entry.secretInputs = [...secret].filter((key) => key in entry.inputs);
    entry.additionalSecretOutputs = [...reg.options.additionalSecretOutputs];
    entry.secretOutputs = Object.keys(entry.outputs).filter(
      (key) => secret.has(key) || reg.options.additionalSecretOutputs.includes(key),
    );
    if (reg.options.protect === undefined) {
      delete entry.protect;
    } else {
      entry.protect = reg.options.protect;
    }
  }

  private live(urn: string): StateResource | undefined {
    return this.entries.find((entry) => entry.urn === urn && !entry.pendingDelete);
  }

  private remove(entry: StateResource): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) {
      this.entries.splice(index, 1);
    }
  }

  private newStep(urn: string, type: string, name: string, op: StepOp): StepRecord {
    return { urn, type, name, op, planned: false, warnings: [], logs: [] };
  }

  /** Runs a step's work, attributing provider output to it and turning exceptions into its error. */
  private async runStep(step: StepRecord, work: () => Promise<void>): Promise<void> {
    this.result.steps.push(step);
    const output = this.providers.output;
    const firstLine = output.length;
    try {
      await work();
      if (this.preview && step.op === "delete") {
        step.planned = true;
      }
    } catch (error) {
      step.error = error instanceof Error ? error.message : String(error);
      this.result.errors.push(step.error);
      this.failed = true;
    } finally {
      for (let i = firstLine; i < output.length; i++) {
        this.attributedOutput.add(i);
        step.logs.push(output[i]);
      }
    }
  }
}
