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
  if (!/^\d{6}$/.test(token)) return false;
  const result = await verify({ secret, token, epoch: Math.floor(at.getTime() / 1000), epochTolerance: 30 });
  return result.valid;
}
