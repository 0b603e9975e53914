/**
 * Inputs as a request's parameters, over any table: each set value encoded as the API takes it
 * (scalars as text, structures as JSON text). Pure.
 */
import type { WireValue } from "../../api/types";
import type { NamedParameter } from "../../schema/parameterTable";
import { encodeWire, normalizeValue } from "../../schema/shapes";

/** How {@link encodeSetParameters} reads an empty value. */
export interface EncodeOptions {
  /**
   * Send `""`, `[]` and `{}` as they are instead of leaving them out, for an operation where an
   * empty value says something of its own: ExecJob's `CommandArgs: []` runs the command with no
   * arguments rather than with the template's.
   * @default false
   */
  readonly keepEmpty?: boolean;
}

/**
 * The parameters, by API name, for every one of `parameters` that `inputs` sets. An empty value
 * (`""`, `[]`, `{}`) is "not set" and left out, unless `keepEmpty`. The provider's own settings
 * are never sent.
 */
export function encodeSetParameters(
  parameters: readonly NamedParameter[],
  inputs: Readonly<Record<string, unknown>>,
  options: EncodeOptions = {},
): Record<string, WireValue> {
  const params: Record<string, WireValue> = {};
  for (const spec of parameters) {
    const value = inputs[spec.name];
    const unset = options.keepEmpty
      ? value === undefined || value === null
      : normalizeValue(spec.shape, value) === undefined;
    if (spec.setting || unset) {
      continue;
    }
    params[spec.api] = encodeWire(spec.shape, value);
  }
  return params;
}
