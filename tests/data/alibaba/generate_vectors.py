#!/usr/bin/env python3
"""Golden signing vectors for `polykms::wire::alibaba`, made by Alibaba
Cloud's official Python SDKs' own signers.

    python3 -m pip install alibabacloud_kms20160120 alibabacloud_tea_openapi \
        aliyun-python-sdk-kms aliyun-python-sdk-core
    python3 tests/data/alibaba/generate_vectors.py > tests/data/alibaba/signing-vectors.json

Nothing is sent anywhere. Each request goes through the SDK's real request
path up to the transport, which is replaced by a recorder, with the clock, the
nonce and the user agent fixed so that the output is reproducible:

- signature V1 (HMAC-SHA1) from `aliyun-python-sdk-core`:
  `AcsClient.do_action_with_exception` with the KMS request classes of
  `aliyun-python-sdk-kms` (`RpcRequest.get_url`, which calls
  `aliyunsdkcore/auth/composer/rpc_signature_composer.get_signed_url`);
- signature V1 from `alibabacloud_tea_openapi` (`Config.signature_algorithm =
  'v2'`): `Client.do_rpcrequest` and `Utils.get_rpcsignature`;
- signature V3 (`ACS3-HMAC-SHA256`) from `alibabacloud_tea_openapi`:
  `Client.do_request` and `Utils.get_authorization`, through the KMS client of
  `alibabacloud_kms20160120` and through the generic `Client.call_api` (for
  GET and for JSON and form bodies). Each V3 authorization is recomputed with
  `alibabacloud_openapi_util.client.Client.get_authorization`, the older
  utility package, and must agree.

The canonical request and string to sign are the SDK's own: the script
records the inputs of the SDK's hash and HMAC functions.
"""

import hashlib
import hmac as std_hmac
import json
import sys
from importlib import metadata
from urllib.parse import unquote

import alibabacloud_tea_openapi.utils as tea_utils
from alibabacloud_kms20160120 import models as kms_models
from alibabacloud_kms20160120.client import Client as KmsClient
from alibabacloud_openapi_util.client import Client as OldOpenApiUtil
from alibabacloud_tea_openapi import utils_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.models import Config
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.http.http_response import HttpResponse
from aliyunsdkcore.utils import parameter_helper
from aliyunsdkkms.request.v20160120 import (
    CreateKeyRequest,
    DescribeKeyRequest,
    EncryptRequest,
    ListKeysRequest,
)
from darabonba.core import DaraCore
from darabonba.runtime import RuntimeOptions

ACCESS_KEY_ID = "LTAI5tPolyKmsGolden"
ACCESS_KEY_SECRET = "kx8Q/golden+Secret~value=="
TIMESTAMP = "2024-05-01T12:00:00Z"
NONCE = "3f2c9a7e5b1d4c6a8e0f2b4d6a8c0e1f"
USER_AGENT = "AlibabaCloud (polykms golden vectors) Python/3 TeaDSL/2"
HOST = "kms.cn-hangzhou.aliyuncs.com"
REGION = "cn-hangzhou"

SDKS = [
    "aliyun-python-sdk-core",
    "aliyun-python-sdk-kms",
    "alibabacloud_tea_openapi",
    "alibabacloud_kms20160120",
    "alibabacloud_openapi_util",
    "darabonba-core",
]

# Values that need escaping: spaces, `*`, `~`, `/`, `+`, `=`, `&`, `%`, unicode.
AWKWARD = "hello world * ~ / + = & % é 中文"
CONTEXT = json.dumps({"tenant": "acme corp", "path": "a/b*c~d"}, separators=(",", ":"))
TAGS = json.dumps([{"TagKey": "team", "TagValue": "kms & crypto"}], separators=(",", ":"))
PLAINTEXT = "c2VjcmV0+/w=="


class Recorder:
    """Records what the SDKs hash and sign, and what they would send."""

    def __init__(self):
        self.hashed = []
        self.signed = []
        self.sent = None

    def reset(self):
        self.__init__()


RECORD = Recorder()


class Sent(Exception):
    """Raised in place of the HTTP exchange."""


def fake_do_action(request, runtime_option=None):
    RECORD.sent = {
        "url": DaraCore.compose_url(request),
        "method": request.method,
        "pathname": request.pathname,
        "headers": [[k, str(v)] for k, v in request.headers.items()],
        "query": [[k, str(v)] for k, v in request.query.items() if v is not None],
        "body": request.body.decode() if isinstance(request.body, bytes) else request.body,
        "request": request,
    }
    raise Sent()


original_hash = tea_utils.Utils.hash
original_signature_method = tea_utils.signature_method


def recording_hash(raw, sign_type):
    RECORD.hashed.append(bytes(raw).decode("utf-8"))
    return original_hash(raw, sign_type)


def recording_signature_method(secret, source, sign_type):
    RECORD.signed.append(source)
    return original_signature_method(secret, source, sign_type)


