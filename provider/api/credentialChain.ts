/**
 * The Alibaba Cloud default credential chain, built from its individual providers so that only
 * the links the environment asks for exist (see `chainLinks` in `settings.ts`), with a "found
 * nothing" failure that lists every place looked at, one a line, with what each link answered.
 */
import Credential, {
  CLIProfileCredentialsProvider,
  type CredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  EnvironmentVariableCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  URICredentialsProvider,
} from "@alicloud/credentials";
import { SaeConfigError } from "./errors";
import { redactText } from "./redact";
import { type ChainCredentials, type ChainLink, noCredentialsMessage } from "./settings";

type Credentials = Awaited<ReturnType<CredentialsProvider["getCredentials"]>>;

/** Builds one link's provider; may throw when its settings are incomplete (reported later). */
function buildLink(link: ChainLink, settings: ChainCredentials): CredentialsProvider {
  switch (link) {
    case "environment":
      return EnvironmentVariableCredentialsProvider.builder().build();
    case "oidc-role":
      return OIDCRoleArnCredentialsProvider.builder().build();
    case "cli-profile":
      return CLIProfileCredentialsProvider.builder().build();
    case "credentials-file":
      return ProfileCredentialsProvider.builder().build();
    case "ecs-ram-role": {
      const builder = ECSRAMRoleCredentialsProvider.builder();
      return (settings.ecsRoleName ? builder.withRoleName(settings.ecsRoleName) : builder).build();
    }
    case "credentials-uri":
      return URICredentialsProvider.builder()
        .withCredentialsURI(settings.credentialsUri ?? "")
        .build();
  }
}

/**
 * The chain as `@alicloud/credentials`' `DefaultCredentialsProvider` runs it (first link that
 * answers wins and is reused; the provider name sent to SAE is `default/<link>`, as the SDK's),
 * over the links in `settings`.
 */
class LimitedDefaultChain implements CredentialsProvider {
  private readonly providers: { readonly link: ChainLink; readonly provider: CredentialsProvider }[] = [];
  /** What each link that failed said, for the "none found" error. */
  private readonly failures = new Map<ChainLink, string>();
  private lastUsed?: CredentialsProvider;

  constructor(private readonly settings: ChainCredentials) {
    for (const link of settings.links) {
      try {
        this.providers.push({ link, provider: buildLink(link, settings) });
      } catch (error) {
        this.failures.set(link, messageOf(error));
      }
    }
  }

  getProviderName = (): string => "default";

  getCredentials = async (): Promise<Credentials> => {
    if (this.lastUsed) {
      return this.named(this.lastUsed, await this.lastUsed.getCredentials());
    }
    const failures = new Map(this.failures);
    for (const { link, provider } of this.providers) {
      try {
        const inner = await provider.getCredentials();
        this.lastUsed = provider;
        return this.named(provider, inner);
      } catch (error) {
        failures.set(link, messageOf(error));
      }
    }
    throw new SaeConfigError(noCredentialsMessage(this.settings.links, failures));
  };

  private named(provider: CredentialsProvider, inner: Credentials): Credentials {
    return { ...inner, providerName: `${this.getProviderName()}/${provider.getProviderName()}` };
  }
}

/** A `Credential` for `@alicloud/openapi-client` over the links of `settings`. */
export function limitedDefaultChain(settings: ChainCredentials): Credential {
  return new Credential(null, new LimitedDefaultChain(settings));
}

/**
 * A provider's failure, shortened: some quote a whole file or HTTP answer after "failed:" or
 * "message =", which may hold keys.
 */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redactText(message.replace(/(failed|message =|result:)[:\s].*$/s, "$1"));
}
