import type { ServiceTemplateInput } from '../service-template.js';

type OptionInput = ServiceTemplateInput['options'][number];

/** `_type`: how GMS runs the service. Every template declares it as mandatory. */
export function typeOption(defaultType: 'builtin' | 'ors' = 'builtin'): OptionInput {
  return {
    name: '_type',
    default: defaultType,
    description: 'This is the type of service that will be used. The values can be either builtin or ors.',
    category: 'mandatory',
    type: 'enum',
    values: ['builtin', 'ors'],
  };
}

/** `_service`: the service kind; selects this template when a service is saved. */
export function serviceOption(service: string, description: string): OptionInput {
  return { name: '_service', default: service, description, category: 'mandatory', type: 'string' };
}

/** `_ttl`: lifetime in seconds of the data a service stores. */
export function ttlOption(
  defaultSeconds: number,
  category: OptionInput['category'] = 'optional',
): OptionInput {
  return {
    name: '_ttl',
    default: String(defaultSeconds),
    description: `This specifies the default time to live, in seconds, for all stored data (default ${defaultSeconds}).`,
    category,
    type: 'integer',
    min: 1,
  };
}

/**
 * GMS Basic authentication of one service (`service.{name}` `username`/`password`, which supersede
 * the server section's), and the `api_key` apps may send in `X-API-Key` instead. Secrets are
 * stored hashed and read back as `********`.
 */
export function authenticationOptions(): OptionInput[] {
  const section = 'Authentication';
  return [
    {
      name: 'username',
      description:
        "HTTP Basic user name apps must send to call this service (with 'password'); falls back to the server section's.",
      category: 'advanced',
      type: 'string',
      section,
    },
    {
      name: 'password',
      description:
        'HTTP Basic password: with it set (here or in the server section), requests without the credentials get 401. Write-only.',
      category: 'advanced',
      type: 'secret',
      section,
    },
    {
      name: 'api_key',
      description:
        'API key apps may send in the X-API-Key header instead of Basic credentials (24 to 256 random characters). Write-only.',
      category: 'advanced',
      type: 'secret',
      section,
    },
  ];
}
