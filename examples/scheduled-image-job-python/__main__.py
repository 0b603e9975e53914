"""A nightly report: an image job on a cron schedule, with its standard output and a log file
collected by Log Service, environment variables (one from a ConfigMap), and optionally a NAS file
system for its output. The Python twin of ../scheduled-image-job/index.ts.

Stack config (all optional; Pulumi.yaml declares each, with its default):
  namespaceId   SAE namespace, e.g. cn-hangzhou:reports (default "": the region's default namespace)
  imageTag      image tag to run (default 1.4.2)
  collectLogs   collect logs with Log Service (default true)
  nas           {"id": "...", "mountHost": "...", "mountPath": "/mnt/reports"} to mount NAS (default {}: none)
"""

import pulumi
import pulumi_sae as sae

config = pulumi.Config()
# Pulumi.yaml's defaults ("" and {}) mean "not set", as does a key the stack lacks altogether.
nas = config.get_object("nas") or {}
collect_logs = config.get_bool("collectLogs", True)

nightly = sae.JobTemplate(
    "nightly-report",
    app_name="nightly-report",
    app_description="Builds yesterday's sales report",
    namespace_id=config.get("namespaceId") or None,
    package_type=sae.PackageType.IMAGE,
    image_url=f"registry.cn-hangzhou.aliyuncs.com/acme/sales-report:{config.get('imageTag', '1.4.2')}",
    cpu=1000,
    memory=2048,
    replicas=1,
    command="python",
    command_args=["-m", "report", "--yesterday"],
    trigger_config=sae.TimeTriggerConfigArgs(type="time", config="0 2 * * ?", timezone="GMT+8:00"),
    concurrency_policy=sae.ConcurrencyPolicy.FORBID,
    timeout=3600,
    backoff_limit=2,
    envs=[
        sae.EnvVarArgs(name="REPORT_BUCKET", value="acme-reports"),
        sae.EnvVarArgs(
            name="DB_PASSWORD",
            value_from=sae.EnvVarValueFrom.CONFIG_MAP_REF,
            config_map_id=16,
            key="db-password",
        ),
    ],
    sls_configs=(
        [
            sae.SlsConfigArgs(log_dir="", log_type="stdout"),
            sae.SlsConfigArgs(log_dir="/var/log/report/*.log"),
        ]
        if collect_logs
        else None
    ),
    nas_id=nas.get("id"),
    mount_host=nas.get("mountHost"),
    mount_desc=[sae.MountDescArgs(mount_path=nas["mountPath"], nas_path="/reports")] if "id" in nas else None,
)

pulumi.export("app_id", nightly.app_id)
pulumi.export("region_id", nightly.region_id)
pulumi.export("schedule", nightly.trigger_config)
