import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, typeOption } from './common-options.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Capacity: how many callbacks may be scheduled per time slot; callback services name it in `_capacity_service`. */
export const capacityTemplate: ServiceTemplateInput = {
  name: 'capacity',
  service: 'capacity',
  description:
    'Capacity: the maximum number of callbacks that can be scheduled per weekday and time slot, used by callback services through _capacity_service.',
  options: [
    typeOption(),
    serviceOption('capacity', 'Service name; always "capacity".'),
    {
      name: '_timezone',
      default: 'UTC',
      description: 'Time zone of the capacity slots, as a zone id such as Europe/Paris.',
      category: 'mandatory',
      type: 'timezone',
    },
    {
      name: '_capacity',
      default: '[Mon, Tue, Wed, Thu, Fri, Sat, Sun]',
      description:
        'The weekdays that have a capacity rule (_capacity_1 for Monday ... _capacity_7 for Sunday).',
      category: 'optional',
      type: 'string',
    },
    ...WEEKDAYS.map((day, i) => ({
      name: `_capacity_${i + 1}`,
      description: `${day}: JSON {"${i + 1}":{"HHMM":max,...}} giving the maximum number of callbacks per slot starting at HHMM.`,
      category: 'optional' as const,
      type: 'json' as const,
      section: 'Weekly Capacity',
    })),
    {
      name: '_capacity_add',
      default: '[]',
      description: 'JSON list of capacity exceptions for particular dates.',
      category: 'optional',
      type: 'json',
    },
  ],
};
