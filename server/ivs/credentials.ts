import "server-only";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";

type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

const providers = new Map<string, CredentialProvider>();

/**
 * Credentials from the standard AWS chain (environment, shared config/credentials files, SSO, process,
 * container and instance metadata). A named profile selects that profile of the shared files.
 * Providers are cached per profile; the chain itself caches and refreshes expiring credentials.
 */
export function credentialsFor(profile?: string): CredentialProvider {
  const key = profile ?? "";
  let provider = providers.get(key);
  if (!provider) {
    provider = fromNodeProviderChain(profile ? { profile } : {});
    providers.set(key, provider);
  }
  return provider;
}
