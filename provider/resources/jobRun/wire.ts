/**
 * Between inputs and SAE: the ExecJob request a run's inputs make, and the outputs a run has.
 * Pure functions; outputs never hold `undefined` (the dynamic provider host cannot encode it).
 */
import type { ExecJobRequest, JobStatus } from "../../api/types";
import { jobRunTable } from "../../schema/jobRunParameters";
import { encodeSetParameters } from "../table/encode";
import { identityOf } from "./eventId";
import { statusOutputNames, statusOutputs } from "./runStatus";

type Props = Readonly<Record<string, unknown>>;

/**
 * ExecJob for a run with these (checked, known) inputs: only what the program set is sent (the
 * provider's own settings never are). An empty override is sent as it is: it overrides the
 * template's value with nothing.
 */
export function execJobRequest(inputs: Props, eventId: string): ExecJobRequest {
  const { AppId, ...overrides } = encodeSetParameters(jobRunTable.parameters, inputs, { keepEmpty: true });
  return { AppId: String(AppId), EventId: eventId, ...overrides };
}

/**
 * The inputs outputs repeat, so the next diff can compare them with the program's. The hidden
 * inputs (`__identity`) are not among them: internal values are not outputs. What needs them
 * (check, diff, create, update) finds them in the inputs, which the engine keeps in state and
 * hands back as `news`.
 */
export const echoedInputNames: readonly string[] = [
  ...jobRunTable.parameters.map((spec) => spec.name),
  ...Object.keys(jobRunTable.extraInputs ?? {}),
];

/** Hidden inputs, which 0.1.0 also wrote into the outputs. */
const hiddenInputNames: readonly string[] = jobRunTable.hiddenInputs ?? [];

/** The job a run is, by the ID SAE gave it and the EventId it was started with. */
export interface RunRef {
  readonly jobId: string;
  readonly eventId: string;
}

/** A run's outputs: its inputs as given, its job, and what the last DescribeJobStatus answer said. */
export function runOutputs(
  inputs: Props,
  run: RunRef,
  status: JobStatus | undefined,
): Record<string, unknown> {
  return { ...echoedInputs(inputs), jobId: run.jobId, eventId: run.eventId, ...statusOutputs(status) };
}

/**
 * `previous` outputs with the inputs replaced by those of `inputs` (a change that starts nothing),
 * and without the hidden inputs that outputs written by 0.1.0 carry.
 */
export function withInputs(previous: Props, inputs: Props): Record<string, unknown> {
  const outs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) {
    const input = echoedInputNames.includes(key) || hiddenInputNames.includes(key);
    if (!input && value !== undefined && value !== null) {
      outs[key] = value;
    }
  }
  return { ...outs, ...echoedInputs(inputs) };
}

/**
 * `previous` outputs with what a DescribeJobStatus answer says instead of what they said. Everything
 * else stays as it was, `__identity` in outputs written by 0.1.0 included: a refresh reports what
 * changed on SAE, so an upgrade alone shows no change (the next update or replacement drops it).
 */
export function withStatus(previous: Props, status: JobStatus): Record<string, unknown> {
  const outs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) {
    if (!(statusOutputNames as readonly string[]).includes(key) && value !== undefined) {
      outs[key] = value;
    }
  }
  return { ...outs, ...statusOutputs(status) };
}

function echoedInputs(inputs: Props): Record<string, unknown> {
  const outs: Record<string, unknown> = {};
  for (const name of echoedInputNames) {
    const value = inputs[name];
    if (value !== undefined && value !== null) {
      outs[name] = definedOnly(value);
    }
  }
  return outs;
}

/** A copy without `undefined` anywhere: dropped from objects, `null` in lists. */
export function definedOnly(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (item === undefined ? null : definedOnly(item)));
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, definedOnly(item)]),
    );
  }
  return value;
}

/**
 * The job a run's outputs follow. It is the resource ID for every run but one that 0.1.0 ran again
 * after it failed: there the ID stayed the first job's, and `jobId` names the later one.
 */
export function jobIdOf(props: Props, id: string): string {
  return typeof props.jobId === "string" && props.jobId !== "" ? props.jobId : id;
}

/**
 * How the console names a run: `job run "<name>"`, from the resource's URN in the inputs; read and
 * delete see only outputs, which do not carry it, so they name the run by its resource ID.
 */
export function runLabel(props: Props, fallbackId?: string): string {
  const identity = identityOf(props);
  const name = identity?.split("::").pop();
  if (name) {
    return `job run "${name}"`;
  }
  return `job run ${fallbackId ?? (typeof props.jobId === "string" ? props.jobId : "(unnamed)")}`;
}
