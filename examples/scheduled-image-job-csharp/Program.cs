// A nightly report: an image job on a cron schedule, with its standard output and a log file
// collected by Log Service, environment variables (one from a ConfigMap), and optionally a NAS
// file system for its output. The C# twin of ../scheduled-image-job/index.ts.
//
// Stack config (all optional; Pulumi.yaml declares each, with its default):
//   namespaceId   SAE namespace, e.g. cn-hangzhou:reports (default "": the region's default namespace)
//   imageTag      image tag to run (default 1.4.2)
//   collectLogs   collect logs with Log Service (default true)
//   nas           {"id": "...", "mountHost": "...", "mountPath": "/mnt/reports"} to mount NAS (default {}: none)
using System.Collections.Generic;
using Pulumi;
using PulumiSae;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    // Pulumi.yaml's defaults ("" and {}) mean "not set", as does a key the stack lacks altogether.
    var namespaceId = config.Get("namespaceId");
    var nas = config.GetObject<Dictionary<string, string>?>("nas") ?? new Dictionary<string, string>();
    var collectLogs = config.GetBoolean("collectLogs") ?? true;

    var args = new Sae.JobTemplateArgs
    {
        AppName = "nightly-report",
        AppDescription = "Builds yesterday's sales report",
        PackageType = Sae.PackageType.Image,
        ImageUrl = $"registry.cn-hangzhou.aliyuncs.com/acme/sales-report:{config.Get("imageTag") ?? "1.4.2"}",
        Cpu = 1000,
        Memory = 2048,
        Replicas = 1,
        Command = "python",
        CommandArgs = { "-m", "report", "--yesterday" },
        TriggerConfig = new Sae.Inputs.TimeTriggerConfigArgs
        {
            Type = "time",
            Config = "0 2 * * ?",
            Timezone = "GMT+8:00",
        },
        ConcurrencyPolicy = Sae.ConcurrencyPolicy.Forbid,
        Timeout = 3600,
        BackoffLimit = 2,
        Envs =
        {
            new Sae.Inputs.EnvVarArgs { Name = "REPORT_BUCKET", Value = "acme-reports" },
            new Sae.Inputs.EnvVarArgs
            {
                Name = "DB_PASSWORD",
                ValueFrom = Sae.EnvVarValueFrom.ConfigMapRef,
                ConfigMapId = 16,
                Key = "db-password",
            },
        },
    };
    if (!string.IsNullOrEmpty(namespaceId))
    {
        args.NamespaceId = namespaceId;
    }
    if (collectLogs)
    {
        args.SlsConfigs = new InputList<Sae.Inputs.SlsConfigArgs>
        {
            new Sae.Inputs.SlsConfigArgs { LogDir = "", LogType = "stdout" },
            new Sae.Inputs.SlsConfigArgs { LogDir = "/var/log/report/*.log" },
        };
    }
    if (nas.TryGetValue("id", out var nasId))
    {
        args.NasId = nasId;
        args.MountHost = nas["mountHost"];
        args.MountDesc = new InputList<Sae.Inputs.MountDescArgs>
        {
            new Sae.Inputs.MountDescArgs { MountPath = nas["mountPath"], NasPath = "/reports" },
        };
    }

    var nightly = new Sae.JobTemplate("nightly-report", args);

    return new Dictionary<string, object?>
    {
        ["appId"] = nightly.AppId,
        ["regionId"] = nightly.RegionId,
        ["schedule"] = nightly.TriggerConfig,
    };
});
