import { randomBytes, randomInt } from 'node:crypto';
import type { IdGenerator } from '../ports/clock-and-ids.js';

/** Every id, token and access code comes from the OS CSPRNG. */
export const cryptoIds: IdGenerator = {
  id: () => randomBytes(16).toString('hex'),
  token: () => randomBytes(32).toString('base64url'),
  digits: (length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += String(randomInt(10));
    return out;
  },
  random: () => randomInt(2 ** 48 - 1) / 2 ** 48,
};
