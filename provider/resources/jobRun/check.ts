/**
 * Validation of job run inputs, before any API call, and the EventId the run will use. Every
 * failure names the property and the rule, all of them at once. Values not known yet (preview)
 * pass, and the EventId is left unset until every run input is known.
 */
import {
  execJobTimePattern,
  jobRunParameterList,
  jobRunReportedValues,
  type JobRunParameterName,
  jobRunParameters,
} from "../../schema/jobRunParameters";
import { checkValue, coerceValue, isUnknown, type Problem } from "../../schema/shapes";
import { deriveEventId, identityKey, identityOf, type ReplacementChains, runKey } from "./eventId";

/** A failed rule, as Pulumi's CheckFailure takes it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

type Props = Readonly<Record<string, unknown>>;

/** The key under which the dynamic provider host keeps the serialized provider. */
const providerKey = "__provider";

/**
 * Checks `news` against the old inputs `olds` and returns the inputs to use (coerced to their
 * shapes, with the `eventId` the run will be started with) and any failures.
 *
 * The EventId stays the old one while the run inputs are unchanged; a change derives a new one
 * from the old. Without old inputs (a first create, or the engine's second check of a
 * replacement) it follows what `chains` carried over from the first check, else nothing.
 */
export function checkJobRun(
  olds: Props,
  news: Props,
  chains?: ReplacementChains,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key === providerKey || key === identityKey) {
      inputs[key] = value;
    } else if (key === "triggers") {
      if (value === undefined || value === null) {
        continue;
      }
      inputs[key] = value;
      if (!isUnknown(value) && !Array.isArray(value)) {
        failures.push({
          property: key,
          reason: "must be a list (of any values: a change to any of them starts a new run)",
        });
      }
    } else if (Object.hasOwn(jobRunReportedValues, key)) {
      failures.push({ property: key, reason: "is an output of JobRun, reported by SAE; it cannot be set" });
    } else if (!Object.hasOwn(jobRunParameters, key)) {
      failures.push({ property: key, reason: `is not a JobRun input${suggestion(key)}` });
    }
  }
  for (const spec of jobRunParameterList) {
    const raw = news[spec.name];
    if (raw === undefined || raw === null) {
      if (spec.required) {
        failures.push({ property: spec.name, reason: "is required" });
      }
      continue;
    }
    const value = coerceValue(spec.shape, raw);
    inputs[spec.name] = value;
    failures.push(...checkValue(spec.shape, value, spec.name).map(toFailure));
  }
  failures.push(...extraFailures(inputs));
  if (news[identityKey] === undefined || news[identityKey] === null) {
    failures.push({
      property: identityKey,
      reason: "is missing: create job runs with the JobRun class of pulumi-sae-job, which sets it",
    });
  }
  if (failures.length === 0) {
    const eventId = chooseEventId(olds, inputs, chains);
    if (eventId !== undefined) {
      inputs.eventId = eventId;
    }
  }
  return { inputs, failures };
}

/** Rules the shapes do not say. */
function extraFailures(inputs: Props): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const known = (name: JobRunParameterName) => inputs[name] !== undefined && !isUnknown(inputs[name]);
  if (known("appId") && typeof inputs.appId === "string" && inputs.appId.trim() === "") {
    failures.push({ property: "appId", reason: "must not be empty (it is usually template.appId)" });
  }
  // The pattern allows 2024-02-30; a date that does not exist is refused too.
  const time = inputs.time;
  if (known("time") && typeof time === "string" && execJobTimePattern.test(time) && !isRealTime(time)) {
    failures.push({ property: "time", reason: `is not a date that exists (got "${time}")` });
  }
  return failures;
}

function isRealTime(value: string): boolean {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString().replace(".000Z", "Z") === value;
}

function chooseEventId(olds: Props, inputs: Props, chains?: ReplacementChains): string | undefined {
  const identity = identityOf(inputs);
  const run = runKey(inputs);
  if (identity === undefined || run === undefined) {
    if (identity !== undefined) {
      chains?.forget(identity);
    }
    return undefined;
  }
  const oldEventId = typeof olds.eventId === "string" ? olds.eventId : undefined;
  if (oldEventId === undefined) {
    return deriveEventId(identity, run, chains?.take(identity, run) ?? "");
  }
  if (runKey(olds) === run && identityOf(olds) === identity) {
    chains?.forget(identity);
    return oldEventId;
  }
  chains?.remember(identity, run, oldEventId);
  return deriveEventId(identity, run, oldEventId);
}

function toFailure(problem: Problem): CheckFailure {
  return { property: problem.path, reason: problem.reason };
}

/** " (did you mean X?)" for a known input name in another case or number, else "". */
function suggestion(key: string): string {
  const lower = key.toLowerCase();
  const match = [...Object.keys(jobRunParameters), "triggers"].find((name) =>
    [name, `${name}s`, name.replace(/s$/, "")].some((form) => form.toLowerCase() === lower),
  );
  return match ? ` (did you mean ${match}?)` : "";
}
