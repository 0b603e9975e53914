/**
 * Helpers for property values as they travel between the Pulumi SDK, the engine and a provider:
 * plain JSON-like data inside a `google.protobuf.Struct`, with Pulumi's in-band markers for
 * secrets, unknowns and resource references.
 */
import {
  specialResourceSig,
  specialSecretSig,
  specialSigKey,
  unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

/** A JSON-like value, the only kind a `google.protobuf.Struct` can carry. */
export type PropertyValue =
  null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };

/** A bag of named property values (a resource's inputs or outputs). */
export type PropertyMap = Record<string, PropertyValue>;

/** The string the SDK sends in place of a value that is not known yet (previews only). */
export const UNKNOWN_VALUE: string = unknownValue;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `value` is the SDK's wire form of a secret: `{ <sigKey>: <secretSig>, value }`. */
export function isSecretValue(value: unknown): value is { value: unknown } {
  return isObject(value) && value[specialSigKey] === specialSecretSig;
}

/** `value` in the SDK's wire form of a secret, as the engine sends secret outputs to a program. */
export function secretValue(value: PropertyValue): PropertyValue {
  return { [specialSigKey]: specialSecretSig, value };
}

/** True when `value` is the SDK's wire form of a reference to another resource. */
export function isResourceReference(value: unknown): value is { urn: string; id?: string } {
  return isObject(value) && value[specialSigKey] === specialResourceSig;
}

/**
 * Drops `undefined` members (recursively) and turns `undefined` array elements into `null`, the way
 * `JSON.stringify` does, because `Struct.fromJavaScript` throws on `undefined`.
 */
export function stripUndefined(value: unknown): PropertyValue {
  if (value === undefined || value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map((item) => stripUndefined(item));
  }
  if (isObject(value)) {
    const out: PropertyMap = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) {
        out[key] = stripUndefined(member);
      }
    }
    return out;
  }
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  throw new TypeError(`cannot carry a ${typeof value} in a protobuf Struct`);
}

/** {@link stripUndefined} for a property map. */
export function stripUndefinedMap(value: Record<string, unknown>): PropertyMap {
  return stripUndefined(value) as PropertyMap;
}

/**
 * Converts SDK-serialized values into what the engine hands to a provider that, like every dynamic
 * provider, accepts neither secrets nor resource references: secrets are unwrapped and references
 * become the referenced resource's ID (or URN when it has none).
 */
export function toProviderValue(value: PropertyValue): PropertyValue {
  if (isSecretValue(value)) {
    return toProviderValue(value.value as PropertyValue);
  }
  if (isResourceReference(value)) {
    return value.id !== undefined && value.id !== "" ? value.id : value.urn;
  }
  if (Array.isArray(value)) {
    return value.map((item) => toProviderValue(item));
  }
  if (isObject(value)) {
    const out: PropertyMap = {};
    for (const [key, member] of Object.entries(value)) {
      out[key] = toProviderValue(member as PropertyValue);
    }
    return out;
  }
  return value;
}

/** True when `value` holds a secret anywhere inside it. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some((item) => containsSecret(item));
  }
  if (isObject(value)) {
    return Object.values(value).some((member) => containsSecret(member));
  }
  return false;
}

/** True when `value` holds the unknown sentinel anywhere inside it. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some((item) => containsUnknown(item));
  }
  if (isObject(value)) {
    return Object.values(value).some((member) => containsUnknown(member));
  }
  return false;
}

/** Structural equality for property values (key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqual(item, b[i]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/** Top-level keys whose values differ between two maps (added, removed or changed), sorted. */
export function changedKeys(before: PropertyMap, after: PropertyMap): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !deepEqual(before[key], after[key])).sort();
}

/** A deep copy of JSON-like data, so callers cannot mutate harness state through results. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
