/**
 * A Python job from a zip package, run by hand or from a pipeline (no trigger), with its
 * dependencies installed from the package's requirements plus one extra module.
 */
import { JobTemplate } from "pulumi-sae-job";

const cleanup = new JobTemplate("cleanup", {
  appName: "stale-data-cleanup",
  packageType: "PythonZip",
  packageUrl: "https://acme-artifacts.oss-cn-hangzhou.aliyuncs.com/cleanup/cleanup-0.9.1.zip",
  packageVersion: "0.9.1",
  python: "PYTHON 3.9.15",
  pythonModules: "boto3==1.34.0",
  command: "python",
  commandArgs: ["cleanup.py", "--older-than", "30d"],
  cpu: 500,
  memory: 1024,
  replicas: 1,
  timeout: 1800,
  envs: [{ name: "DRY_RUN", value: "false" }],
});

export const appId = cleanup.appId;
