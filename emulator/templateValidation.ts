// Validation of a job template: CreateJob's parameters, or UpdateJob's change merged onto the
// stored template. Returns the template normalized the way a service that parses its input
// would store it (integers canonical, booleans "true"/"false", JSON re-serialized).

import { isIPv4 } from "node:net";
import { ApiError, invalidParameter, missingParameter } from "./apiError";
import {
  defaultSpec,
  jdkVersions,
  memoryToCpus,
  packageTypes,
  templateParamKinds,
  webContainerVersions,
} from "./templateParams";

/** Template parameters by name, as strings; a parameter not set is absent. */
export type TemplateParams = Record<string, string>;

/** Parse a decimal integer strictly ("3", "-1"; not "3.0", " 3" or "3e0"). */
export function parseInteger(name: string, value: string, min?: number, max?: number): number {
  if (!/^-?\d{1,15}$/.test(value)) {
    throw invalidParameter(name, `"${value}" is not an integer.`);
  }
  const n = Number(value);
  if (min !== undefined && n < min) {
    throw invalidParameter(name, `must be at least ${min}, got ${n}.`);
  }
  if (max !== undefined && n > max) {
    throw invalidParameter(name, `must be at most ${max}, got ${n}.`);
  }
  return n;
}

/** Parse "true" or "false". */
export function parseBoolean(name: string, value: string): boolean {
  if (value === "true") {
    return true;
  }
  if (value === "false") {
    return false;
  }
  throw invalidParameter(name, `must be true or false, got "${value}".`);
}

/** Parse JSON text that must be an array or an object. */
export function parseJson(name: string, value: string, kind: "jsonArray" | "jsonObject"): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter(name, "is not valid JSON.");
  }
  const isArray = Array.isArray(parsed);
  const isObject = typeof parsed === "object" && parsed !== null && !isArray;
  if (kind === "jsonArray" && !isArray) {
    throw invalidParameter(name, "must be a JSON array.");
  }
  if (kind === "jsonObject" && !isObject) {
    throw invalidParameter(name, "must be a JSON object.");
  }
  return parsed;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === "string" && v !== "";
}

/** Each entry of a JSON array parameter must be an object passing `check` (which returns a problem or ""). */
function checkEntries(name: string, entries: unknown[], check: (e: Record<string, unknown>) => string): void {
  entries.forEach((entry, i) => {
    if (!isRecord(entry)) {
      throw invalidParameter(name, `entry ${i} must be a JSON object.`);
    }
    const problem = check(entry);
    if (problem !== "") {
      throw invalidParameter(name, `entry ${i}: ${problem}`);
    }
  });
}

const noCheck = (): string => "";

