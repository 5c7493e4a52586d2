#!/usr/bin/env python3
"""Alibaba Cloud's current KMS SDK (`alibabacloud_kms20160120`, signature
V3 `ACS3-HMAC-SHA256`) against `kms serve`.

Run by tests/server/alibaba.rs (one section per test, each against a
fresh server):

    python3 alibaba_v3.py SECTION...

The environment names the server and its accounts: KMS_ENDPOINT,
KMS_REGION, KMS_ACCOUNT_A/B, KMS_AKID_A/B, KMS_SECRET_A/B. Every check
prints one line (`ok` or `FAIL`); a failed check does not stop the section,
an unexpected exception does. The script exits 1 if any check failed.
"""

import base64
import datetime
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from alibabacloud_kms20160120 import models
from alibabacloud_kms20160120.client import Client
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.models import Config

ENDPOINT = os.environ["KMS_ENDPOINT"]
REGION = os.environ["KMS_REGION"]
ACCOUNT_A = os.environ["KMS_ACCOUNT_A"]
ACCOUNT_B = os.environ["KMS_ACCOUNT_B"]
AKID_A = os.environ["KMS_AKID_A"]
SECRET_A = os.environ["KMS_SECRET_A"]
AKID_B = os.environ["KMS_AKID_B"]
SECRET_B = os.environ["KMS_SECRET_B"]

FAILURES = []
PASSED = [0]

# --- checking -------------------------------------------------------------


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


def raises(label, code, call, *args, status=None, **params):
    """Calls `call(*args, **params)` and checks that it raises the SDK's exception
    with Alibaba error `code` (and HTTP `status`, if given) and a request
    id. Returns the exception, or None."""
    name = f"{label}: raises {code}"
    try:
        call(*args, **params)
    except ClientException as e:
        ok = e.code == code and (status is None or e.status_code == status)
        check(name, ok, f"got {e.code} ({e.status_code}): {e.message}")
        check(f"{label}: the error carries a request id", bool(e.request_id), repr(e.data))
        return e
    check(name, False, "no exception")
    return None


def client(akid=AKID_A, secret=SECRET_A):
    host = ENDPOINT.split("://", 1)[1]
    config = Config(
        access_key_id=akid,
        access_key_secret=secret,
        endpoint=host,
        protocol="http",
        region_id=REGION,
    )
    return Client(config)


def key_arn(key_id, account=ACCOUNT_A):
    return f"acs:kms:{REGION}:{account}:key/{key_id}"


def describe(kms, key_id):
    return kms.describe_key(models.DescribeKeyRequest(key_id=key_id)).body.key_metadata


def new_key(kms, **params):
    return kms.create_key(models.CreateKeyRequest(**params)).body.key_metadata


def iso(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc
    )


def now():
    return datetime.datetime.now(datetime.timezone.utc)


# --- sections -------------------------------------------------------------


