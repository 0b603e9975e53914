/**
 * The structured values of a job template (environment variables, log collection, mounts,
 * triggers, hooks). Keys are the API's JSON keys, as the SAE docs write them; the provider turns
 * them into the JSON text the API takes. Source: CreateJob, UpdateJob and DescribeJob reference
 * pages (`shared/api-docs/`).
 */
import { isIP } from "node:net";
import {
  flag,
  integer,
  jsonObject,
  listOf,
  object,
  oneOf,
  optional,
  type Problem,
  required,
  scalar,
  text,
  type ValueOf,
  variants,
} from "./shapes";

/** One environment variable: a literal value, or a reference to a ConfigMap. */
export const envVarShape = object(
  {
    /**
     * Name of the variable. To import every key of a ConfigMap, use
     * `sae-sys-configmap-all-<ConfigMap name>` with `valueFrom: "configMapRef"` and no `key`.
     */
    name: required(text()),
    /** The value, for a literal variable. */
    value: optional(text()),
    /** Set to `configMapRef` to take the value from a ConfigMap. */
    valueFrom: optional(oneOf(["configMapRef"])),
    /** ID of the ConfigMap referenced (create it first with CreateConfigMap). */
    configMapId: optional(integer({ min: 1 })),
    /** The ConfigMap key to read; leave it out to reference every key. */
    key: optional(text()),
  },
  (env) => {
    const problems: Problem[] = [];
    if (env.valueFrom === "configMapRef") {
      if (env.value !== undefined) {
        problems.push({ path: "value", reason: 'must not be set together with valueFrom "configMapRef"' });
      }
      if (env.configMapId === undefined) {
        problems.push({ path: "configMapId", reason: 'is required when valueFrom is "configMapRef"' });
      }
    } else {
      if (env.value === undefined) {
        problems.push({ path: "value", reason: 'is required unless valueFrom is "configMapRef"' });
      }
      for (const field of ["configMapId", "key"] as const) {
        if (env[field] !== undefined) {
          problems.push({ path: field, reason: 'is only used with valueFrom "configMapRef"' });
        }
      }
    }
    return problems;
  },
);
export type EnvVar = ValueOf<typeof envVarShape>;

/** A Log Service (SLS) collection rule. */
export const slsConfigShape = object(
  {
    /** Path of the log file to collect; `""` together with `logType: "stdout"` collects standard output. */
    logDir: required(text()),
    /** `stdout` collects the container's standard output (at most one such entry); leave it out for file logs. */
    logType: optional(text()),
    /** Your own SLS project (must not start with `sae-`); leave it out to let SAE create one. */
    projectName: optional(text()),
    /** Your own Logstore (must not start with `sae-`); required with `projectName`. */
    logstoreName: optional(text()),
    /** Your own Logtail; leave it out to let SAE create one. */
    logtailName: optional(text()),
  },
  (config) => {
    const problems: Problem[] = [];
    if ((config.projectName === undefined) !== (config.logstoreName === undefined)) {
      const missing = config.projectName === undefined ? "projectName" : "logstoreName";
      problems.push({
        path: missing,
        reason: "is required: set both projectName and logstoreName, or neither",
      });
    }
    for (const field of ["projectName", "logstoreName"] as const) {
      const value = config[field];
      if (typeof value === "string" && value.startsWith("sae-")) {
        problems.push({
          path: field,
          reason: 'must not start with "sae-" (reserved for projects SAE creates)',
        });
      }
    }
    return problems;
  },
);
export type SlsConfig = ValueOf<typeof slsConfigShape>;

/** Where a NAS file system (NasId / MountHost) is mounted. */
export const mountDescShape = object({
  /** Path in the container. */
  mountPath: required(text(), { describedAs: "MountPath" }),
  /** Path in the NAS file system, relative to its root. */
  nasPath: required(text(), { describedAs: "NasPath" }),
});
export type MountDesc = ValueOf<typeof mountDescShape>;

/** A NAS mount given in full (the newer form that replaces NasId/MountHost/MountDesc). */
export const nasConfigShape = object({
  /** ID of the NAS file system. */
  nasId: required(text()),
  /** Mount target domain of the NAS file system. */
  mountDomain: required(text()),
  /** Path in the NAS file system. */
  nasPath: required(text()),
  /** Path in the container. */
  mountPath: required(text()),
  /** Mount read-only. Optional. Defaults to `false`. */
  readOnly: optional(flag(), { default: false }),
});
export type NasConfig = ValueOf<typeof nasConfigShape>;

