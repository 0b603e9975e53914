/**
 * An image job started by an HTTP webhook (for example from a CI pipeline), with a ConfigMap
 * mounted as a file and a host alias. The webhook URLs are stack outputs.
 */
import { JobTemplate } from "pulumi-sae-job";

const reindex = new JobTemplate("reindex", {
  appName: "search-reindex",
  packageType: "Image",
  imageUrl: "registry.cn-hangzhou.aliyuncs.com/acme/reindexer:3.0.0",
  cpu: 2000,
  memory: 4096,
  replicas: 1,
  concurrencyPolicy: "Replace",
  triggerConfig: {
    type: "http",
    config: { type: "HTTPS", method: ["POST"], ip: [], referer: [], securityConfig: "none" },
  },
  configMapMountDesc: [{ configMapId: 16, key: "reindex.yaml", mountPath: "/etc/reindex" }],
  customHostAlias: [{ hostName: "search.internal", ip: "192.168.10.20" }],
  postStart: { exec: { command: ["sh", "-c", "echo started >> /tmp/lifecycle"] } },
});

export const appId = reindex.appId;
export const webhookUrls = reindex.publicWebHookUrls;
export const vpcWebhookUrls = reindex.vpcWebHookUrls;
