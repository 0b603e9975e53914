/**
 * What a resource's parameter table is, whatever the resource: one entry per parameter (its API
 * name, its shape and the flags every resource shares), the rules across parameters, the
 * output-only values the service reports, and any inputs no shape describes. From a table follow
 * the resource's argument and output types (each property keeping its entry's TSDoc), and the
 * generic check, diff, request encoding and read-back in `resources/table/`.
 *
 * Flags that only one resource's operations give meaning to (JobTemplate's create-only
 * replacement, its clear values) belong to that resource's extension of {@link ParameterSpec}.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CrossFieldRule } from "./crossFieldRules";
import type { InputValueOf, Shape, ValueOf } from "./shapes";

/** How one parameter behaves, for any resource. */
export interface ParameterSpec<S extends Shape = Shape> {
  /** The parameter's name in the SAE API. A {@link ParameterSpec.setting} has none, and repeats its input name. */
  readonly api: string;
  /** What its value may be (and so its type, validation, encoding and read-back). */
  readonly shape: S;
  /** The program must set it. */
  readonly required?: boolean;
  /** SAE picks a value when it is left out, so leaving it out is never a change. */
  readonly computed?: boolean;
  /** SAE's documented default: the same as not setting it. */
  readonly default?: unknown;
  /** Kept secret in Pulumi state and never logged. */
  readonly secret?: boolean;
  /** The read operation (DescribeJob, …) does not return it, so read-back keeps the value last applied. */
  readonly notDescribed?: boolean;
  /**
   * Sent in the form body rather than the query string, by operations that take a form body:
   * secrets and long values never go in a URL.
   */
  readonly body?: boolean;
  /**
   * A setting of the provider itself (how long to wait, what destroy does), not an API parameter:
   * requests never carry it and read-back keeps the value last applied.
   */
  readonly setting?: boolean;
  /**
   * A rule on the value beyond what its shape says (a date that exists, text that is not blank),
   * checked once the value passes its shape: the reason it fails, or `undefined`. A method, so a
   * table of entries with different shapes can hold it.
   */
  refine?(value: ValueOf<S>): string | undefined;
}

/** A table entry together with its input name. */
export type NamedParameter<S extends ParameterSpec = ParameterSpec, N extends string = string> = S & {
  /** The input name, such as `nasId` (the lowerCamel form of the API name). */
  readonly name: N;
};

/** A value only the service reports: an output, never an input. */
export interface ReportedValueSpec<S extends Shape = Shape> {
  /** Its name in the read operation's answer. */
  readonly api: string;
  /** What its value is. */
  readonly shape: S;
}

/** Output-only values, by output name. */
export type ReportedValues = Readonly<Record<string, ReportedValueSpec>>;

/** An input that no shape describes, such as JobRun's `triggers` (a list of any values). */
export interface ExtraInputSpec {
  /** The reason a value (known, and set) fails, or `undefined` when it passes. */
  readonly check: (value: unknown) => string | undefined;
}

/** One resource's table, as the generic check, diff and read-back take it. */
export interface ResourceTable<S extends ParameterSpec = ParameterSpec, N extends string = string> {
  /** The resource type's name, for messages: "is not a JobTemplate input". */
  readonly resource: string;
  /** Every parameter, in table order. */
  readonly parameters: readonly NamedParameter<S, N>[];
  /** Rules across parameters, each checked when the parameters it reads have passed their own checks. */
  readonly rules: readonly CrossFieldRule<N>[];
  /** What the read operation reports beyond the parameters. */
  readonly reported: ReportedValues;
  /** Inputs beside the parameters that no shape describes, by input name; outputs repeat them. */
  readonly extraInputs?: Readonly<Record<string, ExtraInputSpec>>;
  /**
   * Inputs the resource's class sets itself (JobRun's `__identity`), which the check passes through
   * unchecked as it does the host's `__provider`. They are not output properties.
   */
  readonly hiddenInputs?: readonly string[];
}

/** What a table holds beside its parameters; all optional. */
export type TableExtras<N extends string> = Partial<
  Pick<ResourceTable<ParameterSpec, N>, "rules" | "reported" | "extraInputs" | "hiddenInputs">
