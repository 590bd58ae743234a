/**
 * The browser's side of the WebAuthn ceremonies, via @simplewebauthn/browser. The service
 * sends options as WebAuthn JSON and decides everything; this only asks the authenticator.
 */
import {
  WebAuthnError,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/browser";

export type Ceremony = { challenge_id: string; options: Record<string, unknown> };

export async function createPasskey(ceremony: Ceremony): Promise<RegistrationResponseJSON> {
  return startRegistration({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
}

export async function usePasskey(ceremony: Ceremony): Promise<AuthenticationResponseJSON> {
  return startAuthentication({
    optionsJSON: ceremony.options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
}

/** A sentence for a failed ceremony on this device (cancelled, no authenticator...). */
export function passkeyTrouble(error: unknown): string | null {
  if (error instanceof WebAuthnError || (error instanceof Error && error.name === "NotAllowedError")) {
    return "The passkey request was cancelled or timed out. Try again when your device asks.";
  }
  return null;
}

/**
 * Passkeys need a host name: an IP address can never be a WebAuthn relying party. Someone who
 * opens http://127.0.0.1:8000 is moved to the same page on http://localhost:8000.
 */
export function moveOffLoopbackAddress(location: Location = window.location): boolean {
  if (location.hostname !== "127.0.0.1" && location.hostname !== "[::1]") return false;
  const port = location.port ? `:${location.port}` : "";
  location.replace(`${location.protocol}//localhost${port}${location.pathname}${location.search}`);
  return true;
}
