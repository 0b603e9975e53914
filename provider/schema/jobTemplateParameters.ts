/**
 * Every parameter of an SAE job template, described once, with the rules that span parameters.
 * Request building (and which parameters go in the form body), validation, diffing, read-back
 * from DescribeJob, the `JobTemplateArgs` type (and its TSDoc, which is the comment on each entry
 * here) and the README's clearing table all follow from this table.
 *
 * Source: the CreateJob, UpdateJob and DescribeJob pages of the SAE API reference (API version
 * 2019-05-06), and the official `sae20190506` SDK for what those pages leave out (among it, which
 * parameters CreateJob and UpdateJob carry in the form body). The facts tests check this table
 * against are in `tests/reference/saeJobApi.json`.
 *
 * How a removed value is cleared (`clearWith`): UpdateJob leaves out what it is not given ("omit
 * to keep"), so a value the user removes must be sent explicitly. The docs name `""` for NasId,
 * MountHost, MountDesc and SlsConfigs, `""` or `"{}"` for TomcatConfig; this package sends `""`
 * for those and for the other mount settings (NasConfigs, OssMountDescs, ConfigMapMountDesc), `[]`
 * for JSON lists, the documented default where there is one, and `""` for plain text.
 * Parameters SAE fills in itself when omitted (`computed`) have no clear: leaving them out keeps
 * the current value.
 */
import { regionIdPattern } from "../api/settings";
import { tagsShape } from "./tags";
import {
  is,
  isNot,
  notAllowedWhen,
  requiredWhen,
  requiredWith,
  together,
  validWhenSet,
  type CrossFieldRule,
  type RuleInputs,
} from "./crossFieldRules";
import {
  param,
  type ParameterSpec,
  type ReportedOf,
  resourceTable,
  type TableApiName,
  type TableInputs,
  type TableValues,
} from "./parameterTable";
import { flag, integer, listOf, oneOf, text } from "./shapes";
import { httpUrl, imageReference } from "./textFormats";
import {
  commandArgsShape,
  configMapMountDescShape,
  envsShape,
  hostAliasShape,
  lifecycleHookShape,
  mountDescShape,
  nasConfigShape,
  ossMountDescShape,
  sliceEnvsShape,
  slsConfigsShape,
  tomcatConfigShape,
  triggerConfigShape,
} from "./jobTemplateStructures";

/** How one job template parameter behaves: the flags of every table, and those of CreateJob/UpdateJob. */
export interface JobTemplateParameterSpec extends ParameterSpec {
  /** UpdateJob does not take it: changing it replaces the template. */
  readonly createOnly?: boolean;
  /** CreateJob does not take it: it is set with an UpdateJob right after the template is created. */
  readonly updateOnly?: boolean;
  /** What UpdateJob is sent when the user removes the value (see the file comment). */
  readonly clearWith?: string;
  /** Applied by its own operation instead of CreateJob/UpdateJob. */
  readonly appliedBy?: "SuspendJob" | "TagResources" | "the endpoint";
}

/** CreateJob takes it: it is neither UpdateJob-only nor applied by its own operation. */
export function takenByCreateJob(spec: JobTemplateParameterSpec): boolean {
  return !spec.updateOnly && !spec.appliedBy;
}

/** UpdateJob takes it: it is neither create-only nor applied by its own operation. */
export function takenByUpdateJob(spec: JobTemplateParameterSpec): boolean {
  return !spec.createOnly && !spec.appliedBy;
}

const packageTypes = [
  "FatJar",
  "War",
  "Image",
  "PythonZip",
  "PhpZip",
  "IMAGE_PHP_5_4",
  "IMAGE_PHP_5_4_ALPINE",
  "IMAGE_PHP_5_5",
  "IMAGE_PHP_5_5_ALPINE",
  "IMAGE_PHP_5_6",
  "IMAGE_PHP_5_6_ALPINE",
  "IMAGE_PHP_7_0",
  "IMAGE_PHP_7_0_ALPINE",
  "IMAGE_PHP_7_1",
  "IMAGE_PHP_7_1_ALPINE",
  "IMAGE_PHP_7_2",
  "IMAGE_PHP_7_2_ALPINE",
  "IMAGE_PHP_7_3",
  "IMAGE_PHP_7_3_ALPINE",
] as const;

