/**
 * What the resource providers need at run time inside Pulumi's dynamic provider host: the stack
 * configuration handed to `configure`, the environment, a client built on first use (so check and
 * diff never need credentials), and a way to tell the user what is happening.
 */
import { SaeClient } from "../api/client";
import type { RetryOptions } from "../api/retry";
import {
  assertProviderConfig,
  checkProviderConfig,
  type ConfigSource,
  type Environment,
  isLoopbackHost,
  noConfig,
  resolveChangeOrderTimeoutSeconds,
  resolveConnectionSettings,
} from "../api/settings";
import { timingFor } from "../api/timing";
import { checkValue } from "../schema/shapes";
import { tagsShape } from "../schema/tags";
import type { DefaultTags } from "./jobTemplate/check";
import type { CheckFailure } from "./table/check";
import { version } from "../version";

export class ProviderContext {
  private config: ConfigSource = noConfig;
  /** Clients by region ("" for the stack's own). */
  private readonly clients = new Map<string, SaeClient>();

  /**
   * @param env Environment variables (`process.env` in the host).
   * @param log Where progress lines go; the host passes `console.log` output on to Pulumi.
   * @param retry Retry tuning, for tests.
   */
  constructor(
    private readonly env: Environment = process.env,
    readonly log: (line: string) => void = (line) => console.log(line),
    private readonly retry?: RetryOptions,
  ) {}

  /** Takes the stack configuration (all namespaces) from the provider's `configure`. */
  configure(config: ConfigSource): void {
    this.config = config;
    this.clients.clear();
  }

  /**
   * The SAE client for a region (a resource's `regionId`, or the one its state records; the
   * stack's `sae:region` when none), built from configuration on first use. Throws a
   * configuration error with every setting at fault, each on a line, as check reports them.
   */
  saeClient(regionId?: string): SaeClient {
    const key = regionId ?? "";
    let client = this.clients.get(key);
    if (!client) {
      assertProviderConfig(this.config, this.env, { ownRegion: regionId !== undefined });
      const connection = resolveConnectionSettings(this.config, this.env, regionId);
      const loopback = isLoopbackHost(hostName(connection.endpoint.host));
      // Tests against the emulator may run the product's schedule faster (SAE_TIME_SCALE).
      const timing = timingFor(this.env, loopback);
      client = new SaeClient({
        connection,
        timing,
        userAgent: `pulumi-sae-job/${version}`,
        // A call is retried for as long as a change order may take: `sae:changeOrderTimeout`; a
        // busy template on the polling pace of the same schedule.
        retry: { maxElapsedMs: this.changeOrderTimeoutMs(), pace: timing.pace, ...this.retry },
        onRetry: (action, event, label) =>
          this.log(
            `sae: ${label ? `${label}: ` : ""}${action} ${describeRetryCause(event.error)}; ` +
              `retrying for up to ${Math.max(1, Math.round(event.remainingMs / 1000))}s`,
          ),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * The tags every job template of the stack carries under its own: stack config
   * `sae:defaultTags`, a JSON object. A value that is not one, or breaks a tag rule, is a check
   * failure of `tags` naming the setting.
   */
  defaultTags(): DefaultTags {
    const text = this.config.get("sae:defaultTags");
    if (text === undefined || text.trim() === "") {
      return { tags: {}, failures: [] };
    }
    const fail = (reason: string): DefaultTags => ({
      tags: {},
      failures: [{ property: "tags", reason: `stack config sae:defaultTags ${reason}` }],
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail('is not valid JSON: it must be a JSON object of tags, such as {"team":"data"}');
    }
    const problems = checkValue(tagsShape, parsed, "sae:defaultTags");
    if (problems.length > 0) {
      return {
        tags: {},
        failures: problems.map((p) => ({ property: "tags", reason: `stack config ${p.path}: ${p.reason}` })),
      };
    }
    return { tags: parsed as Record<string, string>, failures: [] };
  }

  /**
   * The provider configuration's mistakes as check failures of a resource with inputs `news`, so
   * that preview fails on them (see `checkProviderConfig`). "No region and no endpoint" is one
   * only when the resource names no `regionId` of its own (one not known yet counts as named).
   * No property: they are not about an input, and the engine would print the input's value.
   */
  configFailures(news: Readonly<Record<string, unknown>>): CheckFailure[] {
    const ownRegion = news.regionId !== undefined && news.regionId !== null && news.regionId !== "";
    return checkProviderConfig(this.config, this.env, { ownRegion }).map((failure) => ({
      property: "",
      reason: failure.message,
    }));
  }

  /**
   * How long to wait for a change order: stack config `sae:changeOrderTimeout` or env
   * `SAE_CHANGE_ORDER_TIMEOUT`, in seconds.
   */
  changeOrderTimeoutMs(): number {
    return resolveChangeOrderTimeoutSeconds(this.config, this.env) * 1000;
  }
}

/** Why SAE refused a call, for the codes that are retried. */
const refusalReasons: Readonly<Record<string, string>> = {
  Throttling: "SAE's request rate limit",
  "Throttling.User": "the account's request rate limit",
  "Throttling.Api": "the operation's request rate limit",
  ServiceUnavailable: "SAE is briefly unavailable",
  "System.Upgrading": "SAE is upgrading",
  "Application.ChangerOrderRunning": "an earlier change order is still running on it",
  "Application.InvalidStatus": "the application is busy",
};

function describeRetryCause(error: { name: string; message: string; code?: unknown }): string {
  if (typeof error.code !== "string") {
    return `failed (${error.message})`;
  }
  const reason = refusalReasons[error.code];
  return `was refused with ${error.code}${reason ? ` (${reason})` : ""}`;
}

/** The host name of `host[:port]` (brackets of an IPv6 address kept: `isLoopbackHost` drops them). */
function hostName(host: string): string {
  return host.replace(/:\d+$/, "");
}

/** The region a resource's inputs or state name (`regionId`); `undefined` for the stack's. */
export function regionOf(props: Readonly<Record<string, unknown>>): string | undefined {
  return typeof props.regionId === "string" && props.regionId !== "" ? props.regionId : undefined;
}
