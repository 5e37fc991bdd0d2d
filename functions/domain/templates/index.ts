import {
  serviceTemplateSchema,
  type ServiceTemplate,
  type ServiceTemplateInput,
} from '../service-template.js';
import { authenticationOptions } from './common-options.js';
import { basicGetTemplate } from './basic-get-template.js';
import { callbackTemplate } from './callback-template.js';
import { capacityTemplate } from './capacity-template.js';
import { getTemplate } from './get-template.js';
import { matchInteractionTemplate } from './match-interaction-template.js';
import { officeHoursTemplate } from './office-hours-template.js';
import { requestAccessTemplate } from './request-access-template.js';
import { requestChatTemplate } from './request-chat-template.js';
import { requestInteractionTemplate } from './request-interaction-template.js';

const declared: ServiceTemplateInput[] = [
  requestInteractionTemplate,
  requestAccessTemplate,
  matchInteractionTemplate,
  getTemplate,
  basicGetTemplate,
  officeHoursTemplate,
  requestChatTemplate,
  callbackTemplate,
  capacityTemplate,
];

/**
 * The templates GMS ships in `service_templates/`. Parsed through the same schema as uploads
 * when the module loads (the first template flow of a process: `builtin-catalog.ts`), so a
 * mistake in one of them fails every such load, and the unit tests that import it.
 */
export const BUILTIN_TEMPLATES: readonly ServiceTemplate[] = declared.map((t) =>
  // Every service can require authentication (GMS: any `service.*` section takes username/password).
  serviceTemplateSchema().parse({ ...t, options: [...t.options, ...authenticationOptions()] }),
);

export function builtinTemplate(name: string): ServiceTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.name === name);
}

export function builtinTemplateForService(service: string): ServiceTemplate | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.service === service);
}
