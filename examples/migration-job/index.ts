/**
 * A database migration run on every deploy of a new image: a job template with no trigger of its
 * own, and a JobRun that runs it once for each image tag. `pulumi up` waits for the migration and
 * fails if it fails, so whatever depends on `migration` (the new version of the service, say) is
 * only rolled out after the schema is in place. Re-running an unchanged stack runs nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { JobRun, JobTemplate } from "pulumi-sae-job";

const config = new pulumi.Config();
const imageTag = config.get("imageTag") ?? "2.3.0";

const migrate = new JobTemplate("db-migrate", {
  appName: "orders-db-migrate",
  appDescription: "Applies the orders service's schema migrations",
  packageType: "Image",
  imageUrl: `registry.cn-hangzhou.aliyuncs.com/acme/orders-migrate:${imageTag}`,
  cpu: 500,
  memory: 1024,
  replicas: 1,
  command: "./migrate",
  commandArgs: ["up"],
  // One migration at a time, however it was started.
  concurrencyPolicy: "Forbid",
  timeout: 1800,
  backoffLimit: 0,
  envs: [
    { name: "DB_HOST", value: "orders.rwlb.rds.aliyuncs.com" },
    { name: "DB_PASSWORD", valueFrom: "configMapRef", configMapId: 21, key: "orders-db-password" },
  ],
});

const migration = new JobRun("db-migrate-run", {
  appId: migrate.appId,
  // A new image is a new run; the same image is never migrated twice.
  triggers: [migrate.imageUrl],
  waitTimeoutSeconds: 1800,
});

export const appId = migrate.appId;
export const jobId = migration.jobId;
export const migrationState = migration.state;
