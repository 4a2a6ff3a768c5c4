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

const s3ObjectActions = {
  get: 'GetObject',
  put: 'PutObject',
  delete: 'DeleteObject',
  copy_from: 'CopyObject',
  copy: 'CopyObject',
  upload_file: 'PutObject',
  upload_fileobj: 'PutObject',
  download_file: 'GetObject',
  download_fileobj: 'GetObject',
  restore_object: 'RestoreObject',
  initiate_multipart_upload: 'CreateMultipartUpload',
};

const ec2InstanceBatch = {
  start: 'StartInstances',
  stop: 'StopInstances',
  terminate: 'TerminateInstances',
  reboot: 'RebootInstances',
  create_tags: 'CreateTags',
  monitor: 'MonitorInstances',
  unmonitor: 'UnmonitorInstances',
};

export const boto3ResourceModel: Record<string, ServiceResourceModel> = {
  s3: {
    ServiceResource: {
      actions: { create_bucket: 'CreateBucket' },
      subResources: {
        Bucket: 'Bucket', Object: 'Object', ObjectSummary: 'ObjectSummary', BucketPolicy: 'BucketPolicy',
        BucketVersioning: 'BucketVersioning', BucketTagging: 'BucketTagging', BucketAcl: 'BucketAcl',
        BucketLogging: 'BucketLogging', BucketLifecycleConfiguration: 'BucketLifecycleConfiguration', ObjectAcl: 'ObjectAcl',
      },
      collections: { buckets: { itemType: 'Bucket', list: 'ListBuckets' } },
      returns: { create_bucket: 'Bucket' },
    },
    Bucket: {
      actions: {
        create: 'CreateBucket', delete: 'DeleteBucket', delete_objects: 'DeleteObjects', put_object: 'PutObject',
        upload_file: 'PutObject', upload_fileobj: 'PutObject', download_file: 'GetObject', download_fileobj: 'GetObject',
        copy: 'CopyObject', wait_until_exists: 'HeadBucket', wait_until_not_exists: 'HeadBucket',
      },
      subResources: {
        Object: 'Object', Policy: 'BucketPolicy', Versioning: 'BucketVersioning', Tagging: 'BucketTagging', Acl: 'BucketAcl',
        Logging: 'BucketLogging', LifecycleConfiguration: 'BucketLifecycleConfiguration',
      },
      collections: {
        objects: { itemType: 'ObjectSummary', list: 'ListObjects', batch: { delete: 'DeleteObjects' } },
        object_versions: { itemType: 'ObjectVersion', list: 'ListObjectVersions', batch: { delete: 'DeleteObjects' } },
        multipart_uploads: { itemType: 'MultipartUpload', list: 'ListMultipartUploads' },
      },
      load: 'ListBuckets',
      identifiers: ['name'],
      returns: { put_object: 'Object' },
    },
    Object: {
      actions: { ...s3ObjectActions, wait_until_exists: 'HeadObject', wait_until_not_exists: 'HeadObject' },
      subResources: { Acl: 'ObjectAcl', Bucket: 'Bucket' },
      collections: {},
      load: 'HeadObject',
      identifiers: ['bucket_name', 'key'],
    },
    ObjectSummary: {
      actions: { ...s3ObjectActions },
      subResources: { Object: 'Object', Acl: 'ObjectAcl', Bucket: 'Bucket' },
      collections: {},
      identifiers: ['bucket_name', 'key', 'size', 'last_modified', 'e_tag', 'storage_class', 'owner'],
    },
    ObjectVersion: {
      actions: { delete: 'DeleteObject', get: 'GetObject', head: 'HeadObject' },
      subResources: { Object: 'Object' },
      collections: {},
      identifiers: ['bucket_name', 'object_key', 'id', 'size', 'last_modified', 'is_latest', 'version_id'],
    },
    BucketPolicy: { actions: { put: 'PutBucketPolicy', delete: 'DeleteBucketPolicy' }, subResources: {}, collections: {}, load: 'GetBucketPolicy', identifiers: ['bucket_name'] },
    BucketVersioning: { actions: { enable: 'PutBucketVersioning', suspend: 'PutBucketVersioning', put: 'PutBucketVersioning' }, subResources: {}, collections: {}, load: 'GetBucketVersioning', identifiers: ['bucket_name'] },
    BucketTagging: { actions: { put: 'PutBucketTagging', delete: 'DeleteBucketTagging' }, subResources: {}, collections: {}, load: 'GetBucketTagging', identifiers: ['bucket_name'] },
    BucketAcl: { actions: { put: 'PutBucketAcl' }, subResources: {}, collections: {}, load: 'GetBucketAcl', identifiers: ['bucket_name'] },
    BucketLogging: { actions: { put: 'PutBucketLogging' }, subResources: {}, collections: {}, load: 'GetBucketLogging', identifiers: ['bucket_name'] },
    BucketLifecycleConfiguration: { actions: { put: 'PutBucketLifecycleConfiguration', delete: 'DeleteBucketLifecycle' }, subResources: {}, collections: {}, load: 'GetBucketLifecycleConfiguration', identifiers: ['bucket_name'] },
    ObjectAcl: { actions: { put: 'PutObjectAcl' }, subResources: {}, collections: {}, load: 'GetObjectAcl', identifiers: ['bucket_name', 'object_key'] },
  },
  ec2: {
    ServiceResource: {
      actions: {
        create_instances: 'RunInstances', create_security_group: 'CreateSecurityGroup', create_snapshot: 'CreateSnapshot',
        create_volume: 'CreateVolume', create_tags: 'CreateTags', create_vpc: 'CreateVpc', create_subnet: 'CreateSubnet',
        create_key_pair: 'CreateKeyPair', create_image: 'CreateImage', create_network_interface: 'CreateNetworkInterface',
        register_image: 'RegisterImage', disassociate_route_table: 'DisassociateRouteTable',
      },
      subResources: {
        Instance: 'Instance', Volume: 'Volume', Snapshot: 'Snapshot', SecurityGroup: 'SecurityGroup', Image: 'Image',
        Vpc: 'Vpc', Subnet: 'Subnet', NetworkInterface: 'NetworkInterface', KeyPair: 'KeyPair', Tag: 'Tag',
      },
      collections: {
        instances: { itemType: 'Instance', list: 'DescribeInstances', batch: ec2InstanceBatch },
        volumes: { itemType: 'Volume', list: 'DescribeVolumes' },
        snapshots: { itemType: 'Snapshot', list: 'DescribeSnapshots' },
        security_groups: { itemType: 'SecurityGroup', list: 'DescribeSecurityGroups' },
        images: { itemType: 'Image', list: 'DescribeImages' },
        vpcs: { itemType: 'Vpc', list: 'DescribeVpcs' },
        subnets: { itemType: 'Subnet', list: 'DescribeSubnets' },
        network_interfaces: { itemType: 'NetworkInterface', list: 'DescribeNetworkInterfaces' },
        key_pairs: { itemType: 'KeyPair', list: 'DescribeKeyPairs' },
      },
      returns: {
        create_instances: 'Instance', create_security_group: 'SecurityGroup', create_snapshot: 'Snapshot',
        create_volume: 'Volume', create_vpc: 'Vpc', create_subnet: 'Subnet', create_image: 'Image',
      },
    },
    Instance: {
      actions: {
        start: 'StartInstances', stop: 'StopInstances', terminate: 'TerminateInstances', reboot: 'RebootInstances',
        create_image: 'CreateImage', create_tags: 'CreateTags', delete_tags: 'DeleteTags',
        modify_attribute: 'ModifyInstanceAttribute', describe_attribute: 'DescribeInstanceAttribute',
        reset_attribute: 'ResetInstanceAttribute', attach_volume: 'AttachVolume', detach_volume: 'DetachVolume',
        monitor: 'MonitorInstances', unmonitor: 'UnmonitorInstances', console_output: 'GetConsoleOutput',
        password_data: 'GetPasswordData', wait_until_running: 'DescribeInstances', wait_until_stopped: 'DescribeInstances',
        wait_until_terminated: 'DescribeInstances', wait_until_exists: 'DescribeInstances',
      },
      subResources: { Image: 'Image', Vpc: 'Vpc', Subnet: 'Subnet' },
      collections: { volumes: { itemType: 'Volume', list: 'DescribeVolumes' } },
      load: 'DescribeInstances',
      identifiers: ['id', 'instance_id'],
      returns: { create_image: 'Image' },
    },
    Volume: {
      actions: {
        create_snapshot: 'CreateSnapshot', delete: 'DeleteVolume', attach_to_instance: 'AttachVolume',
        detach_from_instance: 'DetachVolume', create_tags: 'CreateTags', modify_attribute: 'ModifyVolumeAttribute',
        describe_attribute: 'DescribeVolumeAttribute', enable_io: 'EnableVolumeIO', describe_status: 'DescribeVolumeStatus',
      },
      subResources: {},
      collections: { snapshots: { itemType: 'Snapshot', list: 'DescribeSnapshots' } },
      load: 'DescribeVolumes',
      identifiers: ['id', 'volume_id'],
      returns: { create_snapshot: 'Snapshot' },
    },
    Snapshot: {
      actions: {
        delete: 'DeleteSnapshot', copy: 'CopySnapshot', create_tags: 'CreateTags', modify_attribute: 'ModifySnapshotAttribute',
        describe_attribute: 'DescribeSnapshotAttribute', reset_attribute: 'ResetSnapshotAttribute', wait_until_completed: 'DescribeSnapshots',
      },
      subResources: { Volume: 'Volume' },
      collections: {},
      load: 'DescribeSnapshots',
      identifiers: ['id', 'snapshot_id'],
    },
    SecurityGroup: {
      actions: {
        authorize_ingress: 'AuthorizeSecurityGroupIngress', authorize_egress: 'AuthorizeSecurityGroupEgress',
        revoke_ingress: 'RevokeSecurityGroupIngress', revoke_egress: 'RevokeSecurityGroupEgress',
        delete: 'DeleteSecurityGroup', create_tags: 'CreateTags',
      },
      subResources: {},
      collections: {},
      load: 'DescribeSecurityGroups',
      identifiers: ['id', 'group_id'],
    },
    Image: {
      actions: { deregister: 'DeregisterImage', create_tags: 'CreateTags', modify_attribute: 'ModifyImageAttribute', describe_attribute: 'DescribeImageAttribute', reset_attribute: 'ResetImageAttribute', wait_until_exists: 'DescribeImages' },
      subResources: {},
      collections: {},
      load: 'DescribeImages',
      identifiers: ['id', 'image_id'],
    },
    Vpc: {
      actions: { delete: 'DeleteVpc', create_subnet: 'CreateSubnet', create_tags: 'CreateTags', attach_internet_gateway: 'AttachInternetGateway', detach_internet_gateway: 'DetachInternetGateway', modify_attribute: 'ModifyVpcAttribute', describe_attribute: 'DescribeVpcAttribute' },
      subResources: {},
      collections: {
        instances: { itemType: 'Instance', list: 'DescribeInstances', batch: ec2InstanceBatch },
        subnets: { itemType: 'Subnet', list: 'DescribeSubnets' },
        security_groups: { itemType: 'SecurityGroup', list: 'DescribeSecurityGroups' },
        network_interfaces: { itemType: 'NetworkInterface', list: 'DescribeNetworkInterfaces' },
      },
      load: 'DescribeVpcs',
      identifiers: ['id', 'vpc_id'],
    },
    Subnet: {
      actions: { delete: 'DeleteSubnet', create_tags: 'CreateTags', create_instances: 'RunInstances', create_network_interface: 'CreateNetworkInterface' },
      subResources: { Vpc: 'Vpc' },
      collections: { instances: { itemType: 'Instance', list: 'DescribeInstances', batch: ec2InstanceBatch } },
      load: 'DescribeSubnets',
      identifiers: ['id', 'subnet_id'],
    },
    NetworkInterface: {
      actions: { delete: 'DeleteNetworkInterface', attach: 'AttachNetworkInterface', detach: 'DetachNetworkInterface', modify_attribute: 'ModifyNetworkInterfaceAttribute', create_tags: 'CreateTags' },
      subResources: {},
      collections: {},
      load: 'DescribeNetworkInterfaces',
      identifiers: ['id', 'network_interface_id'],
    },
    KeyPair: { actions: { delete: 'DeleteKeyPair' }, subResources: {}, collections: {}, load: 'DescribeKeyPairs', identifiers: ['name', 'key_name'] },
    Tag: { actions: { delete: 'DeleteTags' }, subResources: {}, collections: {}, load: 'DescribeTags', identifiers: ['resource_id', 'key', 'value'] },
  },
  dynamodb: {
    ServiceResource: {
      actions: { create_table: 'CreateTable', batch_get_item: 'BatchGetItem', batch_write_item: 'BatchWriteItem' },
      subResources: { Table: 'Table' },
      collections: { tables: { itemType: 'Table', list: 'ListTables' } },
      returns: { create_table: 'Table' },
    },
    Table: {
      actions: {
        get_item: 'GetItem', put_item: 'PutItem', update_item: 'UpdateItem', delete_item: 'DeleteItem', query: 'Query',
        scan: 'Scan', delete: 'DeleteTable', update: 'UpdateTable', batch_writer: 'BatchWriteItem',
        wait_until_exists: 'DescribeTable', wait_until_not_exists: 'DescribeTable',
      },
      subResources: {},
      collections: {},
      load: 'DescribeTable',
      identifiers: ['name', 'table_name'],
    },
  },
  iam: {
    ServiceResource: {
      actions: {
        create_role: 'CreateRole', create_user: 'CreateUser', create_policy: 'CreatePolicy', create_group: 'CreateGroup',
        create_instance_profile: 'CreateInstanceProfile', create_account_alias: 'CreateAccountAlias',
      },
      subResources: {
        Role: 'Role', User: 'User', Policy: 'Policy', Group: 'Group', AccessKey: 'AccessKey', InstanceProfile: 'InstanceProfile',
        RolePolicy: 'RolePolicy', UserPolicy: 'UserPolicy', GroupPolicy: 'GroupPolicy', PolicyVersion: 'PolicyVersion',
      },
      collections: {
        roles: { itemType: 'Role', list: 'ListRoles' },
        users: { itemType: 'User', list: 'ListUsers' },
        policies: { itemType: 'Policy', list: 'ListPolicies' },
        groups: { itemType: 'Group', list: 'ListGroups' },
        instance_profiles: { itemType: 'InstanceProfile', list: 'ListInstanceProfiles' },
      },
      returns: { create_role: 'Role', create_user: 'User', create_policy: 'Policy', create_group: 'Group', create_instance_profile: 'InstanceProfile' },
    },
    Role: {
      actions: { attach_policy: 'AttachRolePolicy', detach_policy: 'DetachRolePolicy', delete: 'DeleteRole' },
      subResources: { Policy: 'RolePolicy', AssumeRolePolicy: 'AssumeRolePolicy' },
      collections: {
        attached_policies: { itemType: 'Policy', list: 'ListAttachedRolePolicies' },
        policies: { itemType: 'RolePolicy', list: 'ListRolePolicies' },
        instance_profiles: { itemType: 'InstanceProfile', list: 'ListInstanceProfilesForRole' },
      },
      load: 'GetRole',
      identifiers: ['name', 'role_name'],
    },
    User: {
      actions: {
        attach_policy: 'AttachUserPolicy', detach_policy: 'DetachUserPolicy', delete: 'DeleteUser', create: 'CreateUser',
        create_access_key_pair: 'CreateAccessKey', add_group: 'AddUserToGroup', remove_group: 'RemoveUserFromGroup',
        create_login_profile: 'CreateLoginProfile', create_policy: 'PutUserPolicy',
      },
      subResources: { AccessKey: 'AccessKey', Policy: 'UserPolicy', LoginProfile: 'LoginProfile' },
      collections: {
        access_keys: { itemType: 'AccessKey', list: 'ListAccessKeys' },
        attached_policies: { itemType: 'Policy', list: 'ListAttachedUserPolicies' },
        policies: { itemType: 'UserPolicy', list: 'ListUserPolicies' },
        groups: { itemType: 'Group', list: 'ListGroupsForUser' },
        mfa_devices: { itemType: 'MfaDevice', list: 'ListMFADevices' },
        signing_certificates: { itemType: 'SigningCertificate', list: 'ListSigningCertificates' },
      },
      load: 'GetUser',
      identifiers: ['name', 'user_name'],
    },
    AccessKey: { actions: { activate: 'UpdateAccessKey', deactivate: 'UpdateAccessKey', delete: 'DeleteAccessKey' }, subResources: {}, collections: {}, identifiers: ['user_name', 'id', 'access_key_id', 'status', 'create_date'] },
    LoginProfile: { actions: { delete: 'DeleteLoginProfile', update: 'UpdateLoginProfile', create: 'CreateLoginProfile' }, subResources: {}, collections: {}, load: 'GetLoginProfile', identifiers: ['user_name'] },
    MfaDevice: { actions: { disassociate: 'DeactivateMFADevice', associate: 'EnableMFADevice', resync: 'ResyncMFADevice' }, subResources: {}, collections: {}, identifiers: ['user_name', 'serial_number'] },
    SigningCertificate: { actions: { delete: 'DeleteSigningCertificate', activate: 'UpdateSigningCertificate', deactivate: 'UpdateSigningCertificate' }, subResources: {}, collections: {}, identifiers: ['user_name', 'id'] },
    Policy: {
      actions: {
        attach_role: 'AttachRolePolicy', attach_user: 'AttachUserPolicy', attach_group: 'AttachGroupPolicy',
        detach_role: 'DetachRolePolicy', detach_user: 'DetachUserPolicy', detach_group: 'DetachGroupPolicy',
        create_version: 'CreatePolicyVersion', delete: 'DeletePolicy',
      },
      subResources: { DefaultVersion: 'PolicyVersion' },
      collections: {
        versions: { itemType: 'PolicyVersion', list: 'ListPolicyVersions' },
        attached_roles: { itemType: 'Role', list: 'ListEntitiesForPolicy' },
        attached_users: { itemType: 'User', list: 'ListEntitiesForPolicy' },
        attached_groups: { itemType: 'Group', list: 'ListEntitiesForPolicy' },
      },
      load: 'GetPolicy',
      identifiers: ['arn', 'policy_name'],
    },
    PolicyVersion: { actions: { delete: 'DeletePolicyVersion', set_as_default: 'SetDefaultPolicyVersion' }, subResources: {}, collections: {}, load: 'GetPolicyVersion', identifiers: ['arn', 'version_id'] },
    Group: {
      actions: { attach_policy: 'AttachGroupPolicy', detach_policy: 'DetachGroupPolicy', add_user: 'AddUserToGroup', remove_user: 'RemoveUserFromGroup', delete: 'DeleteGroup', create: 'CreateGroup' },
      subResources: { Policy: 'GroupPolicy' },
      collections: {
        users: { itemType: 'User', list: 'GetGroup' },
        attached_policies: { itemType: 'Policy', list: 'ListAttachedGroupPolicies' },
        policies: { itemType: 'GroupPolicy', list: 'ListGroupPolicies' },
      },
      load: 'GetGroup',
      identifiers: ['name', 'group_name'],
    },
    InstanceProfile: { actions: { add_role: 'AddRoleToInstanceProfile', remove_role: 'RemoveRoleFromInstanceProfile', delete: 'DeleteInstanceProfile' }, subResources: {}, collections: {}, load: 'GetInstanceProfile', identifiers: ['name', 'instance_profile_name'] },
    RolePolicy: { actions: { put: 'PutRolePolicy', delete: 'DeleteRolePolicy' }, subResources: {}, collections: {}, load: 'GetRolePolicy', identifiers: ['role_name', 'name', 'policy_name'] },
    UserPolicy: { actions: { put: 'PutUserPolicy', delete: 'DeleteUserPolicy' }, subResources: {}, collections: {}, load: 'GetUserPolicy', identifiers: ['user_name', 'name', 'policy_name'] },
    GroupPolicy: { actions: { put: 'PutGroupPolicy', delete: 'DeleteGroupPolicy' }, subResources: {}, collections: {}, load: 'GetGroupPolicy', identifiers: ['group_name', 'name', 'policy_name'] },
    AssumeRolePolicy: { actions: { update: 'UpdateAssumeRolePolicy' }, subResources: {}, collections: {}, identifiers: ['role_name'] },
  },
  sqs: {
    ServiceResource: {
      actions: { create_queue: 'CreateQueue', get_queue_by_name: 'GetQueueUrl' },
      subResources: { Queue: 'Queue', Message: 'Message' },
      collections: { queues: { itemType: 'Queue', list: 'ListQueues' } },
      returns: { create_queue: 'Queue', get_queue_by_name: 'Queue' },
    },
    Queue: {
      actions: {
        send_message: 'SendMessage', send_messages: 'SendMessageBatch', receive_messages: 'ReceiveMessage',
        delete: 'DeleteQueue', purge: 'PurgeQueue', set_attributes: 'SetQueueAttributes', delete_messages: 'DeleteMessageBatch',
        change_message_visibility_batch: 'ChangeMessageVisibilityBatch', add_permission: 'AddPermission', remove_permission: 'RemovePermission',
      },
      subResources: { Message: 'Message' },
      collections: { dead_letter_source_queues: { itemType: 'Queue', list: 'ListDeadLetterSourceQueues' } },
      load: 'GetQueueAttributes',
      identifiers: ['url'],
      returns: { receive_messages: 'Message' },
    },
    Message: { actions: { delete: 'DeleteMessage', change_visibility: 'ChangeMessageVisibility' }, subResources: { Queue: 'Queue' }, collections: {}, identifiers: ['queue_url', 'receipt_handle', 'body', 'attributes', 'message_attributes', 'message_id', 'md5_of_body'] },
  },
  sns: {
    ServiceResource: {
      actions: { create_topic: 'CreateTopic', create_platform_application: 'CreatePlatformApplication' },
      subResources: { Topic: 'Topic', Subscription: 'Subscription', PlatformEndpoint: 'PlatformEndpoint', PlatformApplication: 'PlatformApplication' },
      collections: {
        topics: { itemType: 'Topic', list: 'ListTopics' },
        subscriptions: { itemType: 'Subscription', list: 'ListSubscriptions' },
        platform_applications: { itemType: 'PlatformApplication', list: 'ListPlatformApplications' },
      },
      returns: { create_topic: 'Topic' },
    },
    Topic: {
      actions: {
        publish: 'Publish', subscribe: 'Subscribe', delete: 'DeleteTopic', set_attributes: 'SetTopicAttributes',
        add_permission: 'AddPermission', remove_permission: 'RemovePermission', confirm_subscription: 'ConfirmSubscription',
      },
      subResources: {},
      collections: { subscriptions: { itemType: 'Subscription', list: 'ListSubscriptionsByTopic' } },
      load: 'GetTopicAttributes',
      identifiers: ['arn'],
      returns: { subscribe: 'Subscription' },
    },
    Subscription: { actions: { delete: 'Unsubscribe', set_attributes: 'SetSubscriptionAttributes' }, subResources: {}, collections: {}, load: 'GetSubscriptionAttributes', identifiers: ['arn'] },
    PlatformEndpoint: { actions: { delete: 'DeleteEndpoint', publish: 'Publish', set_attributes: 'SetEndpointAttributes' }, subResources: {}, collections: {}, load: 'GetEndpointAttributes', identifiers: ['arn'] },
    PlatformApplication: { actions: { delete: 'DeletePlatformApplication', create_platform_endpoint: 'CreatePlatformEndpoint', set_attributes: 'SetPlatformApplicationAttributes' }, subResources: {}, collections: { endpoints: { itemType: 'PlatformEndpoint', list: 'ListEndpointsByPlatformApplication' } }, load: 'GetPlatformApplicationAttributes', identifiers: ['arn'] },
  },
  cloudformation: {
    ServiceResource: {
      actions: { create_stack: 'CreateStack' },
      subResources: { Stack: 'Stack', Event: 'Event', StackResource: 'StackResource' },
      collections: { stacks: { itemType: 'Stack', list: 'DescribeStacks' } },
      returns: { create_stack: 'Stack' },
    },
    Stack: {
      actions: { delete: 'DeleteStack', update: 'UpdateStack', cancel_update: 'CancelUpdateStack' },
      subResources: { Resource: 'StackResource' },
      collections: {
        events: { itemType: 'Event', list: 'DescribeStackEvents' },
        resource_summaries: { itemType: 'StackResourceSummary', list: 'ListStackResources' },
      },
      load: 'DescribeStacks',
      identifiers: ['name', 'stack_name'],
    },
    StackResource: { actions: {}, subResources: { Stack: 'Stack' }, collections: {}, load: 'DescribeStackResource', identifiers: ['stack_name', 'logical_id'] },
  },
  cloudwatch: {
    ServiceResource: {
      actions: {},
      subResources: { Metric: 'Metric', Alarm: 'Alarm' },
      collections: { alarms: { itemType: 'Alarm', list: 'DescribeAlarms', batch: { delete: 'DeleteAlarms', enable_actions: 'EnableAlarmActions', disable_actions: 'DisableAlarmActions' } }, metrics: { itemType: 'Metric', list: 'ListMetrics' } },
    },
    Metric: {
      actions: { put_data: 'PutMetricData', get_statistics: 'GetMetricStatistics', put_alarm: 'PutMetricAlarm' },
      subResources: {},
      collections: { alarms: { itemType: 'Alarm', list: 'DescribeAlarmsForMetric' } },
      load: 'ListMetrics',
      identifiers: ['namespace', 'name', 'metric_name'],
      returns: { put_alarm: 'Alarm' },
    },
    Alarm: { actions: { delete: 'DeleteAlarms', set_state: 'SetAlarmState', enable_actions: 'EnableAlarmActions', disable_actions: 'DisableAlarmActions', describe_history: 'DescribeAlarmHistory' }, subResources: {}, collections: {}, load: 'DescribeAlarms', identifiers: ['name', 'alarm_name'] },
  },
};
