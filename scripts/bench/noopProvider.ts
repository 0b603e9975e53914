/**
 * A dynamic provider that does nothing: check and diff answer at once. Served by the same
 * dynamic-provider host as the SAE provider, it is the floor for anything measured through the
 * host (the host's and gRPC's own cost, with none of the provider's).
 */
import * as pulumi from "@pulumi/pulumi";
import { runProgram, type PropertyMap } from "../../harness";

// No free variables: Pulumi serializes this object's closures into `__provider`, and anything
// captured would be serialized with it.
const noopProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: "noop", outs: inputs }),
};

/** A resource served by {@link noopProvider}. */
class NoopResource extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noopProvider, name, {});
  }
}

/** The URN the engine would give a no-op resource named `name` in the bench's stack. */
export function noopUrn(name: string): string {
  return `urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::${name}`;
}

/** The `__provider` text Pulumi stores for the no-op provider (a serialized closure). */
export async function noopProviderText(): Promise<string> {
  const [registration] = await runProgram(() => void new NoopResource("noop"));
  return String(registration.inputs.__provider);
}

/**
 * `inputs` served by the no-op provider instead: the same payload, so a comparison through the
 * host differs only in the provider.
 */
export function servedByNoop(inputs: PropertyMap, providerText: string): PropertyMap {
  return { ...inputs, __provider: providerText };
}
