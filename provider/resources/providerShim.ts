/**
 * The provider text stored in state with every resource of this package (`__provider`), and the
 * resource base class that stores it.
 *
 * `pulumi.dynamic.Resource` serializes a provider object's closures, about 190 bytes of wrapping
 * per method before any code, and the text is stored twice per resource (inputs and outputs).
 * This package writes the text itself instead: a few lines that load the installed package's
 * runtime (`pulumi-sae-job/dynamic`) from the program's directory, the host's working directory.
 * So state stays small, never holds configuration or credentials, and picks up fixes when the
 * package is upgraded. The `pulumi-sae-job/dynamic` subpath and its export names are therefore
 * part of every stack's state and must stay stable.
 */
// Pulumi's modules, not its index: the index also loads the Automation API (about 760 modules
// instead of 190), which a program that only declares resources never uses.
import * as dynamic from "@pulumi/pulumi/dynamic";
import { CustomResource, type CustomResourceOptions } from "@pulumi/pulumi/resource";

/** The providers `pulumi-sae-job/dynamic` exports, one per resource type. */
export type RuntimeProvider = "jobTemplate" | "jobRun";

/**
 * The `__provider` text for one resource type. Pulumi's dynamic-provider host evaluates it as a
 * module and calls `handler()` once per text, then caches the provider it returns. Plain ES5 on
 * purpose: it runs under whatever Node.js the host has, with nothing from this module in scope.
 */
export function providerShim(provider: RuntimeProvider): string {
  return `exports.handler = function () {
  var dir = process.cwd();
  try {
    return require("module").createRequire(require("path").join(dir, "pulumi-program.js"))("pulumi-sae-job/dynamic").${provider};
  } catch (e) {
    if (!(e.code === "MODULE_NOT_FOUND" && String(e.message).indexOf("'pulumi-sae-job/dynamic'") >= 0) && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    throw new Error("pulumi-sae-job is not installed for the Pulumi program in " + dir + " (or the version there has no pulumi-sae-job/dynamic). Run \`npm install pulumi-sae-job\` there, then run the command again: the provider in state loads the package from the program's directory, for refresh and destroy too.");
  }
};
`;
}

/**
 * A resource served by Pulumi's dynamic-provider host (type `pulumi-nodejs:dynamic/sae:<Type>`),
 * exactly as `pulumi.dynamic.Resource` registers one, but with the {@link providerShim} as its
 * provider text. Its instances are `instanceof pulumi.dynamic.Resource` too (see below).
 */
export abstract class SaeDynamicResource extends CustomResource {
  /**
   * @param type The resource type's name, as in `pulumi-nodejs:dynamic/sae:<type>`.
   * @param provider Which runtime provider serves it.
   * @param name The unique name of the resource in the Pulumi program.
   * @param props Its inputs, with every output named (the SDK creates a property for each key).
   * @param opts Resource options.
   */
  protected constructor(
    type: string,
    provider: RuntimeProvider,
    name: string,
    props: Record<string, unknown>,
    opts?: CustomResourceOptions,
  ) {
    super(`pulumi-nodejs:dynamic/sae:${type}`, name, { ...props, __provider: providerShim(provider) }, opts);
  }
}

// `pulumi.dynamic.Resource`'s constructor would serialize a provider object, so this class calls
// `CustomResource`'s instead; `dynamic.Resource` adds nothing else, so its prototype can sit in the
// chain and programs that ask `instanceof pulumi.dynamic.Resource` get the truth.
Object.setPrototypeOf(SaeDynamicResource.prototype, dynamic.Resource.prototype);
