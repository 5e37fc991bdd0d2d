import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, typeOption } from './common-options.js';

/** Basic get: answers the configured `result` status; for 200, the options without a leading underscore. */
export const basicGetTemplate: ServiceTemplateInput = {
  name: 'basic_get',
  service: 'basic_get',
  description:
    'Basic Get: isolates a service by configuration. Answers with the HTTP status in "result"; when it is 200 the body lists the options that have no leading underscore.',
  options: [
    typeOption(),
    serviceOption('basic_get', 'Service name; always "basic_get".'),
    {
      name: 'result',
      default: '200',
      description:
        'A valid HTTP response code (200, 401, 403, 404, 503...). If result=200, the response body contains the options defined for the service that do not have a leading underscore.',
      category: 'mandatory',
      type: 'integer',
      min: 100,
      max: 599,
    },
    {
      name: 'error_code',
      default: '200 OK',
      description: 'HTTP error code text returned with the options, e.g. "404 Not Found".',
      category: 'optional',
      type: 'string',
    },
  ],
};
