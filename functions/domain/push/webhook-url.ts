import { isIP } from 'node:net';

/**
 * Checks an `httpcb` `_device_notification_id` before the server POSTs to it. The URL comes from
 * the device, so in AWS it may not point at loopback, link-local (instance metadata) or private
 * addresses; local mode allows them, since the receiver usually runs on the same machine.
 */
export function webhookUrlProblem(value: string | undefined, allowPrivate: boolean): string | undefined {
  if (!value) return '_device_notification_id is empty: httpcb needs the URL to POST to.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '_device_notification_id is not a URL.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `_device_notification_id must be an http(s) URL, not ${url.protocol}.`;
  }
  if (url.username || url.password) return '_device_notification_id must not carry credentials.';
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    return `_device_notification_id points at a private or local address (${url.hostname}).`;
  }
  return undefined;
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (version === 6) {
    // IPv4-mapped addresses; WHATWG URL writes them in hex (`::ffff:7f00:1` for 127.0.0.1).
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (dotted) return isPrivateHost(dotted[1]!);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (hex) {
      const hi = parseInt(hex[1]!, 16);
      const lo = parseInt(hex[2]!, 16);
      return isPrivateHost(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  }
  return false;
}