>;

/** Declares a parameter, keeping its literal flags for the derived types. */
export function param<S extends Shape, const O extends Omit<ParameterSpec<S>, "shape">>(
  shape: S,
  options: O,
) {
  return { shape, ...options } as const;
}

/** Bundles a table (entries by input name), its rules, its reported values and any other inputs. */
export function resourceTable<S extends ParameterSpec, N extends string>(
  resource: string,
  parameters: Readonly<Record<N, S>>,
  extras: TableExtras<N> = {},
): ResourceTable<S, N> {
  return {
    ...extras,
    resource,
    parameters: (Object.entries(parameters) as [N, S][]).map(([name, spec]) => ({ ...spec, name })),
    rules: extras.rules ?? [],
    reported: extras.reported ?? {},
  };
}

/** The API names of the parameters an operation sends in its form body. */
export function bodyParams(parameters: readonly ParameterSpec[]): string[] {
  return parameters.filter((spec) => spec.body).map((spec) => spec.api);
}

/** Every output a resource has: its parameters, its extra inputs and its reported values. */
export function outputNames(table: ResourceTable): string[] {
  return [
    ...table.parameters.map((spec) => spec.name),
    ...Object.keys(table.extraInputs ?? {}),
    ...Object.keys(table.reported),
  ];
}

/**
 * The props a resource's class hands the SDK: every output named (the SDK creates an output
 * property only for a name in the props), then the arguments.
 */
export function resourceProps(table: ResourceTable, args: object): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of outputNames(table)) {
    props[key] = undefined;
  }
  return Object.assign(props, args);
}

/** Parameters whose values are kept secret in state (their outputs are secret even when read back). */
export function secretNames(table: ResourceTable): string[] {
  return table.parameters.filter((spec) => spec.secret).map((spec) => spec.name);
}

// ---- derived types ----------------------------------------------------------------------------

/** A table's entries by input name, as `typeof` a table literal gives them. */
type Entries = Readonly<Record<string, { readonly api: string; readonly shape: Shape }>>;

type RequiredNames<T extends Entries> = {
  [K in keyof T]: T[K] extends { required: true } ? K : never;
}[keyof T];
/** The names of a table type's secret entries (`secret: true`), such as `ossAkSecret`. */
export type SecretNames<T extends Entries> = {
  [K in keyof T]: T[K] extends { secret: true } ? K : never;
}[keyof T];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
// Mapped over `keyof T` itself (homomorphic) so each property keeps its entry's TSDoc. Every
// argument may be a Pulumi input as a whole; `InputValueOf` wraps only its members, so a scalar
// reads `Input<string>`, not `Input<Input<string>>`.
type AllInputs<T extends Entries> = { readonly [K in keyof T]: pulumi.Input<InputValueOf<T[K]["shape"]>> };
type AllValues<T extends Entries> = { readonly [K in keyof T]: ValueOf<T[K]["shape"]> };

/**
 * A resource's inputs, one per entry of the table type `T` (`typeof table`). `Pick`/`Partial`
 * keep the table's TSDoc on every property.
 */
export type TableInputs<T extends Entries> = Simplify<
  Pick<AllInputs<T>, RequiredNames<T>> & Partial<Pick<AllInputs<T>, Exclude<keyof T, RequiredNames<T>>>>
>;

/** The plain values of a table's parameters, as outputs hold them. */
export type TableValues<T extends Entries> = Simplify<
  Pick<AllValues<T>, RequiredNames<T>> & Partial<Pick<AllValues<T>, Exclude<keyof T, RequiredNames<T>>>>
>;

/** The API names of a table's parameters, such as `NasId`. */
export type TableApiName<T extends Entries> = T[keyof T]["api"];

/** The plain values of output-only properties (`R` is `typeof` the reported values). */
export type ReportedOf<R extends Entries> = { readonly [K in keyof R]: ValueOf<R[K]["shape"]> };

/** A resource class's output properties, every one present. */
export type OutputProperties<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };
