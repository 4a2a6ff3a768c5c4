import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/packageRoot.js';
import { operationForSnakeCase, serviceForClient, waiterOperation } from '../actionMap.js';
import type { CmdletTable } from './cmdletTable.js';
import type { ServiceCatalog } from './serviceCatalog.js';

/** The script analysers' view of the action map: boto3 clients, snake_case methods and waiters. */
export const actionMapCatalog: ServiceCatalog = {
  isClient: (name) => serviceForClient(name) !== undefined,
  operationForSnakeCase,
  waiterOperation,
};

let cmdlets: CmdletTable | undefined;

/** action-map/powershell-cmdlets.json, read once. */
export function cmdletTable(): CmdletTable {
  cmdlets ??= JSON.parse(
    readFileSync(join(packageRoot(), 'action-map', 'powershell-cmdlets.json'), 'utf8'),
  ) as CmdletTable;
  return cmdlets;
}