def section_keys(kms):
    """CreateKey: defaults and Alibaba's usage rule, rotation at creation,
    tags; DescribeKey by id and ARN; ListKeys pages and filters;
    Enable/Disable; ScheduleKeyDeletion/CancelKeyDeletion."""
    default = new_key(kms, description="made by the V3 SDK")
    equal("CreateKey default KeySpec", default.key_spec, "Aliyun_AES_256")
    equal("CreateKey default KeyUsage", default.key_usage, "ENCRYPT/DECRYPT")
    equal("CreateKey KeyState", default.key_state, "Enabled")
    equal("CreateKey Origin", default.origin, "Aliyun_KMS")
    equal("CreateKey ProtectionLevel", default.protection_level, "SOFTWARE")
    equal("CreateKey Arn", default.arn, key_arn(default.key_id))
    equal("CreateKey Creator", default.creator, ACCOUNT_A)
    equal("CreateKey Description", default.description, "made by the V3 SDK")
    check("CreateKey PrimaryKeyVersion is a UUID", len(default.primary_key_version or "") == 36)
    check(
        "CreateKey CreationDate is now",
        abs(iso(default.creation_date) - now()) < datetime.timedelta(minutes=2),
        default.creation_date,
    )
    equal("CreateKey AutomaticRotation", default.automatic_rotation, "Disabled")

    for spec, usage in [
        ("RSA_2048", "SIGN/VERIFY"),
        ("EC_P256", "SIGN/VERIFY"),
        ("EC_SM2", "SIGN/VERIFY"),
        ("Aliyun_SM4", "ENCRYPT/DECRYPT"),
        ("Aliyun_AES_128", "ENCRYPT/DECRYPT"),
    ]:
        key = new_key(kms, key_spec=spec)
        equal(f"CreateKey {spec}: KeySpec", key.key_spec, spec)
        equal(f"CreateKey {spec}: Alibaba's default KeyUsage", key.key_usage, usage)
    rsa = new_key(kms, key_spec="RSA_3072", key_usage="ENCRYPT/DECRYPT")
    equal("CreateKey RSA_3072 for encryption", rsa.key_usage, "ENCRYPT/DECRYPT")

    rotating = new_key(kms, enable_automatic_rotation=True, rotation_interval="30d")
    equal("CreateKey with rotation: AutomaticRotation", rotating.automatic_rotation, "Enabled")
    equal("CreateKey with rotation: RotationInterval", rotating.rotation_interval, "2592000s")
    check(
        "CreateKey with rotation: NextRotationDate in 30 days",
        abs(iso(rotating.next_rotation_date) - now() - datetime.timedelta(days=30))
        < datetime.timedelta(minutes=2),
        rotating.next_rotation_date,
    )

    tagged = new_key(kms, tags=json.dumps([{"TagKey": "team", "TagValue": "payments"}]))
    described = describe(kms, tagged.key_id)
    equal("DescribeKey of a new key", described.key_id, tagged.key_id)

    by_arn = describe(kms, key_arn(default.key_id))
    equal("DescribeKey by ARN", by_arn.key_id, default.key_id)
    equal("DescribeKey DeletionProtection", by_arn.deletion_protection, "Disabled")

    # Nine keys so far: pages of four.
    pages = []
    for number in (1, 2, 3):
        body = kms.list_keys(models.ListKeysRequest(page_number=number, page_size=4)).body
        equal(f"ListKeys page {number}: PageNumber", body.page_number, number)
        equal(f"ListKeys page {number}: PageSize", body.page_size, 4)
        equal(f"ListKeys page {number}: TotalCount", body.total_count, 9)
        pages.append([k.key_id for k in body.keys.key])
        for k in body.keys.key:
            equal(f"ListKeys KeyArn of {k.key_id}", k.key_arn, key_arn(k.key_id))
    equal("ListKeys page sizes", [len(p) for p in pages], [4, 4, 1])
    equal("ListKeys pages are disjoint", len({k for p in pages for k in p}), 9)
    default_page = kms.list_keys(models.ListKeysRequest()).body
    equal("ListKeys default PageSize", default_page.page_size, 10)
    filters = json.dumps([{"Key": "KeySpec", "Values": ["EC_SM2", "EC_P256"]}])
    filtered = kms.list_keys(models.ListKeysRequest(filters=filters, page_size=100)).body
    equal("ListKeys filtered by KeySpec", filtered.total_count, 2)
    raises(
        "ListKeys PageSize 101",
        "InvalidParameter",
        kms.list_keys,
        models.ListKeysRequest(page_size=101),
        status=400,
    )

    kms.disable_key(models.DisableKeyRequest(key_id=default.key_id))
    equal("DisableKey", describe(kms, default.key_id).key_state, "Disabled")
    kms.enable_key(models.EnableKeyRequest(key_id=default.key_id))
    equal("EnableKey", describe(kms, default.key_id).key_state, "Enabled")

    kms.schedule_key_deletion(
        models.ScheduleKeyDeletionRequest(key_id=default.key_id, pending_window_in_days=7)
    )
    pending = describe(kms, default.key_id)
    equal("ScheduleKeyDeletion: KeyState", pending.key_state, "PendingDeletion")
    check(
        "ScheduleKeyDeletion: DeleteDate in 7 days",
        abs(iso(pending.delete_date) - now() - datetime.timedelta(days=7))
        < datetime.timedelta(minutes=2),
        pending.delete_date,
    )
    kms.cancel_key_deletion(models.CancelKeyDeletionRequest(key_id=default.key_id))
    equal("CancelKeyDeletion", describe(kms, default.key_id).key_state, "Disabled")


def section_errors(kms):
    """The error codes of the lifecycle actions, with their HTTP statuses."""
    missing = "00000000-0000-4000-8000-000000000000"
    raises("DescribeKey of a missing key", "Forbidden.KeyNotFound",
           describe, kms, missing, status=404)
    raises("DescribeKey of another account's ARN", "Forbidden.KeyNotFound",
           describe, kms, key_arn(missing, ACCOUNT_B), status=404)
    raises("DescribeKey without KeyId", "MissingParameter",
           kms.describe_key, models.DescribeKeyRequest(), status=400)
    raises("CreateKey of an unknown KeySpec", "InvalidParameter",
           new_key, kms, key_spec="Aliyun_AES_512", status=400)
    raises("CreateKey of HSM protection", "UnsupportedOperation",
           new_key, kms, protection_level="HSM", status=400)
    raises("CreateKey of a signing AES key", "InvalidParameter",
           new_key, kms, key_spec="Aliyun_AES_256", key_usage="SIGN/VERIFY", status=400)
    raises("CreateKey with a bad RotationInterval", "InvalidParameter",
           new_key, kms, enable_automatic_rotation=True, rotation_interval="1y", status=400)
    raises("CreateKey with malformed Tags", "InvalidParameter",
           new_key, kms, tags="team=payments", status=400)
    raises("CreateKey in a KMS instance", "UnsupportedOperation",
           new_key, kms, dkmsinstance_id="kst-hzz1234", status=400)

    key = new_key(kms)
    raises("ScheduleKeyDeletion without PendingWindowInDays", "MissingParameter",
           kms.schedule_key_deletion, models.ScheduleKeyDeletionRequest(key_id=key.key_id),
           status=400)
    raises("ScheduleKeyDeletion of 6 days", "InvalidParameter",
           kms.schedule_key_deletion,
           models.ScheduleKeyDeletionRequest(key_id=key.key_id, pending_window_in_days=6),
           status=400)
    kms.schedule_key_deletion(
        models.ScheduleKeyDeletionRequest(key_id=key.key_id, pending_window_in_days=7)
    )
    raises("EnableKey of a key pending deletion", "Rejected.StateModifiedFailed",
           kms.enable_key, models.EnableKeyRequest(key_id=key.key_id), status=409)
    kms.cancel_key_deletion(models.CancelKeyDeletionRequest(key_id=key.key_id))
    raises("CancelKeyDeletion of a key not pending deletion", "Rejected.StateModifiedFailed",
           kms.cancel_key_deletion, models.CancelKeyDeletionRequest(key_id=key.key_id),
           status=409)


