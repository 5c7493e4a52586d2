#!/usr/bin/env python3
"""Golden signing vectors for `polykms::wire::huawei`, made by Huawei Cloud's
official Python SDK's own signer (`SDK-HMAC-SHA256`).

    python3 -m pip install huaweicloudsdkkms huaweicloudsdkcore
    python3 tests/data/huawei/generate_vectors.py > tests/data/huawei/signing-vectors.json

Nothing is sent anywhere. Two kinds of request are signed, with the clock
fixed (`datetime.utcnow` in the signer module) so that the output is
reproducible:

- `client`: calls of `huaweicloudsdkkms.v2.KmsClient` through the SDK's real
  request path (`Client.build_future_request`, `BasicCredentials.sign_request`,
  `Signer.sign`) up to the transport (`HttpClient.do_request_sync`), which is
  replaced by a recorder;
- `signer`: `SdkRequest`s signed directly by `huaweicloudsdkcore.signer.signer.Signer`,
  for what the KMS client never sends (repeated query names, a path without the
  project, a header the signer leaves out, a non-JSON body).

The canonical request and string to sign are the SDK's own: the script records
what the signer's `_process_canonical_request` and `_process_string_to_sign`
return.
"""

import json
import sys
from datetime import datetime
from importlib import metadata

import huaweicloudsdkcore.signer.signer as signer_module
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_client import HttpClient
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkkms.v2 import KmsClient
from huaweicloudsdkkms.v2 import model as m

AK = "HPUAPOLYKMSGOLDEN01"
SK = "golden/Secret+Key=value~0123456789abcdef"
PROJECT_ID = "0b4b5b3b7a8046c1a51c5f0c4bd1e8a2"
FIXED = datetime(2024, 5, 1, 12, 0, 0)
SDK_DATE = "20240501T120000Z"
ENDPOINT_HOST = "kms.cn-north-4.myhuaweicloud.com"
USER_AGENT = "polykms-golden-vectors"
KEY_ID = "0d0466b0-e727-4d9c-b35d-f84bb474a37f"

SDKS = ["huaweicloudsdkcore", "huaweicloudsdkkms"]


class FixedDatetime(datetime):
    @classmethod
    def utcnow(cls):
        return FIXED


signer_module.datetime = FixedDatetime


class Recorder:
    def __init__(self):
        self.canonical = []
        self.string_to_sign = []
        self.sent = None


RECORD = Recorder()

original_canonical = Signer._process_canonical_request
original_string_to_sign = Signer._process_string_to_sign


def recording_canonical(self, request, signed_headers):
    value = original_canonical(self, request, signed_headers)
    RECORD.canonical.append(value)
    return value


def recording_string_to_sign(self, canonical_request, time):
    value = original_string_to_sign(self, canonical_request, time)
    RECORD.string_to_sign.append(value)
    return value


Signer._process_canonical_request = recording_canonical
Signer._process_string_to_sign = recording_string_to_sign


class Sent(Exception):
    """Raised in place of the HTTP exchange."""


def fake_do_request_sync(self, request):
    RECORD.sent = request
    raise Sent()


HttpClient.do_request_sync = fake_do_request_sync


def body_text(body):
    if body is None:
        return ""
    if isinstance(body, bytes):
        return body.decode("utf-8")
    return body


def text(value):
    return str(value).lower() if isinstance(value, bool) else str(value)


def query_pairs(params):
    """The query as name-value pairs, a list value as one pair per item."""
    pairs = []
    for key, value in params:
        for item in value if isinstance(value, list) else [value]:
            pairs.append([key, text(item)])
    return pairs


def vector(name, request, kind):
    """The vector of a request the signer signed."""
    (canonical,) = RECORD.canonical
    (string_to_sign,) = RECORD.string_to_sign
    authorization = request.header_params["Authorization"]
    signature = authorization.rsplit("Signature=", 1)[1]
    headers = []
    for key, value in request.header_params.items():
        # The signer rewrites values as latin-1 text of their UTF-8 bytes.
        headers.append([key, value.encode("iso-8859-1").decode("utf-8")])
    return {
        "name": name,
        "kind": kind,
        "method": request.method,
        "host": request.host,
        "path": request.resource_path,
        "query": query_pairs(request.query_params),
        "uri": request.uri,
        "headers": headers,
        "body": body_text(request.body),
        "canonical_request": canonical,
        "string_to_sign": string_to_sign,
        "signature": signature,
        "authorization": authorization,
    }


def client():
    credentials = BasicCredentials(AK, SK, PROJECT_ID)
    kms = (
        KmsClient.new_builder()
        .with_credentials(credentials)
        .with_endpoint("https://" + ENDPOINT_HOST)
        .build()
    )
    # The default user agent names the OS and a random app id: fix it.
    kms._config.user_agent = USER_AGENT
    return kms


def client_vector(endpoint, name, method, request):
    """A call of the client's `method`; `endpoint` is the crate's name for it."""
    RECORD.__init__()
    try:
        getattr(client(), method)(request)
    except Sent:
        pass
    return dict(vector(name, RECORD.sent, "client"), endpoint=endpoint)


