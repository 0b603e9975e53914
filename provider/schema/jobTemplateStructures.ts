/**
 * The structured values of a job template (environment variables, log collection, mounts,
 * triggers, hooks). Keys are the API's JSON keys, as the SAE docs write them; the provider turns
 * them into the JSON text the API takes. Source: the CreateJob, UpdateJob and DescribeJob pages
 * of the SAE API reference (API version 2019-05-06).
 */
import { isIP } from "node:net";
import {
  flag,
  integer,
  jsonObject,
  listOf,
  type Named,
  object,
  type ObjectInput,
  type ObjectShape,
  type ObjectValue,
  oneOf,
  optional,
  type Problem,
  quoteValue,
  required,
  scalar,
  text,
  type VariantsShape,
  variants,
} from "./shapes";
import { cronSchedule } from "./textFormats";

// Each structure is a table of fields, a named value interface and a named input interface derived
// from it, and its shape, which carries the names (see `Named`). The interfaces are what editors and
// the package's .d.ts files show, and the fields' TSDoc reaches them through the derivation.
/* eslint-disable @typescript-eslint/no-empty-object-type -- the interfaces only name derived types */

const envVarFields = {
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
} as const;
/** One environment variable: a literal value, or a reference to a ConfigMap. */
export interface EnvVar extends ObjectValue<typeof envVarFields> {}
/** One environment variable, as a program passes it: `{name, value}` or `{name, valueFrom: "configMapRef", configMapId, key?}`. */
export interface EnvVarInput extends ObjectInput<typeof envVarFields> {}
/** The shape of {@link EnvVar}. */
export const envVarShape: Named<ObjectShape<typeof envVarFields>, EnvVar, EnvVarInput> = object(
  envVarFields,
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

const slsConfigFields = {
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
} as const;
/** A Log Service (SLS) collection rule. */
export interface SlsConfig extends ObjectValue<typeof slsConfigFields> {}
/** A Log Service (SLS) collection rule, as a program passes it. */
export interface SlsConfigInput extends ObjectInput<typeof slsConfigFields> {}
/** The shape of {@link SlsConfig}. */
export const slsConfigShape: Named<ObjectShape<typeof slsConfigFields>, SlsConfig, SlsConfigInput> = object(
  slsConfigFields,
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

const mountDescFields = {
  /** Path in the container. */
  mountPath: required(text(), { describedAs: "MountPath" }),
  /** Path in the NAS file system, relative to its root. */
  nasPath: required(text(), { describedAs: "NasPath" }),
} as const;
/** Where a NAS file system (NasId / MountHost) is mounted. */
export interface MountDesc extends ObjectValue<typeof mountDescFields> {}
/** Where a NAS file system (NasId / MountHost) is mounted, as a program passes it. */
export interface MountDescInput extends ObjectInput<typeof mountDescFields> {}
/** The shape of {@link MountDesc}. */
export const mountDescShape: Named<ObjectShape<typeof mountDescFields>, MountDesc, MountDescInput> = object(
  mountDescFields,
);

const nasConfigFields = {
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
} as const;
/** A NAS mount given in full (the newer form that replaces NasId/MountHost/MountDesc). */
export interface NasConfig extends ObjectValue<typeof nasConfigFields> {}
/** A NAS mount given in full, as a program passes it. */
export interface NasConfigInput extends ObjectInput<typeof nasConfigFields> {}
/** The shape of {@link NasConfig}. */
export const nasConfigShape: Named<ObjectShape<typeof nasConfigFields>, NasConfig, NasConfigInput> = object(
  nasConfigFields,
);

const ossMountDescFields = {
  /** Name of the bucket. */
  bucketName: required(text()),
  /** Directory or object in the bucket; it must exist. */
  bucketPath: required(text()),
  /** Path in the container; created if missing, overwritten if present. */
  mountPath: required(text()),
  /** Mount read-only. Optional. Defaults to `false`. */
  readOnly: optional(flag(), { default: false }),
} as const;
/** An OSS bucket path mounted into the container (needs `ossAkId` and `ossAkSecret`). */
export interface OssMountDesc extends ObjectValue<typeof ossMountDescFields> {}
/** An OSS bucket path mounted into the container, as a program passes it. */
export interface OssMountDescInput extends ObjectInput<typeof ossMountDescFields> {}
/** The shape of {@link OssMountDesc}. */
export const ossMountDescShape: Named<
  ObjectShape<typeof ossMountDescFields>,
  OssMountDesc,
  OssMountDescInput
> = object(ossMountDescFields);

const configMapMountDescFields = {
  /** ID of the ConfigMap. */
  configMapId: required(integer({ min: 1 }), { describedAs: "ConfigMapId" }),
  /** The key to mount; `sae-sys-configmap-all` mounts every key. */
  key: required(text(), { describedAs: "Key" }),
  /** Path in the container. */
  mountPath: required(text(), { describedAs: "MountPath" }),
} as const;
/** A ConfigMap mounted as files. */
export interface ConfigMapMountDesc extends ObjectValue<typeof configMapMountDescFields> {}
/** A ConfigMap mounted as files, as a program passes it. */
export interface ConfigMapMountDescInput extends ObjectInput<typeof configMapMountDescFields> {}
/** The shape of {@link ConfigMapMountDesc}. */
export const configMapMountDescShape: Named<
  ObjectShape<typeof configMapMountDescFields>,
  ConfigMapMountDesc,
  ConfigMapMountDescInput
> = object(configMapMountDescFields);

const hostAliasFields = {
  /** Host name or domain name. */
  hostName: required(text()),
  /** IPv4 address it resolves to. */
  ip: required(text()),
} as const;
/** A hosts-file entry in the container. */
export interface HostAlias extends ObjectValue<typeof hostAliasFields> {}
/** A hosts-file entry in the container, as a program passes it. */
export interface HostAliasInput extends ObjectInput<typeof hostAliasFields> {}
/** The shape of {@link HostAlias}. */
export const hostAliasShape: Named<ObjectShape<typeof hostAliasFields>, HostAlias, HostAliasInput> = object(
  hostAliasFields,
  (alias) =>
    typeof alias.ip === "string" && isIP(alias.ip) !== 4
      ? [{ path: "ip", reason: `must be an IPv4 address (got ${quoteValue(alias.ip)})` }]
      : [],
);

const lifecycleHookFields = {
  /** The command to run. */
  exec: required(
    object({
      /** Program and arguments, e.g. `["sh", "-c", "echo hello"]`. */
      command: required(listOf(text(), (items) => (items.length === 0 ? "must not be empty" : undefined))),
    }),
  ),
} as const;
/** A container lifecycle hook (PreStop / PostStart). */
export interface LifecycleHook extends ObjectValue<typeof lifecycleHookFields> {}
/** A container lifecycle hook (PreStop / PostStart), as a program passes it. */
export interface LifecycleHookInput extends ObjectInput<typeof lifecycleHookFields> {}
/** The shape of {@link LifecycleHook}. */
export const lifecycleHookShape: Named<
  ObjectShape<typeof lifecycleHookFields>,
  LifecycleHook,
  LifecycleHookInput
> = object(lifecycleHookFields);

const tomcatConfigFields = {
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
} as const;
/** Tomcat settings for War deployments. Every field is optional and has SAE's default. */
export interface TomcatConfig extends ObjectValue<typeof tomcatConfigFields> {}
/** Tomcat settings for War deployments, as a program passes them. */
export interface TomcatConfigInput extends ObjectInput<typeof tomcatConfigFields> {}
/** The shape of {@link TomcatConfig}. */
export const tomcatConfigShape: Named<
  ObjectShape<typeof tomcatConfigFields>,
  TomcatConfig,
  TomcatConfigInput
> = object(tomcatConfigFields);

const timeTriggerConfigFields = {
  /** `time`: run on a schedule. */
  type: required(oneOf(["time"])),
  /**
   * Cron schedule of five fields, minute hour day-of-month month day-of-week, e.g. `0 1 * * ?` for
   * 01:00 every day. Each field is `*`, a value, a range `a-b`, a step `/n` or a list; the day
   * fields also take `?`; months and days may be named (`JAN`, `MON`).
   */
  config: required(text({ format: cronSchedule })),
  /** Time zone of the schedule, e.g. `GMT+8:00`. */
  timezone: optional(text()),
} as const;
/** A schedule that starts the job (`type: "time"`). */
export interface TimeTriggerConfig extends ObjectValue<typeof timeTriggerConfigFields> {}
/** A schedule that starts the job (`type: "time"`), as a program passes it. */
export interface TimeTriggerConfigInput extends ObjectInput<typeof timeTriggerConfigFields> {}

const httpTriggerConfigFields = {
  /** `http`: run when the job's webhook URL is called. */
  type: required(oneOf(["http"])),
  /**
   * The HTTP trigger rule (SourceHttpEventParameters), e.g.
   * `{ type: "HTTPS", method: ["GET"], ip: [], referer: [], securityConfig: "none" }`.
   */
  config: required(jsonObject()),
} as const;
/** An HTTP request that starts the job (`type: "http"`). */
export interface HttpTriggerConfig extends ObjectValue<typeof httpTriggerConfigFields> {}
/** An HTTP request that starts the job (`type: "http"`), as a program passes it. */
export interface HttpTriggerConfigInput extends ObjectInput<typeof httpTriggerConfigFields> {}

/** What starts the job: a schedule (`time`) or an HTTP request (`http`). */
export type TriggerConfig = TimeTriggerConfig | HttpTriggerConfig;
/** What starts the job, as a program passes it: a schedule (`time`) or an HTTP request (`http`). */
export type TriggerConfigInput = TimeTriggerConfigInput | HttpTriggerConfigInput;
/** The shape of {@link TriggerConfig}. */
export const triggerConfigShape: Named<
  VariantsShape<{
    readonly time: Named<
      ObjectShape<typeof timeTriggerConfigFields>,
      TimeTriggerConfig,
      TimeTriggerConfigInput
    >;
    readonly http: Named<
      ObjectShape<typeof httpTriggerConfigFields>,
      HttpTriggerConfig,
      HttpTriggerConfigInput
    >;
  }>,
  TriggerConfig,
  TriggerConfigInput
> = variants("type", {
  time: object(timeTriggerConfigFields),
  http: object(httpTriggerConfigFields),
});

/** Startup arguments, each one word. */
export const commandArgsShape = listOf(text());

/** Sharding parameters: one entry per shard. */
export const sliceEnvsShape = listOf(scalar());

/** Environment variables, with unique names. */
export const envsShape = listOf(envVarShape, uniqueBy("name"));

/**
 * Log collection rules, with at most one for standard output, and one SLS project at most: SAE
 * refuses entries naming different projects (Sls.Config.Mixed.Multi.Project).
 */
export const slsConfigsShape = listOf(slsConfigShape, (items) => {
  const configs = items as readonly SlsConfig[];
  if (configs.filter((item) => item.logType === "stdout").length > 1) {
    return 'may hold at most one entry with logType "stdout"';
  }
  const projects = [...new Set(configs.flatMap((item) => item.projectName ?? []))];
  if (projects.length > 1) {
    return (
      `must name the same projectName in every entry that sets one (got ${projects.map((name) => quoteValue(name)).join(", ")}): ` +
      "SAE refuses SLS configs that mix projects (Sls.Config.Mixed.Multi.Project)"
    );
  }
  return undefined;
});

function uniqueBy(field: string) {
  return (items: readonly unknown[]): string | undefined => {
    const seen = new Set<unknown>();
    for (const item of items) {
      const key = (item as Record<string, unknown>)[field];
      if (seen.has(key)) {
        return `must not repeat ${field} ${quoteValue(key)}`;
      }
      seen.add(key);
    }
    return undefined;
  };
}
