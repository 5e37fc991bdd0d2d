import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, typeOption } from './common-options.js';

/** Request-access: allocates access information for a service session that already exists. */
export const requestAccessTemplate: ServiceTemplateInput = {
  name: 'request-access',
  service: 'request-access',
  description:
    'Request Access: provides an active service with access information (access number and optional access code) it can use to contact the contact center.',
  options: [
    typeOption(),
    serviceOption('request-access', 'This will always be "request-access".'),
    {
      name: '_access_code_length',
      default: '6',
      description: 'This is the length of the access code which can be allocated.',
      category: 'optional',
      type: 'integer',
      min: 1,
      max: 20,
    },
    {
      name: '_id',
      description:
        'This is the identifier of the service which the allocated access information should be associated with.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_resource_group',
      description:
        'This is the resource group from which an available access number will be taken (DNIS when neither sent nor configured).',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_provide_code',
      description:
        'This indicates if the service should return an access code which will add more security and reliability when trying to correlate the incoming call with the service. The default is false.',
      category: 'request-parameter',
      type: 'boolean',
    },
    {
      name: '_phone_number',
      description: 'This is the phone number that is to be associated with the reserved access information.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_booking_expiration_timeout',
      description:
        'This is the resource _booking_expiration_timeout used to book the resource. It overrides the value in the resource group and service options.',
      category: 'request-parameter',
      type: 'integer',
      min: 1,
      max: 86400,
    },
  ],
};
