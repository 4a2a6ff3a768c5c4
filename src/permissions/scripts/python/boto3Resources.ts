import type { SyntaxNode } from '@lezer/common';
import { boto3ResourceModel } from '../boto3ResourceModel.js';
import type { ResourceTypeModel } from '../boto3ResourceModel.js';
import type { Interpreter } from './interpreter.js';
import type { Scope } from './scope.js';
import type { CollectionValue, ResourceValue, Value } from './value.js';

/** Collection methods that list the collection (boto3 collections guide). */
const COLLECTION_LISTING = new Set(['all', 'filter', 'limit', 'page_size', 'pages']);

function resourceModel(service: string, type: string): ResourceTypeModel | undefined {
  return boto3ResourceModel[service]?.[type];
}

/** `resource.attr`: its `meta`, a collection, or an attribute whose first read loads the resource. */
export function resourceAttribute(
  it: Interpreter,
  resource: ResourceValue,
  attr: string,
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  if (attr === 'meta') return { kind: 'resourceMeta', services: resource.services };
  for (const service of resource.services ?? []) {
    const model = resourceModel(service, resource.type);
    const collection = model?.collections[attr];
    if (collection) return { kind: 'collection', services: [service], type: resource.type, name: attr };
    if (
      model?.load &&
      !attr.startsWith('_') &&
      !(model.identifiers ?? []).includes(attr) &&
      !(attr in model.actions) &&
      !(attr in model.subResources)
    ) {
      // Reading an attribute of a resource that is not loaded yet calls its load operation (boto3 resources guide).
      it.log.record(node, scope.region, {
        service,
        operation: model.load,
        method: attr,
        kind: 'resource',
        confidence: 'likely',
        text: it.source.of(node),
      });
    }
  }
  return undefined;
}

/** `resource.action(...)`: an action's operation, a sub-resource (`ec2.Instance(id)`), or `load()`/`reload()`. */
export function callResource(
  it: Interpreter,
  resource: ResourceValue,
  method: string,
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  if (resource.services === null) return undefined;
  if (method === 'get_available_subresources') return undefined;
  const text = it.source.of(node.firstChild);
  let result: Value | undefined;
  for (const service of resource.services) {
    const model = resourceModel(service, resource.type);
    const subType = model?.subResources[method];
    if (subType !== undefined) {
      result = { kind: 'resource', services: [service], type: subType };
      continue;
    }
    const operation = model?.actions[method] ?? (method === 'load' || method === 'reload' ? model?.load : undefined);
    if (operation !== undefined) {
      it.log.record(node, scope.region, { service, operation, method, kind: 'resource', confidence: 'likely', text });
      const returned = model?.returns?.[method];
      if (returned !== undefined) {
        const item: Value = { kind: 'resource', services: [service], type: returned };
        result = method.startsWith('create_') && method.endsWith('s') ? { kind: 'list', item } : item;
      }
      continue;
    }
    it.log.record(node, scope.region, {
      service,
      operation: null,
      method,
      kind: 'resource',
      confidence: 'unknown',
      text,
    });
  }
  return result;
}

/** `collection.all()`/`filter()`… list the collection; batch actions (`delete()`) list it, then act on each page. */
export function callCollection(
  it: Interpreter,
  collection: CollectionValue,
  method: string,
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  const text = it.source.of(node.firstChild);
  for (const service of collection.services) {
    const spec = resourceModel(service, collection.type)?.collections[collection.name];
    if (!spec) continue;
    if (COLLECTION_LISTING.has(method)) {
      it.log.record(node, scope.region, {
        service,
        operation: spec.list,
        method,
        kind: 'resource',
        confidence: 'likely',
        text,
      });
      return collection;
    }
    const batch = spec.batch?.[method];
    // Batch actions list the collection first, then act on each page (boto3 collections guide, "Batch actions").
    if (batch !== undefined) {
      it.log.record(node, scope.region, {
        service,
        operation: spec.list,
        method,
        kind: 'resource',
        confidence: 'likely',
        text,
        key: 'list',
      });
      it.log.record(node, scope.region, {
        service,
        operation: batch,
        method,
        kind: 'resource',
        confidence: 'likely',
        text,
      });
      return undefined;
    }
    it.log.record(node, scope.region, {
      service,
      operation: null,
      method,
      kind: 'resource',
      confidence: 'unknown',
      text,
    });
  }
  return undefined;
}

/** What iterating a value gives: the items of a list, a resource of a collection's item type, a string of strings. */
export function iterationItem(value: Value | undefined): Value | undefined {
  if (!value) return undefined;
  if (value.kind === 'strings') return value;
  if (value.kind === 'list') return value.item;
  if (value.kind === 'collection') {
    const service = value.services[0] ?? '';
    const itemType = resourceModel(service, value.type)?.collections[value.name]?.itemType;
    return itemType ? { kind: 'resource', services: value.services, type: itemType } : undefined;
  }
  return undefined;
}
