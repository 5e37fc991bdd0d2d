/**
 * AWS list prices the cost model multiplies by: us-east-1, on-demand, no free tier, no savings
 * plan, first pricing tier. Each with the page it comes from and the date the figure took effect
 * or was read there. They were taken from the pricing pages as published (no live check from the
 * bench machine): check the pages before quoting a figure to a customer.
 */
export interface Price {
  /** US dollars per unit. */
  usd: number;
  unit: string;
  source: string;
  /** When the price took effect or was read from `source`. */
  asOf: string;
}

const perMillion = (usd: number) => usd / 1_000_000;

export const PRICES = {
  dynamoWriteUnit: {
    usd: perMillion(0.625),
    unit: 'write request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asOf: '2024-11-01 (on-demand price cut of that date)',
  },
  dynamoReadUnit: {
    usd: perMillion(0.125),
    unit: 'read request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asOf: '2024-11-01 (on-demand price cut of that date)',
  },
  httpApiRequest: {
    usd: perMillion(1.0),
    unit: 'HTTP API request (first 300 million a month, each 512 KB)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    asOf: '2024-11 (unchanged since HTTP APIs launched, 2020-03)',
  },
  websocketMessage: {
    usd: perMillion(1.0),
    unit: 'WebSocket API message (first billion a month, each 32 KB)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    asOf: '2024-11',
  },
  lambdaRequest: {
    usd: perMillion(0.2),
    unit: 'Lambda invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
    asOf: '2024-11',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'Lambda GB-second, Arm (first 7.5 billion GB-s a month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    asOf: '2024-11',
  },
  sqsRequest: {
    usd: perMillion(0.4),
    unit: 'SQS standard queue request (each 64 KB chunk)',
    source: 'https://aws.amazon.com/sqs/pricing/',
    asOf: '2024-11',
  },
  eventBridgeEvent: {
    usd: perMillion(1.0),
    unit: 'EventBridge custom event published (each 64 KB chunk)',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    asOf: '2024-11',
  },
} as const satisfies Record<string, Price>;

/** Every function's memory (lib/gms-function.ts: `memorySize ?? 512`, none overrides it), Arm. */
export const LAMBDA_MEMORY_GB = 512 / 1024;
