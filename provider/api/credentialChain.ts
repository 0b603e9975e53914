/**
 * The Alibaba Cloud default credential chain, built from its individual providers so that only
 * the links the environment asks for exist (see `chainLinks` in `settings.ts`), with a "found
 * nothing" failure that lists every place looked at.
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
import { type ChainCredentials, type ChainLink, credentialSearchPath } from "./settings";

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
  private readonly providers: CredentialsProvider[] = [];
  private readonly buildFailures: string[] = [];
  private lastUsed?: CredentialsProvider;

  constructor(settings: ChainCredentials) {
    for (const link of settings.links) {
      try {
        this.providers.push(buildLink(link, settings));
      } catch (error) {
        this.buildFailures.push(`${link}: ${messageOf(error)}`);
      }
    }
  }

  getProviderName = (): string => "default";

  getCredentials = async (): Promise<Credentials> => {
    if (this.lastUsed) {
      return this.named(this.lastUsed, await this.lastUsed.getCredentials());
    }
    const failures = [...this.buildFailures];
    for (const provider of this.providers) {
      try {
        const inner = await provider.getCredentials();
        this.lastUsed = provider;
        return this.named(provider, inner);
      } catch (error) {
        failures.push(`${provider.getProviderName()}: ${messageOf(error)}`);
      }
    }
    throw new SaeConfigError(
      `No Alibaba Cloud credentials found. Looked in: ${credentialSearchPath}. ` +
        `The default chain said: ${failures.join("; ")}`,
    );
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