/** Shape checks for structured parameters, beyond array/object. */
const structureChecks: Record<string, (name: string, value: unknown) => void> = {
  CommandArgs: (name, v) => {
    if (!(v as unknown[]).every((a) => typeof a === "string")) {
      throw invalidParameter(name, "must be a JSON array of strings.");
    }
  },
  Envs: (name, v) =>
    checkEntries(name, v as unknown[], (e) => (isNonEmptyString(e.name) ? "" : "needs a name.")),
  SlsConfigs: (name, v) => checkEntries(name, v as unknown[], noCheck),
  NasConfigs: (name, v) => checkEntries(name, v as unknown[], noCheck),
  MountDesc: (name, v) =>
    checkEntries(name, v as unknown[], (e) =>
      !isNonEmptyString(e.mountPath)
        ? "needs a mountPath."
        : e.nasPath !== undefined && typeof e.nasPath !== "string"
          ? "nasPath must be a string."
          : "",
    ),
  ConfigMapMountDesc: (name, v) =>
    checkEntries(name, v as unknown[], (e) => {
      const id = e.configMapId;
      const idOk =
        (typeof id === "number" && Number.isInteger(id)) || (typeof id === "string" && /^\d+$/.test(id));
      if (!idOk) {
        return "configMapId must be an integer.";
      }
      if (!isNonEmptyString(e.key)) {
        return "needs a key.";
      }
      return isNonEmptyString(e.mountPath) ? "" : "needs a mountPath.";
    }),
  OssMountDescs: (name, v) =>
    checkEntries(name, v as unknown[], (e) => {
      if (!isNonEmptyString(e.bucketName)) {
        return "needs a bucketName.";
      }
      if (!isNonEmptyString(e.mountPath)) {
        return "needs a mountPath.";
      }
      if (e.bucketPath !== undefined && typeof e.bucketPath !== "string") {
        return "bucketPath must be a string.";
      }
      return e.readOnly !== undefined && typeof e.readOnly !== "boolean"
        ? "readOnly must be true or false."
        : "";
    }),
  CustomHostAlias: (_name, v) => {
    for (const entry of v as unknown[]) {
      const host = isRecord(entry) ? entry.hostName : undefined;
      const ip = isRecord(entry) ? entry.ip : undefined;
      const hostOk = isNonEmptyString(host) && /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host);
      if (!hostOk || typeof ip !== "string" || !isIPv4(ip)) {
        throw new ApiError(
          400,
          "InvalidHostnameIp.Invalid",
          `The hostname and/or IP is invalid: Hostname [${String(host)}], IP [${String(ip)}].`,
        );
      }
    }
  },
  TriggerConfig: (name, v) => {
    const type = (v as Record<string, unknown>).type;
    if (type !== "time" && type !== "http") {
      throw invalidParameter(name, 'type must be "time" or "http".');
    }
    if (type === "time" && !isNonEmptyString((v as Record<string, unknown>).config)) {
      throw invalidParameter(name, "a time trigger needs a cron expression in config.");
    }
  },
  TomcatConfig: (name, v) => {
    const cfg = v as Record<string, unknown>;
    if (
      cfg.port !== undefined &&
      !(Number.isInteger(cfg.port) && (cfg.port as number) >= 1024 && (cfg.port as number) <= 65535)
    ) {
      throw invalidParameter(name, "port must be an integer from 1024 to 65535.");
    }
    if (
      cfg.uriEncoding !== undefined &&
      !["UTF-8", "ISO-8859-1", "GBK", "GB2312"].includes(cfg.uriEncoding as string)
    ) {
      throw invalidParameter(name, "uriEncoding must be UTF-8, ISO-8859-1, GBK or GB2312.");
    }
  },
};

/** Check and normalize each parameter by its wire kind. */
function normalizeByKind(params: TemplateParams): TemplateParams {
  const out: TemplateParams = {};
  for (const [name, value] of Object.entries(params)) {
    const kind = templateParamKinds[name] ?? "string";
    if (kind === "integer") {
      out[name] = String(parseInteger(name, value));
    } else if (kind === "boolean") {
      out[name] = String(parseBoolean(name, value));
    } else if (kind === "jsonArray" || kind === "jsonObject") {
      const parsed = parseJson(name, value, kind);
      structureChecks[name]?.(name, parsed);
      // TomcatConfig "{}" means "no Tomcat configuration" (CreateJob.txt / UpdateJob.txt).
      if (name === "TomcatConfig" && Object.keys(parsed as object).length === 0) {
        continue;
      }
      out[name] = JSON.stringify(parsed);
    } else {
      out[name] = value;
    }
  }
  return out;
}

function requireParam(params: TemplateParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") {
    throw missingParameter(name);
  }
  return value;
}

function checkIdentity(p: TemplateParams): void {
  const appName = requireParam(p, "AppName");
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(appName)) {
    throw invalidParameter(
      "AppName",
      "may contain only letters, digits and hyphens, and must start with a letter.",
    );
  }
  if (appName.length > 36) {
    throw invalidParameter("AppName", "must be at most 36 characters long.");
  }
  if (p.AppDescription !== undefined && p.AppDescription.length > 1024) {
    throw invalidParameter("AppDescription", "must be at most 1024 characters long.");
  }
  if (requireParam(p, "Workload") !== "job") {
    throw invalidParameter("Workload", 'must be "job".');
  }
}

