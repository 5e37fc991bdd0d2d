/**
 * Which native push platforms are configured and which GMS push types they serve: what a
 * composition needs at start, apart from the payload building (`native-push-payload.ts`) that only
 * a push loads.
 */

/** SNS platforms this server publishes to: Apple (production or sandbox) and Firebase (`GCM` in SNS). */
export const NATIVE_PLATFORMS = ['APNS', 'APNS_SANDBOX', 'GCM'] as const;
export type NativePlatform = (typeof NATIVE_PLATFORMS)[number];

/** The platforms among `NATIVE_PLATFORMS` that have a platform application configured. */
export function configuredPlatforms(apps: Partial<Record<NativePlatform, string>>): NativePlatform[] {
  return NATIVE_PLATFORMS.filter((p) => apps[p]);
}

/**
 * The native push types served by `channel`, given the configured platforms: `ios` with an Apple
 * application (production or sandbox), `android`/`gcm`/`fcm` with a Firebase one.
 */
export function nativeDeviceChannels<C>(configured: readonly string[], channel: C): Record<string, C> {
  const out: Record<string, C> = {};
  if (configured.includes('APNS') || configured.includes('APNS_SANDBOX')) out.ios = channel;
  if (configured.includes('GCM')) for (const t of ['android', 'gcm', 'fcm']) out[t] = channel;
  return out;
}
