/**
 * Between job template inputs and the SAE API: the CreateJob and UpdateJob parameters a set of
 * inputs or changes calls for, and the outputs (and inputs) a DescribeJob answer reads back as.
 * Pure; every rule comes from the parameter table.
 */
import type { CreateJobRequest, DescribeJobData, JobTemplateWireParams, WireValue } from "../../api/types";
import {
  jobTemplateReportedValues,
  type JobTemplateApiName,
  parameterList,
} from "../../schema/jobTemplateParameters";
import { canonicalJson, decodeDescribed, encodeWire, normalizeValue } from "../../schema/shapes";
import { canonicalValue, type ParameterChange } from "./changes";

/**
 * CreateJob's parameters for checked inputs: every parameter that is set, encoded. Parameters
 * CreateJob does not take (UpdateJob-only ones, and those applied by their own operation) are
 * left for after creation.
 */
export function createJobRequest(inputs: Readonly<Record<string, unknown>>): CreateJobRequest {
  const params: Record<string, WireValue> = {};
  for (const spec of parameterList) {
    if (spec.updateOnly || spec.appliedBy) {
      continue;
    }
    const value = inputs[spec.name];
    // An empty value is "not set" on create: there is nothing to clear yet.
    if (normalizeValue(spec.shape, value) === undefined) {
      continue;
    }
    params[spec.api] = encodeWire(spec.shape, value);
  }
  return params as CreateJobRequest;
}

/**
 * UpdateJob's parameters for a set of changes: only what changed ("omit to keep"). A removed value
 * is sent as its parameter's clear value (`""` for NAS, SLS and mounts), since leaving it out would
 * keep it. Create-only parameters and those applied by their own operation are not included.
 */
export function updateJobParams(changes: readonly ParameterChange[]): JobTemplateWireParams {
  const params: Partial<Record<JobTemplateApiName, WireValue>> = {};
  for (const change of changes) {
    const { spec } = change;
    if (spec.createOnly || spec.appliedBy || change.kind === "unknown") {
      continue;
    }
    const api = spec.api as JobTemplateApiName;
    if (change.kind === "removed") {
      if (spec.clearWith === undefined) {
        throw new Error(`internal: parameter ${change.name} can be removed but has no clear value`);
      }
      params[api] = spec.clearWith;
    } else {
      params[api] = encodeWire(spec.shape, change.value);
    }
  }
  return params;
}

/**
 * Outputs from a DescribeJob answer: every parameter in the shape a program writes, plus the
 * values only DescribeJob reports. Parameters DescribeJob does not return keep their value from
 * `previous` (the last outputs, or the inputs just applied).
 */
export function outputsFromDescribe(
  data: DescribeJobData,
  previous: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  const described = data as Readonly<Record<string, unknown>>;
  for (const spec of parameterList) {
    const value = spec.notDescribed ? previous[spec.name] : decodeDescribed(spec.shape, described[spec.api]);
    if (value !== undefined && value !== null) {
      outputs[spec.name] = value;
    }
  }
  for (const [name, reported] of Object.entries(jobTemplateReportedValues)) {
    const value = decodeDescribed(reported.shape, described[reported.api]);
    outputs[name] = value ?? (reported.shape.kind === "list" ? [] : undefined);
  }
  return canonicalJson(outputs) as Record<string, unknown>;
}

/**
 * The inputs a read reports (used for later diffs after a refresh, and as the imported inputs):
 * every parameter that is set to something other than its default. Secret values are left out
 * so they are never written to state as plain inputs; the outputs carry them, marked secret.
 */
export function inputsFromOutputs(outputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const spec of parameterList) {
    const value = outputs[spec.name];
    if (!spec.secret && canonicalValue(spec, value) !== undefined) {
      inputs[spec.name] = value;
    }
  }
  return inputs;
}