function checkPackage(p: TemplateParams): void {
  const type = requireParam(p, "PackageType");
  if (!packageTypes.includes(type)) {
    throw new ApiError(
      400,
      "InvalidPackageType.NotFound",
      `The package type must be War, FatJar, or Image (or a documented PHP/Python type): ${type}`,
    );
  }
  if (["FatJar", "War", "PythonZip"].includes(type)) {
    requireParam(p, "PackageUrl");
    requireParam(p, "PackageVersion");
  }
  if (type === "Image") {
    requireParam(p, "ImageUrl");
  }
  if (type === "FatJar" && !p.Jdk) {
    throw new ApiError(400, "JarApplication.MissingJdk", "A FatJar application must contain JDK.");
  }
  if (type === "War" && (!p.Jdk || !p.WebContainer)) {
    throw new ApiError(
      400,
      "WarApplication.MissingJdkWebcontainer",
      "A War application must contain JDK and Tomcat.",
    );
  }
  const badComponent =
    p.Jdk !== undefined && !jdkVersions.includes(p.Jdk)
      ? `Jdk [${p.Jdk}]`
      : p.WebContainer !== undefined && !webContainerVersions.includes(p.WebContainer)
        ? `WebContainer [${p.WebContainer}]`
        : undefined;
  if (badComponent) {
    throw new ApiError(
      400,
      "InvalidComponent.NotFound",
      `The current component (such as JDK, Tomcat, or EDASWebContainer) does not exist: ${badComponent}`,
    );
  }
}

function checkSpec(p: TemplateParams): void {
  if (p.Cpu === undefined && p.Memory === undefined) {
    return;
  }
  const cpu = p.Cpu === undefined ? undefined : Number(p.Cpu);
  const memory = p.Memory === undefined ? undefined : Number(p.Memory);
  // A lone Cpu or Memory is not completed with a guess: the pair is the specification.
  if (cpu === undefined || memory === undefined || !(memoryToCpus.get(memory) ?? []).includes(cpu)) {
    throw new ApiError(
      400,
      "InvalidInstanceSpecification.Unsupported",
      `The instance specification is not supported: CPU [${p.Cpu ?? ""}], memory [${p.Memory ?? ""}].`,
    );
  }
}

function checkJobSettings(p: TemplateParams): void {
  requireParam(p, "Replicas");
  parseInteger("Replicas", p.Replicas, 1);
  if (p.TerminationGracePeriodSeconds !== undefined) {
    parseInteger("TerminationGracePeriodSeconds", p.TerminationGracePeriodSeconds, 1, 300);
  }
  if (p.Timeout !== undefined) {
    parseInteger("Timeout", p.Timeout, 0);
  }
  if (p.BackoffLimit !== undefined) {
    parseInteger("BackoffLimit", p.BackoffLimit, 0);
  }
  if (p.ConcurrencyPolicy !== undefined && !["Forbid", "Allow", "Replace"].includes(p.ConcurrencyPolicy)) {
    throw invalidParameter("ConcurrencyPolicy", "must be Forbid, Allow or Replace.");
  }
  // CreateJob.txt lists java, php, python, shell; DescribeJob.txt lists java, php, python, other.
  const languages = ["java", "php", "python", "shell", "other"];
  if (p.ProgrammingLanguage !== undefined && !languages.includes(p.ProgrammingLanguage)) {
    throw invalidParameter("ProgrammingLanguage", `must be one of ${languages.join(", ")}.`);
  }
}

/**
 * Validate a whole template and return it normalized. Empty strings must already be removed
 * (an empty value means "not set"). Throws an ApiError with the documented code.
 */
export function validateTemplate(params: TemplateParams): TemplateParams {
  checkIdentity(params);
  checkPackage(params);
  const normalized = normalizeByKind(params);
  checkJobSettings(normalized);
  checkSpec(normalized);
  return normalized;
}

/** The instance spec stored for a new template: the given pair, or the default when both are omitted. */
export function withDefaultSpec(params: TemplateParams): TemplateParams {
  if (params.Cpu !== undefined || params.Memory !== undefined) {
    return params;
  }
  return { ...params, Cpu: String(defaultSpec.cpu), Memory: String(defaultSpec.memory) };
}
