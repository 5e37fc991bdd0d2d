/** Built-ins callable by their own name without a `service.{name}` section (all parameters from the request). */
export const IMPLICIT_SERVICES: readonly string[] = [
  'request-interaction',
  'request-access',
  'match-interaction',
  'request-chat',
];
