/**
 * Between job template inputs and CreateJob/UpdateJob: the parameters a set of inputs or changes
 * calls for. Pure; every rule comes from the parameter table. Reading DescribeJob's answer back is
 * the generic read-back over the same table (`../table/readBack`).
 */
import type { CreateJobRequest, JobTemplateWireParams, WireValue } from "../../api/types";
import {
  type JobTemplateApiName,
  parameterList,
  takenByCreateJob,
  takenByUpdateJob,
} from "../../schema/jobTemplateParameters";
import { encodeWire } from "../../schema/shapes";
import { encodeSetParameters } from "../table/encode";
import type { JobTemplateChange } from "./changes";

/** The parameters CreateJob takes (UpdateJob-only ones, and those applied by their own operation, wait). */
const createJobParameters = parameterList.filter(takenByCreateJob);

/**
 * CreateJob's parameters for checked inputs: every parameter that is set, encoded. Parameters
 * CreateJob does not take (UpdateJob-only ones, and those applied by their own operation) are
 * left for after creation. An empty value is "not set" on create: there is nothing to clear yet.
 */
export function createJobRequest(inputs: Readonly<Record<string, unknown>>): CreateJobRequest {
  return encodeSetParameters(createJobParameters, inputs) as CreateJobRequest;
}

/**
 * UpdateJob's parameters for a set of changes: only what changed ("omit to keep"). A removed value
 * is sent as its parameter's clear value (`""` for NAS, SLS and mounts), since leaving it out would
 * keep it. Create-only parameters and those applied by their own operation are not included.
 */
export function updateJobParams(changes: readonly JobTemplateChange[]): JobTemplateWireParams {
  const params: Partial<Record<JobTemplateApiName, WireValue>> = {};
  for (const change of changes) {
    const { spec } = change;
    if (!takenByUpdateJob(spec) || change.kind === "unknown") {
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
