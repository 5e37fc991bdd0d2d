import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidParameterError } from './errors.js';
import { hashWithScrypt, verifyWithScrypt, type ScryptCost } from './password-hash.js';

/**
 * Secrets that apps present on public requests (the Basic `password` and the `api_key` of a
 * service or of the server section), kept only as hashes. They are checked on every public
 * request, so their hashes are cheaper than the users' 32 MB scrypt: an API key is a
 * high-entropy random string, so one SHA-256 is enough; a configured Basic password gets a
 * lighter salted scrypt (4 MB), whose verdicts the HTTP guard caches briefly.
 */

/** What the management API returns in place of a stored secret; sent back, it keeps the secret. */
export const SECRET_MASK = '********';

/** An API key must be long enough to be unguessable: 24 characters of a random string (>= 128 bits). */
export const MIN_API_KEY_LENGTH = 24;

/** 4 MB per hash; only these parameters are accepted back from storage. */
const CLIENT_COST: ScryptCost = {
  N: 2 ** 12,
  r: 8,
  p: 1,
  maxmem: 16 * 1024 * 1024,
  onlyTheseParameters: true,
};

/** `scrypt$N$r$p$salt$hash` (base64url parts), the same layout as users' password hashes. */
export const hashClientPassword = (password: string) => hashWithScrypt(password, CLIENT_COST);

export const verifyClientPassword = (password: string, stored: string) =>
  verifyWithScrypt(password, stored, CLIENT_COST);

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** `sha256$<hex>`. */
export function hashApiKey(key: string): string {
  return `sha256$${sha256(key).toString('hex')}`;
}

export function verifyApiKey(key: string, stored: string): boolean {
  if (!stored.startsWith('sha256$')) return false;
  const expected = Buffer.from(stored.slice('sha256$'.length), 'hex');
  const actual = sha256(key);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Refuses an API key too short to be a secret (400 naming the option). */
export function checkApiKeyStrength(option: string, key: string): void {
  if (key.length < MIN_API_KEY_LENGTH || key.length > 256) {
    throw new InvalidParameterError(
      option,
      `Option '${option}' must be a random string of ${MIN_API_KEY_LENGTH} to 256 characters (e.g. a UUID or 32 random hex digits).`,
    );
  }
}
