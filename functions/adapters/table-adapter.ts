import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FunctionName } from '../../lib/description';
import { boundTo } from '../pipeline/with-signal';
import { functionTable } from './function-table';

export type Item = Record<string, unknown>;
export type ConditionalCommand = PutCommand | UpdateCommand | DeleteCommand;

/** A conditional write's outcome; `existing` is the item that failed the condition, if any. */
export type ConditionalOutcome =
  | { readonly written: true; readonly attributes?: Item }
  | { readonly written: false; readonly existing?: Item };

/** Asks a failed write for the item that failed it, read with `projection` if given. */
export interface ExistingItem {
  readonly key: Item;
  readonly projection?: string;
}

type TableAdapterClass<T> = new (db: DynamoDBDocumentClient, tableName: string) => T;

const perContainer = new Map<
  TableAdapterClass<unknown>,
  { name: FunctionName; adapter: unknown }
>();

/**
 * What every adapter on the single table shares: the function's client and
 * table name, one instance per container and adapter class (`forFunction`),
 * the abort signal of the invocation at hand (`withSignal`), and
 * conditional writes that tell a failed condition from any other error.
 */
export abstract class TableAdapter {
  /** The adapter as one function sees it: its SDK limits, the table its environment names. */
  static forFunction<T>(this: TableAdapterClass<T>, name: FunctionName): T {
    const cached = perContainer.get(this);
    if (cached?.name === name) return cached.adapter as T;
    const { client, tableName } = functionTable(name);
    const adapter = new this(client, tableName);
    (adapter as TableAdapter).configureFor(name);
    perContainer.set(this, { name, adapter });
    return adapter;
  }

  /** What an adapter takes from its function's spec beyond the table (none by default). */
  protected configureFor(_name: FunctionName): void {}

  protected signal: AbortSignal | undefined;

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * The same adapter for one invocation: every call it sends is aborted when
   * `signal` fires (the pipeline's deadline), instead of running on to its
   * own SDK timeout.
   */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  /** The options for `client.send`: this invocation's abort signal. */
  protected get sendOptions(): { abortSignal?: AbortSignal } {
    return this.signal ? { abortSignal: this.signal } : {};
  }

  /**
   * Sends a conditional write. A failed condition is an outcome, not an
   * error; with `existing`, it carries the item that failed it.
   *
   * DynamoDB returns that item with the failure (`ReturnValuesOnConditionCheckFailure`);
   * dynalite, the local stand-in, ignores the option, so when the failure
   * comes without one the item is read again here, consistently. This is the
   * one place that re-read lives; on DynamoDB it only runs when no item is
   * there to return (and then reads nothing).
   */
  protected async conditionalWrite(
    command: ConditionalCommand,
    existing?: ExistingItem,
  ): Promise<ConditionalOutcome> {
    if (existing) command.input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    try {
      const { Attributes } = await this.sendWrite(command);
      return Attributes ? { written: true, attributes: Attributes } : { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!existing) return { written: false };
      if (error.Item) return { written: false, existing: unmarshall(error.Item) };
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: existing.key,
          ConsistentRead: true,
          ...(existing.projection ? { ProjectionExpression: existing.projection } : {}),
        }),
        this.sendOptions,
      );
      return Item ? { written: false, existing: Item } : { written: false };
    }
  }

  /** One `send` overload per command type: each goes through its own. */
  private sendWrite(command: ConditionalCommand): Promise<{ Attributes?: Item }> {
    if (command instanceof PutCommand) return this.db.send(command, this.sendOptions);
    if (command instanceof UpdateCommand) return this.db.send(command, this.sendOptions);
    return this.db.send(command, this.sendOptions);
  }
}
