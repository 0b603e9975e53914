/**
 * Rules across parameters, declared beside a resource's table as data: each names the
 * parameters it reads and the message it gives. The generic check runs each rule whose parameters
 * all passed their own check (in the same check as those, so every problem is reported at once),
 * so a rule sees coerced values of the right type, or Pulumi's unknown.
 *
 * A parameter counts as set when it is neither absent nor `""`; an unknown value counts as set
 * (it will be something). Each kind of rule says which unknowns make it skip.
 */
import { isUnknown, type Problem } from "./shapes";

/** Checked inputs, by input name, as a rule reads them. */
export type RuleInputs = Readonly<Record<string, unknown>>;

/** A rule across parameters of one table. */
export interface CrossFieldRule<N extends string = string> {
  /** Every parameter the rule reads. */
  readonly fields: readonly N[];
  /** The problems it finds, each at the parameter to fix (`path` is an input name). */
  readonly check: (inputs: RuleInputs) => Problem[];
}

/** What a failing rule says: fixed text, or text built from the inputs. */
export type RuleMessage = string | ((inputs: RuleInputs) => string);

/** A condition on one text parameter, such as "packageType is FatJar or War". */
export interface Condition<N extends string> {
  /** The parameter it reads. */
  readonly field: N;
  /** Whether a (known, text) value meets it. */
  readonly holds: (value: string) => boolean;
}

/** `field` is one of `values`. */
export function is<N extends string>(field: N, ...values: readonly string[]): Condition<N> {
  return { field, holds: (value) => values.includes(value) };
}

/** `field` is none of `values`. */
export function isNot<N extends string>(field: N, ...values: readonly string[]): Condition<N> {
  return { field, holds: (value) => !values.includes(value) };
}

/** `field` must be set while `when` holds. Skipped while the condition's value is unknown. */
export function requiredWhen<N extends string>(
  field: N,
  when: Condition<N>,
  message: RuleMessage,
): CrossFieldRule<N> {
  return whileHolds(when, field, false, message);
}

/** `field` must not be set while `when` holds. Skipped while the condition's value is unknown. */
export function notAllowedWhen<N extends string>(
  field: N,
  when: Condition<N>,
  message: RuleMessage,
): CrossFieldRule<N> {
  return whileHolds(when, field, true, message);
}

/** `field` must be set while `other` is set. Skipped while either is unknown. */
export function requiredWith<N extends string>(field: N, other: N, message: RuleMessage): CrossFieldRule<N> {
  return {
    fields: [field, other],
    check: (inputs) =>
      allKnown([field, other], inputs) && isSet(inputs[other]) && !isSet(inputs[field])
        ? [problem(field, message, inputs)]
        : [],
  };
}

/** All of `fields` or none: once one is set, each missing one fails. Skipped while any is unknown. */
export function together<N extends string>(fields: readonly N[], message: RuleMessage): CrossFieldRule<N> {
  return {
    fields,
    check: (inputs) =>
      allKnown(fields, inputs) && fields.some((name) => isSet(inputs[name]))
        ? fields.filter((name) => !isSet(inputs[name])).map((name) => problem(name, message, inputs))
        : [],
  };
}

/**
 * Once every one of `fields` is set (and known), `valid` must hold of them; else the failure is
 * reported at `at`.
 */
export function validWhenSet<N extends string>(rule: {
  readonly fields: readonly N[];
  readonly at: N;
  readonly valid: (inputs: RuleInputs) => boolean;
  readonly message: RuleMessage;
}): CrossFieldRule<N> {
  return {
    fields: rule.fields,
    check: (inputs) =>
      allKnown(rule.fields, inputs) && rule.fields.every((name) => isSet(inputs[name])) && !rule.valid(inputs)
        ? [problem(rule.at, rule.message, inputs)]
        : [],
  };
}

/** A rule that fails while `when` holds and `field` is set (`failsIfSet`) or is not. */
function whileHolds<N extends string>(
  when: Condition<N>,
  field: N,
  failsIfSet: boolean,
  message: RuleMessage,
): CrossFieldRule<N> {
  return {
    fields: [field, when.field],
    check: (inputs) =>
      holds(when, inputs) && isSet(inputs[field]) === failsIfSet ? [problem(field, message, inputs)] : [],
  };
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== "";
}

function allKnown(fields: readonly string[], inputs: RuleInputs): boolean {
  return fields.every((name) => !isUnknown(inputs[name]));
}

function holds(condition: Condition<string>, inputs: RuleInputs): boolean {
  const value = inputs[condition.field];
  return typeof value === "string" && !isUnknown(value) && condition.holds(value);
}

function problem(path: string, message: RuleMessage, inputs: RuleInputs): Problem {
  return { path, reason: typeof message === "string" ? message : message(inputs) };
}
