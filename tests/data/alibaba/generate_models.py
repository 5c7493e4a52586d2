#!/usr/bin/env python3
"""Request and response shapes of Alibaba Cloud KMS's actions, as the
official V3 SDK (`alibabacloud_kms20160120`) writes and reads them, for
`polykms::wire::alibaba`'s shape tests. One JSON file per group of actions:

    python3 tests/data/alibaba/generate_models.py lifecycle > tests/data/alibaba/lifecycle-models.json
    python3 tests/data/alibaba/generate_models.py --all   # every GROUP-models.json beside this script

Groups: lifecycle, aliases, tags, crypto, data_keys, versions, settings,
import, random.

Requests: each SDK request model, every field set, goes through the KMS
client's own `*_with_options` method up to the transport (replaced by the
recorder of `generate_vectors.py`); the query it would send is recorded,
and the form body where it sends one (`Recipient` travels there).
Responses: a body with every field the SDK's response model knows, made by
the model's own `from_map` and `to_map` (a field the model does not know
would be dropped, so the output holds exactly the SDK's names).

The lifecycle models are filled by hand. The other groups are filled from
the models' own field lists (their constructors' parameters and type
hints), one value per field from the tables below, and the script fails if
a model has a field the tables do not give a value: every field the SDK
has is in the output.
"""

import inspect
import json
import os
import re
import sys
import uuid
from importlib import metadata
from urllib.parse import parse_qsl

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

