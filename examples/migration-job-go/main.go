// A database migration run on every deploy of a new image: a job template with no trigger of its
// own, and a JobRun that runs it once for each image tag. `pulumi up` waits for the migration and
// fails if it fails, so whatever depends on `migration` (the new version of the service, say) is
// only rolled out after the schema is in place. Re-running an unchanged stack runs nothing. The Go
// twin of ../migration-job/index.ts.
package main

import (
	"example.com/pulumi-sae/sdk/go/sae"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		imageTag := cfg.Get("imageTag")
		if imageTag == "" {
			imageTag = "2.3.0"
		}

		migrate, err := sae.NewJobTemplate(ctx, "db-migrate", &sae.JobTemplateArgs{
			AppName:        pulumi.String("orders-db-migrate"),
			AppDescription: pulumi.String("Applies the orders service's schema migrations"),
			PackageType:    sae.PackageTypeImage,
			ImageUrl:       pulumi.String("registry.cn-hangzhou.aliyuncs.com/acme/orders-migrate:" + imageTag),
			Cpu:            pulumi.Int(500),
			Memory:         pulumi.Int(1024),
			Replicas:       pulumi.Int(1),
			Command:        pulumi.String("./migrate"),
			CommandArgs:    pulumi.StringArray{pulumi.String("up")},
			// One migration at a time, however it was started.
			ConcurrencyPolicy: sae.ConcurrencyPolicyForbid,
			Timeout:           pulumi.Int(1800),
			BackoffLimit:      pulumi.Int(0),
			Envs: sae.EnvVarArray{
				sae.EnvVarArgs{Name: pulumi.String("DB_HOST"), Value: pulumi.String("orders.rwlb.rds.aliyuncs.com")},
				sae.EnvVarArgs{
					Name:        pulumi.String("DB_PASSWORD"),
					ValueFrom:   sae.EnvVarValueFromConfigMapRef,
					ConfigMapId: pulumi.Int(21),
					Key:         pulumi.String("orders-db-password"),
				},
			},
		})
		if err != nil {
			return err
		}

		migration, err := sae.NewJobRun(ctx, "db-migrate-run", &sae.JobRunArgs{
			AppId: migrate.AppId,
			// A new image is a new run; the same image is never migrated twice.
			Triggers:           pulumi.Array{migrate.ImageUrl},
			WaitTimeoutSeconds: pulumi.Int(1800),
		})
		if err != nil {
			return err
		}

		ctx.Export("appId", migrate.AppId)
		ctx.Export("jobId", migration.JobId)
		ctx.Export("migrationState", migration.State)
		return nil
	})
}
