/**
 * The boto3 resource types that runbook scripts commonly use, with the API operation behind each action.
 *
 * Source: boto3 resource reference (https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/),
 * e.g. s3/service-resource/buckets.html, s3/bucket/objects.html, ec2/instance/stop.html, dynamodb/table/get_item.html,
 * and the collections guide (guide/collections.html): a collection calls its list operation when iterated or listed,
 * and a batch action such as `bucket.objects.delete()` calls the batch operation once per page.
 * A resource's `load()`/`reload()` and the first read of an unloaded attribute call the type's load operation.
 */
export interface ResourceTypeModel {
  /** action method → API operation */
  actions: Record<string, string>;
  /** sub-resource factory method → resource type (no API call) */
  subResources: Record<string, string>;
  /** collection attribute → item type and the list operation */
  collections: Record<string, { itemType: string; list: string; batch?: Record<string, string> }>;
  /** operation that loads the resource's attributes, if any */
  load?: string;
  /** attributes that are identifiers and never trigger a load */
  identifiers?: string[];
  /** actions that return another resource (or a list of them) */
  returns?: Record<string, string>;
}

export type ServiceResourceModel = Record<string, ResourceTypeModel>;

import { ec2Resources } from './boto3ResourcesEc2.js';
import { iamResources } from './boto3ResourcesIam.js';
import { otherResources } from './boto3ResourcesOther.js';
import { s3Resources } from './boto3ResourcesS3.js';

export const boto3ResourceModel: Record<string, ServiceResourceModel> = {
  ...s3Resources,
  ...ec2Resources,
  ...iamResources,
  ...otherResources,
};
