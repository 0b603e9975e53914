/**
 * Validation of job template inputs, before any API call. Every failure names the property and
 * the rule. Values not known yet (preview) pass; rules that involve them are skipped.
 *
 * Per-value rules (types, lengths, patterns, ranges, allowed values, structure) come from the
 * parameter table; the rules below span several parameters, from the CreateJob reference page.
 */
import {
  cpuByMemory,
  jobTemplateParameters,
  type JobTemplateParameterName,
  packageTypesNeedingPackage,
  parameterList,
} from "../../schema/jobTemplateParameters";
import { checkValue, coerceValue, isUnknown, type Problem } from "../../schema/shapes";

/** A failed rule, as Pulumi's CheckFailure takes it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** The key under which the dynamic provider host keeps the serialized provider. */
const providerKey = "__provider";

/**
 * Checks `news` and returns the inputs to use (values coerced to their shapes: numeric strings to
 * numbers, JSON text to structures) and any failures.
 */
export function checkJobTemplate(news: Readonly<Record<string, unknown>>): {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
} {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key === providerKey) {
      inputs[key] = value;
    } else if (!Object.hasOwn(jobTemplateParameters, key)) {
      failures.push({ property: key, reason: `is not a JobTemplate input${suggestion(key)}` });
    }
  }
  for (const spec of parameterList) {
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
  if (failures.length === 0) {
    failures.push(...crossFieldFailures(inputs));
  }
  return { inputs, failures };
}

function toFailure(problem: Problem): CheckFailure {
  return { property: problem.path, reason: problem.reason };
}

/** Rules that span parameters. Each is skipped while a value it needs is unknown. */
function crossFieldFailures(inputs: Readonly<Record<string, unknown>>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const known = (name: JobTemplateParameterName) => !isUnknown(inputs[name]);
  const isSet = (name: JobTemplateParameterName) => inputs[name] !== undefined && inputs[name] !== "";
  const packageType = inputs.packageType;

  if (known("packageType") && typeof packageType === "string") {
    if (packageTypesNeedingPackage.includes(packageType)) {
      for (const name of ["packageUrl", "packageVersion"] as const) {
        if (!isSet(name)) {
          failures.push({ property: name, reason: `is required when packageType is ${packageType}` });
        }
      }
    }
    if (packageType === "Image" && !isSet("imageUrl")) {
      failures.push({ property: "imageUrl", reason: "is required when packageType is Image" });
    }
    if ((packageType === "FatJar" || packageType === "War") && !isSet("jdk")) {
      failures.push({ property: "jdk", reason: `is required when packageType is ${packageType}` });
    }
    if (packageType === "War" && !isSet("webContainer")) {
      failures.push({ property: "webContainer", reason: "is required when packageType is War" });
    }
    // DescribeJob reports ImageUrl only for Image templates: set elsewhere, it would never read back.
    if (packageType !== "Image" && isSet("imageUrl")) {
      failures.push({
        property: "imageUrl",
        reason: `is only used when packageType is Image (it is ${packageType})`,
      });
    }
    if (packageType === "Image") {
      for (const name of ["jdk", "webContainer"] as const) {
        if (isSet(name)) {
          failures.push({ property: name, reason: "is not supported when packageType is Image" });
        }
      }
    }
  }

  if (known("cpu") && known("memory") && (isSet("cpu") || isSet("memory"))) {
    const { cpu, memory } = inputs as { cpu?: number; memory?: number };
    if (cpu === undefined || memory === undefined) {
      const missing = cpu === undefined ? "cpu" : "memory";
      failures.push({
        property: missing,
        reason: "is required when the other of cpu/memory is set: set both or neither",
      });
    } else if (!cpuByMemory[memory]?.includes(cpu)) {
      const allowed = cpuByMemory[memory]
        ? `memory ${memory} MB allows cpu ${cpuByMemory[memory].join(", ")}`
        : `memory must be one of ${Object.keys(cpuByMemory).join(", ")} MB`;
      failures.push({
        property: "memory",
        reason: `cpu ${cpu} with memory ${memory} is not an SAE instance size: ${allowed}`,
      });
    }
  }

  // OSS mounts authenticate with ossAkId/ossAkSecret; the keys mean nothing without a mount.
  if (known("ossMountDescs") && isSet("ossMountDescs")) {
    for (const name of ["ossAkId", "ossAkSecret"] as const) {
      if (known(name) && !isSet(name)) {
        failures.push({ property: name, reason: "is required when ossMountDescs is set" });
      }
    }
  }
  if (known("ossAkId") && known("ossAkSecret") && isSet("ossAkId") !== isSet("ossAkSecret")) {
    const missing = isSet("ossAkId") ? "ossAkSecret" : "ossAkId";
    failures.push({ property: missing, reason: "is required: set ossAkId and ossAkSecret together" });
  }

  // The classic NAS mount is three parameters that only work together.
  const nas = ["nasId", "mountHost", "mountDesc"] as const;
  if (nas.every(known) && nas.some(isSet)) {
    for (const name of nas.filter((n) => !isSet(n))) {
      failures.push({ property: name, reason: "is required: nasId, mountHost and mountDesc go together" });
    }
  }
  return failures;
}

/** " (did you mean X?)" for a near miss of a known input name, else "". */
function suggestion(key: string): string {
  const lower = key.toLowerCase();
  const match = parameterList.find(
    (spec) => spec.name.toLowerCase() === lower || spec.api.toLowerCase() === lower,
  );
  return match ? ` (did you mean ${match.name}?)` : "";
}
