import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  escapeAttributeName,
  escapeNames,
  unescapeAttributeName,
  unescapeNames,
} from '../../../../functions/adapters/dynamodb/attribute-name-escape.js';
import { dataFromEntries } from '../../../../functions/domain/data-record.js';

describe('DynamoDB attribute name escaping', () => {
  it('round-trips client keys through the SDK marshaller that loses or refuses them raw', () => {
    const values = dataFromEntries([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['prototype', 't'],
      ['\u{E000}x', 'looks escaped'],
      ['plain', 'v'],
    ]);
    // Unescaped, the marshaller refuses a map with a `constructor` key.
    expect(() => marshall({ values }, { convertTopLevelContainer: true } as never)).toThrow();
    const stored = marshall(escapeNames({ values }) as Record<string, unknown>);
    const back = unescapeNames(unmarshall(stored)) as { values: Record<string, string> };
    expect(Object.entries(back.values).sort()).toEqual(Object.entries(values).sort());
  });

  it('leaves our own names and values alone (copy on write)', () => {
    const input = {
      TableName: 't',
      Item: { pk: 'a', data: new Uint8Array([1]), list: [{ k: 'constructor' }] },
    };
    expect(escapeNames(input)).toBe(input);
    expect(escapeAttributeName('pk')).toBe('pk');
    expect(unescapeAttributeName(escapeAttributeName('\u{E000}\u{E000}a'))).toBe('\u{E000}\u{E000}a');
  });

  it('escapes attribute names named in ExpressionAttributeNames', () => {
    const input = { ExpressionAttributeNames: { '#k': 'constructor', '#v': 'values' } };
    expect(escapeNames(input)).toEqual({
      ExpressionAttributeNames: { '#k': '\u{E000}constructor', '#v': 'values' },
    });
  });
});
