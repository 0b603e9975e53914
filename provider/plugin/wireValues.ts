/**
 * Property values as the engine sends them to a provider that accepts secrets: plain JSON inside
 * a `google.protobuf.Struct`, a secret wrapped as `{<sig key>: <secret sig>, value}`, a value not
 * known yet (preview) the computed sentinel string. The lifecycle functions take plain values and
 * the sentinel, as the dynamic path gives them, so the plugin unwraps secrets on the way in,
 * remembers which properties held one, and wraps those on the way out.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

type Props = Record<string, unknown>;

/** A property map with its secrets unwrapped, and what they were. */
export interface Unwrapped {
  /** The values, every secret replaced by what it wraps. */
  readonly values: Props;
  /** Top-level properties that held a secret anywhere inside them. */
  readonly secretNames: ReadonlySet<string>;
  /** Every text found inside a secret, so no answer, log line or error repeats it in clear. */
  readonly secretTexts: readonly string[];
}

function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSecret(value: unknown): value is { value: unknown } {
  return isObject(value) && value[specialSigKey] === specialSecretSig;
}

/** Unwraps every secret in `props` (see {@link Unwrapped}). */
export function unwrapSecrets(props: Props): Unwrapped {
  const secretNames = new Set<string>();
  const secretTexts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string" || typeof value === "number") {
      secretTexts.push(String(value));
    } else if (Array.isArray(value)) {
      value.forEach(collect);
    } else if (isObject(value)) {
      Object.values(value).forEach(collect);
    }
  };
  const unwrap = (value: unknown, onSecret: () => void): unknown => {
    if (isSecret(value)) {
      onSecret();
      collect(value.value);
      return unwrap(value.value, onSecret);
    }
    if (Array.isArray(value)) {
      return value.map((item) => unwrap(item, onSecret));
    }
    if (isObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, member]) => [key, unwrap(member, onSecret)]),
      );
    }
    return value;
  };
  const values = Object.fromEntries(
    Object.entries(props).map(([name, value]) => [name, unwrap(value, () => secretNames.add(name))]),
  );
  return { values, secretNames, secretTexts };
}

/** `props` with each property of `names` that is set wrapped as a secret; `undefined` members dropped. */
export function wrapSecrets(props: Readonly<Props>, names: Iterable<string>): Props {
  const secret = new Set(names);
  const out: Props = {};
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) {
      continue;
    }
    out[name] = secret.has(name) && !isSecret(value) ? { [specialSigKey]: specialSecretSig, value } : value;
  }
  return out;
}

/**
 * Drops `undefined` members (recursively), as JSON does, since a Struct cannot carry them and the
 * lifecycle functions may leave some in the properties they return.
 */
export function definedOnly(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (item === undefined ? null : definedOnly(item)));
  }
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, definedOnly(member)]),
    );
  }
  return value;
}
