"""A database migration run on every deploy of a new image: a job template with no trigger of its
own, and a JobRun that runs it once for each image tag. `pulumi up` waits for the migration and
fails if it fails, so whatever depends on `migration` (the new version of the service, say) is only
rolled out after the schema is in place. Re-running an unchanged stack runs nothing. The Python
twin of ../migration-job/index.ts.
"""

import pulumi
import pulumi_sae as sae

config = pulumi.Config()
image_tag = config.get("imageTag", "2.3.0")

migrate = sae.JobTemplate(
    "db-migrate",
    app_name="orders-db-migrate",
    app_description="Applies the orders service's schema migrations",
    package_type=sae.PackageType.IMAGE,
    image_url=f"registry.cn-hangzhou.aliyuncs.com/acme/orders-migrate:{image_tag}",
    cpu=500,
    memory=1024,
    replicas=1,
    command="./migrate",
    command_args=["up"],
    # One migration at a time, however it was started.
    concurrency_policy=sae.ConcurrencyPolicy.FORBID,
    timeout=1800,
    backoff_limit=0,
    envs=[
        sae.EnvVarArgs(name="DB_HOST", value="orders.rwlb.rds.aliyuncs.com"),
        sae.EnvVarArgs(
            name="DB_PASSWORD",
            value_from=sae.EnvVarValueFrom.CONFIG_MAP_REF,
            config_map_id=21,
            key="orders-db-password",
        ),
    ],
)

migration = sae.JobRun(
    "db-migrate-run",
    app_id=migrate.app_id,
    # A new image is a new run; the same image is never migrated twice.
    triggers=[migrate.image_url],
    wait_timeout_seconds=1800,
)

pulumi.export("app_id", migrate.app_id)
pulumi.export("job_id", migration.job_id)
pulumi.export("migration_state", migration.state)
