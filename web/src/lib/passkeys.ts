/**
 * The browser's side of the WebAuthn ceremonies, via @simplewebauthn/browser. The service
 * sends options as WebAuthn JSON and decides everything; this only asks the authenticator.
 * The library loads when a ceremony starts, not with the first screen.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";

export type Ceremony = { challenge_id: string; options: Record<string, unknown> };

/** The authenticator refused or the person cancelled: nothing the service said. */
export class PasskeyTrouble extends Error {
  override name = "PasskeyTrouble";
}

async function ceremony<T>(run: (lib: typeof import("@simplewebauthn/browser")) => Promise<T>): Promise<T> {
  const lib = await import("@simplewebauthn/browser");
  try {
    return await run(lib);
  } catch (error) {
    if (error instanceof lib.WebAuthnError || (error instanceof Error && error.name === "NotAllowedError")) {
      throw new PasskeyTrouble(error.message, { cause: error });
    }
    throw error;
  }
}

export async function createPasskey(c: Ceremony): Promise<RegistrationResponseJSON> {
  return ceremony((lib) =>
    lib.startRegistration({ optionsJSON: c.options as unknown as PublicKeyCredentialCreationOptionsJSON }),
  );
}

export async function usePasskey(c: Ceremony): Promise<AuthenticationResponseJSON> {
  return ceremony((lib) =>
    lib.startAuthentication({ optionsJSON: c.options as unknown as PublicKeyCredentialRequestOptionsJSON }),
  );
}

/** A sentence for a failed ceremony on this device (cancelled, no authenticator...). */
export function passkeyTrouble(error: unknown): string | null {
  if (error instanceof PasskeyTrouble || (error instanceof Error && error.name === "NotAllowedError")) {
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
