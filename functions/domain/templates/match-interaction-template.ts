import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, typeOption } from './common-options.js';

/** Match-interaction: finds the service an inbound call belongs to and releases its access number. */
export const matchInteractionTemplate: ServiceTemplateInput = {
  name: 'match-interaction',
  service: 'match-interaction',
  description:
    'Match Interaction: looks through all services for the one matching the called access number (and code or caller phone number), returns its id and data id, and releases its access information.',
  options: [
    typeOption(),
    serviceOption(
      'match-interaction',
      'This is the name of the matching service; always "match-interaction".',
    ),
    {
      name: '_access_number',
      description:
        'This is the number that the party called; matched against the _access_number of the services.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_access_code',
      description:
        'This is the code assigned to the calling party; matched against the _access_code of the services.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_phone_number',
      description:
        'This is the phone number of the calling party; matched against the _phone_number of the services.',
      category: 'request-parameter',
      type: 'string',
    },
    {
      name: '_return_multiple_matches',
      description:
        'When true, every matching service is returned in a "matches" list instead of the first one.',
      category: 'request-parameter',
      type: 'boolean',
    },
    {
      name: '_return_data',
      description: "When true, the matched service's application data is returned with its id.",
      category: 'request-parameter',
      type: 'boolean',
    },
    {
      name: '_return_user_data',
      description: 'The same as _return_data (GMS 8.5.102 documents both names).',
      category: 'request-parameter',
      type: 'boolean',
    },
  ],
};
