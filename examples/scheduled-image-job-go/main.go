// A nightly report: an image job on a cron schedule, with its standard output and a log file
// collected by Log Service, environment variables (one from a ConfigMap), and optionally a NAS
// file system for its output. The Go twin of ../scheduled-image-job/index.ts.
//
// Stack config (all optional; Pulumi.yaml declares each, with its default):
//
//	namespaceId   SAE namespace, e.g. cn-hangzhou:reports (default "": the region's default namespace)
//	imageTag      image tag to run (default 1.4.2)
//	collectLogs   collect logs with Log Service (default true)
//	nas           {"id": "...", "mountHost": "...", "mountPath": "/mnt/reports"} to mount NAS (default {}: none)
package main

import (
	"example.com/pulumi-sae/sdk/go/sae"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// nas is the `nas` config key; its default {} leaves ID empty, which means no NAS.
type nas struct {
	ID        string `json:"id"`
	MountHost string `json:"mountHost"`
	MountPath string `json:"mountPath"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// Pulumi.yaml's defaults ("" and {}) mean "not set", as does a key the stack lacks altogether.
		imageTag := cfg.Get("imageTag")
		if imageTag == "" {
			imageTag = "1.4.2"
		}
		collectLogs, err := cfg.TryBool("collectLogs")
		if err != nil {
			collectLogs = true
		}
		var nasConfig nas
		if err := cfg.GetObject("nas", &nasConfig); err != nil {
			return err
		}

		args := &sae.JobTemplateArgs{
			AppName:        pulumi.String("nightly-report"),
			AppDescription: pulumi.String("Builds yesterday's sales report"),
			PackageType:    sae.PackageTypeImage,
			ImageUrl:       pulumi.String("registry.cn-hangzhou.aliyuncs.com/acme/sales-report:" + imageTag),
			Cpu:            pulumi.Int(1000),
			Memory:         pulumi.Int(2048),
			Replicas:       pulumi.Int(1),
			Command:        pulumi.String("python"),
			CommandArgs:    pulumi.StringArray{pulumi.String("-m"), pulumi.String("report"), pulumi.String("--yesterday")},
			TriggerConfig: sae.TimeTriggerConfigArgs{
				Type:     pulumi.String("time"),
				Config:   pulumi.String("0 2 * * ?"),
				Timezone: pulumi.String("GMT+8:00"),
			},
			ConcurrencyPolicy: sae.ConcurrencyPolicyForbid,
			Timeout:           pulumi.Int(3600),
			BackoffLimit:      pulumi.Int(2),
			Envs: sae.EnvVarArray{
				sae.EnvVarArgs{Name: pulumi.String("REPORT_BUCKET"), Value: pulumi.String("acme-reports")},
				sae.EnvVarArgs{
					Name:        pulumi.String("DB_PASSWORD"),
					ValueFrom:   sae.EnvVarValueFromConfigMapRef,
					ConfigMapId: pulumi.Int(16),
					Key:         pulumi.String("db-password"),
				},
			},
		}
		if namespaceID := cfg.Get("namespaceId"); namespaceID != "" {
			args.NamespaceId = pulumi.String(namespaceID)
		}
		if collectLogs {
			args.SlsConfigs = sae.SlsConfigArray{
				sae.SlsConfigArgs{LogDir: pulumi.String(""), LogType: pulumi.String("stdout")},
				sae.SlsConfigArgs{LogDir: pulumi.String("/var/log/report/*.log")},
			}
		}
		if nasConfig.ID != "" {
			args.NasId = pulumi.String(nasConfig.ID)
			args.MountHost = pulumi.String(nasConfig.MountHost)
			args.MountDesc = sae.MountDescArray{
				sae.MountDescArgs{MountPath: pulumi.String(nasConfig.MountPath), NasPath: pulumi.String("/reports")},
			}
		}

		nightly, err := sae.NewJobTemplate(ctx, "nightly-report", args)
		if err != nil {
			return err
		}
		ctx.Export("appId", nightly.AppId)
		ctx.Export("regionId", nightly.RegionId)
		ctx.Export("schedule", nightly.TriggerConfig)
		return nil
	})
}
