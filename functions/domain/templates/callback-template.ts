import type { ServiceTemplateInput } from '../service-template.js';
import { CALLBACK_RESOURCE_GROUP } from './callback-defaults.js';
import { serviceOption, ttlOption, typeOption } from './common-options.js';

type OptionInput = ServiceTemplateInput['options'][number];
type PresetInput = NonNullable<ServiceTemplateInput['presets']>[number];

const GENERAL = 'General';
const URS = 'URS Queuing';
const VOICE_UO = 'Voice-User Originated';
const VOICE_UT = 'Voice-User Terminated';
const TREATMENT = 'Voice Treatment';
const SCHEDULING = 'Scheduling';
const VALIDATION = 'Number Validation';
const LIMITS = 'Limits and Throttling';
const NOTIFICATION = 'Notifications';
const ADVANCED = 'Advanced';

const MUST_NOT_CHANGE = 'Set by the scenario preset; you must not change it for a pre-defined scenario.';

const urs = (name: string, description: string, defaultValue?: string): OptionInput => ({
  name,
  default: defaultValue,
  description,
  category: 'optional',
  type: 'string',
  section: URS,
});

const seconds = (
  name: string,
  defaultValue: string,
  description: string,
  section: string,
  category: OptionInput['category'] = 'advanced',
): OptionInput => ({ name, default: defaultValue, description, category, type: 'integer', min: 0, section });

const flag = (
  name: string,
  defaultValue: string,
  description: string,
  section: string,
  category: OptionInput['category'] = 'optional',
): OptionInput => ({ name, default: defaultValue, description, category, type: 'boolean', section });