/** An OSS bucket path mounted into the container (needs `ossAkId` and `ossAkSecret`). */
export const ossMountDescShape = object({
  /** Name of the bucket. */
  bucketName: required(text()),
  /** Directory or object in the bucket; it must exist. */
  bucketPath: required(text()),
  /** Path in the container; created if missing, overwritten if present. */
  mountPath: required(text()),
  /** Mount read-only. Optional. Defaults to `false`. */
  readOnly: optional(flag(), { default: false }),
});
export type OssMountDesc = ValueOf<typeof ossMountDescShape>;

/** A ConfigMap mounted as files. */
export const configMapMountDescShape = object({
  /** ID of the ConfigMap. */
  configMapId: required(integer({ min: 1 }), { describedAs: "ConfigMapId" }),
  /** The key to mount; `sae-sys-configmap-all` mounts every key. */
  key: required(text(), { describedAs: "Key" }),
  /** Path in the container. */
  mountPath: required(text(), { describedAs: "MountPath" }),
});
export type ConfigMapMountDesc = ValueOf<typeof configMapMountDescShape>;

/** A hosts-file entry in the container. */
export const hostAliasShape = object(
  {
    /** Host name or domain name. */
    hostName: required(text()),
    /** IPv4 address it resolves to. */
    ip: required(text()),
  },
  (alias) =>
    typeof alias.ip === "string" && isIP(alias.ip) !== 4
      ? [{ path: "ip", reason: `must be an IPv4 address (got "${alias.ip}")` }]
      : [],
);
export type HostAlias = ValueOf<typeof hostAliasShape>;

/** A container lifecycle hook (PreStop / PostStart). */
export const lifecycleHookShape = object({
  /** The command to run. */
  exec: required(
    object({
      /** Program and arguments, e.g. `["sh", "-c", "echo hello"]`. */
      command: required(listOf(text(), (items) => (items.length === 0 ? "must not be empty" : undefined))),
    }),
  ),
});
export type LifecycleHook = ValueOf<typeof lifecycleHookShape>;

/** Tomcat settings for War deployments. Every field is optional and has SAE's default. */
export const tomcatConfigShape = object({
  /** Port, 1024 to 65535. Defaults to 8080. */
  port: optional(integer({ min: 1024, max: 65535 }), { default: 8080 }),
  /** Context path. Defaults to `/`. */
  contextPath: optional(text(), { default: "/" }),
  /** Connection pool size. Defaults to 400. */
  maxThreads: optional(integer({ min: 1 }), { default: 400 }),
  /** URI encoding. Defaults to `ISO-8859-1`. */
  uriEncoding: optional(oneOf(["UTF-8", "ISO-8859-1", "GBK", "GB2312"]), { default: "ISO-8859-1" }),
  /** Use the body encoding for the URI. Defaults to `true`. */
  useBodyEncodingForUri: optional(flag(), { default: true }),
});
export type TomcatConfig = ValueOf<typeof tomcatConfigShape>;

/** What starts the job: a schedule (`time`) or an HTTP request (`http`). */
export const triggerConfigShape = variants("type", {
  time: object({
    /** `time`: run on a schedule. */
    type: required(oneOf(["time"])),
    /** Cron expression, e.g. `0 1 * * ?` for 01:00 every day. */
    config: required(text()),
    /** Time zone of the schedule, e.g. `GMT+8:00`. */
    timezone: optional(text()),
  }),
  http: object({
    /** `http`: run when the job's webhook URL is called. */
    type: required(oneOf(["http"])),
    /**
     * The HTTP trigger rule (SourceHttpEventParameters), e.g.
     * `{ type: "HTTPS", method: ["GET"], ip: [], referer: [], securityConfig: "none" }`.
     */
    config: required(jsonObject()),
  }),
});
export type TriggerConfig = ValueOf<typeof triggerConfigShape>;

/** Startup arguments, each one word. */
export const commandArgsShape = listOf(text());

/** Sharding parameters: one entry per shard. */
export const sliceEnvsShape = listOf(scalar());

/** Environment variables, with unique names. */
export const envsShape = listOf(envVarShape, uniqueBy("name"));

/** Log collection rules, with at most one for standard output. */
export const slsConfigsShape = listOf(slsConfigShape, (items) =>
  items.filter((item) => (item as SlsConfig).logType === "stdout").length > 1
    ? 'may hold at most one entry with logType "stdout"'
    : undefined,
);

function uniqueBy(field: string) {
  return (items: readonly unknown[]): string | undefined => {
    const seen = new Set<unknown>();
    for (const item of items) {
      const key = (item as Record<string, unknown>)[field];
      if (seen.has(key)) {
        return `must not repeat ${field} "${String(key)}"`;
      }
      seen.add(key);
    }
    return undefined;
  };
}
