/**
 * A nightly report: an image job on a cron schedule, with its standard output and a log file
 * collected by Log Service, environment variables (one from a ConfigMap), and optionally a NAS
 * file system for its output.
 *
 * Stack config (all optional; Pulumi.yaml declares each, with its default):
 *   namespaceId   SAE namespace, e.g. cn-hangzhou:reports (default "": the region's default namespace)
 *   imageTag      image tag to run (default 1.4.2)
 *   collectLogs   collect logs with Log Service (default true)
 *   nas           {"id": "...", "mountHost": "...", "mountPath": "/mnt/reports"} to mount NAS (default {}: none)
 */
import * as pulumi from "@pulumi/pulumi";
import { JobTemplate } from "pulumi-sae-job";

interface Nas {
  id: string;
  mountHost: string;
  mountPath: string;
}

const config = new pulumi.Config();
// Pulumi.yaml's defaults ("" and {}) mean "not set", as does a key the stack lacks altogether.
const nasConfig = config.getObject<Nas | Record<string, never>>("nas");
const nas = nasConfig && "id" in nasConfig ? nasConfig : undefined;
const collectLogs = config.getBoolean("collectLogs") ?? true;

const nightly = new JobTemplate("nightly-report", {
  appName: "nightly-report",
  appDescription: "Builds yesterday's sales report",
  namespaceId: config.get("namespaceId") || undefined,
  packageType: "Image",
  imageUrl: `registry.cn-hangzhou.aliyuncs.com/acme/sales-report:${config.get("imageTag") ?? "1.4.2"}`,
  cpu: 1000,
  memory: 2048,
  replicas: 1,
  command: "python",
  commandArgs: ["-m", "report", "--yesterday"],
  triggerConfig: { type: "time", config: "0 2 * * ?", timezone: "GMT+8:00" },
  concurrencyPolicy: "Forbid",
  timeout: 3600,
  backoffLimit: 2,
  envs: [
    { name: "REPORT_BUCKET", value: "acme-reports" },
    { name: "DB_PASSWORD", valueFrom: "configMapRef", configMapId: 16, key: "db-password" },
  ],
  slsConfigs: collectLogs
    ? [{ logDir: "", logType: "stdout" }, { logDir: "/var/log/report/*.log" }]
    : undefined,
  nasId: nas?.id,
  mountHost: nas?.mountHost,
  mountDesc: nas ? [{ mountPath: nas.mountPath, nasPath: "/reports" }] : undefined,
});

export const appId = nightly.appId;
export const regionId = nightly.regionId;
export const schedule = nightly.triggerConfig;