/** Package types that deploy a code package (PackageUrl + PackageVersion) rather than an image. */
export const packageTypesNeedingPackage: readonly string[] = ["FatJar", "War", "PythonZip"];

/**
 * CPU (millicores) allowed for each memory size (MB), from DescribeJob's Memory description.
 */
export const cpuByMemory: Readonly<Record<number, readonly number[]>> = {
  1024: [500, 1000],
  2048: [500, 1000, 2000],
  4096: [1000, 2000, 4000],
  8192: [2000, 4000, 8000],
  12288: [12000],
  16384: [4000, 8000, 16000],
  24576: [12000],
  32768: [16000],
  65536: [8000, 16000, 32000],
  131072: [32000],
};

/** The job template parameters, by input name (the lowerCamel form of the API name). */
export const jobTemplateParameters = {
  // ---- identity and placement (fixed at creation) ----

  /**
   * Name of the job template: letters, digits and hyphens, starting with a letter, at most 36
   * characters. Unique within the namespace. Changing it replaces the job template.
   */
  appName: param(
    text({
      maxLength: 36,
      pattern: {
        regex: /^[A-Za-z][A-Za-z0-9-]*$/,
        rule: "must start with a letter and hold only letters, digits and hyphens",
      },
    }),
    { api: "AppName", required: true, createOnly: true },
  ),
  /**
   * ID of the SAE namespace, such as `cn-beijing:test`. Optional. Defaults to the region's default
   * namespace. Changing it replaces the job template.
   */
  namespaceId: param(
    text({
      pattern: {
        regex: /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/,
        rule: "must be lowercase letters, digits and hyphens, starting with a letter, optionally as <region>:<name>",
      },
    }),
    { api: "NamespaceId", createOnly: true, computed: true },
  ),
  /** Description of the job template, at most 1,024 characters. Changing it replaces the job template. */
  appDescription: param(text({ maxLength: 1024 }), { api: "AppDescription", createOnly: true }),
  /**
   * ID of the VPC. Optional. Defaults to the VPC bound to the namespace. Changing it replaces the
   * job template.
   */
  vpcId: param(text(), { api: "VpcId", createOnly: true, computed: true }),
  /**
   * ID of the vSwitch the instances' network interfaces attach to, in `vpcId`. Optional. Defaults to
   * the vSwitch bound to the namespace. Changing it replaces the job template.
   */
  vSwitchId: param(text(), { api: "VSwitchId", createOnly: true, computed: true }),
  /** ID of the security group. Optional. Changing it replaces the job template. */
  securityGroupId: param(text(), { api: "SecurityGroupId", createOnly: true, computed: true }),
  /**
   * Let SAE configure the network (VPC, vSwitch, security group) automatically. Only used at
   * creation; DescribeJob does not report it. Changing it replaces the job template.
   */
  autoConfig: param(flag(), { api: "AutoConfig", createOnly: true, notDescribed: true }),

  // ---- what runs ----

  /**
   * Type of the deployment package: `FatJar`, `War` or `Image` for Java; `PythonZip` or `Image` for
   * Python; `PhpZip` or an `IMAGE_PHP_*` runtime for PHP. Changing it replaces the job template.
   */
  packageType: param(oneOf(packageTypes), { api: "PackageType", required: true, createOnly: true }),
  /**
   * Address of the deployment package, an http:// or https:// URL such as an OSS object's. Required
   * when `packageType` is `FatJar`, `War` or `PythonZip`.
   */
  packageUrl: param(text({ format: httpUrl }), { api: "PackageUrl", clearWith: "" }),
  /** Version of the deployment package. Required when `packageType` is `FatJar`, `War` or `PythonZip`. */
  packageVersion: param(text(), { api: "PackageVersion", clearWith: "" }),
  /**
   * The image to run, a container image reference: `[host[:port]/]path[:tag][@sha256:digest]`,
   * such as `registry.cn-hangzhou.aliyuncs.com/acme/report:1.4.2` (Container Registry personal,
   * enterprise `<instance>-registry.<region>.cr.aliyuncs.com` and `-vpc` hosts alike) or a Docker
   * Hub name such as `nginx:1.25`. Required when `packageType` is `Image`.
   */
  imageUrl: param(text({ format: imageReference }), { api: "ImageUrl", clearWith: "" }),
  /**
   * JDK the package runs on, such as `Open JDK 8`, `Open JDK 7`, `Dragonwell 11`, `Dragonwell 8`.
   * Required for `FatJar` and `War`; not supported for `Image`.
   */
  jdk: param(text(), { api: "Jdk", clearWith: "" }),
  /** Tomcat version, such as `apache-tomcat-8.5.42`. Required for `War`; not supported for `Image`. */
  webContainer: param(text(), { api: "WebContainer", clearWith: "" }),
  /** Version of the Ali-Tomcat container for HSF applications, such as `3.5.3`. Optional. */
  edasContainerVersion: param(text(), { api: "EdasContainerVersion", clearWith: "" }),
  /** Programming language: `java`, `php`, `python`, `shell` or `other`. Optional; SAE infers it when left out. */
  programmingLanguage: param(oneOf(["java", "php", "python", "shell", "other"]), {
    api: "ProgrammingLanguage",
    computed: true,
  }),
  /** Python runtime, such as `PYTHON 3.9.15`. Optional. */
  python: param(text(), { api: "Python", clearWith: "" }),
  /** Python dependencies to install, such as `Flask==2.0`. Optional. Defaults to the package's requirements.txt. */
  pythonModules: param(text(), { api: "PythonModules", clearWith: "" }),
  /**
   * PHP runtime. UpdateJob only: CreateJob does not take it, so it is applied by an UpdateJob right
   * after creation. DescribeJob does not report it. Optional.
   */
  php: param(text(), { api: "Php", updateOnly: true, notDescribed: true, clearWith: "", body: true }),
  /** Path of the PHP configuration file used at startup, such as `/usr/local/etc/php/php.ini`. Optional. */
  phpConfigLocation: param(text(), { api: "PhpConfigLocation", clearWith: "" }),
  /** Content of the PHP configuration file. Optional. */
  phpConfig: param(text(), { api: "PhpConfig", clearWith: "", body: true }),

  // ---- resources and scheduling ----

  /**
   * CPU per instance, in millicores: 500, 1000, 2000, 4000, 8000, 12000, 16000 or 32000, paired
   * with `memory`. Optional (set both or neither). Changing it replaces the job template.
   */
  cpu: param(integer({ min: 1 }), { api: "Cpu", createOnly: true, computed: true }),
  /**
   * Memory per instance, in MB, paired with `cpu`: 1024 (500 or 1000 millicores), 2048 (500,
   * 1000, 2000), 4096 (1000, 2000, 4000), 8192 (2000, 4000, 8000), 12288 (12000), 16384 (4000, 8000,
   * 16000), 24576 (12000), 32768 (16000), 65536 (8000, 16000, 32000) or 131072 (32000). Optional
   * (set both or neither). Changing it replaces the job template.
   */
  memory: param(integer({ min: 1 }), { api: "Memory", createOnly: true, computed: true }),
  /** Number of instances that run each job, at least 1. */
  replicas: param(integer({ min: 1 }), { api: "Replicas", required: true }),
  /** The trigger: a schedule (`{type: "time", config: "<cron>", timezone}`) or an HTTP webhook (`{type: "http", config}`). Optional. */
  triggerConfig: param(triggerConfigShape, { api: "TriggerConfig", clearWith: "" }),
  /**
   * What happens when a run is due while the previous one still runs: `Forbid` (skip the new
   * one), `Allow` (run both) or `Replace` (stop the old one). Optional; left out, SAE's setting is kept.
   */
  concurrencyPolicy: param(oneOf(["Forbid", "Allow", "Replace"]), {
    api: "ConcurrencyPolicy",
    computed: true,
  }),
  /** Time limit of a run, in seconds. Optional; left out, SAE's setting is kept. */
  timeout: param(integer({ min: 1 }), { api: "Timeout", computed: true }),
  /** How many times a failed run is retried. Optional; left out, SAE's setting is kept. */
  backoffLimit: param(integer({ min: 0 }), { api: "BackoffLimit", computed: true }),
  /** Run the job in shards. Optional. Defaults to `false`. */
  slice: param(flag(), { api: "Slice", default: false, clearWith: "false" }),
  /** Sharding parameters, one per shard, such as `[0, 1, 2]`. Optional. */
  sliceEnvs: param(sliceEnvsShape, { api: "SliceEnvs", clearWith: "[]" }),
  /** ID of a job template this one references. Optional. */
  refAppId: param(text(), { api: "RefAppId", clearWith: "" }),
  /**
   * Suspend the template: scheduled runs stop and ExecJob is refused until it is resumed.
   * Applied with SuspendJob. Optional. Defaults to `false`.
   */
  suspend: param(flag(), { api: "Suspend", default: false, appliedBy: "SuspendJob", clearWith: "false" }),
  /**
   * The region the template lives in, such as `cn-beijing`: its requests go to that region's
   * endpoint (`sae:endpoints`, else `sae:endpoint`, else `https://sae.<region>.aliyuncs.com`)
   * instead of the stack's `sae:region`. The output reports the region SAE gives, and state keeps
   * it, so refresh and destroy reach the template even after the stack's region changes. Changing
   * it replaces the template. Optional. Defaults to the stack's region.
   */
  regionId: param(
    text({ pattern: { regex: regionIdPattern, rule: "must be a region ID such as cn-hangzhou" } }),
    {
      api: "RegionId",
      createOnly: true,
      computed: true,
      appliedBy: "the endpoint",
    },
  ),
  /**
   * Tags on the template, key to value (cost centre, owner, environment). Applied with
   * TagResources and UntagResources after the template exists; the stack's `sae:defaultTags` are
   * merged under them (these win), and `tagsAll` reports the merged set. Keys are case-sensitive,
   * 1 to 128 characters, must not start with `aliyun` or `acs:` and must not contain `http://` or
   * `https://`; values are at most 128 characters; at most 20 tags. Optional.
   */
  tags: param(tagsShape, { api: "Tags", appliedBy: "TagResources", notDescribed: true }),
  /** Resource type for best-effort instances. Optional. */
  bestEffortType: param(text(), { api: "BestEffortType", clearWith: "" }),

  // ---- startup ----

  /** Command that starts the image, an executable in the container, such as `echo`. Optional. */
  command: param(text(), { api: "Command", clearWith: "" }),
  /** Arguments of `command`, such as `["a", "b"]`. Optional. */
  commandArgs: param(commandArgsShape, { api: "CommandArgs", clearWith: "[]" }),
  /** Options of the JAR start command (`java $JarStartOptions -jar ... $JarStartArgs`), such as `-Xms4G -Xmx4G`. Optional. */
  jarStartOptions: param(text(), { api: "JarStartOptions", clearWith: "" }),
  /** Arguments of the JAR start command. Optional. */
  jarStartArgs: param(text(), { api: "JarStartArgs", clearWith: "" }),
  /** Start command of a War package. Optional. */
  warStartOptions: param(text(), { api: "WarStartOptions", clearWith: "" }),
  /** Environment variables: literal `{name, value}` or `{name, valueFrom: "configMapRef", configMapId, key?}`. Optional. */
  envs: param(envsShape, { api: "Envs", clearWith: "[]" }),
  /** Time zone of the container. Optional. Defaults to `Asia/Shanghai`. */
  timezone: param(text(), { api: "Timezone", default: "Asia/Shanghai", clearWith: "Asia/Shanghai" }),
  /** Extra hosts-file entries in the container, `{hostName, ip}`. Optional. */
  customHostAlias: param(listOf(hostAliasShape), { api: "CustomHostAlias", clearWith: "[]" }),
  /** Script run right after the container starts, `{exec: {command: [...]}}`. Optional. */
  postStart: param(lifecycleHookShape, { api: "PostStart", clearWith: "" }),
  /** Script run before the container stops, `{exec: {command: [...]}}`. Optional. */
  preStop: param(lifecycleHookShape, { api: "PreStop", clearWith: "" }),
  /** Seconds allowed for a graceful shutdown, 1 to 300. Optional. Defaults to 30. */
  terminationGracePeriodSeconds: param(integer({ min: 1, max: 300 }), {
    api: "TerminationGracePeriodSeconds",
    default: 30,
    clearWith: "30",
  }),
  /** Tomcat settings for War packages (port, contextPath, maxThreads, uriEncoding, useBodyEncodingForUri). Optional. */
  tomcatConfig: param(tomcatConfigShape, { api: "TomcatConfig", clearWith: "" }),

  // ---- images ----

  /** ID of the Container Registry Enterprise Edition instance holding `imageUrl`. Required for such images. */
  acrInstanceId: param(text(), { api: "AcrInstanceId", clearWith: "", body: true }),
  /** ARN of the RAM role used to pull images across accounts. Optional. */
  acrAssumeRoleArn: param(text(), { api: "AcrAssumeRoleArn", clearWith: "" }),
  /** ID of the Secret used to pull the image. Optional. */
  imagePullSecrets: param(text(), { api: "ImagePullSecrets", clearWith: "" }),
  /** Enable image acceleration. Optional. Defaults to `false`. DescribeJob does not report it. */
  enableImageAccl: param(flag(), {
    api: "EnableImageAccl",
    default: false,
    notDescribed: true,
    clearWith: "false",
    body: true,
  }),

  // ---- logs and storage ----

  /**
   * Log Service collection rules, `{logDir, logType?, projectName?, logstoreName?, logtailName?}`.
   * Optional. Removing them turns log collection off.
   */
  slsConfigs: param(slsConfigsShape, { api: "SlsConfigs", clearWith: "" }),
  /** ID of the NAS file system to mount (with `mountHost` and `mountDesc`). Optional. Removing it unmounts NAS. */
  nasId: param(text(), { api: "NasId", clearWith: "" }),
  /** Mount target of the NAS file system in the VPC. Optional. Removing it clears the NAS mount. */
  mountHost: param(text(), { api: "MountHost", clearWith: "" }),
  /** Where the NAS file system is mounted, `{mountPath, nasPath}`. Optional. Removing it clears the NAS mount. */
  mountDesc: param(listOf(mountDescShape), { api: "MountDesc", clearWith: "" }),
  /** NAS mounts in full, `{nasId, mountDomain, nasPath, mountPath, readOnly}`. Optional. Removing them unmounts. */
  nasConfigs: param(listOf(nasConfigShape), { api: "NasConfigs", clearWith: "" }),
  /** OSS bucket mounts, `{bucketName, bucketPath, mountPath, readOnly}`. Need `ossAkId` and `ossAkSecret`. Optional. */
  ossMountDescs: param(listOf(ossMountDescShape), { api: "OssMountDescs", clearWith: "", body: true }),
  /** AccessKey ID used to mount OSS buckets. Kept secret. Optional. */
  ossAkId: param(text(), { api: "OssAkId", secret: true, clearWith: "", body: true }),
  /** AccessKey secret used to mount OSS buckets. Kept secret. Optional. */
  ossAkSecret: param(text(), { api: "OssAkSecret", secret: true, clearWith: "", body: true }),
  /** ConfigMaps mounted as files, `{configMapId, key, mountPath}`. Optional. */
  configMapMountDesc: param(listOf(configMapMountDescShape), {
    api: "ConfigMapMountDesc",
    clearWith: "",
    body: true,
  }),
} as const;

