// How a stored job template reads back through DescribeJob (DescribeJob.txt, OPERATIONS.md):
// typed values, three mount descriptions as arrays of objects, other structures as JSON text.

import { createHash } from "node:crypto";
import type { JobTemplate, Store } from "./store";
import { renderTags } from "./tags";
import { describeDefaults, templateParamKinds } from "./templateParams";

/** Stored but not part of DescribeJob's documented Data. */
const notDescribed = new Set(["AutoConfig", "EnableImageAccl", "Php", "Workload"]);

type Json = Record<string, unknown>;

/** Renderers for parameters DescribeJob returns as arrays of objects, not JSON text. */
const arrayRenderers: Record<string, (entry: Json) => Json> = {
  MountDesc: (e) => ({ MountPath: e.mountPath, ...(e.nasPath !== undefined && { NasPath: e.nasPath }) }),
  ConfigMapMountDesc: (e) => ({
    ConfigMapId: Number(e.configMapId),
    // The emulator has no ConfigMaps; it invents a name from the ID.
    ConfigMapName: `configmap-${String(e.configMapId)}`,
    Key: e.key,
    MountPath: e.mountPath,
  }),
  OssMountDescs: (e) => ({
    bucketName: e.bucketName,
    ...(e.bucketPath !== undefined && { bucketPath: e.bucketPath }),
    mountPath: e.mountPath,
    readOnly: e.readOnly ?? false,
  }),
};

/** Whether a parameter is left out of DescribeJob for this package type (CreateJob.txt). */
function hiddenForPackage(name: string, packageType: string | undefined): boolean {
  // "Jdk/WebContainer: not returned if PackageType is Image"; "ImageUrl: returned only if PackageType is Image".
  if (name === "Jdk" || name === "WebContainer") {
    return packageType === "Image";
  }
  if (name === "ImageUrl") {
    return packageType !== "Image";
  }
  return false;
}

function renderParam(name: string, value: string): unknown {
  const kind = templateParamKinds[name] ?? "string";
  if (kind === "integer") {
    return Number(value);
  }
  if (kind === "boolean") {
    return value === "true";
  }
  const renderEntry = arrayRenderers[name];
  if (renderEntry) {
    return (JSON.parse(value) as Json[]).map(renderEntry);
  }
  return value; // JSON-typed values are stored re-serialized already
}

/** Obviously fake, unreachable webhook URLs for a template with an http trigger. */
export function webhookUrls(t: JobTemplate): { publicUrls: string[]; vpcUrls: string[] } {
  const trigger = t.params.TriggerConfig ? (JSON.parse(t.params.TriggerConfig) as Json) : undefined;
  if (trigger?.type !== "http") {
    return { publicUrls: [], vpcUrls: [] };
  }
  const token = createHash("sha256").update(`webhook/${t.appId}`).digest("hex").slice(0, 32);
  return {
    publicUrls: [`https://webhook.sae.emulator.invalid/webhook/putEvents?token=${token}`],
    vpcUrls: [`http://webhook-vpc.sae.emulator.invalid/webhook/putEvents?token=${token}`],
  };
}

/** DescribeJob's Data for a template. */
export function renderDescribeJob(t: JobTemplate, store: Store, regionId: string): Json {
  const data: Json = {};
  const values = { ...t.params };
  for (const [name, value] of Object.entries(describeDefaults)) {
    values[name] ??= value;
  }
  for (const [name, value] of Object.entries(values)) {
    if (notDescribed.has(name) || hiddenForPackage(name, t.params.PackageType)) {
      continue;
    }
    data[name] = renderParam(name, value);
  }
  const hooks = webhookUrls(t);
  return {
    ...data,
    AppId: t.appId,
    RegionId: regionId,
    Suspend: t.suspended,
    Tags: renderTags(t),
    RefedAppIds: store
      .templateList()
      .filter((other) => other.params.RefAppId === t.appId)
      .map((other) => other.appId),
    PublicWebHookUrls: hooks.publicUrls,
    VpcWebHookUrls: hooks.vpcUrls,
  };
}
