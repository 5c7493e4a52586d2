#!/usr/bin/env python3
"""Alibaba Cloud's classic KMS SDK (`aliyun-python-sdk-kms` on
`aliyun-python-sdk-core`, signature V1 HMAC-SHA1) against `kms serve`: a
representative set of actions, and the refusals of the V1 signature.

Run by tests/server/alibaba.rs, like alibaba_v3.py:

    python3 alibaba_v1.py SECTION...
"""

import base64
import hashlib
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
from aliyunsdkcore.auth.composer import rpc_signature_composer
from aliyunsdkcore.client import AcsClient
from aliyunsdkkms.request.v20160120 import (
    AsymmetricSignRequest,
    CreateAliasRequest,
    CreateKeyRequest,
    CreateKeyVersionRequest,
    DecryptRequest,
    DescribeKeyRequest,
    DisableKeyRequest,
    EnableKeyRequest,
    EncryptRequest,
    GenerateDataKeyRequest,
    GetPublicKeyRequest,
    ListAliasesRequest,
    ListKeysRequest,
    TagResourceRequest,
)

ENDPOINT = os.environ["KMS_ENDPOINT"]
REGION = os.environ["KMS_REGION"]
ACCOUNT_A = os.environ["KMS_ACCOUNT_A"]
AKID_A = os.environ["KMS_AKID_A"]
SECRET_A = os.environ["KMS_SECRET_A"]

FAILURES = []
PASSED = [0]


def check(label, ok, detail=None):
    """Records one check; prints it."""
    if ok:
        PASSED[0] += 1
        print(f"ok    {label}")
    else:
        FAILURES.append(label)
        print(f"FAIL  {label}" + ("" if detail is None else f": {detail}"))
    sys.stdout.flush()
    return ok


def equal(label, got, expected):
    return check(label, got == expected, f"expected {expected!r}, got {got!r}")


class Kms:
    """An AcsClient whose requests go to the test server over HTTP."""

    def __init__(self, akid=AKID_A, secret=SECRET_A):
        self.client = AcsClient(akid, secret, REGION)

    def call(self, request, **params):
        for name, value in params.items():
            getattr(request, f"set_{name}")(value)
        request.set_endpoint(ENDPOINT.split("://", 1)[1])
        request.set_protocol_type("http")
        return json.loads(self.client.do_action_with_exception(request))


def raises(label, code, call, *args, status=None, **params):
    """Calls `call(*args, **params)`; checks that it raises the SDK's
    ServerException (or, for a refused signature, the ClientException the
    SDK turns it into) with `code` and `status`."""
    name = f"{label}: raises {code}"
    try:
        call(*args, **params)
    except ServerException as e:
        ok = e.get_error_code() == code and (status is None or e.get_http_status() == status)
        check(name, ok, f"got {e.get_error_code()} ({e.get_http_status()}): {e.get_error_msg()}")
        check(f"{label}: the error carries a request id", bool(e.get_request_id()))
        return e
    except ClientException as e:
        check(name, e.get_error_code() == code, f"got {e.get_error_code()}: {e.get_error_msg()}")
        return e
    check(name, False, "no exception")
    return None


def section_keys(kms):
    """CreateKey, DescribeKey, ListKeys, DisableKey, EnableKey and their
    errors through the classic SDK."""
    created = kms.call(CreateKeyRequest.CreateKeyRequest(), KeySpec="Aliyun_SM4",
                       Description="made by the V1 SDK")["KeyMetadata"]
    equal("CreateKey KeySpec", created["KeySpec"], "Aliyun_SM4")
    equal("CreateKey KeyUsage", created["KeyUsage"], "ENCRYPT/DECRYPT")
    equal("CreateKey Arn", created["Arn"],
          f"acs:kms:{REGION}:{ACCOUNT_A}:key/{created['KeyId']}")
    key_id = created["KeyId"]
    signing = kms.call(CreateKeyRequest.CreateKeyRequest(), KeySpec="EC_P256")["KeyMetadata"]
    equal("CreateKey EC_P256: Alibaba's default KeyUsage", signing["KeyUsage"], "SIGN/VERIFY")

    described = kms.call(DescribeKeyRequest.DescribeKeyRequest(), KeyId=key_id)
    equal("DescribeKey", described["KeyMetadata"]["Description"], "made by the V1 SDK")
    check("DescribeKey RequestId", bool(described.get("RequestId")))

    page = kms.call(ListKeysRequest.ListKeysRequest(), PageSize=1, PageNumber=2)
    equal("ListKeys TotalCount", page["TotalCount"], 2)
    equal("ListKeys page 2 of 1", len(page["Keys"]["Key"]), 1)

    kms.call(DisableKeyRequest.DisableKeyRequest(), KeyId=key_id)
    equal("DisableKey", kms.call(DescribeKeyRequest.DescribeKeyRequest(),
                                 KeyId=key_id)["KeyMetadata"]["KeyState"], "Disabled")
    kms.call(EnableKeyRequest.EnableKeyRequest(), KeyId=key_id)

    raises("DescribeKey of a missing key", "Forbidden.KeyNotFound", kms.call,
           DescribeKeyRequest.DescribeKeyRequest(),
           KeyId="00000000-0000-4000-8000-000000000000", status=404)
    raises("DescribeKey of a missing alias", "Forbidden.AliasNotFound", kms.call,
           DescribeKeyRequest.DescribeKeyRequest(), KeyId="alias/missing", status=404)
    raises("DescribeKey without KeyId", "MissingParameter", kms.call,
           DescribeKeyRequest.DescribeKeyRequest(), status=400)


