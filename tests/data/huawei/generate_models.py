#!/usr/bin/env python3
"""The endpoints and models of Huawei Cloud KMS as the official Python SDK
(`huaweicloudsdkkms.v2`) defines them, for `polykms::wire::huawei`'s shape
tests.

    python3 -m pip install huaweicloudsdkkms huaweicloudsdkcore
    python3 tests/data/huawei/generate_models.py > tests/data/huawei/models.json

For each endpoint the crate speaks: the HTTP method and path template, the path
and query parameters and the body model, as the client's own `_<method>_http_info`
gives them, and the response model. For each model (and every model nested in
one): its fields, each with its JSON name (`attribute_map`) and type
(`openapi_types`). For each body and response model: a sample with every field
set, written by the SDK's own `sanitize_for_serialization` and read back by the
client's own `_deserialize` (the script fails if the SDK does not read back
what it wrote).
"""

import json
import re
import sys
from importlib import metadata

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization
from huaweicloudsdkkms.v2 import KmsClient
from huaweicloudsdkkms.v2 import model as m

SDKS = ["huaweicloudsdkcore", "huaweicloudsdkkms"]

# (the crate's name for the endpoint, the SDK client's method)
ENDPOINTS = [
    ("create-key", "create_key"),
    ("describe-key", "list_key_detail"),
    ("list-keys", "list_keys"),
    ("enable-key", "enable_key"),
    ("disable-key", "disable_key"),
    ("schedule-key-deletion", "delete_key"),
    ("cancel-key-deletion", "cancel_key_deletion"),
    ("update-key-alias", "update_key_alias"),
    ("update-key-description", "update_key_description"),
    ("create-alias", "create_alias"),
    ("delete-alias", "delete_alias"),
    ("list-aliases", "list_aliases"),
    ("associate-alias", "associate_alias"),
    ("create-tag", "create_kms_tag"),
    ("delete-tag", "delete_tag"),
    ("list-key-tags", "show_kms_tags"),
    ("batch-tags", "batch_create_kms_tags"),
    ("list-project-tags", "list_kms_tags"),
    ("encrypt-data", "encrypt_data"),
    ("decrypt-data", "decrypt_data"),
    ("create-datakey", "create_datakey"),
    ("create-datakey-without-plaintext", "create_datakey_without_plaintext"),
    ("encrypt-datakey", "encrypt_datakey"),
    ("decrypt-datakey", "decrypt_datakey"),
    ("re-encrypt", "re_encrypt"),
    ("sign", "sign"),
    ("verify", "validate_signature"),
    ("get-publickey", "show_public_key"),
    ("generate-mac", "generate_mac"),
    ("verify-mac", "verify_mac"),
    ("gen-random", "create_random"),
    ("enable-key-rotation", "enable_key_rotation"),
    ("disable-key-rotation", "disable_key_rotation"),
    ("get-key-rotation-status", "show_key_rotation_status"),
    ("update-key-rotation-interval", "update_key_rotation_interval"),
    ("rotate-on-demand", "rotate_on_demand"),
    ("get-parameters-for-import", "create_parameters_for_import"),
    ("import-key-material", "import_key_material"),
    ("delete-imported-key-material", "delete_imported_key_material"),
    ("create-ec-datakey-pair", "create_ec_datakey_pair"),
    ("create-rsa-datakey-pair", "create_rsa_datakey_pair"),
    ("derive-shared-secret", "derive_shared_secret"),
]

PRIMITIVES = {"str", "int", "bool", "float", "object"}


def camel(method):
    return "".join(word.capitalize() for word in method.split("_"))


def inner(type_name):
    match = re.fullmatch(r"list\[(.*)\]", type_name)
    return inner(match.group(1)) if match else type_name


def collect(name, models):
    """Adds model `name` and every model nested in it to `models`."""
    if name in PRIMITIVES or name in models:
        return
    klass = getattr(m, name)
    models[name] = [
        {"attribute": attribute, "json": klass.attribute_map[attribute], "type": type_name}
        for attribute, type_name in klass.openapi_types.items()
    ]
    for type_name in klass.openapi_types.values():
        collect(inner(type_name), models)


def sample_value(type_name, field):
    match = re.fullmatch(r"list\[(.*)\]", type_name)
    if match:
        return [sample_value(match.group(1), field), sample_value(match.group(1), field + "-2")]
    if type_name == "str":
        return field + "-value"
    if type_name == "int":
        return len(field)
    if type_name == "bool":
        return True
    if type_name == "object":
        return {"object": field}
    return sample_instance(type_name)


def sample_instance(name):
    klass = getattr(m, name)
    return klass(**{
        attribute: sample_value(type_name, klass.attribute_map[attribute])
        for attribute, type_name in klass.openapi_types.items()
    })


def sample(name, client):
    """A body of model `name` with every field set, as the SDK writes it,
    checked to read back as the same model."""
    klass = getattr(m, name)
    # A response whose only field is `body` is that body (the client reads the
    # whole answer into it).
    if list(klass.attribute_map.values()) == ["body"]:
        (type_name,) = klass.openapi_types.values()
        return sample(inner(type_name), client)
    instance = sample_instance(name)
    written = sanitize_for_serialization(instance)
    read = client._deserialize(json.loads(json.dumps(written)), name)
    if sanitize_for_serialization(read) != written:
        raise SystemExit("the SDK does not read back its own %s" % name)
    return written


def endpoint(name, method, client, models, samples):
    request_class = getattr(m, camel(method) + "Request")
    info = getattr(KmsClient, "_%s_http_info" % method)(request_class())
    body = request_class.openapi_types.get("body")
    params = {a: t for a, t in request_class.openapi_types.items() if a != "body"}
    path_params = re.findall(r"\{(\w+)\}", info["resource_path"])
    query_params = [p for p in params if p not in path_params]
    response = info["response_type"]
    for model in filter(None, [body, response]):
        collect(model, models)
        samples[model] = sample(model, client)
    return {
        "name": name,
        "sdk_method": method,
        "method": info["method"],
        "path": info["resource_path"],
        "path_params": path_params,
        "query_params": [{"name": request_class.attribute_map[p], "type": params[p]} for p in query_params],
        "request_body": body,
        "response": response,
    }


def main():
    credentials = BasicCredentials("AK", "SK", "project")
    client = KmsClient.new_builder().with_credentials(credentials).with_endpoint("https://127.0.0.1").build()
    models, samples = {}, {}
    endpoints = [endpoint(name, method, client, models, samples) for name, method in ENDPOINTS]
    document = {
        "about": "Huawei Cloud KMS endpoints and models as huaweicloudsdkkms defines them; see generate_models.py",
        "sdks": {name: metadata.version(name) for name in SDKS},
        "endpoints": endpoints,
        "models": dict(sorted(models.items())),
        "samples": dict(sorted(samples.items())),
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
