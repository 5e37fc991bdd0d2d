import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, ttlOption, typeOption } from './common-options.js';

/** Office hours (Calendar Service): business hours, extra hours and holidays in one time zone. */
export const officeHoursTemplate: ServiceTemplateInput = {
  name: 'office-hours',
  service: 'office-hours',
  description:
    'Office Hours: manages the contact center operating hours and holidays. GET /genesys/1/service/{name} returns the open periods; callback services reference it in _business_hours_service.',
  options: [
    typeOption(),
    serviceOption('office-hours', 'Service name; always "office-hours".'),
    {
      name: '_timezone',
      default: 'UTC',
      description: 'Time zone of the business hours, as a zone id such as Europe/Paris or America/New_York.',
      category: 'mandatory',
      type: 'timezone',
    },
    ttlOption(30),
    {
      name: '_bh_regular1',
      default: 'Mon-Fri 08:00-20:00',
      description:
        'Regular business hours: days and a time range, e.g. "Mon-Fri 08:00-20:00". Add _bh_regular2, _bh_regular3... for more ranges.',
      category: 'optional',
      type: 'string',
      section: 'Regular Hours',
    },
    {
      name: '_bh_add1',
      description:
        'Additional opening on a date (MM-dd) with a time range, e.g. "07-14 12:00-14:30". Add _bh_add2, _bh_add3... for more.',
      category: 'optional',
      type: 'string',
      section: 'Special Days',
    },
    {
      name: '_holiday1',
      description: 'A closed day as yyyy-MM-dd, e.g. "2020-07-15". Add _holiday2, _holiday3... for more.',
      category: 'optional',
      type: 'string',
      section: 'Holidays',
    },
    {
      name: 'start',
      description: 'ISO-8601 UTC start of the period to report (default: now).',
      category: 'request-parameter',
      type: 'time',
    },
    {
      name: 'end',
      description: 'ISO-8601 UTC end of the period to report (default: the start).',
      category: 'request-parameter',
      type: 'time',
    },
    {
      name: 'number-of-days',
      description: 'Number of days to report from the start.',
      category: 'request-parameter',
      type: 'integer',
      min: 1,
    },
  ],
};
