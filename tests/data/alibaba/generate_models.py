#!/usr/bin/env python3
"""Request and response shapes of Alibaba Cloud KMS's key lifecycle actions,
as the official V3 SDK (`alibabacloud_kms20160120`) writes and reads them,
for `polykms::wire::alibaba`'s shape tests.

    python3 tests/data/alibaba/generate_models.py > tests/data/alibaba/lifecycle-models.json

Requests: each SDK request model, every field set, goes through the KMS
client's own `*_with_options` method up to the transport (replaced by the
recorder of `generate_vectors.py`); the query it would send is recorded.
Responses: a body with every field the SDK's response model knows, made by
the model's own `from_map` and `to_map` (a field the model does not know
would be dropped, so the output holds exactly the SDK's names).
"""

import json
import os
import sys
from importlib import metadata

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alibabacloud_kms20160120 import models as m  # noqa: E402
from alibabacloud_kms20160120.client import Client as KmsClient  # noqa: E402

from generate_vectors import capture, install_fixtures, v3_config  # noqa: E402

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
ARN = "acs:kms:cn-hangzhou:111122223333:key/" + KEY_ID
VERSION_ID = "2ab1a983-7072-4bbc-a582-584b5bd8****"
REQUEST_ID = "4C467B38-3910-447D-87BC-AC049166F216"

METADATA = {
    "Arn": ARN,
    "AutomaticRotation": "Disabled",
    "CreationDate": "2024-05-01T12:00:00Z",
    "Creator": "111122223333",
    "DKMSInstanceId": "kst-hzz62ee817bvyyr5x****",
    "DeleteDate": "2024-05-08T12:00:00Z",
    "DeletionProtection": "Disabled",
    "DeletionProtectionDescription": "",
    "Description": "key for the golden models",
    "KeyId": KEY_ID,
    "KeySpec": "Aliyun_AES_256",
    "KeyState": "PendingDeletion",
    "KeyUsage": "ENCRYPT/DECRYPT",
    "LastRotationDate": "2024-05-01T12:00:00Z",
    "MaterialExpireTime": "2025-05-01T12:00:00Z",
    "NextRotationDate": "2025-05-01T12:00:00Z",
    "Origin": "Aliyun_KMS",
    "PrimaryKeyVersion": VERSION_ID,
    "ProtectionLevel": "SOFTWARE",
    "RotationInterval": "31536000s",
}

REQUESTS = [
    ("CreateKey", "create_key", m.CreateKeyRequest(
        dkmsinstance_id="kst-hzz62ee817bvyyr5x****", description="a key & its * description",
        enable_automatic_rotation=True, key_spec="Aliyun_AES_256",
        key_storage_mechanism="HsmInternal", key_usage="ENCRYPT/DECRYPT", origin="Aliyun_KMS",
        policy='{"Statement":[]}', protection_level="SOFTWARE", rotation_interval="365d",
        tags='[{"TagKey":"team","TagValue":"kms"}]')),
    ("DescribeKey", "describe_key", m.DescribeKeyRequest(key_id="alias/app")),
    ("ListKeys", "list_keys", m.ListKeysRequest(
        filters='[{"Key":"KeyState","Values":["Enabled"]}]', page_number=2, page_size=50)),
    ("EnableKey", "enable_key", m.EnableKeyRequest(key_id=KEY_ID)),
    ("DisableKey", "disable_key", m.DisableKeyRequest(key_id=KEY_ID)),
    ("ScheduleKeyDeletion", "schedule_key_deletion", m.ScheduleKeyDeletionRequest(
        key_id=KEY_ID, pending_window_in_days=7)),
    ("CancelKeyDeletion", "cancel_key_deletion", m.CancelKeyDeletionRequest(key_id=KEY_ID)),
]

RESPONSES = [
    ("CreateKey", m.CreateKeyResponseBody, {"RequestId": REQUEST_ID, "KeyMetadata": METADATA}),
    ("DescribeKey", m.DescribeKeyResponseBody, {"RequestId": REQUEST_ID, "KeyMetadata": METADATA}),
    ("ListKeys", m.ListKeysResponseBody, {
        "RequestId": REQUEST_ID, "TotalCount": 55, "PageNumber": 2, "PageSize": 50,
        "Keys": {"Key": [{"KeyId": KEY_ID, "KeyArn": ARN}]}}),
    ("EnableKey", m.EnableKeyResponseBody, {"RequestId": REQUEST_ID}),
    ("DisableKey", m.DisableKeyResponseBody, {"RequestId": REQUEST_ID}),
    ("ScheduleKeyDeletion", m.ScheduleKeyDeletionResponseBody, {"RequestId": REQUEST_ID}),
    ("CancelKeyDeletion", m.CancelKeyDeletionResponseBody, {"RequestId": REQUEST_ID}),
]


def request_vector(action, method, model):
    client = KmsClient(v3_config())
    sent = capture(lambda: getattr(client, method)(model))
    return {"action": action, "model": model.to_map(), "query": sent["query"]}


def response_vector(action, model_class, body):
    return {"action": action, "body": model_class().from_map(body).to_map()}


def main():
    install_fixtures()
    document = {
        "about": "KMS lifecycle shapes as alibabacloud_kms20160120 writes them; see generate_models.py",
        "sdks": {name: metadata.version(name) for name in [
            "alibabacloud_kms20160120", "alibabacloud_tea_openapi"]},
        "requests": [request_vector(*r) for r in REQUESTS],
        "responses": [response_vector(*r) for r in RESPONSES],
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
