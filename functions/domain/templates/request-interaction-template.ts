import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, ttlOption, typeOption } from './common-options.js';

/** Simple Voice Inbound-Immediate Call: allocates an access number (and code) for the caller to dial. */
export const requestInteractionTemplate: ServiceTemplateInput = {
  name: 'request-interaction',
  service: 'request-interaction',
  description:
    'Request Interaction: stores the application data and returns access information (access number, optional access code) that the device dials to reach the contact center.',
  options: [
    typeOption(),
    serviceOption(
      'request-interaction',
      'This will always be "request-interaction" for basic related services.',
    ),
    {
      name: '_resource_group',
      default: 'DNIS',
      description:
        'Resource group from which the access number is to be allocated (as configured under Resources); DNIS when neither configured nor sent.',
      category: 'mandatory',
      type: 'string',
    },
    {
      name: '_provide_code',
      default: 'false',
      description:
        'Provide an access code along with the access number: the service returns an access code that may be used to identify the inbound call.',
      category: 'optional',
      type: 'boolean',
    },
    ttlOption(30),
    {
      name: '_return_pool_health',
      default: 'false',
      description:
        'Adds the health of the resource group to the response: _pool_health = {resource_available, resource_total}, counted after this allocation.',
      category: 'advanced',
      type: 'boolean',
    },
    {
      name: '_phone_number',
      description:
        'Phone number of the mobile phone where the service request originated; matched when the device calls the supplied access number.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_booking_expiration_timeout',
      description:
        'Seconds the allocated access number stays reserved when the resource group sets none; a value sent in the request wins.',
      category: 'advanced',
      type: 'integer',
      min: 1,
      max: 86400,
    },
    {
      name: '_access_code_length',
      default: '6',
      description: 'Number of digits of the access code returned when _provide_code is true.',
      category: 'advanced',
      type: 'integer',
      min: 1,
      max: 20,
    },
  ],
};
