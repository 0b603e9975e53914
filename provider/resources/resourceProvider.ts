/**
 * The shape of this package's resource providers: Pulumi's dynamic `ResourceProvider`, every
 * method present, whose diff also names what changes in place. Both doors serve these same
 * objects: Pulumi's dynamic-provider host (which reads what its interface knows) and the `sae`
 * provider plugin (which turns `replaces` and `updates` into a detailed diff per property).
 */
import type * as pulumi from "@pulumi/pulumi";

/** A diff's outcome: what Pulumi's dynamic interface takes, plus the properties that change in place. */
export interface SaeDiffResult extends pulumi.dynamic.DiffResult {
  /** Properties whose change replaces the resource. */
  readonly replaces: string[];
  /** Properties that change in place (an update). */
  readonly updates: string[];
}

/** A resource provider of this package (see the module header). */
export interface SaeResourceProvider extends Required<Omit<pulumi.dynamic.ResourceProvider, "diff">> {
  /** Diffs the state `olds` of resource `id` against the checked inputs `news`. Pure. */
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<SaeDiffResult>;
}