LIFECYCLE_REQUESTS = [
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

LIFECYCLE_RESPONSES = [
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


# ---- the other groups, filled from the models' field lists ------------------

GROUPS = {
    "aliases": ["CreateAlias", "UpdateAlias", "DeleteAlias", "ListAliases", "ListAliasesByKeyId"],
    "tags": ["TagResource", "UntagResource", "ListResourceTags",
             "TagResources", "UntagResources", "ListTagResources"],
    "crypto": ["Encrypt", "Decrypt", "ReEncrypt", "AsymmetricEncrypt", "AsymmetricDecrypt",
               "AsymmetricSign", "AsymmetricVerify", "GetPublicKey", "GenerateMac", "VerifyMac"],
    "data_keys": ["GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                  "GenerateAndExportDataKey", "ExportDataKey"],
    "versions": ["CreateKeyVersion", "ListKeyVersions", "DescribeKeyVersion"],
    "settings": ["UpdateKeyDescription", "UpdateRotationPolicy"],
    "import": ["GetParametersForImport", "ImportKeyMaterial", "DeleteKeyMaterial"],
    "random": ["GetRandomPassword"],
}

OTHER_KEY_ID = "5c438b18-05be-40ad-b6c2-3be6752c****"
CIPHERTEXT = "ODZhOWVmZDktM2QxNi00ODk0LWJkNGYtMWZjNDNmM2YyYWJmS7FmDBBQ0BkKsQrtRnidtPwirmDcS0ZuJCU41xxAAWk4Z8qsADfbV0b+i6kQmlvj79dJdGOvtX69Uycs901qOjop4bTS****"
PUBLIC_KEY_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgp9DMp2K6JwQLvTkKP8Hm2Y7Mf7hUcm5\n"
    "u3cYI5vN0SUh6BRd6mIt1tYzxoyL5uLY5yD1fTZs/BbGgN79zEaDdw==\n"
    "-----END PUBLIC KEY-----\n")
PUBLIC_KEY_DER = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgp9DMp2K6JwQLvTkKP8Hm2Y7Mf7hUcm5u3cYI5vN0SUh6BRd6mIt1tYzxoyL5uLY5yD1fTZs/BbGgN79zEaDdw=="
CONTEXT = {"purpose": "golden models", "tenant": "acme corp"}
COMPACT = (",", ":")

# A value for every field of the request models, by the SDK's attribute name.
REQUEST_VALUES = {
    "algorithm": "RSAES_OAEP_SHA_256",
    "alias_name": "alias/app",
    "all": True,
    "certificate_id": "770dbe42-e146-43d1-a55a-1355db86****",
    "ciphertext_blob": CIPHERTEXT,
    "description": "a key & its * description",
    "destination_encryption_context": {"purpose": "destination"},
    "destination_key_id": "alias/destination",
    "digest": "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=",
    "dry_run": "false",
    "enable_automatic_rotation": True,
    "encrypted_key_material": "BQKP+1zK6+ZEMxTP5qaVzcsgXtWplYBKm0NXdSnB5FzliFxE1bSiu4dnEIlca2JpeH7yz1/S6fed630H+hIH6DoM25fTLNcKj+mFB0Xnh9m2+HN59Mn4qyTfcUeadnfCXSWcGBouhXFwcdd2rJ3n337bzTf4jm659gZu3L0i6PLuxM9p7mqdwO0cKJPfGVfhnfMz+f4alMg79WB/NNyE2lyX7/qxvV49ObNrrJbKSFiz8Djocaf0IESNLMbfYI5bXjWkJlX92DQbKhibtQW8ZOJ//ZC6t0AWcUoKL6QDm/dg5koQalcleRinpB+QadFm894sLbVZ9+N4GVsv1W****==",
    "encryption_context": CONTEXT,
    "exclude_characters": "\"'`\\",
    "exclude_lowercase": "false",
    "exclude_numbers": "false",
    "exclude_punctuation": "true",
    "exclude_uppercase": "false",
    "import_token": "AAEAAeu2Pw0QQsoTDOvh1fdWyhNgeG9ASRW7e2rSgBQ9XqVqq/qB3phAsHCHMh8Czec9Xsg+Af9Zs0PACh0lCy3j6Y1hXhsOR3qcxRfMBX8ZbCBkbOxlHdEsfRZLKHMx4QFUJSXMyxnk4b0ueYl0I9pJ0bZ0lGz1rC6bT****",
    "key_id": KEY_ID,
    "key_material_expire_unix": 1746100800,
    "key_spec": "AES_256",
    "key_version_id": VERSION_ID,
    "mac": "Vp0V9n8bTCCtHc8OYGwkdNKY3Zi5pOMeZO1vC9qGldc=",
    "message": "MTIzNA==",
    "next_token": "caeba0bbb2be03f84eb48b699f0a****",
    "number_of_bytes": 32,
    "page_number": 2,
    "page_size": 50,
    "password_length": "32",
    "plaintext": "SGVsbG8gd29ybGQ=",
    "public_key_blob": PUBLIC_KEY_DER,
    "recipient": "eyJhdHRlc3RhdGlvbkRvY3VtZW50IjoiYmFzZTY0In0=",
    "region_id": "cn-hangzhou",
    "require_each_included_type": "true",
    "resource_id": [KEY_ID, OTHER_KEY_ID],
    "resource_type": "key",
    "rotation_interval": "365d",
    "secret_name": "secret001",
    "source_encryption_algorithm": "RSAES_OAEP_SHA_256",
    "source_encryption_context": CONTEXT,
    "source_key_id": KEY_ID,
    "source_key_version_id": VERSION_ID,
    "tag": [("team", "kms"), ("env", "prod & test")],
    "tag_key": ["team", "env"],
    "tag_keys": json.dumps(["team", "env"], separators=COMPACT),
    "tags": json.dumps([{"TagKey": "team", "TagValue": "kms"}, {"TagKey": "env", "TagValue": "prod"}],
                       separators=COMPACT),
    "value": "M2CceNZH00ZgL9ED/ZHFp21YRAvYeZHknJUc207OCZ0N9wNn9As4z2bON3FF3je+1Nu+2+/8Zj50HpMTpzYpMp2R93cYmACCmhaYoKydxylbyGzJR8y9likZRCrkD38lRoS40aBBvv/6iRKzQuo9EGYVcel36cAzK0Mx5mcMsWDpTmGTJW4cVxKNqzuXqMHfZ0VLjWZiC1ZBHPFnNQ4TnOa1AxRj4iR1R1UyUg6/N0t1eLDNSS4y4JpaHrkkCI8B4ZfhkQQm6CAk1S2KhSThDxQ7A1FmUADcxdU0Dd+SDi2GNjxfwHWIMy8DxQYSyKHbnt3rQO7g3o4aRE3SMg****",
    "wrapping_algorithm": "RSAES_OAEP_SHA_256",
    "wrapping_key_spec": "RSA_2048",
}

REQUEST_OVERRIDES = {
    "AsymmetricSign": {"algorithm": "RSA_PSS_SHA_256"},
    "AsymmetricVerify": {"algorithm": "RSA_PSS_SHA_256"},
    "GenerateMac": {"algorithm": "HMAC_SHA_256"},
    "VerifyMac": {"algorithm": "HMAC_SHA_256"},
    "ListAliasesByKeyId": {"key_id": "alias/app"},
    "UntagResources": {"all": False},
}

# A value for every field of the response models.
RESPONSE_VALUES = {
    "alias_arn": "acs:kms:cn-hangzhou:111122223333:alias/app",
    "alias_name": "alias/app",
    "algorithm": "HMAC_SHA_256",
    "ciphertext_blob": CIPHERTEXT,
    "ciphertext_for_recipient": "MIIJZgYJKoZIhvcNAQcDoIIJVzCCCVMCAQIxggFqMIIBZgIBAoAgAjGvv0Cw****",
    "creation_date": "2024-05-01T12:00:00Z",
    "exported_data_key": "BMfs8tF7p1oaRvhx2a2yNfK0nxlx7cxV+bd6s7JkbEDoBzENJWbp7CXOsPqyh7XRQAcDDQW1GC2s6F0m8wbxIRY/dJdqCaN99cwE6RqKeV9pVp7QLRmGsXiy9DkdMSRD3ZBsE2lOZyGJRTGMu1Hfrd2DyMRLO2rBRiD2qc7oUjbNfJwxVdxxtjfnvq7SlS1yWmP4dhDEIbEcOxXlpA0ZaTq+RPvl9fqTAlO0NyTJbXCSKzdHgCNXo8a8zGFVN8e3sXoDgLd8iE6EeffJZoSqEnS7Y1E5kyhhKO1t0CYsplcb6yQ5v02SbFpZdhQWZMpdKSm5zO4hVQVXZvD5RH3CdaGSwQAtV7Xa+sU8rXMxOmdBJdxBmIEqC8BnsUMjkUOGRKYTA2gy4SNn1pZVtCd6ckXcPAp0hu9vKc8gUAj6bNrGpbl+Hvtkhu36Dm5i+ARmjG0yYfidvCtBgJB8CPO97AMMdTEBNd3m7FmGAwg3JCBc8hTTibQkZ8GqOZkHu1T****",
    "import_token": REQUEST_VALUES["import_token"],
    "key_id": KEY_ID,
    "key_version_id": VERSION_ID,
    "mac": REQUEST_VALUES["mac"],
    "next_token": REQUEST_VALUES["next_token"],
    "page_number": 2,
    "page_size": 50,
    "plaintext": "SGVsbG8gd29ybGQ=",
    "public_key": PUBLIC_KEY_PEM,
    "random_password": "ip$8LV<d%4a@B0(q[Wn^vS2k9R_h!fe]",
    "request_id": REQUEST_ID,
    "resource_id": KEY_ID,
    "resource_type": "key",
    "tag_key": "team",
    "tag_value": "kms",
    "token_expire_time": "2024-05-02T12:00:00Z",
    "total_count": 55,
    "value": REQUEST_VALUES["value"],
}

RESPONSE_OVERRIDES = {
    "AsymmetricVerify": {"value": True},
    "VerifyMac": {"value": False},
    "GetParametersForImport": {"public_key": PUBLIC_KEY_DER},
}


def snake(action):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def model_fields(model_class):
    """The model's fields and their type hints (strings, as the SDK's
    `from __future__ import annotations` leaves them)."""
    parameters = inspect.signature(model_class.__init__).parameters
    return [(name, str(p.annotation)) for name, p in parameters.items() if name != "self"]


def nested_model(hint):
    found = re.search(r"main_models\.(\w+)", hint)
    return getattr(m, found.group(1)) if found else None


def filled(model_class, values, where):
    """An instance of `model_class` with every field set from `values`."""
    arguments = {}
    for name, hint in model_fields(model_class):
        inner = nested_model(hint)
        if inner is not None and hint.startswith("List["):
            if name in values:  # a list of key/value models
                arguments[name] = [inner(**dict(zip([f for f, _ in model_fields(inner)], pair)))
                                   for pair in values[name]]
            else:
                arguments[name] = [filled(inner, values, where)]
        elif inner is not None:
            arguments[name] = filled(inner, values, where)
        elif name in values:
            arguments[name] = values[name]
        else:
            raise SystemExit(f"{where}: no value for {model_class.__name__}.{name} ({hint})")
        if inner is None:
            expected = {"str": str, "int": int, "bool": bool, "Dict[str, Any]": dict, "List[str]": list}
            assert isinstance(arguments[name], expected[hint]), (where, name, hint)
    return model_class(**arguments)


def generated_request(action):
    values = dict(REQUEST_VALUES, **REQUEST_OVERRIDES.get(action, {}))
    model = filled(getattr(m, action + "Request"), values, action)
    return request_vector(action, snake(action), model)


def generated_response(action):
    values = dict(RESPONSE_VALUES, **RESPONSE_OVERRIDES.get(action, {}))
    body_class = getattr(m, action + "ResponseBody")
    return response_vector(action, body_class, filled(body_class, values, action).to_map())


def request_vector(action, method, model):
    client = KmsClient(v3_config())
    sent = capture(lambda: getattr(client, method)(model))
    vector = {"action": action, "model": model.to_map(), "query": sent["query"]}
    if sent["body"]:  # parameters the SDK sends in a form body (`Recipient`)
        vector["form"] = [list(pair) for pair in parse_qsl(sent["body"], keep_blank_values=True)]
    return vector


def response_vector(action, model_class, body):
    return {"action": action, "body": model_class().from_map(body).to_map()}


def document(group):
    if group == "lifecycle":
        about = "KMS lifecycle shapes as alibabacloud_kms20160120 writes them; see generate_models.py"
        requests = [request_vector(*r) for r in LIFECYCLE_REQUESTS]
        responses = [response_vector(*r) for r in LIFECYCLE_RESPONSES]
    else:
        about = f"KMS {group} shapes as alibabacloud_kms20160120 writes them; see generate_models.py"
        requests = [generated_request(a) for a in GROUPS[group]]
        responses = [generated_response(a) for a in GROUPS[group]]
    result = {
        "about": about,
        "sdks": {name: metadata.version(name) for name in [
            "alibabacloud_kms20160120", "alibabacloud_tea_openapi"]},
        "requests": requests,
        "responses": responses,
    }
    if group == "versions":
        result["key_version_ids"] = key_version_ids()
    return result


# The namespace of `polykms::wire::alibaba::key_version_id`'s name-based
# UUIDs; Python's own `uuid.uuid5` gives the ids the Rust function must give.
KEY_VERSION_NAMESPACE = uuid.UUID("5b0c3f0e-8a4f-4c5e-9c61-7f1e2d3a4b5c")


def key_version_ids():
    names = [(KEY_ID, 1), (KEY_ID, 2), (KEY_ID, 4294967295), (OTHER_KEY_ID, 1)]
    return {
        "namespace": str(KEY_VERSION_NAMESPACE),
        "name": "KEY_ID/VERSION",
        "ids": [{"key_id": key, "version": version,
                 "key_version_id": str(uuid.uuid5(KEY_VERSION_NAMESPACE, f"{key}/{version}"))}
                for key, version in names],
    }


def write(group, out):
    json.dump(document(group), out, ensure_ascii=False, indent=1)
    out.write("\n")


def main():
    install_fixtures()
    groups = ["lifecycle", *GROUPS]
    if sys.argv[1:] == ["--all"]:
        here = os.path.dirname(os.path.abspath(__file__))
        for group in groups:
            with open(os.path.join(here, f"{group}-models.json"), "w", encoding="utf-8") as out:
                write(group, out)
    elif len(sys.argv) == 2 and sys.argv[1] in groups:
        write(sys.argv[1], sys.stdout)
    else:
        raise SystemExit(f"usage: {sys.argv[0]} GROUP | --all  (groups: {', '.join(groups)})")


if __name__ == "__main__":
    main()
