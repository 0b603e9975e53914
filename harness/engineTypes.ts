/** Public data shapes of the {@link Engine} stand-in: stack state, steps and operation results. */
import type { PropertyMap } from "./propertyValues";

/** One resource in the stack's state (what a checkpoint would hold). */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** Checked inputs, secrets unwrapped (see `secretInputs`). */
  inputs: PropertyMap;
  /** Outputs as the provider returned them, `__provider` included. */
  outputs: PropertyMap;
  /**
   * Top-level input keys that were secret in the program (or, for a provider plugin's resource,
   * came back secret from its Check).
   */
  secretInputs: string[];
  /** Top-level output keys that are secret: same name as a secret input, or listed in `additionalSecretOutputs`. */
  secretOutputs: string[];
  /** The resource's `additionalSecretOutputs` option, kept so refreshed outputs stay masked. */
  additionalSecretOutputs: string[];
  /** Set when the provider created/updated the resource but reported it failed to initialize. */
  initErrors?: string[];
  protect?: boolean;
  /** The original half of a create-before-delete replacement; its delete is still owed. */
  pendingDelete?: boolean;
  /** Already deleted by a delete-before-replace whose create has not succeeded yet. */
  pendingReplacement?: boolean;
  /** Read by a `get`, not managed: the engine never updates or deletes it, only forgets it. */
  external?: boolean;
  /**
   * The provider resource serving it, `<urn>::<id>` as the engine writes it, for a type a provider
   * plugin serves; refresh and destroy reach that provider through it. Unset for dynamic resources.
   */
  provider?: string;
}

/** Kinds of step the engine reports. */
export type StepOp =
  | "create"
  | "update"
  | "replace"
  | "delete"
  | "same"
  | "import"
  | "refresh"
  | "read-gone"
  /** A `get`: the resource was read, and is kept in state as external. */
  | "read"
  /** An external resource the program no longer reads is forgotten; the provider is not called. */
  | "discard";

/** The diff behind an update, replace, same, import or refresh step. */
export interface StepDiff {
  /** What the provider's Diff answered ("unknown" means the engine compared inputs itself). */
  providerChanges: "none" | "some" | "unknown";
  /**
   * The outcome after the engine's own rules. For a refresh: "some" when anything read back differs
   * from state or the provider's diff says the next `up` would change the resource.
   */
  changes: "none" | "some";
  /** Properties that force replacement (provider `replaces` plus matching `replaceOnChanges`). */
  replaces: string[];
  /** Top-level properties that differ, for display (old inputs vs new inputs unless the provider listed them). */
  changedKeys: string[];
  /** The provider asked for delete-before-replace. */
  deleteBeforeReplace: boolean;
}

/** One step of an operation. */
export interface StepRecord {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** True in preview: the step was planned, not carried out. */
  planned: boolean;
  /** ID after the step (the new ID for create/replace/import). */
  id?: string;
  /** ID before the step, when it differs or the resource went away. */
  previousId?: string;
  diff?: StepDiff;
  /** For replace: which half ran first. */
  replaceOrder?: "delete-before-replace" | "create-before-delete";
  /** For delete: this removes the original of an earlier create-before-delete replacement. */
  replacedOriginal?: boolean;
  /** Why the step failed. */
  error?: string;
  /** Init failure reasons the provider reported. */
  initErrors?: string[];
  warnings: string[];
  /** Provider output lines printed while this step's provider calls ran. */
  logs: string[];
}

/** A resource's outputs after an operation, secrets still present (masked only when rendered). */
export interface ResourceOutputs {
  urn: string;
  type: string;
  name: string;
  id: string;
  outputs: PropertyMap;
  secretOutputs: string[];
}

/** A mutating provider call, in the order the engine made it. */
export interface ProviderCall {
  operation: "Create" | "Update" | "Delete" | "Read";
  urn: string;
  id?: string;
}

/** Structured result of preview, up, refresh or destroy. */
export interface OperationResult {
  operation: "preview" | "up" | "refresh" | "destroy";
  /** False when any step failed or the program threw. */
  ok: boolean;
  stack: string;
  steps: StepRecord[];
  /** Outputs of every resource in state afterwards (in preview: as planned). */
  outputs: ResourceOutputs[];
  /** Every error message, step errors and program errors alike. */
  errors: string[];
  /** Create/Update/Delete/Read calls in order (Check and Diff are left out). */
  providerCalls: ProviderCall[];
  /** Provider output lines not attributable to a step. */
  logs: string[];
}
