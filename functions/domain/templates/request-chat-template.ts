import type { ServiceTemplateInput } from '../service-template.js';
import { serviceOption, ttlOption, typeOption } from './common-options.js';

/** Request-chat: creates the chat service session the Chat API v1 (`/service/{id}/ixn/chat`) runs on. */
export const requestChatTemplate: ServiceTemplateInput = {
  name: 'request-chat',
  service: 'request-chat',
  description:
    'Request Chat: returns a service id and the URL to start a chat interaction (POST /genesys/1/service/{id}/ixn/chat).',
  options: [
    typeOption(),
    serviceOption('request-chat', 'Service name; always "request-chat".'),
    {
      name: '_chat_endpoint',
      default: 'Environment:default',
      description: 'Chat Server endpoint that receives the chat interactions, as "{tenant}:{endpoint}".',
      category: 'optional',
      type: 'string',
    },
    ttlOption(36000),
    {
      name: '_chat_400_response_on_disconnected',
      default: 'false',
      description: 'Answer 400 instead of 200 to chat requests made after the chat was disconnected.',
      category: 'advanced',
      type: 'boolean',
    },
    {
      name: '_verbose',
      description: 'When true, chat responses include the Chat Server details and the chat request URLs.',
      category: 'request-parameter',
      type: 'boolean',
    },
  ],
};
