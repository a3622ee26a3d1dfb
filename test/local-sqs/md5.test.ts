import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from '../../local/sqs';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

// The SDK for JavaScript v3 checks MD5OfBody / MD5OfMessageBody only, not the
// attribute digest (other SDKs, Java's and Go's, do). So the attribute digest
// is pinned here against reference values published with AWS SDK test suites.
describe('MD5OfMessageAttributes', () => {
  it('matches the AWS reference value for string attributes (order-independent)', () => {
    expect(
      md5OfMessageAttributes({
        test_attribute_name_2: { DataType: 'String', StringValue: 'test_attribute_value_2' },
        test_attribute_name_1: { DataType: 'String', StringValue: 'test_attribute_value_1' },
      }),
    ).toBe('d53f3b558fe951154770f25cb63dbba9');
  });

  it('matches the AWS reference value for a binary attribute', () => {
    expect(
      md5OfMessageAttributes({
        test_attribute_name: { DataType: 'Binary', BinaryValue: b64('test_attribute_value') },
      }),
    ).toBe('23f6bd27ea87aab7dfeadcc9aebee495');
  });

  it('matches a reference value mixing Number and String', () => {
    expect(
      md5OfMessageAttributes({
        ordinal: { DataType: 'Number', StringValue: '1' },
        category: { DataType: 'String', StringValue: 'test' },
      }),
    ).toBe('d21ae90c49061e927f57df5f5d72be1f');
  });

  it('includes custom type suffixes and multi-byte lengths in bytes', () => {
    const encoded = Buffer.concat([
      Buffer.from([0, 0, 0, 1]),
      Buffer.from('k'),
      Buffer.from([0, 0, 0, 13]),
      Buffer.from('String.custom'),
      Buffer.from([1]),
      Buffer.from([0, 0, 0, 2]),
      Buffer.from('é', 'utf8'),
    ]);
    expect(md5OfMessageAttributes({ k: { DataType: 'String.custom', StringValue: 'é' } })).toBe(
      createHash('md5').update(encoded).digest('hex'),
    );
  });

  it('is absent when there are no attributes', () => {
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });
});