def section_aliases(kms):
    """CreateAlias, UpdateAlias, DeleteAlias, ListAliases (pages),
    ListAliasesByKeyId; keys named by alias; TagResource, UntagResource,
    ListResourceTags; UpdateKeyDescription."""
    first, second = new_key(kms), new_key(kms)
    kms.create_alias(models.CreateAliasRequest(alias_name="alias/app", key_id=first.key_id))
    kms.create_alias(models.CreateAliasRequest(alias_name="alias/other", key_id=first.key_id))
    kms.create_alias(models.CreateAliasRequest(alias_name="alias/third", key_id=second.key_id))
    equal("DescribeKey by alias", describe(kms, "alias/app").key_id, first.key_id)
    alias_arn = f"acs:kms:{REGION}:{ACCOUNT_A}:alias/app"
    equal("DescribeKey by alias ARN", describe(kms, alias_arn).key_id, first.key_id)
    raises("CreateAlias of a taken name", "AliasAlreadyExists", kms.create_alias,
           models.CreateAliasRequest(alias_name="alias/app", key_id=second.key_id), status=400)
    raises("CreateAlias without alias/", "InvalidParameter", kms.create_alias,
           models.CreateAliasRequest(alias_name="app", key_id=second.key_id), status=400)
    raises("CreateAlias for a missing key", "Forbidden.KeyNotFound", kms.create_alias,
           models.CreateAliasRequest(alias_name="alias/nokey",
                                     key_id="00000000-0000-4000-8000-000000000000"), status=404)

    body = kms.list_aliases(models.ListAliasesRequest(page_number=1, page_size=2)).body
    equal("ListAliases TotalCount", body.total_count, 3)
    equal("ListAliases page of 2", len(body.aliases.alias), 2)
    entry = body.aliases.alias[0]
    equal("ListAliases AliasName", entry.alias_name, "alias/app")
    equal("ListAliases AliasArn", entry.alias_arn, alias_arn)
    equal("ListAliases KeyId", entry.key_id, first.key_id)
    last = kms.list_aliases(models.ListAliasesRequest(page_number=2, page_size=2)).body
    equal("ListAliases page 2", [a.alias_name for a in last.aliases.alias], ["alias/third"])
    by_key = kms.list_aliases_by_key_id(
        models.ListAliasesByKeyIdRequest(key_id=first.key_id)).body
    equal("ListAliasesByKeyId", sorted(a.alias_name for a in by_key.aliases.alias),
          ["alias/app", "alias/other"])

    kms.update_alias(models.UpdateAliasRequest(alias_name="alias/app", key_id=second.key_id))
    equal("UpdateAlias", describe(kms, "alias/app").key_id, second.key_id)
    kms.delete_alias(models.DeleteAliasRequest(alias_name="alias/other"))
    raises("DescribeKey by a deleted alias", "Forbidden.AliasNotFound",
           describe, kms, "alias/other", status=404)
    raises("DeleteAlias of a missing alias", "Forbidden.AliasNotFound", kms.delete_alias,
           models.DeleteAliasRequest(alias_name="alias/other"), status=404)

    tags = [{"TagKey": "team", "TagValue": "payments"}, {"TagKey": "env", "TagValue": "dev"}]
    kms.tag_resource(models.TagResourceRequest(key_id="alias/app", tags=json.dumps(tags)))
    listed = kms.list_resource_tags(models.ListResourceTagsRequest(key_id="alias/app")).body
    equal("ListResourceTags", sorted((t.tag_key, t.tag_value) for t in listed.tags.tag),
          [("env", "dev"), ("team", "payments")])
    equal("ListResourceTags names the key by id", {t.key_id for t in listed.tags.tag},
          {second.key_id})
    kms.untag_resource(models.UntagResourceRequest(key_id=second.key_id,
                                                   tag_keys=json.dumps(["env"])))
    listed = kms.list_resource_tags(models.ListResourceTagsRequest(key_id=second.key_id)).body
    equal("UntagResource", [t.tag_key for t in listed.tags.tag], ["team"])
    raises("TagResource of a secret", "UnsupportedOperation", kms.tag_resource,
           models.TagResourceRequest(secret_name="db", tags=json.dumps(tags)), status=400)
    raises("TagResource with malformed Tags", "InvalidParameter", kms.tag_resource,
           models.TagResourceRequest(key_id=second.key_id, tags="team"), status=400)

    kms.update_key_description(
        models.UpdateKeyDescriptionRequest(key_id="alias/app", description="renamed"))
    equal("UpdateKeyDescription", describe(kms, second.key_id).description, "renamed")


