import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, typeOption } from './common-options.js';

const HTTP_STATUS = { min: 100, max: 599 } as const;

/** Get (load-balancer health check): answers with a status that follows the node status. */
export const getTemplate: ServiceTemplateInput = {
  name: 'get',
  service: 'get',
  description:
    'Get: returns node information for load balancer health checks. Answers _online_code (with the custom parameters) while the node is ONLINE and _offline_code while it is OFFLINE.',
  options: [
    typeOption(),
    serviceOption('get', 'Service name; always "get".'),
    {
      name: '_online_code',
      default: '200',
      description: 'HTTP code to return when GMS is ONLINE (default is 200).',
      category: 'mandatory',
      type: 'integer',
      ...HTTP_STATUS,
    },
    {
      name: '_offline_code',
      default: '503',
      description: 'HTTP code to return when GMS is OFFLINE (default is 503).',
      category: 'mandatory',
      type: 'integer',
      ...HTTP_STATUS,
    },
    {
      name: 'custom_parameter_1',
      default: 'value1',
      description:
        'Available for custom values. Do not use a leading underscore with custom parameters: those are not returned in responses from the service.',
      category: 'optional',
      type: 'string',
    },
    {
      name: 'custom_parameter_2',
      default: 'value2',
      description:
        'Available for custom values. Do not use a leading underscore with custom parameters: those are not returned in responses from the service.',
      category: 'optional',
      type: 'string',
    },
  ],
};