class RecordingHmac:
    """Stands in for the `hmac` module inside `alibabacloud_tea_openapi.utils`."""

    @staticmethod
    def new(key, msg=None, digestmod=None):
        RECORD.signed.append(msg.decode("utf-8"))
        return std_hmac.new(key, msg, digestmod)


def install_fixtures():
    DaraCore.do_action = staticmethod(fake_do_action)
    tea_utils.Utils.get_timestamp = staticmethod(lambda: TIMESTAMP)
    tea_utils.Utils.get_nonce = staticmethod(lambda: NONCE)
    tea_utils.Utils.get_user_agent = staticmethod(lambda user_agent=None: USER_AGENT)
    tea_utils.Utils.hash = staticmethod(recording_hash)
    tea_utils.signature_method = recording_signature_method
    tea_utils.hmac = RecordingHmac
    parameter_helper.get_iso_8061_date = lambda: TIMESTAMP
    parameter_helper.get_uuid = lambda: NONCE
    HttpResponse.get_response_object = recording_get_response_object


def capture(call):
    RECORD.reset()
    try:
        call()
    except Exception as error:  # the SDKs wrap `Sent` in their own exceptions
        if RECORD.sent is None:
            raise error
    return RECORD.sent


# ---- signature V1, aliyun-python-sdk-core ----------------------------------

def core_v1(name, request_class, method, params, body_params=()):
    request = request_class()
    request.set_method(method)
    request.set_endpoint(HOST)
    for key, value in params:
        request.add_query_param(key, value)
    for key, value in body_params:
        request.add_body_params(key, value)
    client = AcsClient(ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION)
    sent = capture(lambda: client.do_action_with_exception(request))
    signed = decode_url_query(sent["url"])
    signature = signed.pop("Signature")
    for key, value in body_params:
        signed[key] = str(value)
    check_v1(request.string_to_sign, signature)
    return {
        "name": name,
        "sdk": "aliyun-python-sdk-core",
        "method": method,
        "action": request.get_action_name(),
        "version": request.get_version(),
        "format": "JSON",
        "region_id": REGION,
        "parameters": [[k, str(v)] for k, v in params] + [[k, str(v)] for k, v in body_params],
        # The core SDK also sends an empty `SignatureType`.
        "extra_parameters": [["SignatureType", ""]],
        "signed_parameters": sorted_pairs(signed),
        "url": sent["url"],
        "body": sent["body"],
        "string_to_sign": request.string_to_sign,
        "signature": signature,
    }


def recording_get_response_object(self):
    body = self.get_content()
    RECORD.sent = {
        "url": self.get_url(),
        "method": self.get_method(),
        "headers": [[k, str(v)] for k, v in self.get_headers().items()],
        "body": body.decode() if isinstance(body, bytes) else body,
    }
    raise Sent()


def decode_url_query(url):
    pairs = {}
    for pair in url.split("?", 1)[1].split("&"):
        key, _, value = pair.partition("=")
        pairs[unquote(key)] = unquote(value)
    return pairs


def sorted_pairs(mapping):
    return [[k, mapping[k]] for k in sorted(mapping)]


# ---- signature V1, alibabacloud_tea_openapi ---------------------------------

def tea_v1(name, action, method, query, body=None):
    config = Config(
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        endpoint=HOST,
        signature_algorithm="v2",
    )
    client = OpenApiClient(config)
    request = utils_models.OpenApiRequest(query=dict(query), body=dict(body) if body else None)
    sent = capture(lambda: client.do_rpcrequest(
        action, "2016-01-20", "HTTPS", method, "AK", "json", request, RuntimeOptions()))
    sent_query = dict(sent["query"])
    signature = sent_query.pop("Signature")
    signed = dict(sent_query)
    for key, value in (body or []):
        signed[key] = str(value)
    [string_to_sign] = set(RECORD.signed)
    check_v1(string_to_sign, signature)
    return {
        "name": name,
        "sdk": "alibabacloud_tea_openapi",
        "method": method,
        "action": action,
        "version": "2016-01-20",
        "format": "json",
        "region_id": None,
        "parameters": [[k, str(v)] for k, v in query] + [[k, str(v)] for k, v in (body or [])],
        "extra_parameters": [],
        "signed_parameters": sorted_pairs(signed),
        "url": sent["url"],
        "body": sent["body"],
        "string_to_sign": string_to_sign,
        "signature": signature,
    }


def check_v1(string_to_sign, signature):
    import base64

    mac = std_hmac.new((ACCESS_KEY_SECRET + "&").encode(), string_to_sign.encode(), hashlib.sha1)
    assert base64.b64encode(mac.digest()).decode() == signature


# ---- signature V3, alibabacloud_tea_openapi ---------------------------------

def v3_config():
    return Config(access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET, endpoint=HOST)


