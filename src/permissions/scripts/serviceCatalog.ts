/**
 * What script analysis needs to know about boto3 clients. The real implementation is built from the action map;
 * tests build one from aws-sdk's service models.
 */
export interface ServiceCatalog {
  /** A boto3 client name, e.g. 'ec2', 'stepfunctions'. */
  isClient(name: string): boolean;
  /** 'describe_instances' → 'DescribeInstances': case-insensitive match of the de-underscored name against the operation list. */
  operationForSnakeCase(client: string, method: string): string | undefined;
  /** ec2 'instance_running' → 'DescribeInstances'. */
  waiterOperation(client: string, waiter: string): string | undefined;
}