const options: OptionInput[] = [
  typeOption('ors'),
  serviceOption('callback', 'This will always be "callback" for callback services.'),
  {
    name: '_call_direction',
    default: 'USERTERMINATED',
    description: `USERORIGINATED: the customer dials an access number; USERTERMINATED: the contact center calls the customer. ${MUST_NOT_CHANGE}`,
    category: 'optional',
    type: 'enum',
    values: ['USERORIGINATED', 'USERTERMINATED'],
    section: GENERAL,
  },
  {
    name: '_media_type',
    default: 'voice',
    description: `Media of the interaction: voice or chat. ${MUST_NOT_CHANGE}`,
    category: 'optional',
    type: 'enum',
    values: ['voice', 'chat'],
    section: GENERAL,
  },
  flag(
    '_wait_for_agent',
    'false',
    `Wait for an agent to be available before connecting the customer. ${MUST_NOT_CHANGE}`,
    GENERAL,
  ),
  flag(
    '_wait_for_user_confirm',
    'false',
    `Notify the customer when an agent is available and wait for the customer to confirm. ${MUST_NOT_CHANGE}`,
    GENERAL,
  ),
  ttlOption(86400),

  urs(
    '_target',
    'Routing target of the agent/queue resource that will process the request, in URS target format <Target String>@<StatServer name>.<Target Type>, e.g. Billing@StatServer.GA (agent group "Billing"). Target types: A, AP, GA, GP, Q, DN, GC, RP, DL.',
  ),
  {
    name: '_urs_server_url',
    description: 'URL of the primary Universal Routing Server (URS), e.g. http://urs-host:7311.',
    category: 'optional',
    type: 'url',
    section: URS,
  },
  urs('_urs_virtual_queue', 'Virtual queue to which the service request will be added.'),
  urs(
    '_urs_prioritization_strategy',
    'Name of the URS strategy imported into IRD that prioritizes the requests.',
    'WaitForTarget',
  ),
  urs(
    '_urs_strategy_update_subroutine',
    'Name of the URS subroutine imported into IRD that updates the route delay.',
    'SetRouteDelay',
  ),
  urs(
    '_request_queue_time_stat',
    'Queue statistic used for the estimated wait time, e.g. "ExpectedWaitTime;Queue;8999@SIP_Server;Environment".',
  ),
  seconds('_urs_queued_ttl', '14400', 'Seconds a request may stay queued in URS.', URS),

  seconds(
    '_booking_expiration_timeout',
    '30',
    'Seconds the access number stays reserved for the customer to dial.',
    VOICE_UO,
    'optional',
  ),
  flag('_provide_code', 'false', 'Return an access code with the access number.', VOICE_UO),
  {
    name: '_resource_group',
    default: CALLBACK_RESOURCE_GROUP,
    description: 'Resource group from which the access number is allocated.',
    category: 'optional',
    type: 'string',
    section: VOICE_UO,
  },
  {
    name: '_userorig_connect_limit',
    default: '3',
    description: 'Number of times the customer may request access information to connect.',
    category: 'optional',
    type: 'integer',
    min: 1,
    section: VOICE_UO,
  },

  {
    name: '_userterminated_first_connect_party',
    default: 'CUSTOMER',
    description: 'Who is called first on a user-terminated callback: the customer or the agent.',
    category: 'optional',
    type: 'enum',
    values: ['CUSTOMER', 'AGENT'],
    section: VOICE_UT,
  },
  flag(
    '_cpd_enable',
    'true',
    'Enable call progress detection on the outbound call to the customer.',
    VOICE_UT,
    'advanced',
  ),
  {
    name: '_max_dial_attempts',
    default: '3',
    description: 'Maximum number of attempts to reach the customer.',
    category: 'optional',
    type: 'integer',
    min: 1,
    section: VOICE_UT,
  },
  seconds(
    '_dial_retry_timeout',
    '300',
    'Seconds between two attempts to reach the customer.',
    VOICE_UT,
    'optional',
  ),
  {
    name: '_route_point',
    description: 'Route point used to place the outbound call, as {Route Point}@{Telephony Switch}.',
    category: 'optional',
    type: 'string',
    section: VOICE_UT,
  },
  {
    name: '_prefix_dial_out',
    description: 'Prefix added to the customer number when dialing out.',
    category: 'advanced',
    type: 'string',
    section: VOICE_UT,
  },

  {
    name: '_treatment_find_agent_fail',
    description:
      'Treatment played when no agent can be found, e.g. GMSApplications/<treatment file> with Genesys Media Server.',
    category: 'optional',
    type: 'string',
    section: TREATMENT,
  },
  {
    name: '_treatment_waiting_for_agent',
    description:
      'Treatment played while the customer waits for an agent, e.g. GMSApplications/<treatment file>.',
    category: 'optional',
    type: 'string',
    section: TREATMENT,
  },
  {
    name: '_treatment_customer_connect',
    description: 'Treatment played when the customer answers a user-terminated callback.',
    category: 'optional',
    type: 'string',
    section: TREATMENT,
  },

  {
    name: '_business_hours_service',
    description: 'Name of an office-hours service; desired times are validated against it.',
    category: 'optional',
    type: 'string',
    section: SCHEDULING,
  },
  {
    name: '_capacity_service',
    description: 'Name of a capacity service limiting the callbacks per time slot.',
    category: 'optional',
    type: 'string',
    section: SCHEDULING,
  },
  {
    name: '_request_time_bucket',
    default: '5',
    description: 'Length in minutes of the time buckets used to count scheduled callbacks.',
    category: 'optional',
    type: 'enum',
    values: ['5', '10', '15', '20', '30', '60', '120'],
    section: SCHEDULING,
  },
  {
    name: '_max_request_by_time_bucket',
    default: '100',
    description: 'Maximum number of scheduled callbacks per time bucket.',
    category: 'optional',
    type: 'integer',
    min: 0,
    section: SCHEDULING,
  },
  {
    name: '_reject_future_desired_time',
    default: '1M',
    description: 'How far in the future a desired time may be, e.g. 1M (one month), 14d (days), 12h (hours).',
    category: 'optional',
    type: 'string',
    section: SCHEDULING,
  },

  {
    name: '_default_country',
    default: 'US',
    description: 'ISO country code used to read customer numbers given without a country code.',
    category: 'optional',
    type: 'string',
    section: VALIDATION,
  },
  flag('_disallow_premium_phone_numbers', 'true', 'Reject premium-rate customer numbers.', VALIDATION),
  flag(
    '_disallow_impossible_phone_numbers',
    'true',
    'Reject customer numbers that cannot exist.',
    VALIDATION,
  ),
  {
    name: '_exceptions',
    description:
      'Name of a pattern group; request values (e.g. _customer_number) matching one of its patterns are rejected.',
    category: 'optional',
    type: 'string',
    section: VALIDATION,
  },
  {
    name: '_customer_lookup_keys',
    default: '_customer_number',
    description:
      'Comma-separated properties used to look up the callbacks of a customer; they are returned by queries.',
    category: 'advanced',
    type: 'string',
    section: VALIDATION,
  },
  {
    name: '_mandatory_customer_lookup_keys',
    default: '_customer_number',
    description: 'Comma-separated lookup keys that every callback request must provide.',
    category: 'advanced',
    type: 'string',
    section: VALIDATION,
  },

  {
    name: '_max_queued_callbacks_per_service',
    default: '1000',
    description:
      'Maximum number of callbacks of this service waiting at the same time; more are rejected with 503.',
    category: 'optional',
    type: 'integer',
    min: 0,
    section: LIMITS,
  },
  {
    name: '_throttle_callbacks_per_service_1',
    default: '500',
    description: 'Maximum number of callbacks accepted during the interval _throttle_ttl_1.',
    category: 'advanced',
    type: 'integer',
    min: 0,
    section: LIMITS,
  },
  seconds('_throttle_ttl_1', '300', 'Length in seconds of the first throttling interval.', LIMITS),
  {
    name: '_throttle_callbacks_per_service_2',
    default: '1000',
    description: 'Maximum number of callbacks accepted during the interval _throttle_ttl_2.',
    category: 'advanced',
    type: 'integer',
    min: 0,
    section: LIMITS,
  },
  seconds('_throttle_ttl_2', '3600', 'Length in seconds of the second throttling interval.', LIMITS),
  {
    name: '_throttle_request_parameters',
    default: '_customer_number',
    description:
      'Comma-separated request parameters whose values are counted per day to throttle repeated requests.',
    category: 'advanced',
    type: 'string',
    section: LIMITS,
  },
  {
    name: '_throttle_request_parameters_limit',
    default: '6',
    description: 'Maximum number of callbacks per day with the same _throttle_request_parameters values.',
    category: 'advanced',
    type: 'integer',
    min: 0,
    section: LIMITS,
  },

  {
    name: '_enable_status_notification',
    default: 'false',
    description: 'Set to subscribe_notify to send callback status events to _status_notification_target.',
    category: 'optional',
    type: 'string',
    section: NOTIFICATION,
  },
  {
    name: '_status_notification_type',
    description: 'Channel of the status notifications, e.g. httpcb.',
    category: 'optional',
    type: 'string',
    section: NOTIFICATION,
  },
  {
    name: '_status_notification_target',
    description: 'Where status notifications are sent, e.g. the URL for httpcb.',
    category: 'optional',
    type: 'url',
    section: NOTIFICATION,
  },
  seconds(
    '_user_confirm_timeout',
    '30',
    'Seconds the customer has to confirm availability.',
    NOTIFICATION,
    'optional',
  ),
  seconds(
    '_agent_availability_notification_delay',
    '30',
    'Seconds before the expected agent availability at which the customer is notified.',
    NOTIFICATION,
  ),

  {
    name: '_paused_services_list',
    default: 'GMS_Paused_Services',
    description: 'Transaction list naming the paused services; callbacks of a paused service stay PAUSED.',
    category: 'advanced',
    type: 'string',
    section: ADVANCED,
  },
  {
    name: '_paused_services_id',
    description: 'Identifier of this service in the paused services list.',
    category: 'advanced',
    type: 'string',
    section: ADVANCED,
  },
  {
    name: '_overwritable_options',
    description: 'Comma-separated options (only _ors and _target) that a request may override.',
    category: 'advanced',
    type: 'string',
    section: ADVANCED,
  },
  {
    name: '_ors',
    description: 'URL(s) of the Orchestration Server that executes the callback.',
    category: 'advanced',
    type: 'string',
    section: ADVANCED,
  },
  {
    name: '_chat_endpoint',
    description: 'Chat Server endpoint for chat callbacks, as "{tenant}:{endpoint}".',
    category: 'advanced',
    type: 'string',
    section: ADVANCED,
  },

  {
    name: '_customer_number',
    description: 'Phone number to call (user-terminated) or the calling number (user-originated).',
    category: 'request-parameter',
    type: 'string',
  },
  {
    name: '_desired_time',
    description: 'ISO-8601 UTC time at which the customer wants the callback; absent means immediate.',
    category: 'request-parameter',
    type: 'time',
  },
  {
    name: '_allow_unfiltered_query',
    default: 'true',
    description:
      'false: GET /service/callback/{name} must filter on a property such as _customer_number (a _callback_state alone is not enough; with operand=OR every term must be one), 400 otherwise, so nobody can list every callback of the service.',
    category: 'advanced',
    type: 'boolean',
    section: 'Authentication',
  },
  {
    name: '_agent_available_action',
    description:
      "The agent-available push's _action: dialog (default: the next dialog's name, ConnectCall or StartChat; confirm with POST connect) or get-dialog (GMS's request name get-dialog-user-confirmation-provide_code-<_provide_code>, which the seed's samples fetch for a DisplayMenu whose choice is connect).",
    category: 'advanced',
    type: 'string',
    section: NOTIFICATION,
  },
  {
    name: '_device_os',
    description: 'Push channel of the device for dialogs, e.g. gcm, fcm, ios or comet.',
    category: 'request-parameter',
    type: 'string',
  },
  {
    name: '_device_notification_id',
    description: 'Push notification token of the device.',
    category: 'request-parameter',
    type: 'string',
  },
];

