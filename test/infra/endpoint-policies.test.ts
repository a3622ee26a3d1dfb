import { describe, expect, it } from 'vitest';
import { referencedIds, synthStack } from '../support/synth';

/** The VPC's one endpoint lets through only this account and this table. */
const { ofType, stack } = synthStack();

interface PolicyStatement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}
const statementsOf = (endpoint: string): PolicyStatement[] => {
  const found = ofType('AWS::EC2::VPCEndpoint').find(([, e]) =>
    JSON.stringify(e.Properties.ServiceName).includes(endpoint),
  );
  const document = found?.[1].Properties.PolicyDocument as { Statement: PolicyStatement[] };
  return document?.Statement ?? [];
};

describe('VPC endpoint policies', () => {
  it('DynamoDB: item and query actions on this table only, for this account only', () => {
    const statements = statementsOf('dynamodb');
    expect(statements).toHaveLength(1);
    const tableId = stack.getLogicalId(stack.postsTable.table.node.defaultChild as never);
    expect([...new Set(referencedIds(statements[0]?.Resource))]).toEqual([tableId]);
    expect(statements[0]?.Action).not.toContain('dynamodb:DeleteTable');
    expect(statements[0]?.Condition?.StringEquals).toHaveProperty('aws:PrincipalAccount');
  });

  it('is the only endpoint: the functions in the VPC reach nothing else (no SQS interface endpoint)', () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, e]) =>
      JSON.stringify(e.Properties.ServiceName),
    );
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toContain('dynamodb');
  });
});
