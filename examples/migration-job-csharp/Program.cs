// A database migration run on every deploy of a new image: a job template with no trigger of its
// own, and a JobRun that runs it once for each image tag. `pulumi up` waits for the migration and
// fails if it fails, so whatever depends on `migration` (the new version of the service, say) is
// only rolled out after the schema is in place. Re-running an unchanged stack runs nothing. The C#
// twin of ../migration-job/index.ts.
using System.Collections.Generic;
using Pulumi;
using PulumiSae;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var imageTag = config.Get("imageTag") ?? "2.3.0";

    var migrate = new Sae.JobTemplate("db-migrate", new Sae.JobTemplateArgs
    {
        AppName = "orders-db-migrate",
        AppDescription = "Applies the orders service's schema migrations",
        PackageType = Sae.PackageType.Image,
        ImageUrl = $"registry.cn-hangzhou.aliyuncs.com/acme/orders-migrate:{imageTag}",
        Cpu = 500,
        Memory = 1024,
        Replicas = 1,
        Command = "./migrate",
        CommandArgs = { "up" },
        // One migration at a time, however it was started.
        ConcurrencyPolicy = Sae.ConcurrencyPolicy.Forbid,
        Timeout = 1800,
        BackoffLimit = 0,
        Envs =
        {
            new Sae.Inputs.EnvVarArgs { Name = "DB_HOST", Value = "orders.rwlb.rds.aliyuncs.com" },
            new Sae.Inputs.EnvVarArgs
            {
                Name = "DB_PASSWORD",
                ValueFrom = Sae.EnvVarValueFrom.ConfigMapRef,
                ConfigMapId = 21,
                Key = "orders-db-password",
            },
        },
    });

    var migration = new Sae.JobRun("db-migrate-run", new Sae.JobRunArgs
    {
        AppId = migrate.AppId,
        // A new image is a new run; the same image is never migrated twice. Triggers take values
        // of any type (InputList<object>), hence the cast.
        Triggers = { migrate.ImageUrl.Apply(imageUrl => (object)imageUrl!) },
        WaitTimeoutSeconds = 1800,
    });

    return new Dictionary<string, object?>
    {
        ["appId"] = migrate.AppId,
        ["jobId"] = migration.JobId,
        ["migrationState"] = migration.State,
    };
});