/** URS queuing defaults the seed lists for the voice scenarios. */
const URS_DEFAULTS = {
  _urs_prioritization_strategy: 'WaitForTarget',
  _urs_strategy_update_subroutine: 'SetRouteDelay',
};

/** "All options in this category are applicable. You can use the default values." */
const VOICE_USER_ORIGINATED = {
  _booking_expiration_timeout: '30',
  _provide_code: 'false',
  _resource_group: CALLBACK_RESOURCE_GROUP,
  _userorig_connect_limit: '3',
};

const VOICE_USER_TERMINATED = {
  _userterminated_first_connect_party: 'CUSTOMER',
  _cpd_enable: 'true',
  _max_dial_attempts: '3',
};

const presets: PresetInput[] = [
  {
    name: 'User-Originated-Immediate',
    description:
      'Inbound voice: access information is returned immediately; the device dials the access number and the call is routed to the target.',
    options: {
      _call_direction: 'USERORIGINATED',
      _media_type: 'voice',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      ...URS_DEFAULTS,
      ...VOICE_USER_ORIGINATED,
    },
  },
  {
    name: 'User-Originated-Delayed',
    description:
      'Inbound voice: the device is notified when an agent is available, confirms with connect, then receives access information and dials it.',
    options: {
      _call_direction: 'USERORIGINATED',
      _media_type: 'voice',
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
      ...URS_DEFAULTS,
      ...VOICE_USER_ORIGINATED,
    },
  },
  {
    name: 'User-Terminated-Immediate',
    description: 'Outbound voice: the contact center calls the customer as soon as possible.',
    options: {
      _call_direction: 'USERTERMINATED',
      _media_type: 'voice',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      ...URS_DEFAULTS,
      ...VOICE_USER_TERMINATED,
    },
  },
  {
    name: 'User-Terminated-Delayed',
    description:
      'Outbound voice: the customer is notified when an agent is available and confirms before the contact center calls.',
    options: {
      _call_direction: 'USERTERMINATED',
      _media_type: 'voice',
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
      ...URS_DEFAULTS,
      ...VOICE_USER_TERMINATED,
    },
  },
  {
    name: 'User-Terminated-Scheduled',
    description:
      'Outbound voice at the desired time chosen by the customer, within office hours and capacity.',
    options: {
      _call_direction: 'USERTERMINATED',
      _media_type: 'voice',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      ...URS_DEFAULTS,
      ...VOICE_USER_TERMINATED,
      _request_time_bucket: '5',
      _max_request_by_time_bucket: '100',
      _reject_future_desired_time: '1M',
    },
  },
  {
    name: 'Chat-Immediate',
    description:
      'Chat: the URL to start the chat interaction is returned immediately and the chat is routed to the target.',
    options: {
      _media_type: 'chat',
      _wait_for_agent: 'false',
      _wait_for_user_confirm: 'false',
      _urs_prioritization_strategy: 'WaitForTarget',
      _urs_strategy_update_subroutine: 'GetRouteDelay',
    },
  },
  {
    name: 'Chat-Delayed',
    description:
      'Chat: the device is notified when an agent is available, confirms with connect, then receives the URL to start the chat.',
    options: {
      _media_type: 'chat',
      _wait_for_agent: 'true',
      _wait_for_user_confirm: 'true',
      ...URS_DEFAULTS,
    },
  },
];

/** Callback (GMS Callback Services): voice and chat callbacks, with the seed's scenario presets. */
export const callbackTemplate: ServiceTemplateInput = {
  name: 'callback',
  service: 'callback',
  description:
    'Callback: voice (user-originated or user-terminated) and chat callbacks, immediate, delayed or scheduled. Services are available at /genesys/1/service/callback/{name}. Pick a preset (Common Default Configuration) to start from a scenario.',
  options,
  presets,
};