/** The table's type. */
export type JobTemplateParameters = typeof jobTemplateParameters;
/** An input name, such as `nasId`. */
export type JobTemplateParameterName = keyof JobTemplateParameters;
/** An API name, such as `NasId`. */
export type JobTemplateApiName = TableApiName<JobTemplateParameters>;

/**
 * The inputs of a job template, one per parameter of the table (each documented there).
 * `Pick`/`Partial` keep the table's TSDoc on every property.
 */
export type JobTemplateInputs = TableInputs<JobTemplateParameters>;

/** The plain values of the job template parameters, as outputs hold them. */
export type JobTemplateValues = TableValues<JobTemplateParameters>;

// ---- rules across parameters (from the CreateJob reference page) ----

/** The message of a rule that follows the package type. */
const forPackageType = ({ packageType }: RuleInputs) =>
  `is required when packageType is ${String(packageType)}`;

/** The rules that span job template parameters, each checked when the parameters it reads pass their own checks. */
export const jobTemplateRules: readonly CrossFieldRule<JobTemplateParameterName>[] = [
  requiredWhen("packageUrl", is("packageType", ...packageTypesNeedingPackage), forPackageType),
  requiredWhen("packageVersion", is("packageType", ...packageTypesNeedingPackage), forPackageType),
  requiredWhen("imageUrl", is("packageType", "Image"), forPackageType),
  requiredWhen("jdk", is("packageType", "FatJar", "War"), forPackageType),
  requiredWhen("webContainer", is("packageType", "War"), forPackageType),
  // DescribeJob reports ImageUrl only for Image templates: set elsewhere, it would never read back.
  notAllowedWhen(
    "imageUrl",
    isNot("packageType", "Image"),
    ({ packageType }) => `is only used when packageType is Image (it is ${String(packageType)})`,
  ),
  notAllowedWhen("jdk", is("packageType", "Image"), "is not supported when packageType is Image"),
  notAllowedWhen("webContainer", is("packageType", "Image"), "is not supported when packageType is Image"),

  together(["cpu", "memory"], "is required when the other of cpu/memory is set: set both or neither"),
  validWhenSet({
    fields: ["cpu", "memory"],
    at: "memory",
    valid: ({ cpu, memory }) => cpuByMemory[memory as number]?.includes(cpu as number) ?? false,
    message: ({ cpu, memory }) => {
      const allowed = cpuByMemory[memory as number];
      const sizes = allowed
        ? `memory ${String(memory)} MB allows cpu ${allowed.join(", ")}`
        : `memory must be one of ${Object.keys(cpuByMemory).join(", ")} MB`;
      return `cpu ${String(cpu)} with memory ${String(memory)} is not an SAE instance size: ${sizes}`;
    },
  }),

  // OSS mounts authenticate with ossAkId/ossAkSecret; the keys mean nothing without a mount.
  requiredWith("ossAkId", "ossMountDescs", "is required when ossMountDescs is set"),
  requiredWith("ossAkSecret", "ossMountDescs", "is required when ossMountDescs is set"),
  together(["ossAkId", "ossAkSecret"], "is required: set ossAkId and ossAkSecret together"),

  // The classic NAS mount is three parameters that only work together.
  together(["nasId", "mountHost", "mountDesc"], "is required: nasId, mountHost and mountDesc go together"),
];