def v3_vector(name, sent):
    headers = sent["headers"]
    authorization = dict(headers)["Authorization"]
    canonical_request = RECORD.hashed[-1]
    [string_to_sign] = set(RECORD.signed)
    request = sent["request"]
    payload = dict(headers)["x-acs-content-sha256"]
    # The older utility package computes the same authorization.
    unsigned = dict(request.headers)
    del unsigned["Authorization"]
    request.headers = unsigned
    again = OldOpenApiUtil.get_authorization(
        request, "ACS3-HMAC-SHA256", payload, ACCESS_KEY_ID, ACCESS_KEY_SECRET)
    assert again == authorization, (again, authorization)
    return {
        "name": name,
        "sdk": "alibabacloud_tea_openapi",
        "method": sent["method"],
        "path": sent["pathname"],
        "host": HOST,
        "query": sent["query"],
        "url": sent["url"],
        "headers": headers,
        "body": sent["body"] or "",
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": authorization.rsplit("Signature=", 1)[1],
        "authorization": authorization,
    }


def kms_v3(name, call):
    client = KmsClient(v3_config())
    sent = capture(lambda: call(client))
    return v3_vector(name, sent)


def generic_v3(name, action, method, query=None, body=None, body_type="formData"):
    client = OpenApiClient(v3_config())
    params = utils_models.Params(
        action=action, version="2016-01-20", protocol="HTTPS", pathname="/", method=method,
        auth_type="AK", style="RPC", req_body_type=body_type, body_type="json")
    request = utils_models.OpenApiRequest(query=query, body=body)
    sent = capture(lambda: client.call_api(params, request, RuntimeOptions()))
    return v3_vector(name, sent)


def v1_vectors():
    return [
        core_v1("core-post-create-key", CreateKeyRequest.CreateKeyRequest, "POST", [
            ("Description", AWKWARD), ("KeySpec", "Aliyun_AES_256"), ("KeyUsage", "ENCRYPT/DECRYPT"),
            ("Tags", TAGS)]),
        core_v1("core-get-describe-key", DescribeKeyRequest.DescribeKeyRequest, "GET", [
            ("KeyId", "alias/my key~1")]),
        core_v1("core-post-encrypt", EncryptRequest.EncryptRequest, "POST", [
            ("KeyId", "key-hzz630494463ejqjx"), ("Plaintext", PLAINTEXT),
            ("EncryptionContext", CONTEXT)]),
        core_v1("core-post-list-keys-body-params", ListKeysRequest.ListKeysRequest, "POST", [
            ("PageNumber", "2")], body_params=[("PageSize", "10"), ("Filters", "[]")]),
        core_v1("core-post-empty-value", DescribeKeyRequest.DescribeKeyRequest, "POST", [
            ("KeyId", "")]),
        tea_v1("tea-post-create-key", "CreateKey", "POST", [
            ("Description", AWKWARD), ("KeySpec", "EC_SM2"), ("KeyUsage", "SIGN/VERIFY")]),
        tea_v1("tea-get-describe-key", "DescribeKey", "GET", [("KeyId", "alias/my key~1")]),
        tea_v1("tea-post-form-body", "Encrypt", "POST", [("KeyId", "alias/app")], body=[
            ("Plaintext", PLAINTEXT), ("EncryptionContext", CONTEXT)]),
    ]


def v3_vectors():
    return [
        kms_v3("kms-create-key", lambda c: c.create_key(kms_models.CreateKeyRequest(
            description=AWKWARD, key_spec="Aliyun_AES_256", key_usage="ENCRYPT/DECRYPT", tags=TAGS))),
        kms_v3("kms-encrypt", lambda c: c.encrypt(kms_models.EncryptRequest(
            key_id="alias/my key~1", plaintext=PLAINTEXT, encryption_context=json.loads(CONTEXT)))),
        kms_v3("kms-list-keys", lambda c: c.list_keys(kms_models.ListKeysRequest(
            page_number=2, page_size=10))),
        kms_v3("kms-describe-key-empty-value", lambda c: c.describe_key(kms_models.DescribeKeyRequest(
            key_id=""))),
        generic_v3("generic-get-describe-key", "DescribeKey", "GET", query={"KeyId": "alias/a b*c"}),
        generic_v3("generic-post-json-body", "Encrypt", "POST", query={"KeyId": "alias/app"}, body={
            "Plaintext": PLAINTEXT, "EncryptionContext": {"tenant": "acme corp", "emoji": "密钥"}},
            body_type="json"),
        generic_v3("generic-post-form-body", "Encrypt", "POST", query={"KeyId": "alias/app"}, body={
            "Plaintext": PLAINTEXT, "EncryptionContext": CONTEXT}),
    ]


def main():
    install_fixtures()
    v1 = v1_vectors()
    document = {
        "about": "Alibaba Cloud signing vectors made by the official Python SDKs; see generate_vectors.py",
        "sdks": {name: metadata.version(name) for name in SDKS},
        "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": ACCESS_KEY_SECRET,
        "timestamp": TIMESTAMP,
        "nonce": NONCE,
        "v1": v1,
        "v3": v3_vectors(),
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