def section_crypto(kms):
    """Aliases, tags, Encrypt/Decrypt with a context, GenerateDataKey,
    CreateKeyVersion, AsymmetricSign and GetPublicKey through the classic
    SDK (its parameters arrive the V1 way: every one in the signed query)."""
    key_id = kms.call(CreateKeyRequest.CreateKeyRequest())["KeyMetadata"]["KeyId"]
    kms.call(CreateAliasRequest.CreateAliasRequest(), AliasName="alias/v1", KeyId=key_id)
    aliases = kms.call(ListAliasesRequest.ListAliasesRequest())["Aliases"]["Alias"]
    equal("CreateAlias and ListAliases", [(a["AliasName"], a["KeyId"]) for a in aliases],
          [("alias/v1", key_id)])
    kms.call(TagResourceRequest.TagResourceRequest(), KeyId="alias/v1",
             Tags=json.dumps([{"TagKey": "sdk", "TagValue": "v1 with spaces & symbols*~"}]))
    context = json.dumps({"tenant": "a b+c"})
    plaintext = base64.b64encode(b"through the classic SDK").decode()
    sealed = kms.call(EncryptRequest.EncryptRequest(), KeyId="alias/v1", Plaintext=plaintext,
                      EncryptionContext=context)
    equal("Encrypt KeyId", sealed["KeyId"], key_id)
    opened = kms.call(DecryptRequest.DecryptRequest(), CiphertextBlob=sealed["CiphertextBlob"],
                      EncryptionContext=context)
    equal("Decrypt", opened["Plaintext"], plaintext)
    raises("Decrypt without the context", "InvalidParameter", kms.call,
           DecryptRequest.DecryptRequest(), CiphertextBlob=sealed["CiphertextBlob"], status=400)
    data_key = kms.call(GenerateDataKeyRequest.GenerateDataKeyRequest(), KeyId=key_id,
                        NumberOfBytes=16)
    equal("GenerateDataKey", len(base64.b64decode(data_key["Plaintext"])), 16)
    version = kms.call(CreateKeyVersionRequest.CreateKeyVersionRequest(), KeyId=key_id)
    equal("CreateKeyVersion", version["KeyVersion"]["KeyId"], key_id)
    equal("Decrypt after rotation", kms.call(
        DecryptRequest.DecryptRequest(), CiphertextBlob=sealed["CiphertextBlob"],
        EncryptionContext=context)["Plaintext"], plaintext)

    signing = kms.call(CreateKeyRequest.CreateKeyRequest(), KeySpec="EC_P256")["KeyMetadata"]
    digest = base64.b64encode(hashlib.sha256(b"message").digest()).decode()
    signed = kms.call(AsymmetricSignRequest.AsymmetricSignRequest(), KeyId=signing["KeyId"],
                      KeyVersionId=signing["PrimaryKeyVersion"], Algorithm="ECDSA_SHA_256",
                      Digest=digest)
    check("AsymmetricSign", len(base64.b64decode(signed["Value"])) > 64)
    public = kms.call(GetPublicKeyRequest.GetPublicKeyRequest(), KeyId=signing["KeyId"],
                      KeyVersionId=signing["PrimaryKeyVersion"])
    check("GetPublicKey PEM", public["PublicKey"].startswith("-----BEGIN PUBLIC KEY-----"))


def section_auth(kms):
    """A wrong secret, a stale timestamp, a reused nonce and a parameter
    changed after signing are refused."""
    key_id = kms.call(CreateKeyRequest.CreateKeyRequest())["KeyMetadata"]["KeyId"]
    describe = lambda client: client.call(DescribeKeyRequest.DescribeKeyRequest(), KeyId=key_id)

    # The SDK compares the server's string to sign with its own and, when
    # they match, reports the secret as wrong.
    raises("a wrong secret", "InvalidAccessKeySecret", describe, Kms(AKID_A, "wrong"), status=400)
    raises("an unknown AccessKey", "InvalidAccessKeyId.NotFound", describe,
           Kms("LTAInobody", SECRET_A), status=404)

    helper = rpc_signature_composer.helper
    real_date, real_uuid, real_signed_url = (
        helper.get_iso_8061_date, helper.get_uuid, rpc_signature_composer.get_signed_url)
    try:
        helper.get_iso_8061_date = lambda: "2020-01-01T00:00:00Z"
        raises("a timestamp years old", "InvalidTimeStamp.Expired", describe, kms, status=400)
        helper.get_iso_8061_date = real_date

        helper.get_uuid = lambda: "one-nonce-for-all"
        equal("the first use of a nonce", describe(kms)["KeyMetadata"]["KeyId"], key_id)
        raises("the second use of a nonce", "SignatureNonceUsed", describe, kms, status=400)
        helper.get_uuid = real_uuid

        def then_change(*args, **kwargs):
            url, string_to_sign = real_signed_url(*args, **kwargs)
            return url.replace(f"KeyId={key_id}", "KeyId=alias%2Fchanged"), string_to_sign

        rpc_signature_composer.get_signed_url = then_change
        raises("a parameter changed after signing", "SignatureDoesNotMatch", describe, kms,
               status=400)
    finally:
        helper.get_iso_8061_date, helper.get_uuid = real_date, real_uuid
        rpc_signature_composer.get_signed_url = real_signed_url
    equal("signing works again", describe(kms)["KeyMetadata"]["KeyId"], key_id)


SECTIONS = {
    "keys": section_keys,
    "crypto": section_crypto,
    "auth": section_auth,
}


def main():
    kms = Kms()
    for name in sys.argv[1:]:
        print(f"-- {name}")
        SECTIONS[name](kms)
    print(f"{PASSED[0]} checks passed, {len(FAILURES)} failed")
    if FAILURES:
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
