// Cross-checks the boto3 client names the generator derives (action-map/index.json) against botocore's data
// directory names, on a machine that has botocore (Debian: python3-botocore). Prints the mismatches; exit 0 always,
// since botocore releases add and retire services independently of the pinned aws-sdk.
//   npx tsx action-map/scripts/checkBoto3ClientNames.ts [/usr/lib/python3/dist-packages/botocore/data]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const botocoreData = process.argv[2] ?? '/usr/lib/python3/dist-packages/botocore/data';
const indexPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.json');
if (!existsSync(botocoreData)) {
  console.log(`botocore data not found at ${botocoreData}; nothing to check`);
} else {
  const ours = new Set(Object.keys((JSON.parse(readFileSync(indexPath, 'utf8')) as { clients: object }).clients));
  const botocore = new Set(readdirSync(botocoreData).filter((d) => statSync(join(botocoreData, d)).isDirectory()));
  const onlyOurs = [...ours].filter((c) => !botocore.has(c)).sort();
  const onlyBotocore = [...botocore].filter((c) => !ours.has(c)).sort();
  console.log(`clients: ${ours.size} generated, ${botocore.size} in botocore, ${ours.size - onlyOurs.length} in both`);
  console.log(`only generated (newer than this botocore, or named differently): ${onlyOurs.join(', ')}`);
  console.log(`only botocore (no aws-sdk v2 model, or named differently): ${onlyBotocore.join(', ')}`);
}
