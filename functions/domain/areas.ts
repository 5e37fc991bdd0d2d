/**
 * The parts of the product that each run as one Lambda function (and local handler module): an
 * HTTP route belongs to one of them.
 */
export type Area = 'service' | 'storage' | 'patterns' | 'admin' | 'system' | 'callback' | 'agent' | 'reports';
