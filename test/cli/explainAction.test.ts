import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../helpers/fakeIo.js';

describe('runbook-iam explain aws:<action>', () => {
  it('lists the inputs with type, required and valid values', async () => {
    const io = fakeIo();
    expect(await main(['node', 'runbook-iam', 'explain', 'aws:changeInstanceState'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^ {2}InstanceIds +StringList, required$/m);
    expect(out).toMatch(/^ {2}DesiredState +String, required; one of running, stopped, terminated$/m);
    expect(out).toMatch(/^ {2}Force +Boolean, optional$/m);
  });

  it('says which groups need one input and where the API members come from', async () => {
    const sleep = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'aws:sleep'], sleep);
    expect(sleep.out()).toContain('(one of Duration, Timestamp is required)');
    const api = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'aws:executeAwsApi'], api);
    expect(api.out()).toContain('input members of the Service/Api operation');
    const pause = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'aws:pause'], pause);
    expect(pause.out()).toContain('Inputs: none.');
  });

  it('explain <service> <Api> lists the input members of the operation with their types and required ones', async () => {
    const io = fakeIo();
    expect(await main(['node', 'runbook-iam', 'explain', 'ec2', 'CreateSnapshot'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}VolumeId +string, required$/m);
    expect(io.out()).toMatch(/^ {2}TagSpecifications +list of structure$/m);
  });

  it('stack steps say which CloudFormation handler permissions they need without a RoleARN; other calls do not', async () => {
    const create = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'aws:createStack'], create);
    expect(create.out()).toContain('Without a RoleARN, plus the create handler permissions of each resource type');
    const update = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'cloudformation', 'UpdateStack'], update);
    expect(update.out()).toContain('plus the create, update and delete handler permissions');
    const other = fakeIo();
    await main(['node', 'runbook-iam', 'explain', 'cloudformation', 'DescribeStacks'], other);
    expect(other.out()).not.toContain('handler permissions');
  });
});