def section_crypto(kms):
    """Encrypt, Decrypt, ReEncrypt, the data keys and their export, with
    and without an encryption context; DryRun; the state errors."""
    key = new_key(kms)
    other = new_key(kms, key_spec="Aliyun_SM4")
    context = {"purpose": "test"}
    plaintext = base64.b64encode(b"hello, Alibaba").decode()
    sealed = kms.encrypt(models.EncryptRequest(key_id=key.key_id, plaintext=plaintext,
                                               encryption_context=context)).body
    equal("Encrypt KeyId", sealed.key_id, key.key_id)
    equal("Encrypt KeyVersionId is the primary version", sealed.key_version_id,
          key.primary_key_version)
    opened = kms.decrypt(models.DecryptRequest(ciphertext_blob=sealed.ciphertext_blob,
                                               encryption_context=context)).body
    equal("Decrypt gives the plaintext back", opened.plaintext, plaintext)
    equal("Decrypt KeyId", opened.key_id, key.key_id)
    equal("Decrypt KeyVersionId", opened.key_version_id, key.primary_key_version)
    raises("Decrypt with another context", "InvalidParameter", kms.decrypt,
           models.DecryptRequest(ciphertext_blob=sealed.ciphertext_blob), status=400)
    text = kms.encrypt(models.EncryptRequest(key_id=key.key_id, plaintext="raw text")).body
    equal("Encrypt and Decrypt of text", kms.decrypt(models.DecryptRequest(
        ciphertext_blob=text.ciphertext_blob)).body.plaintext, "raw text")

    moved = kms.re_encrypt(models.ReEncryptRequest(
        ciphertext_blob=sealed.ciphertext_blob, source_encryption_context=context,
        destination_key_id=other.key_id)).body
    equal("ReEncrypt KeyId", moved.key_id, other.key_id)
    equal("ReEncrypt then Decrypt", kms.decrypt(models.DecryptRequest(
        ciphertext_blob=moved.ciphertext_blob)).body.plaintext, plaintext)

    data_key = kms.generate_data_key(models.GenerateDataKeyRequest(
        key_id=key.key_id, encryption_context=context)).body
    equal("GenerateDataKey of 32 bytes", len(base64.b64decode(data_key.plaintext)), 32)
    equal("Decrypt of a data key gives its Plaintext", kms.decrypt(models.DecryptRequest(
        ciphertext_blob=data_key.ciphertext_blob, encryption_context=context)).body.plaintext,
        data_key.plaintext)
    small = kms.generate_data_key(models.GenerateDataKeyRequest(
        key_id=key.key_id, key_spec="AES_128")).body
    equal("GenerateDataKey AES_128", len(base64.b64decode(small.plaintext)), 16)
    sized = kms.generate_data_key(models.GenerateDataKeyRequest(
        key_id=key.key_id, number_of_bytes=1024)).body
    equal("GenerateDataKey of 1024 bytes", len(base64.b64decode(sized.plaintext)), 1024)
    raises("GenerateDataKey of 1025 bytes", "InvalidParameter", kms.generate_data_key,
           models.GenerateDataKeyRequest(key_id=key.key_id, number_of_bytes=1025), status=400)
    blind = kms.generate_data_key_without_plaintext(
        models.GenerateDataKeyWithoutPlaintextRequest(key_id=key.key_id)).body
    check("GenerateDataKeyWithoutPlaintext", len(base64.b64decode(kms.decrypt(
        models.DecryptRequest(ciphertext_blob=blind.ciphertext_blob)).body.plaintext)) == 32)

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_blob = base64.b64encode(private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    exported = kms.export_data_key(models.ExportDataKeyRequest(
        ciphertext_blob=data_key.ciphertext_blob, encryption_context=context,
        public_key_blob=public_blob, wrapping_algorithm="RSAES_OAEP_SHA_256",
        wrapping_key_spec="RSA_2048")).body
    equal("ExportDataKey unwraps to the data key",
          private.decrypt(base64.b64decode(exported.exported_data_key), oaep),
          base64.b64decode(data_key.plaintext))
    both = kms.generate_and_export_data_key(models.GenerateAndExportDataKeyRequest(
        key_id=key.key_id, public_key_blob=public_blob, wrapping_algorithm="RSAES_OAEP_SHA_256",
        wrapping_key_spec="RSA_2048", number_of_bytes=16)).body
    equal("GenerateAndExportDataKey: the export is the ciphertext's data key",
          private.decrypt(base64.b64decode(both.exported_data_key), oaep),
          base64.b64decode(kms.decrypt(models.DecryptRequest(
              ciphertext_blob=both.ciphertext_blob)).body.plaintext))
    raises("ExportDataKey to a key of another spec", "InvalidParameter", kms.export_data_key,
           models.ExportDataKeyRequest(ciphertext_blob=data_key.ciphertext_blob,
                                       encryption_context=context, public_key_blob=public_blob,
                                       wrapping_algorithm="RSAES_OAEP_SHA_256",
                                       wrapping_key_spec="RSA_3072"), status=400)

    raises("Encrypt with DryRun", "DryRunOperation", kms.encrypt,
           models.EncryptRequest(key_id=key.key_id, plaintext=plaintext, dry_run="true"),
           status=400)
    raises("Decrypt of garbage", "InvalidParameter", kms.decrypt,
           models.DecryptRequest(ciphertext_blob=base64.b64encode(b"x" * 64).decode()),
           status=400)
    raises("Encrypt without Plaintext", "MissingParameter", kms.encrypt,
           models.EncryptRequest(key_id=key.key_id), status=400)
    kms.disable_key(models.DisableKeyRequest(key_id=key.key_id))
    raises("Encrypt under a disabled key", "Rejected.Disabled", kms.encrypt,
           models.EncryptRequest(key_id=key.key_id, plaintext=plaintext), status=409)
    kms.enable_key(models.EnableKeyRequest(key_id=key.key_id))
    kms.schedule_key_deletion(models.ScheduleKeyDeletionRequest(key_id=key.key_id,
                                                                pending_window_in_days=7))
    raises("Encrypt under a key pending deletion", "Rejected.PendingDeletion", kms.encrypt,
           models.EncryptRequest(key_id=key.key_id, plaintext=plaintext), status=409)
    signing = new_key(kms, key_spec="EC_P256")
    raises("Encrypt under a signing key", "Rejected.UnsupportedOperation", kms.encrypt,
           models.EncryptRequest(key_id=signing.key_id, plaintext=plaintext), status=400)


def section_asymmetric(kms):
    """AsymmetricSign/Verify (digests; the signatures verify in Python's
    cryptography, on OpenSSL), AsymmetricEncrypt/Decrypt, GetPublicKey
    (PEM), GenerateMac/VerifyMac, and KeyVersionId checks."""
    import hashlib
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

    message = b"the message Alibaba never sees"
    digest = hashlib.sha256(message).digest()
    digest_b64 = base64.b64encode(digest).decode()
    for spec, algorithm in [("EC_P256", "ECDSA_SHA_256"), ("RSA_2048", "RSA_PSS_SHA_256"),
                            ("RSA_2048", "RSA_PKCS1_SHA_256")]:
        key = new_key(kms, key_spec=spec)
        version = key.primary_key_version
        signed = kms.asymmetric_sign(models.AsymmetricSignRequest(
            key_id=key.key_id, key_version_id=version, algorithm=algorithm,
            digest=digest_b64)).body
        equal(f"AsymmetricSign {algorithm}: KeyVersionId", signed.key_version_id, version)
        pem = kms.get_public_key(models.GetPublicKeyRequest(
            key_id=key.key_id, key_version_id=version)).body.public_key
        check(f"GetPublicKey {spec} is PEM", pem.startswith("-----BEGIN PUBLIC KEY-----\n"))
        public = serialization.load_pem_public_key(pem.encode())
        signature = base64.b64decode(signed.value)
        try:
            if algorithm.startswith("ECDSA"):
                public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            elif "PSS" in algorithm:
                public.verify(signature, message,
                              padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                          salt_length=32), hashes.SHA256())
            else:
                public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            check(f"AsymmetricSign {algorithm} verifies in cryptography", True)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            check(f"AsymmetricSign {algorithm} verifies in cryptography", False, repr(e))
        verified = kms.asymmetric_verify(models.AsymmetricVerifyRequest(
            key_id=key.key_id, key_version_id=version, algorithm=algorithm,
            digest=digest_b64, value=signed.value)).body
        equal(f"AsymmetricVerify {algorithm}", verified.value, True)
        other_digest = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
        forged = kms.asymmetric_verify(models.AsymmetricVerifyRequest(
            key_id=key.key_id, key_version_id=version, algorithm=algorithm,
            digest=other_digest, value=signed.value)).body
        equal(f"AsymmetricVerify {algorithm} of another digest", forged.value, False)

    sm2 = new_key(kms, key_spec="EC_SM2")
    raises("AsymmetricSign without KeyVersionId", "MissingParameter", kms.asymmetric_sign,
           models.AsymmetricSignRequest(key_id=sm2.key_id, algorithm="SM2DSA",
                                        digest=digest_b64), status=400)
    raises("AsymmetricSign with another key's KeyVersionId", "Forbidden.KeyVersionNotFound",
           kms.asymmetric_sign, models.AsymmetricSignRequest(
               key_id=sm2.key_id, key_version_id=key.primary_key_version, algorithm="SM2DSA",
               digest=digest_b64), status=404)
    sm2_signed = kms.asymmetric_sign(models.AsymmetricSignRequest(
        key_id=sm2.key_id, key_version_id=sm2.primary_key_version, algorithm="SM2DSA",
        digest=digest_b64)).body
    equal("AsymmetricVerify SM2DSA", kms.asymmetric_verify(models.AsymmetricVerifyRequest(
        key_id=sm2.key_id, key_version_id=sm2.primary_key_version, algorithm="SM2DSA",
        digest=digest_b64, value=sm2_signed.value)).body.value, True)
    raises("AsymmetricSign with a digest of the wrong length", "InvalidParameter",
           kms.asymmetric_sign, models.AsymmetricSignRequest(
               key_id=sm2.key_id, key_version_id=sm2.primary_key_version, algorithm="SM2DSA",
               digest=base64.b64encode(b"short").decode()), status=400)

    rsa_key = new_key(kms, key_spec="RSA_2048", key_usage="ENCRYPT/DECRYPT")
    version = rsa_key.primary_key_version
    secret = base64.b64encode(b"a small secret").decode()
    sealed = kms.asymmetric_encrypt(models.AsymmetricEncryptRequest(
        key_id=rsa_key.key_id, key_version_id=version, algorithm="RSAES_OAEP_SHA_256",
        plaintext=secret)).body
    opened = kms.asymmetric_decrypt(models.AsymmetricDecryptRequest(
        key_id=rsa_key.key_id, key_version_id=version, algorithm="RSAES_OAEP_SHA_256",
        ciphertext_blob=sealed.ciphertext_blob)).body
    equal("AsymmetricEncrypt then AsymmetricDecrypt", opened.plaintext, secret)
    pem = kms.get_public_key(models.GetPublicKeyRequest(
        key_id=rsa_key.key_id, key_version_id=version)).body.public_key
    public = serialization.load_pem_public_key(pem.encode())
    outside = public.encrypt(b"from outside", padding.OAEP(
        mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    equal("AsymmetricDecrypt of cryptography's ciphertext",
          kms.asymmetric_decrypt(models.AsymmetricDecryptRequest(
              key_id=rsa_key.key_id, key_version_id=version, algorithm="RSAES_OAEP_SHA_256",
              ciphertext_blob=base64.b64encode(outside).decode())).body.plaintext,
          base64.b64encode(b"from outside").decode())

    hmac_key = new_key(kms, key_spec="HMAC_256")
    message_b64 = base64.b64encode(message).decode()
    mac = kms.generate_mac(models.GenerateMacRequest(
        key_id=hmac_key.key_id, algorithm="HMAC_SHA_256", message=message_b64)).body
    equal("GenerateMac Algorithm", mac.algorithm, "HMAC_SHA_256")
    equal("GenerateMac length", len(base64.b64decode(mac.mac)), 32)
    equal("VerifyMac", kms.verify_mac(models.VerifyMacRequest(
        key_id=hmac_key.key_id, algorithm="HMAC_SHA_256", message=message_b64,
        mac=mac.mac)).body.value, True)
    equal("VerifyMac of another message", kms.verify_mac(models.VerifyMacRequest(
        key_id=hmac_key.key_id, algorithm="HMAC_SHA_256",
        message=base64.b64encode(b"other").decode(), mac=mac.mac)).body.value, False)


def section_versions(kms):
    """CreateKeyVersion, ListKeyVersions, DescribeKeyVersion,
    UpdateRotationPolicy; old versions still decrypt."""
    key = new_key(kms)
    first = key.primary_key_version
    sealed = kms.encrypt(models.EncryptRequest(key_id=key.key_id, plaintext="v1")).body
    made = kms.create_key_version(models.CreateKeyVersionRequest(key_id=key.key_id)).body
    second = made.key_version.key_version_id
    check("CreateKeyVersion names a new version", second not in ("", first), second)
    equal("CreateKeyVersion KeyId", made.key_version.key_id, key.key_id)
    equal("DescribeKey PrimaryKeyVersion after rotation",
          describe(kms, key.key_id).primary_key_version, second)
    listed = kms.list_key_versions(models.ListKeyVersionsRequest(key_id=key.key_id)).body
    equal("ListKeyVersions", [v.key_version_id for v in listed.key_versions.key_version],
          [first, second])
    equal("ListKeyVersions TotalCount", listed.total_count, 2)
    described = kms.describe_key_version(models.DescribeKeyVersionRequest(
        key_id=key.key_id, key_version_id=first)).body.key_version
    equal("DescribeKeyVersion", described.creation_date, key.creation_date)
    raises("DescribeKeyVersion of a missing version", "Forbidden.KeyVersionNotFound",
           kms.describe_key_version, models.DescribeKeyVersionRequest(
               key_id=key.key_id, key_version_id="00000000-0000-4000-8000-000000000000"),
           status=404)
    new_sealed = kms.encrypt(models.EncryptRequest(key_id=key.key_id, plaintext="v2")).body
    equal("Encrypt uses the new version", new_sealed.key_version_id, second)
    opened = kms.decrypt(models.DecryptRequest(ciphertext_blob=sealed.ciphertext_blob)).body
    equal("the old version still decrypts", (opened.plaintext, opened.key_version_id),
          ("v1", first))

    kms.update_rotation_policy(models.UpdateRotationPolicyRequest(
        key_id=key.key_id, enable_automatic_rotation=True, rotation_interval="31536000s"))
    rotating = describe(kms, key.key_id)
    equal("UpdateRotationPolicy: AutomaticRotation", rotating.automatic_rotation, "Enabled")
    equal("UpdateRotationPolicy: RotationInterval", rotating.rotation_interval, "31536000s")
    kms.update_rotation_policy(models.UpdateRotationPolicyRequest(
        key_id=key.key_id, enable_automatic_rotation=False))
    equal("UpdateRotationPolicy off", describe(kms, key.key_id).automatic_rotation, "Disabled")
    raises("UpdateRotationPolicy of 6 days", "InvalidParameter", kms.update_rotation_policy,
           models.UpdateRotationPolicyRequest(key_id=key.key_id, enable_automatic_rotation=True,
                                              rotation_interval="6d"), status=400)
    signing = new_key(kms, key_spec="EC_P256")
    raises("CreateKeyVersion of an asymmetric key", "Rejected.UnsupportedOperation",
           kms.create_key_version, models.CreateKeyVersionRequest(key_id=signing.key_id),
           status=400)


def section_import(kms):
    """GetParametersForImport, ImportKeyMaterial (wrapped with Python's
    cryptography), DeleteKeyMaterial, and their errors."""
    import secrets
    import time
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = new_key(kms, origin="EXTERNAL")
    equal("CreateKey EXTERNAL: PendingImport", key.key_state, "PendingImport")
    equal("CreateKey EXTERNAL: Origin", key.origin, "EXTERNAL")
    raises("Encrypt before import", "Rejected.PendingImport", kms.encrypt,
           models.EncryptRequest(key_id=key.key_id, plaintext="x"), status=409)
    params = kms.get_parameters_for_import(models.GetParametersForImportRequest(
        key_id=key.key_id, wrapping_algorithm="RSAES_OAEP_SHA_256",
        wrapping_key_spec="RSA_2048")).body
    check("GetParametersForImport TokenExpireTime is a day away",
          abs(iso(params.token_expire_time) - now() - datetime.timedelta(hours=24))
          < datetime.timedelta(minutes=2), params.token_expire_time)
    public = serialization.load_der_public_key(base64.b64decode(params.public_key))
    material = secrets.token_bytes(32)
    wrapped = public.encrypt(material, padding.OAEP(
        mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    raises("ImportKeyMaterial with a bad token", "InvalidImportToken",
           kms.import_key_material, models.ImportKeyMaterialRequest(
               key_id=key.key_id, import_token=base64.b64encode(b"bad").decode(),
               encrypted_key_material=base64.b64encode(wrapped).decode()), status=400)
    short = public.encrypt(secrets.token_bytes(16), padding.OAEP(
        mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    raises("ImportKeyMaterial of 16 bytes into an AES-256 key", "InvalidKeyMaterial",
           kms.import_key_material, models.ImportKeyMaterialRequest(
               key_id=key.key_id, import_token=params.import_token,
               encrypted_key_material=base64.b64encode(short).decode()), status=400)
    expires = int(time.time()) + 86400
    kms.import_key_material(models.ImportKeyMaterialRequest(
        key_id=key.key_id, import_token=params.import_token,
        encrypted_key_material=base64.b64encode(wrapped).decode(),
        key_material_expire_unix=expires))
    imported = describe(kms, key.key_id)
    equal("ImportKeyMaterial: Enabled", imported.key_state, "Enabled")
    equal("ImportKeyMaterial: MaterialExpireTime", iso(imported.material_expire_time),
          datetime.datetime.fromtimestamp(expires, datetime.timezone.utc))
    sealed = kms.encrypt(models.EncryptRequest(key_id=key.key_id, plaintext="imported")).body
    equal("Encrypt and Decrypt with imported material", kms.decrypt(models.DecryptRequest(
        ciphertext_blob=sealed.ciphertext_blob)).body.plaintext, "imported")
    kms.delete_key_material(models.DeleteKeyMaterialRequest(key_id=key.key_id))
    equal("DeleteKeyMaterial: PendingImport", describe(kms, key.key_id).key_state,
          "PendingImport")
    raises("GetParametersForImport of a KMS key", "Rejected.UnsupportedOperation",
           kms.get_parameters_for_import, models.GetParametersForImportRequest(
               key_id=new_key(kms).key_id, wrapping_algorithm="RSAES_OAEP_SHA_256",
               wrapping_key_spec="RSA_2048"), status=400)


def section_random(kms):
    """GetRandomPassword: length, exclusions, one of each type."""
    import string
    default = kms.get_random_password(models.GetRandomPasswordRequest()).body.random_password
    equal("GetRandomPassword default length", len(default), 32)
    digits = kms.get_random_password(models.GetRandomPasswordRequest(
        password_length="64", exclude_lowercase="true", exclude_uppercase="true",
        exclude_punctuation="true")).body.random_password
    check("GetRandomPassword of digits only", len(digits) == 64 and digits.isdigit(), digits)
    mixed = kms.get_random_password(models.GetRandomPasswordRequest(
        password_length="8", exclude_characters="abc",
        require_each_included_type="true")).body.random_password
    check("GetRandomPassword: one of each type",
          any(c.islower() for c in mixed) and any(c.isupper() for c in mixed)
          and any(c.isdigit() for c in mixed)
          and any(c in string.punctuation for c in mixed), mixed)
    check("GetRandomPassword: excluded characters", not set("abc") & set(mixed), mixed)
    raises("GetRandomPassword of 7 characters", "InvalidParameter", kms.get_random_password,
           models.GetRandomPasswordRequest(password_length="7"), status=400)


def section_cross(kms):
    """One server, two protocols: keys, aliases and ciphertexts made
    through boto3 are used through Alibaba's SDK and the reverse, and an
    AsymmetricSign signature verifies in OpenSSL (`openssl dgst`)."""
    import hashlib
    import subprocess
    import tempfile
    import boto3
    from botocore.config import Config as BotoConfig

    aws = boto3.client(
        "kms", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=AKID_A,
        aws_secret_access_key=SECRET_A, config=BotoConfig(retries={"max_attempts": 1}))

    aws_key = aws.create_key(Description="made by boto3")["KeyMetadata"]["KeyId"]
    aws.create_alias(AliasName="alias/from-boto3", TargetKeyId=aws_key)
    equal("an AWS alias names the key for Alibaba", describe(kms, "alias/from-boto3").key_id,
          aws_key)
    equal("an AWS key's description through Alibaba", describe(kms, aws_key).description,
          "made by boto3")
    blob = aws.encrypt(KeyId="alias/from-boto3", Plaintext=b"sealed by boto3",
                       EncryptionContext={"app": "cross"})["CiphertextBlob"]
    opened = kms.decrypt(models.DecryptRequest(
        ciphertext_blob=base64.b64encode(blob).decode(), encryption_context={"app": "cross"})).body
    equal("boto3's ciphertext decrypts through Alibaba", opened.plaintext, "sealed by boto3")
    equal("… naming the key", opened.key_id, aws_key)

    ali_key = new_key(kms, description="made by Alibaba's SDK").key_id
    kms.create_alias(models.CreateAliasRequest(alias_name="alias/from-alibaba", key_id=ali_key))
    sealed = kms.encrypt(models.EncryptRequest(
        key_id="alias/from-alibaba", plaintext="sealed by Alibaba",
        encryption_context={"app": "cross"})).body
    back = aws.decrypt(CiphertextBlob=base64.b64decode(sealed.ciphertext_blob),
                       EncryptionContext={"app": "cross"})
    equal("Alibaba's ciphertext decrypts through boto3", back["Plaintext"], b"sealed by Alibaba")
    equal("… naming the key by ARN", back["KeyId"].rsplit("/", 1)[1], ali_key)
    equal("an Alibaba key through boto3", aws.describe_key(KeyId="alias/from-alibaba")
          ["KeyMetadata"]["Description"], "made by Alibaba's SDK")
    aws.tag_resource(KeyId=ali_key, Tags=[{"TagKey": "via", "TagValue": "boto3"}])
    tags = kms.list_resource_tags(models.ListResourceTagsRequest(key_id=ali_key)).body
    equal("boto3's tags through Alibaba", [(t.tag_key, t.tag_value) for t in tags.tags.tag],
          [("via", "boto3")])

    signing = new_key(kms, key_spec="EC_P256")
    message = b"signed through Alibaba, checked by OpenSSL"
    digest = base64.b64encode(hashlib.sha256(message).digest()).decode()
    signed = kms.asymmetric_sign(models.AsymmetricSignRequest(
        key_id=signing.key_id, key_version_id=signing.primary_key_version,
        algorithm="ECDSA_SHA_256", digest=digest)).body
    pem = kms.get_public_key(models.GetPublicKeyRequest(
        key_id=signing.key_id, key_version_id=signing.primary_key_version)).body.public_key
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: os.path.join(folder, name) for name in ("pub.pem", "sig", "msg")}
        with open(paths["pub.pem"], "w") as f:
            f.write(pem)
        with open(paths["sig"], "wb") as f:
            f.write(base64.b64decode(signed.value))
        with open(paths["msg"], "wb") as f:
            f.write(message)
        verify = ["openssl", "dgst", "-sha256", "-verify", paths["pub.pem"],
                  "-signature", paths["sig"], paths["msg"]]
        result = subprocess.run(verify, capture_output=True, text=True)
        check("an Alibaba AsymmetricSign signature verifies in OpenSSL",
              result.returncode == 0 and "Verified OK" in result.stdout,
              result.stdout + result.stderr)
        with open(paths["msg"], "ab") as f:
            f.write(b"!")
        result = subprocess.run(verify, capture_output=True, text=True)
        check("… and not for another message", result.returncode != 0, result.stdout)
    boto_verified = aws.verify(KeyId=signing.key_id, Message=hashlib.sha256(message).digest(),
                               MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256",
                               Signature=base64.b64decode(signed.value))
    equal("boto3 verifies Alibaba's signature", boto_verified["SignatureValid"], True)


def section_auth(kms):
    """Account isolation, and the refusal of a wrong secret, an unknown
    AccessKey, a stale timestamp, a reused nonce and a parameter changed
    after signing."""
    key = new_key(kms)
    other = client(AKID_B, SECRET_B)
    raises("account B describing account A's key", "Forbidden.KeyNotFound",
           describe, other, key.key_id, status=404)
    equal("account B lists none of account A's keys",
          other.list_keys(models.ListKeysRequest()).body.total_count, 0)

    raises("a wrong secret", "SignatureDoesNotMatch",
           describe, client(AKID_A, "not-the-secret"), key.key_id, status=400)
    raises("an unknown AccessKey", "InvalidAccessKeyId.NotFound",
           describe, client("LTAInobody", SECRET_A), key.key_id, status=404)

    utils = openapi_utils.Utils
    real_timestamp, real_nonce, real_authorization = (
        utils.get_timestamp, utils.get_nonce, utils.get_authorization)
    try:
        stale = (now() - datetime.timedelta(minutes=16)).strftime("%Y-%m-%dT%H:%M:%SZ")
        utils.get_timestamp = staticmethod(lambda: stale)
        raises("a timestamp 16 minutes old", "InvalidTimeStamp.Expired",
               describe, kms, key.key_id, status=400)
        utils.get_timestamp = real_timestamp

        utils.get_nonce = staticmethod(lambda: "the-same-nonce-every-time")
        equal("the first use of a nonce", describe(kms, key.key_id).key_id, key.key_id)
        raises("the second use of a nonce", "SignatureNonceUsed",
               describe, kms, key.key_id, status=400)
        utils.get_nonce = real_nonce

        def then_change(request, *args):
            authorization = real_authorization(request, *args)
            request.query["KeyId"] = "alias/changed-after-signing"
            return authorization

        utils.get_authorization = staticmethod(then_change)
        raises("a parameter changed after signing", "SignatureDoesNotMatch",
               describe, kms, key.key_id, status=400)
    finally:
        utils.get_timestamp, utils.get_nonce, utils.get_authorization = (
            real_timestamp, real_nonce, real_authorization)
    equal("signing works again", describe(kms, key.key_id).key_id, key.key_id)

    raises("an action this API does not have", "InvalidAction.NotFound",
           kms.call_api, *unknown_action(), status=404)


def unknown_action():
    """The arguments of `call_api` for an action KMS does not have."""
    from alibabacloud_tea_openapi import utils_models
    from darabonba.runtime import RuntimeOptions
    params = utils_models.Params(
        action="MakeCoffee", version="2016-01-20", protocol="HTTP", pathname="/",
        method="POST", auth_type="AK", style="RPC", req_body_type="formData",
        body_type="json",
    )
    request = utils_models.OpenApiRequest(query={"KeyId": "k"})
    return params, request, RuntimeOptions()


SECTIONS = {
    "keys": section_keys,
    "aliases": section_aliases,
    "crypto": section_crypto,
    "asymmetric": section_asymmetric,
    "versions": section_versions,
    "import": section_import,
    "random": section_random,
    "cross": section_cross,
    "errors": section_errors,
    "auth": section_auth,
}


def main():
    kms = client()
    for name in sys.argv[1:]:
        print(f"-- {name}")
        SECTIONS[name](kms)
    print(f"{PASSED[0]} checks passed, {len(FAILURES)} failed")
    if FAILURES:
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