def signer_vector(name, method, path, query=None, headers=None, body=None):
    RECORD.__init__()
    request = SdkRequest(
        method=method,
        schema="https",
        host=ENDPOINT_HOST,
        resource_path=path,
        query_params=list(query or []),
        header_params=dict(headers or {}),
        body=body,
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    return vector(name, request, "signer")


def client_vectors():
    return [
        client_vector("create-key", "create-key", "create_key", m.CreateKeyRequest(body=m.CreateKeyRequestBody(
            key_alias="app/golden-key", key_spec="AES_256", key_usage="ENCRYPT_DECRYPT",
            key_description="a key & its \"description\" * ~ / é 中文", origin="kms"))),
        client_vector("describe-key", "describe-key", "list_key_detail", m.ListKeyDetailRequest(
            body=m.OperateKeyRequestBody(key_id=KEY_ID))),
        client_vector("list-keys", "list-keys", "list_keys", m.ListKeysRequest(body=m.ListKeysRequestBody(
            limit="10", marker="1", key_state="2"))),
        client_vector("encrypt-data", "encrypt-data", "encrypt_data", m.EncryptDataRequest(body=m.EncryptDataRequestBody(
            key_id=KEY_ID, plain_text="hello 世界", encryption_algorithm="SYMMETRIC_DEFAULT",
            additional_authenticated_data="aad+/="))),
        client_vector("schedule-key-deletion", "schedule-key-deletion", "delete_key", m.DeleteKeyRequest(
            body=m.ScheduleKeyDeletionRequestBody(key_id=KEY_ID, pending_days="7"))),
        client_vector("list-aliases", "list-aliases (GET, query with special characters)", "list_aliases",
                      m.ListAliasesRequest(key_id=KEY_ID, limit="50", marker="alias/a b+c=d&e~f*g")),
        client_vector("delete-alias", "delete-alias (DELETE with a body)", "delete_alias", m.DeleteAliasRequest(
            body=m.DeleteAliasRequestBody(key_id=KEY_ID, aliases=["alias/one", "alias/two"]))),
        client_vector("list-key-tags", "show-kms-tags (GET, key id in the path)", "show_kms_tags",
                      m.ShowKmsTagsRequest(key_id=KEY_ID)),
        client_vector("delete-tag", "delete-tag (tag key with space, slash and unicode in the path)", "delete_tag",
                      m.DeleteTagRequest(key_id=KEY_ID, key="team name/密钥")),
        client_vector("create-tag", "create-kms-tag", "create_kms_tag", m.CreateKmsTagRequest(
            key_id=KEY_ID, body=m.CreateKmsTagRequestBody(tag=m.TagItem(key="team", value="kms")))),
        client_vector("gen-random", "gen-random", "create_random", m.CreateRandomRequest(
            body=m.GenRandomRequestBody(random_data_length="512"))),
    ]


def signer_vectors():
    json_type = {"Content-Type": "application/json"}
    return [
        signer_vector("repeated query names, sorted by value", "GET", "/v1.0/%s/kms/aliases" % PROJECT_ID,
                      query=[("marker", "b"), ("limit", "10"), ("marker", "a b"), ("key_id", "k/1")]),
        signer_vector("query with a list value", "GET", "/v1.0/%s/kms/aliases" % PROJECT_ID,
                      query=[("tag", ["z", "a+b", "中"]), ("flag", True)]),
        signer_vector("path ending in a slash", "POST", "/v1.0/%s/kms/describe-key/" % PROJECT_ID,
                      headers=dict(json_type), body='{"key_id":"%s"}' % KEY_ID),
        signer_vector("path without project, no headers, empty POST body", "POST", "/v1.0/kms", body=""),
        signer_vector("root path", "GET", "/"),
        signer_vector("extra signed headers, an unsigned one, a unicode value", "POST",
                      "/v1.0/%s/kms/sign" % PROJECT_ID,
                      headers={"Content-Type": "application/json;charset=UTF-8", "X-Project-Id": PROJECT_ID,
                               "X-Custom-Header": "  padded value  ", "X_Unsigned": "left out",
                               "X-Note": "café 密钥", "User-Agent": "polykms-golden/1"},
                      body='{"key_id":"%s","message":"aGk=","signing_algorithm":"ECDSA_SHA_256"}' % KEY_ID),
        signer_vector("UTF-8 body (the client escapes non-ASCII; another client may not)", "POST",
                      "/v1.0/%s/kms/encrypt-data" % PROJECT_ID, headers=dict(json_type),
                      body='{"key_id":"%s","plain_text":"héllo 世界"}' % KEY_ID),
        signer_vector("security token", "POST", "/v1.0/%s/kms/gen-random" % PROJECT_ID,
                      headers={"Content-Type": "application/json", "X-Security-Token": "sts-token/+="},
                      body='{"random_data_length":"256"}'),
        signer_vector("non-JSON body (unsigned payload)", "POST", "/v1.0/%s/kms/upload" % PROJECT_ID,
                      headers={"Content-Type": "text/plain"}, body="plain text body"),
        signer_vector("encoded characters in the path", "GET",
                      "/v1.0/%s/kms/%s/tags/a%%20b%%2Bc%%7Ed%%E5%%AF%%86" % (PROJECT_ID, KEY_ID)),
    ]


def main():
    document = {
        "about": "SDK-HMAC-SHA256 vectors made by huaweicloudsdkcore's Signer; see generate_vectors.py",
        "sdks": {name: metadata.version(name) for name in SDKS},
        "access_key_id": AK,
        "secret_access_key": SK,
        "project_id": PROJECT_ID,
        "sdk_date": SDK_DATE,
        "vectors": client_vectors() + signer_vectors(),
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
