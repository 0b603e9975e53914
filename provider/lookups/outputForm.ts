/**
 * The Output form of a lookup, as Pulumi's SDKs pair `getX` with `getXOutput`: it takes Pulumi
 * inputs (a resource's outputs, say), waits for them, runs the lookup, and gives its answer as an
 * Output that depends on those inputs. During a preview, arguments not known yet make the answer
 * unknown instead of running the lookup.
 */
// Pulumi's output module, not its index: the plugin loads the lookups too, and the index loads the
// whole SDK (the Automation API, TypeScript), some 550 modules the plugin never uses.
import { type Input, type Output, output, type Unwrap } from "@pulumi/pulumi/output";

/**
 * A lookup's arguments as its Output form takes them: each may be a Pulumi input. (Members typed
 * `never`, which keep the forms of an argument union apart, stay `never`.)
 */
export type InputArgs<T> = {
  readonly [K in keyof T]: [NonNullable<T[K]>] extends [never] ? T[K] : Input<T[K]>;
};

/**
 * The Output form of `lookup`. Secret Outputs inside the lookup's answer make the whole answer
 * secret (Pulumi keeps secrecy per Output, not per field), and secret arguments do too.
 */
export function outputForm<A, R>(lookup: (args: A) => Promise<R>): (args: InputArgs<A>) => Output<Unwrap<R>> {
  return (args) => output(args).apply((plain) => output(lookup(plain as A)));
}