// ---- reported values and the whole table ----

/** What DescribeJob reports beyond the parameters: outputs only, never inputs. */
export const jobTemplateReportedValues = {
  /** ID of the job template (also the resource ID). */
  appId: { api: "AppId", shape: text() },
  /** IDs of job templates that reference this one. */
  refedAppIds: { api: "RefedAppIds", shape: listOf(text()) },
  /** Public webhook URLs that start a run, for an `http` trigger. */
  publicWebHookUrls: { api: "PublicWebHookUrls", shape: listOf(text()) },
  /** VPC-internal webhook URLs that start a run, for an `http` trigger. */
  vpcWebHookUrls: { api: "VpcWebHookUrls", shape: listOf(text()) },
  /**
   * Every user tag on the template as SAE reports it: the stack's `sae:defaultTags` merged under
   * `tags`. Tags SAE sets itself (keys starting with `acs:` or `aliyun`) are left out.
   */
  tagsAll: { api: "Tags", shape: tagsShape },
} as const;

/** An output-only name, such as `appId`. */
export type JobTemplateReportedName = keyof typeof jobTemplateReportedValues;

/** The plain values of the output-only properties. */
export type JobTemplateReported = ReportedOf<typeof jobTemplateReportedValues>;

/** The job template's table as the generic check, diff and read-back take it. */
export const jobTemplateTable = resourceTable<JobTemplateParameterSpec, JobTemplateParameterName>(
  "JobTemplate",
  jobTemplateParameters,
  { rules: jobTemplateRules, reported: jobTemplateReportedValues },
);

/** The table as a list, for code that walks every parameter. */
export const parameterList = jobTemplateTable.parameters;
