/** The built-in service kinds this server provides, by their `_service` value. */
export const SERVICE_TYPES = [
  'request-interaction',
  'request-access',
  'request-chat',
  'match-interaction',
  'get',
  'basic_get',
  'office-hours',
] as const;

export type ServiceType = (typeof SERVICE_TYPES)[number];

export function isServiceType(type: string): type is ServiceType {
  return (SERVICE_TYPES as readonly string[]).includes(type);
}
