import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

// TOTP (RFC 6238) via otplib: 30-second steps, 6 digits, one step of clock drift tolerated.
const ISSUER = "Trust & Safety Backoffice";

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: ISSUER, label: accountEmail, secret });
}

export async function totpQrDataUrl(secret: string, accountEmail: string): Promise<string> {
  return QRCode.toDataURL(totpUri(secret, accountEmail), { margin: 1, width: 220 });
}

export async function verifyTotp(secret: string, token: string, at: Date): Promise<boolean> {
  return (await matchTotpStep(secret, token, at)) !== null;
}

/**
 * The RFC 6238 time step the code belongs to (current step ± 1), or null when it matches none — or none
 * after `afterStep`, the last step already used. Checking against the last step here is only a first
 * filter: the caller records the step with a conditional UPDATE, which is what makes a code one-time.
 */
export async function matchTotpStep(secret: string, token: string, at: Date, afterStep?: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep != null ? { afterTimeStep: afterStep } : {}),
  });
  // A TOTP verification always reports its time step (the union's HOTP side reports a counter instead).
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
