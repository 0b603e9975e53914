/**
 * A Java batch job from a FatJar, reading its input from NAS and writing results to an OSS
 * bucket mounted into the container. The OSS keys come from secret stack config and stay secret
 * in state (`ossAkId` and `ossAkSecret` are secret outputs).
 *
 * Stack config:
 *   ossAkId, ossAkSecret   (secret) keys that may read and write the bucket
 *   nasId, nasMountHost    the NAS file system and its mount target
 */
import * as pulumi from "@pulumi/pulumi";
import { JobTemplate } from "pulumi-sae-job";

const config = new pulumi.Config();

const settle = new JobTemplate("settlement", {
  appName: "settlement-batch",
  packageType: "FatJar",
  packageUrl: "https://acme-artifacts.oss-cn-hangzhou.aliyuncs.com/settlement/settlement-2.3.0.jar",
  packageVersion: "2.3.0",
  jdk: "Open JDK 8",
  jarStartOptions: "-Xms2g -Xmx2g",
  jarStartArgs: "--date=yesterday",
  cpu: 2000,
  memory: 4096,
  replicas: 2,
  slice: true,
  sliceEnvs: [0, 1],
  triggerConfig: { type: "time", config: "30 3 * * ?", timezone: "GMT+8:00" },
  nasId: config.require("nasId"),
  mountHost: config.require("nasMountHost"),
  mountDesc: [{ mountPath: "/data/in", nasPath: "/settlement/in" }],
  ossMountDescs: [
    { bucketName: "acme-settlement", bucketPath: "out/", mountPath: "/data/out", readOnly: false },
  ],
  ossAkId: config.requireSecret("ossAkId"),
  ossAkSecret: config.requireSecret("ossAkSecret"),
  preStop: { exec: { command: ["sh", "-c", "sync"] } },
  terminationGracePeriodSeconds: 60,
});

export const appId = settle.appId;
export const ossKeyId = settle.ossAkId;
