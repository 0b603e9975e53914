// The job template parameters CreateJob and UpdateJob take, and how each is typed on the wire
// (everything travels as a string; structured values as JSON text). From CreateJob.txt,
// UpdateJob.txt and OPERATIONS.md.

/** How a parameter's string value is read. */
export type ParamKind = "string" | "integer" | "boolean" | "jsonArray" | "jsonObject";

/** Parameters CreateJob takes, with their kinds. */
export const createParams: Readonly<Record<string, ParamKind>> = {
  AppName: "string",
  NamespaceId: "string",
  AppDescription: "string",
  VpcId: "string",
  VSwitchId: "string",
  PackageType: "string",
  PackageVersion: "string",
  PackageUrl: "string",
  ImageUrl: "string",
  Jdk: "string",
  WebContainer: "string",
  Cpu: "integer",
  Memory: "integer",
  Replicas: "integer",
  Command: "string",
  CommandArgs: "jsonArray",
  Envs: "jsonArray",
  CustomHostAlias: "jsonArray",
  JarStartOptions: "string",
  JarStartArgs: "string",
  EdasContainerVersion: "string",
  Timezone: "string",
  SlsConfigs: "jsonArray",
  NasId: "string",
  MountHost: "string",
  MountDesc: "jsonArray",
  PreStop: "jsonObject",
  PostStart: "jsonObject",
  WarStartOptions: "string",
  ConfigMapMountDesc: "jsonArray",
  SecurityGroupId: "string",
  AutoConfig: "boolean",
  TerminationGracePeriodSeconds: "integer",
  PhpConfigLocation: "string",
  PhpConfig: "string",
  TomcatConfig: "jsonObject",
  OssMountDescs: "jsonArray",
  OssAkId: "string",
  OssAkSecret: "string",
  AcrInstanceId: "string",
  AcrAssumeRoleArn: "string",
  ImagePullSecrets: "string",
  Workload: "string",
  TriggerConfig: "jsonObject",
  ConcurrencyPolicy: "string",
  Timeout: "integer",
  BackoffLimit: "integer",
  Slice: "boolean",
  SliceEnvs: "jsonArray",
  RefAppId: "string",
  ProgrammingLanguage: "string",
  Python: "string",
  PythonModules: "string",
  EnableImageAccl: "boolean",
  NasConfigs: "jsonArray",
  BestEffortType: "string",
};

/** Parameters UpdateJob does not take (OPERATIONS.md); sent anyway, they are ignored. */
export const createOnlyParams: readonly string[] = [
  "AppName",
  "AppDescription",
  "AutoConfig",
  "Cpu",
  "Memory",
  "NamespaceId",
  "PackageType",
  "SecurityGroupId",
  "VSwitchId",
  "VpcId",
  "Workload",
];

/** Parameters UpdateJob takes (besides AppId), with their kinds: CreateJob's minus create-only, plus Php. */
export const updateParams: Readonly<Record<string, ParamKind>> = {
  ...Object.fromEntries(Object.entries(createParams).filter(([name]) => !createOnlyParams.includes(name))),
  Php: "string",
};

/** Every parameter a template may hold, with its kind. */
export const templateParamKinds: Readonly<Record<string, ParamKind>> = { ...createParams, ...updateParams };

/** Package types, from DescribeJob.txt. */
export const packageTypes: readonly string[] = [
  "FatJar",
  "War",
  "Image",
  "PythonZip",
  "PhpZip",
  ...["5_4", "5_5", "5_6", "7_0", "7_1", "7_2", "7_3"].flatMap((v) => [
    `IMAGE_PHP_${v}`,
    `IMAGE_PHP_${v}_ALPINE`,
  ]),
];

/** JDK versions the docs list. */
export const jdkVersions: readonly string[] = [
  "Open JDK 8",
  "Open JDK 7",
  "Dragonwell 11",
  "Dragonwell 8",
  "openjdk-8u191-jdk-alpine3.9",
  "openjdk-7u201-jdk-alpine3.9",
];

/** Tomcat versions the docs list. */
export const webContainerVersions: readonly string[] = ["apache-tomcat-7.0.91", "apache-tomcat-8.5.42"];

/** Memory (MB) to the CPU values (millicores) it pairs with, from DescribeJob.txt's Memory list. */
export const memoryToCpus: ReadonlyMap<number, readonly number[]> = new Map([
  [1024, [500, 1000]],
  [2048, [500, 1000, 2000]],
  [4096, [1000, 2000, 4000]],
  [8192, [2000, 4000, 8000]],
  [12288, [12000]],
  [16384, [4000, 8000, 16000]],
  [24576, [12000]],
  [32768, [16000]],
  [65536, [8000, 16000, 32000]],
  [131072, [32000]],
]);

/** Instance spec used when CreateJob gives neither Cpu nor Memory (an allowed pair). */
export const defaultSpec = { cpu: 1000, memory: 2048 } as const;

/** Documented defaults DescribeJob reports for a parameter not set (or cleared). */
export const describeDefaults: Readonly<Record<string, string>> = {
  Timezone: "Asia/Shanghai",
  TerminationGracePeriodSeconds: "30",
};
