/**
 * Inputs as a request's parameters, over any table: each set value encoded as the API takes it
 * (scalars as text, structures as JSON text). Pure.
 */
import type { WireValue } from "../../api/types";
import type { NamedParameter } from "../../schema/parameterTable";
import { encodeWire, normalizeValue } from "../../schema/shapes";

/**
 * The parameters, by API name, for every one of `parameters` that `inputs` sets. An empty value
 * (`""`, `[]`, `{}`) is "not set" and left out.
 */
export function encodeSetParameters(
  parameters: readonly NamedParameter[],
  inputs: Readonly<Record<string, unknown>>,
): Record<string, WireValue> {
  const params: Record<string, WireValue> = {};
  for (const spec of parameters) {
    const value = inputs[spec.name];
    if (normalizeValue(spec.shape, value) === undefined) {
      continue;
    }
    params[spec.api] = encodeWire(spec.shape, value);
  }
  return params;
}
