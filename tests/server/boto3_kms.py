#!/usr/bin/env python3
"""boto3 against `kms serve`: every operation, every exception, pagination,
aliases and ARNs, account isolation and signature refusals.

Run by tests/server/boto3.rs (one section per test, each against a fresh
server):

    python3 boto3_kms.py SECTION...

The harness gives the server and the two accounts in the environment:
KMS_ENDPOINT, KMS_REGION, KMS_ACCOUNT_A/B, KMS_AKID_A/B, KMS_SECRET_A/B.

Every check prints one line (`ok` or `FAIL`); a failed check does not stop
the section (so one run reports every mismatch), an unexpected exception
does. The script exits 1 if any check failed.
"""

import datetime
import hashlib
import json
import os
import sys
import uuid

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

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


def near(label, when, expected, tolerance):
    """`when` (a datetime) is within `tolerance` of `expected`."""
    ok = isinstance(when, datetime.datetime) and abs(when - expected) <= tolerance
    return check(label, ok, f"expected about {expected}, got {when!r}")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def raises(label, kms, exception, call, **params):
    """Calls `kms.<call>(**params)` and checks that it raises `exception`.

    An exception of the KMS model is caught as `kms.exceptions.<exception>`
    (what application code writes); any other (ValidationException, the
    signature refusals) as `ClientError` with that error code. Returns the
    ClientError, or None."""
    name = f"{label}: {call} raises {exception}"
    target = getattr(kms.exceptions, exception, ClientError)
    try:
        getattr(kms, call)(**params)
    except target as error:
        code = error.response["Error"]["Code"]
        if equal(name, code, exception):
            message = error.response["Error"].get("Message", "")
            check(f"{name}: with a message", bool(message))
            return error
        return None
    except ClientError as error:
        err = error.response["Error"]
        check(name, False, f"got {err.get('Code')}: {err.get('Message')}")
        return None
    check(name, False, "no error")
    return None


def raises_any(label, kms, codes, call, **params):
    """As `raises`, for a call where any of `codes` is a right answer."""
    name = f"{label}: {call} raises one of {codes}"
    try:
        getattr(kms, call)(**params)
    except ClientError as error:
        code = error.response["Error"]["Code"]
        return check(name, code in codes, f"got {code}")
    return check(name, False, "no error")


# --- clients and names ----------------------------------------------------


def client(akid=AKID_A, secret=SECRET_A, region=REGION, validate=True):
    """A boto3 KMS client on the test server: no retries (an error shows at
    once), parameter validation as asked."""
    return boto3.client(
        "kms",
        endpoint_url=ENDPOINT,
        region_name=region,
        aws_access_key_id=akid,
        aws_secret_access_key=secret,
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 1},
            parameter_validation=validate,
        ),
    )


def key_arn(key_id, account=ACCOUNT_A):
    return f"arn:aws:kms:{REGION}:{account}:key/{key_id}"


def alias_arn(name, account=ACCOUNT_A):
    return f"arn:aws:kms:{REGION}:{account}:{name}"


def refers_to(value, key_id, account=ACCOUNT_A):
    """AWS names a key by its ARN in most responses, by its id in a few."""
    return value in (key_id, key_arn(key_id, account))


def new_key(kms, **params):
    return kms.create_key(**params)["KeyMetadata"]["KeyId"]


def describe(kms, key):
    return kms.describe_key(KeyId=key)["KeyMetadata"]


def has_request_id(label, response):
    meta = response["ResponseMetadata"]
    request_id = meta.get("RequestId", "")
    check(f"{label}: ResponseMetadata.RequestId present", bool(request_id), meta)
    headers = meta.get("HTTPHeaders", {})
    equal(f"{label}: x-amzn-requestid header", headers.get("x-amzn-requestid"), request_id)


def tags_of(kms, key):
    page = kms.list_resource_tags(KeyId=key)
    return {t["TagKey"]: t["TagValue"] for t in page["Tags"]}


def oaep(algorithm):
    return padding.OAEP(mgf=padding.MGF1(algorithm=algorithm), algorithm=algorithm, label=None)


# --- sections -------------------------------------------------------------


def section_keys(kms):
    """CreateKey (four specs), KeyMetadata, DescribeKey by every reference,
    ListKeys, Enable/Disable, UpdateKeyDescription, tags, deletion."""
    specs = {
        "SYMMETRIC_DEFAULT": "ENCRYPT_DECRYPT",
        "RSA_2048": "SIGN_VERIFY",
        "ECC_NIST_P256": "SIGN_VERIFY",
        "HMAC_256": "GENERATE_VERIFY_MAC",
    }
    algorithms = {
        "SYMMETRIC_DEFAULT": ("EncryptionAlgorithms", {"SYMMETRIC_DEFAULT"}),
        "RSA_2048": (
            "SigningAlgorithms",
            {
                "RSASSA_PSS_SHA_256",
                "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512",
                "RSASSA_PKCS1_V1_5_SHA_256",
                "RSASSA_PKCS1_V1_5_SHA_384",
                "RSASSA_PKCS1_V1_5_SHA_512",
            },
        ),
        "ECC_NIST_P256": ("SigningAlgorithms", {"ECDSA_SHA_256"}),
        "HMAC_256": ("MacAlgorithms", {"HMAC_SHA_256"}),
    }
    keys = {}
    for spec, usage in specs.items():
        response = kms.create_key(
            KeySpec=spec,
            KeyUsage=usage,
            Description=f"a {spec} key",
            Tags=[{"TagKey": "spec", "TagValue": spec}],
        )
        has_request_id(f"CreateKey {spec}", response)
        meta = response["KeyMetadata"]
        key = meta["KeyId"]
        keys[spec] = key
        label = f"CreateKey {spec}"
        check(f"{label}: KeyId is a UUID", str(uuid.UUID(key)) == key, key)
        equal(f"{label}: AWSAccountId", meta.get("AWSAccountId"), ACCOUNT_A)
        equal(f"{label}: Arn", meta.get("Arn"), key_arn(key))
        equal(f"{label}: Enabled", meta.get("Enabled"), True)
        equal(f"{label}: KeyState", meta.get("KeyState"), "Enabled")
        equal(f"{label}: KeySpec", meta.get("KeySpec"), spec)
        equal(f"{label}: CustomerMasterKeySpec", meta.get("CustomerMasterKeySpec"), spec)
        equal(f"{label}: KeyUsage", meta.get("KeyUsage"), usage)
        equal(f"{label}: Origin", meta.get("Origin"), "AWS_KMS")
        equal(f"{label}: KeyManager", meta.get("KeyManager"), "CUSTOMER")
        equal(f"{label}: MultiRegion", meta.get("MultiRegion"), False)
        equal(f"{label}: Description", meta.get("Description"), f"a {spec} key")
        near(f"{label}: CreationDate", meta.get("CreationDate"), now(), datetime.timedelta(minutes=5))
        check(f"{label}: no DeletionDate", "DeletionDate" not in meta, meta.get("DeletionDate"))
        member, expected = algorithms[spec]
        equal(f"{label}: {member}", set(meta.get(member, [])), expected)
        others = {"EncryptionAlgorithms", "SigningAlgorithms", "MacAlgorithms"} - {member}
        check(f"{label}: no other algorithm lists", not any(meta.get(m) for m in others), meta)
        equal(f"{label}: tag", tags_of(kms, key), {"spec": spec})

    default = kms.create_key()["KeyMetadata"]
    equal("CreateKey (no arguments): KeySpec", default.get("KeySpec"), "SYMMETRIC_DEFAULT")
    equal("CreateKey (no arguments): KeyUsage", default.get("KeyUsage"), "ENCRYPT_DECRYPT")
    equal("CreateKey (no arguments): Description", default.get("Description"), "")
    default = default["KeyId"]

    sym = keys["SYMMETRIC_DEFAULT"]
    kms.create_alias(AliasName="alias/keys", TargetKeyId=sym)
    for ref in (sym, key_arn(sym), "alias/keys", alias_arn("alias/keys")):
        meta = describe(kms, ref)
        equal(f"DescribeKey {ref}: KeyId", meta["KeyId"], sym)
        equal(f"DescribeKey {ref}: Arn", meta["Arn"], key_arn(sym))
        equal(f"DescribeKey {ref}: AWSAccountId", meta.get("AWSAccountId"), ACCOUNT_A)

    listed = kms.list_keys()
    has_request_id("ListKeys", listed)
    entries = {k["KeyId"]: k["KeyArn"] for k in listed["Keys"]}
    expected = {k: key_arn(k) for k in list(keys.values()) + [default]}
    equal("ListKeys: every key with its ARN", entries, expected)
    equal("ListKeys: not truncated", listed.get("Truncated"), False)

    kms.update_key_description(KeyId=key_arn(sym), Description="renamed")
    equal("UpdateKeyDescription", describe(kms, sym)["Description"], "renamed")

    kms.disable_key(KeyId=alias_arn("alias/keys"))
    meta = describe(kms, sym)
    equal("DisableKey (by alias ARN): Enabled", meta["Enabled"], False)
    equal("DisableKey (by alias ARN): KeyState", meta["KeyState"], "Disabled")
    kms.enable_key(KeyId="alias/keys")
    meta = describe(kms, sym)
    equal("EnableKey (by alias): Enabled", meta["Enabled"], True)
    equal("EnableKey (by alias): KeyState", meta["KeyState"], "Enabled")

    kms.tag_resource(
        KeyId=sym,
        Tags=[{"TagKey": "team", "TagValue": "ops"}, {"TagKey": "env", "TagValue": "test"}],
    )
    equal("TagResource", tags_of(kms, sym), {"spec": "SYMMETRIC_DEFAULT", "team": "ops", "env": "test"})
    kms.tag_resource(KeyId=key_arn(sym), Tags=[{"TagKey": "team", "TagValue": "dev"}])
    equal("TagResource overwrites", tags_of(kms, sym)["team"], "dev")
    kms.untag_resource(KeyId="alias/keys", TagKeys=["env", "spec"])
    equal("UntagResource", tags_of(kms, sym), {"team": "dev"})
    page = kms.list_resource_tags(KeyId=alias_arn("alias/keys"))
    equal("ListResourceTags by alias ARN", page["Tags"], [{"TagKey": "team", "TagValue": "dev"}])
    equal("ListResourceTags: not truncated", page.get("Truncated"), False)

    scheduled = kms.schedule_key_deletion(KeyId=default, PendingWindowInDays=7)
    equal("ScheduleKeyDeletion: KeyId is the ARN", scheduled["KeyId"], key_arn(default))
    equal("ScheduleKeyDeletion: KeyState", scheduled.get("KeyState"), "PendingDeletion")
    equal("ScheduleKeyDeletion: PendingWindowInDays", scheduled.get("PendingWindowInDays"), 7)
    near(
        "ScheduleKeyDeletion: DeletionDate",
        scheduled.get("DeletionDate"),
        now() + datetime.timedelta(days=7),
        datetime.timedelta(hours=1),
    )
    meta = describe(kms, default)
    equal("DescribeKey (pending deletion): KeyState", meta["KeyState"], "PendingDeletion")
    equal("DescribeKey (pending deletion): Enabled", meta["Enabled"], False)
    check("DescribeKey (pending deletion): DeletionDate", "DeletionDate" in meta, meta)
    equal("DescribeKey (pending deletion): PendingDeletionWindowInDays", meta.get("PendingDeletionWindowInDays"), 7)
    cancelled = kms.cancel_key_deletion(KeyId=default)
    equal("CancelKeyDeletion: KeyId is the ARN", cancelled["KeyId"], key_arn(default))
    meta = describe(kms, default)
    equal("CancelKeyDeletion: the key is Disabled, as AWS leaves it", meta["KeyState"], "Disabled")
    check("CancelKeyDeletion: no DeletionDate", "DeletionDate" not in meta, meta)
    scheduled = kms.schedule_key_deletion(KeyId=key_arn(default))
    equal("ScheduleKeyDeletion: default window 30 days", scheduled.get("PendingWindowInDays"), 30)
    kms.cancel_key_deletion(KeyId=key_arn(default))


def section_aliases(kms):
    """CreateAlias, UpdateAlias, DeleteAlias, ListAliases (with KeyId), and
    the alias errors."""
    k1 = new_key(kms)
    k2 = new_key(kms)
    kms.create_alias(AliasName="alias/app", TargetKeyId=k1)
    kms.create_alias(AliasName="alias/other", TargetKeyId=key_arn(k2))
    listed = kms.list_aliases()
    has_request_id("ListAliases", listed)
    entries = {a["AliasName"]: a for a in listed["Aliases"]}
    check("ListAliases: both aliases", {"alias/app", "alias/other"} <= set(entries), list(entries))
    app = entries.get("alias/app", {})
    equal("ListAliases: AliasArn", app.get("AliasArn"), alias_arn("alias/app"))
    equal("ListAliases: TargetKeyId is the key id", app.get("TargetKeyId"), k1)
    check("ListAliases: CreationDate", isinstance(app.get("CreationDate"), datetime.datetime), app)
    equal("ListAliases: TargetKeyId of an alias made with an ARN", entries.get("alias/other", {}).get("TargetKeyId"), k2)
    names = lambda key: sorted(a["AliasName"] for a in kms.list_aliases(KeyId=key)["Aliases"])
    equal("ListAliases KeyId=id", names(k1), ["alias/app"])
    equal("ListAliases KeyId=ARN", names(key_arn(k2)), ["alias/other"])

    equal("Encrypt by alias", kms.encrypt(KeyId="alias/app", Plaintext=b"x")["KeyId"], key_arn(k1))
    equal("Encrypt by alias ARN", kms.encrypt(KeyId=alias_arn("alias/app"), Plaintext=b"x")["KeyId"], key_arn(k1))
    kms.update_alias(AliasName="alias/app", TargetKeyId=k2)
    equal("UpdateAlias: Encrypt follows", kms.encrypt(KeyId="alias/app", Plaintext=b"x")["KeyId"], key_arn(k2))
    equal("UpdateAlias: DescribeKey follows", describe(kms, "alias/app")["KeyId"], k2)
    equal("UpdateAlias: ListAliases KeyId=old key", names(k1), [])
    equal("UpdateAlias: ListAliases KeyId=new key", names(k2), ["alias/app", "alias/other"])
    entry = {a["AliasName"]: a for a in kms.list_aliases()["Aliases"]}["alias/app"]
    check("UpdateAlias: LastUpdatedDate", isinstance(entry.get("LastUpdatedDate"), datetime.datetime), entry)
    kms.update_alias(AliasName="alias/app", TargetKeyId=key_arn(k1))
    equal("UpdateAlias with a key ARN", describe(kms, "alias/app")["KeyId"], k1)

    kms.delete_alias(AliasName="alias/app")
    check("DeleteAlias", "alias/app" not in {a["AliasName"] for a in kms.list_aliases()["Aliases"]})
    raises("deleted alias", kms, "NotFoundException", "describe_key", KeyId="alias/app")
    raises("deleted alias", kms, "NotFoundException", "delete_alias", AliasName="alias/app")
    raises("deleted alias", kms, "NotFoundException", "update_alias", AliasName="alias/app", TargetKeyId=k1)
    raises("taken name", kms, "AlreadyExistsException", "create_alias", AliasName="alias/other", TargetKeyId=k1)
    raises("no alias/ prefix", kms, "InvalidAliasNameException", "create_alias", AliasName="app", TargetKeyId=k1)
    raises("reserved prefix", kms, "InvalidAliasNameException", "create_alias", AliasName="alias/aws/app", TargetKeyId=k1)
    missing = str(uuid.uuid4())
    raises("unknown target", kms, "NotFoundException", "create_alias", AliasName="alias/new", TargetKeyId=missing)


def section_pagination(kms):
    """Paginators (ListKeys, ListAliases) and manual Limit/Marker (ListKeys,
    ListAliases, ListResourceTags)."""
    ids = [new_key(kms) for _ in range(7)]

    seen, marker, pages = [], None, 0
    while True:
        params = {"Limit": 3}
        if marker:
            params["Marker"] = marker
        page = kms.list_keys(**params)
        pages += 1
        check(f"ListKeys Limit=3 page {pages}: at most 3 keys", len(page["Keys"]) <= 3, page["Keys"])
        seen += [k["KeyId"] for k in page["Keys"]]
        if page.get("Truncated"):
            check(f"ListKeys page {pages}: NextMarker when truncated", bool(page.get("NextMarker")), page)
            marker = page["NextMarker"]
        else:
            check(f"ListKeys page {pages}: no NextMarker on the last page", "NextMarker" not in page, page)
            break
        if pages > 10:
            check("ListKeys: pagination ends", False)
            break
    equal("ListKeys Limit/Marker: 3 pages", pages, 3)
    equal("ListKeys Limit/Marker: every key once", sorted(seen), sorted(ids))

    paginator = kms.get_paginator("list_keys")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    equal("list_keys paginator PageSize=2: 4 pages", len(pages), 4)
    flat = [k["KeyId"] for p in pages for k in p["Keys"]]
    equal("list_keys paginator: every key once", sorted(flat), sorted(ids))
    full = paginator.paginate(PaginationConfig={"MaxItems": 5, "PageSize": 2}).build_full_result()
    equal("list_keys paginator MaxItems=5", len(full["Keys"]), 5)
    check("list_keys paginator MaxItems=5: NextToken to resume", "NextToken" in full, full)
    rest = paginator.paginate(PaginationConfig={"StartingToken": full.get("NextToken"), "PageSize": 2}).build_full_result()
    both = [k["KeyId"] for k in full["Keys"] + rest["Keys"]]
    equal("list_keys paginator: resuming gives the rest", sorted(both), sorted(ids))

    names = [f"alias/page-{i}" for i in range(5)]
    for name, key in zip(names, ids):
        kms.create_alias(AliasName=name, TargetKeyId=key)
    pages = list(kms.get_paginator("list_aliases").paginate(PaginationConfig={"PageSize": 2}))
    got = [a["AliasName"] for p in pages for a in p["Aliases"]]
    equal("list_aliases paginator PageSize=2: 3 pages", len(pages), 3)
    equal("list_aliases paginator: every alias once", sorted(got), names)
    first = kms.list_aliases(Limit=2)
    equal("ListAliases Limit=2: 2 aliases", len(first["Aliases"]), 2)
    equal("ListAliases Limit=2: Truncated", first.get("Truncated"), True)
    second = kms.list_aliases(Limit=10, Marker=first.get("NextMarker", "none given"))
    equal("ListAliases Marker: the rest", len(second["Aliases"]), 3)
    equal("ListAliases Marker: last page not truncated", second.get("Truncated"), False)

    tags = [{"TagKey": f"t{i}", "TagValue": str(i)} for i in range(5)]
    kms.tag_resource(KeyId=ids[0], Tags=tags)
    got, marker = [], None
    for _ in range(5):
        params = {"KeyId": ids[0], "Limit": 2}
        if marker:
            params["Marker"] = marker
        page = kms.list_resource_tags(**params)
        got += page["Tags"]
        if not page.get("Truncated"):
            break
        marker = page["NextMarker"]
    equal("ListResourceTags Limit=2/Marker: every tag once", sorted(got, key=lambda t: t["TagKey"]), tags)
    raises_any(
        "a malformed marker",
        kms,
        ("InvalidMarkerException",),
        "list_keys",
        Marker="not a marker!",
    )
    # (A marker shaped like a key id, but never given, is taken as a
    # position: the page of the keys after it. AWS would answer
    # InvalidMarkerException; not checked here.)


def section_crypto(kms):
    """Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext),
    GenerateDataKeyPair(WithoutPlaintext), GenerateRandom; RSA encryption
    interoperating with `cryptography`."""
    sym = new_key(kms)
    kms.create_alias(AliasName="alias/data", TargetKeyId=sym)
    context = {"tenant": "acme", "purpose": "test"}
    sealed = kms.encrypt(KeyId="alias/data", Plaintext=b"secret", EncryptionContext=context)
    has_request_id("Encrypt", sealed)
    blob = sealed["CiphertextBlob"]
    equal("Encrypt: KeyId is the key ARN", sealed["KeyId"], key_arn(sym))
    equal("Encrypt: EncryptionAlgorithm", sealed.get("EncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    check("Encrypt: a ciphertext", isinstance(blob, bytes) and len(blob) > len(b"secret"), blob)
    opened = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
    equal("Decrypt: Plaintext", opened["Plaintext"], b"secret")
    equal("Decrypt: KeyId is the key ARN", opened["KeyId"], key_arn(sym))
    equal("Decrypt: EncryptionAlgorithm", opened.get("EncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    for ref in (sym, key_arn(sym), "alias/data", alias_arn("alias/data")):
        out = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context, KeyId=ref)
        equal(f"Decrypt KeyId={ref}", out["Plaintext"], b"secret")
        sealed = kms.encrypt(KeyId=ref, Plaintext=b"by " + ref.encode())
        equal(f"Encrypt KeyId={ref}", sealed["KeyId"], key_arn(sym))
    raises("other context", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=blob, EncryptionContext={"tenant": "evil"})
    raises("no context", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=blob)
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    raises("tampered", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=bytes(tampered), EncryptionContext=context)
    other = new_key(kms)
    raises("another key named", kms, "IncorrectKeyException", "decrypt", CiphertextBlob=blob, EncryptionContext=context, KeyId=other)
    big = kms.encrypt(KeyId=sym, Plaintext=b"x" * 4096)
    equal("Encrypt 4096 bytes", kms.decrypt(CiphertextBlob=big["CiphertextBlob"])["Plaintext"], b"x" * 4096)
    raises("4097 bytes", kms, "ValidationException", "encrypt", KeyId=sym, Plaintext=b"x" * 4097)

    moved = kms.re_encrypt(
        CiphertextBlob=blob,
        SourceEncryptionContext=context,
        DestinationKeyId=other,
        DestinationEncryptionContext={"moved": "yes"},
    )
    has_request_id("ReEncrypt", moved)
    equal("ReEncrypt: SourceKeyId", moved.get("SourceKeyId"), key_arn(sym))
    equal("ReEncrypt: KeyId", moved.get("KeyId"), key_arn(other))
    equal("ReEncrypt: SourceEncryptionAlgorithm", moved.get("SourceEncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    equal("ReEncrypt: DestinationEncryptionAlgorithm", moved.get("DestinationEncryptionAlgorithm"), "SYMMETRIC_DEFAULT")
    out = kms.decrypt(CiphertextBlob=moved["CiphertextBlob"], EncryptionContext={"moved": "yes"})
    equal("ReEncrypt: decrypts under the new key", (out["Plaintext"], out["KeyId"]), (b"secret", key_arn(other)))
    moved = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext=context, SourceKeyId="alias/data", DestinationKeyId=alias_arn("alias/data"))
    equal("ReEncrypt to the same key by alias ARN", kms.decrypt(CiphertextBlob=moved["CiphertextBlob"])["Plaintext"], b"secret")
    raises("source context missing", kms, "InvalidCiphertextException", "re_encrypt", CiphertextBlob=blob, DestinationKeyId=other)

    data_key = kms.generate_data_key(KeyId=sym, KeySpec="AES_256", EncryptionContext=context)
    equal("GenerateDataKey AES_256: 32 bytes", len(data_key["Plaintext"]), 32)
    equal("GenerateDataKey: KeyId is the key ARN", data_key["KeyId"], key_arn(sym))
    out = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKey: the ciphertext decrypts to the plaintext", out["Plaintext"], data_key["Plaintext"])
    equal("GenerateDataKey AES_128: 16 bytes", len(kms.generate_data_key(KeyId="alias/data", KeySpec="AES_128")["Plaintext"]), 16)
    equal("GenerateDataKey NumberOfBytes=64", len(kms.generate_data_key(KeyId=key_arn(sym), NumberOfBytes=64)["Plaintext"]), 64)
    raises("KeySpec and NumberOfBytes", kms, "ValidationException", "generate_data_key", KeyId=sym, KeySpec="AES_256", NumberOfBytes=32)
    bare = kms.generate_data_key_without_plaintext(KeyId="alias/data", KeySpec="AES_256", EncryptionContext=context)
    check("GenerateDataKeyWithoutPlaintext: no Plaintext", "Plaintext" not in bare, list(bare))
    equal("GenerateDataKeyWithoutPlaintext: KeyId", bare["KeyId"], key_arn(sym))
    out = kms.decrypt(CiphertextBlob=bare["CiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKeyWithoutPlaintext: decrypts to 32 bytes", len(out["Plaintext"]), 32)

    pair = kms.generate_data_key_pair(KeyId=sym, KeyPairSpec="ECC_NIST_P256", EncryptionContext=context)
    equal("GenerateDataKeyPair: KeyPairSpec", pair.get("KeyPairSpec"), "ECC_NIST_P256")
    equal("GenerateDataKeyPair: KeyId", pair.get("KeyId"), key_arn(sym))
    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    check("GenerateDataKeyPair: a P-256 PKCS#8 private key", isinstance(private, ec.EllipticCurvePrivateKey) and private.curve.name == "secp256r1")
    public_der = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    equal("GenerateDataKeyPair: PublicKey is the private key's (SPKI DER)", pair["PublicKey"], public_der)
    out = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"], EncryptionContext=context)
    equal("GenerateDataKeyPair: PrivateKeyCiphertextBlob decrypts to the private key", out["Plaintext"], pair["PrivateKeyPlaintext"])
    pair = kms.generate_data_key_pair_without_plaintext(KeyId="alias/data", KeyPairSpec="RSA_2048")
    check("GenerateDataKeyPairWithoutPlaintext: no PrivateKeyPlaintext", "PrivateKeyPlaintext" not in pair, list(pair))
    equal("GenerateDataKeyPairWithoutPlaintext: KeyPairSpec", pair.get("KeyPairSpec"), "RSA_2048")
    private = serialization.load_der_private_key(kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"], password=None)
    check("GenerateDataKeyPairWithoutPlaintext: an RSA 2048 private key", isinstance(private, rsa.RSAPrivateKey) and private.key_size == 2048)
    public_der = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    equal("GenerateDataKeyPairWithoutPlaintext: PublicKey matches", pair["PublicKey"], public_der)

    random = kms.generate_random(NumberOfBytes=32)
    has_request_id("GenerateRandom", random)
    equal("GenerateRandom: 32 bytes", len(random["Plaintext"]), 32)
    check("GenerateRandom: not twice the same", random["Plaintext"] != kms.generate_random(NumberOfBytes=32)["Plaintext"])
    equal("GenerateRandom: 1024 bytes", len(kms.generate_random(NumberOfBytes=1024)["Plaintext"]), 1024)
    raises("1025 bytes", kms, "ValidationException", "generate_random", NumberOfBytes=1025)

    rsa_key = new_key(kms, KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")
    info = kms.get_public_key(KeyId=rsa_key)
    equal("GetPublicKey RSA_2048: KeyId", info["KeyId"], key_arn(rsa_key))
    equal("GetPublicKey RSA_2048: KeySpec", info.get("KeySpec"), "RSA_2048")
    equal("GetPublicKey RSA_2048: KeyUsage", info.get("KeyUsage"), "ENCRYPT_DECRYPT")
    equal("GetPublicKey RSA_2048: EncryptionAlgorithms", set(info.get("EncryptionAlgorithms", [])), {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"})
    public = serialization.load_der_public_key(info["PublicKey"])
    check("GetPublicKey RSA_2048: an RSA 2048 SPKI", isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048)
    sealed = kms.encrypt(KeyId=rsa_key, Plaintext=b"to rsa", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    equal("Encrypt RSAES_OAEP_SHA_256: EncryptionAlgorithm", sealed.get("EncryptionAlgorithm"), "RSAES_OAEP_SHA_256")
    equal("Encrypt RSAES_OAEP_SHA_256: a 256-byte ciphertext", len(sealed["CiphertextBlob"]), 256)
    out = kms.decrypt(CiphertextBlob=sealed["CiphertextBlob"], KeyId=rsa_key, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    equal("Decrypt RSAES_OAEP_SHA_256", out["Plaintext"], b"to rsa")
    for name, algorithm in (("RSAES_OAEP_SHA_256", hashes.SHA256()), ("RSAES_OAEP_SHA_1", hashes.SHA1())):
        local = public.encrypt(b"from cryptography", oaep(algorithm))
        out = kms.decrypt(CiphertextBlob=local, KeyId=key_arn(rsa_key), EncryptionAlgorithm=name)
        equal(f"Decrypt {name} of what cryptography encrypted", out["Plaintext"], b"from cryptography")
    raises("wrong OAEP hash", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=sealed["CiphertextBlob"], KeyId=rsa_key, EncryptionAlgorithm="RSAES_OAEP_SHA_1")
    raises("symmetric algorithm on an RSA key", kms, "InvalidKeyUsageException", "encrypt", KeyId=rsa_key, Plaintext=b"x", EncryptionAlgorithm="SYMMETRIC_DEFAULT")
    raises("RSA algorithm on a symmetric key", kms, "InvalidKeyUsageException", "encrypt", KeyId=sym, Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")


def section_signing(kms):
    """Sign, Verify, GetPublicKey (ECC_NIST_P256, RSA_2048), GenerateMac,
    VerifyMac (HMAC_256); signatures checked with `cryptography`."""
    message = b"release 1.0\n"
    digest = hashlib.sha256(message).digest()
    ec_key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    kms.create_alias(AliasName="alias/signer", TargetKeyId=ec_key)
    info = kms.get_public_key(KeyId="alias/signer")
    has_request_id("GetPublicKey", info)
    equal("GetPublicKey ECC_NIST_P256: KeyId", info["KeyId"], key_arn(ec_key))
    equal("GetPublicKey ECC_NIST_P256: KeySpec", info.get("KeySpec"), "ECC_NIST_P256")
    equal("GetPublicKey ECC_NIST_P256: KeyUsage", info.get("KeyUsage"), "SIGN_VERIFY")
    equal("GetPublicKey ECC_NIST_P256: SigningAlgorithms", info.get("SigningAlgorithms"), ["ECDSA_SHA_256"])
    public = serialization.load_der_public_key(info["PublicKey"])
    check("GetPublicKey ECC_NIST_P256: a P-256 SPKI", isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1")

    signed = kms.sign(KeyId="alias/signer", Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    has_request_id("Sign", signed)
    equal("Sign: KeyId", signed["KeyId"], key_arn(ec_key))
    equal("Sign: SigningAlgorithm", signed.get("SigningAlgorithm"), "ECDSA_SHA_256")
    signature = signed["Signature"]
    try:
        public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        check("Sign ECDSA_SHA_256 RAW: cryptography verifies the DER signature", True)
    except InvalidSignature:
        check("Sign ECDSA_SHA_256 RAW: cryptography verifies the DER signature", False)
    verified = kms.verify(KeyId=key_arn(ec_key), Message=message, MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    equal("Verify: SignatureValid", verified["SignatureValid"], True)
    equal("Verify: KeyId", verified["KeyId"], key_arn(ec_key))
    equal("Verify: SigningAlgorithm", verified.get("SigningAlgorithm"), "ECDSA_SHA_256")
    signed = kms.sign(KeyId=ec_key, Message=digest, MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")
    try:
        public.verify(signed["Signature"], digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        check("Sign ECDSA_SHA_256 DIGEST: cryptography verifies", True)
    except InvalidSignature:
        check("Sign ECDSA_SHA_256 DIGEST: cryptography verifies", False)
    verified = kms.verify(KeyId=ec_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm="ECDSA_SHA_256")
    equal("Verify RAW of a DIGEST signature", verified["SignatureValid"], True)
    local = ec.generate_private_key(ec.SECP256R1()).sign(message, ec.ECDSA(hashes.SHA256()))
    raises("another key's signature", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=message, MessageType="RAW", Signature=local, SigningAlgorithm="ECDSA_SHA_256")
    raises("another message", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=b"release 2.0\n", MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    raises("31-byte digest", kms, "ValidationException", "sign", KeyId=ec_key, Message=digest[:31], MessageType="DIGEST", SigningAlgorithm="ECDSA_SHA_256")
    raises("4097-byte message", kms, "ValidationException", "sign", KeyId=ec_key, Message=b"m" * 4097, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    raises("RSA algorithm on an ECC key", kms, "InvalidKeyUsageException", "sign", KeyId=ec_key, Message=message, MessageType="RAW", SigningAlgorithm="RSASSA_PSS_SHA_256")

    rsa_key = new_key(kms, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")
    info = kms.get_public_key(KeyId=key_arn(rsa_key))
    equal("GetPublicKey RSA_2048 SIGN_VERIFY: KeyUsage", info.get("KeyUsage"), "SIGN_VERIFY")
    public = serialization.load_der_public_key(info["PublicKey"])
    schemes = (
        ("RSASSA_PSS_SHA_256", padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)),
        ("RSASSA_PKCS1_V1_5_SHA_256", padding.PKCS1v15()),
    )
    for algorithm, scheme in schemes:
        signed = kms.sign(KeyId=rsa_key, Message=message, MessageType="RAW", SigningAlgorithm=algorithm)
        equal(f"Sign {algorithm}: 256 bytes", len(signed["Signature"]), 256)
        try:
            public.verify(signed["Signature"], message, scheme, hashes.SHA256())
            check(f"Sign {algorithm}: cryptography verifies", True)
        except InvalidSignature:
            check(f"Sign {algorithm}: cryptography verifies", False)
        verified = kms.verify(KeyId=rsa_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm=algorithm)
        equal(f"Verify {algorithm}", verified["SignatureValid"], True)
    raises("PSS signature checked as PKCS#1", kms, "KMSInvalidSignatureException", "verify", KeyId=rsa_key, Message=message, MessageType="RAW", Signature=signed["Signature"], SigningAlgorithm="RSASSA_PSS_SHA_256")

    mac_key = new_key(kms, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    kms.create_alias(AliasName="alias/mac", TargetKeyId=mac_key)
    mac = kms.generate_mac(KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_256")
    has_request_id("GenerateMac", mac)
    equal("GenerateMac: 32 bytes", len(mac["Mac"]), 32)
    equal("GenerateMac: KeyId", mac["KeyId"], key_arn(mac_key))
    equal("GenerateMac: MacAlgorithm", mac.get("MacAlgorithm"), "HMAC_SHA_256")
    again = kms.generate_mac(KeyId=key_arn(mac_key), Message=b"hello", MacAlgorithm="HMAC_SHA_256")
    equal("GenerateMac: deterministic", again["Mac"], mac["Mac"])
    verified = kms.verify_mac(KeyId="alias/mac", Message=b"hello", MacAlgorithm="HMAC_SHA_256", Mac=mac["Mac"])
    equal("VerifyMac: MacValid", verified["MacValid"], True)
    equal("VerifyMac: KeyId", verified["KeyId"], key_arn(mac_key))
    bad = bytes([mac["Mac"][0] ^ 1]) + mac["Mac"][1:]
    raises("altered MAC", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_256", Mac=bad)
    raises("another message", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"hellO", MacAlgorithm="HMAC_SHA_256", Mac=mac["Mac"])
    raises("HMAC_SHA_384 on an HMAC_256 key", kms, "InvalidKeyUsageException", "generate_mac", KeyId=mac_key, Message=b"hello", MacAlgorithm="HMAC_SHA_384")
    raises("sign with an HMAC key", kms, "InvalidKeyUsageException", "sign", KeyId=mac_key, Message=message, MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")


def section_rotation(kms):
    """EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
    ListKeyRotations, RotateKeyOnDemand; old ciphertexts still decrypt."""
    key = new_key(kms)
    kms.create_alias(AliasName="alias/rotating", TargetKeyId=key)
    status = kms.get_key_rotation_status(KeyId="alias/rotating")
    has_request_id("GetKeyRotationStatus", status)
    equal("GetKeyRotationStatus (new key)", status["KeyRotationEnabled"], False)
    check("GetKeyRotationStatus: KeyId", refers_to(status.get("KeyId"), key), status.get("KeyId"))
    before = kms.encrypt(KeyId=key, Plaintext=b"before rotation")["CiphertextBlob"]

    kms.enable_key_rotation(KeyId="alias/rotating", RotationPeriodInDays=90)
    status = kms.get_key_rotation_status(KeyId=key_arn(key))
    equal("EnableKeyRotation 90: enabled", status["KeyRotationEnabled"], True)
    equal("EnableKeyRotation 90: RotationPeriodInDays", status.get("RotationPeriodInDays"), 90)
    near("EnableKeyRotation 90: NextRotationDate", status.get("NextRotationDate"), now() + datetime.timedelta(days=90), datetime.timedelta(days=1))

    rotated = kms.rotate_key_on_demand(KeyId=key)
    has_request_id("RotateKeyOnDemand", rotated)
    check("RotateKeyOnDemand: KeyId", refers_to(rotated.get("KeyId"), key), rotated.get("KeyId"))
    rotations = kms.list_key_rotations(KeyId=alias_arn("alias/rotating"))
    has_request_id("ListKeyRotations", rotations)
    entries = rotations["Rotations"]
    equal("ListKeyRotations: one rotation", len(entries), 1)
    if entries:
        equal("ListKeyRotations: RotationType", entries[0].get("RotationType"), "ON_DEMAND")
        check("ListKeyRotations: KeyId", refers_to(entries[0].get("KeyId"), key), entries[0])
        near("ListKeyRotations: RotationDate", entries[0].get("RotationDate"), now(), datetime.timedelta(minutes=5))
    equal("after rotation: the old ciphertext decrypts", kms.decrypt(CiphertextBlob=before)["Plaintext"], b"before rotation")
    after = kms.encrypt(KeyId=key, Plaintext=b"after rotation")["CiphertextBlob"]
    equal("after rotation: a new ciphertext decrypts", kms.decrypt(CiphertextBlob=after)["Plaintext"], b"after rotation")
    kms.rotate_key_on_demand(KeyId=key_arn(key))
    page = kms.list_key_rotations(KeyId=key, Limit=1)
    equal("ListKeyRotations Limit=1: one entry", len(page["Rotations"]), 1)
    equal("ListKeyRotations Limit=1: Truncated", page.get("Truncated"), True)
    rest = kms.list_key_rotations(KeyId=key, Limit=1, Marker=page.get("NextMarker", ""))
    equal("ListKeyRotations Marker: the second rotation", len(rest["Rotations"]), 1)
    equal("ListKeyRotations Marker: not truncated", rest.get("Truncated"), False)

    kms.disable_key_rotation(KeyId=alias_arn("alias/rotating"))
    equal("DisableKeyRotation", kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"], False)
    kms.enable_key_rotation(KeyId=key)
    equal("EnableKeyRotation: default period 365", kms.get_key_rotation_status(KeyId=key).get("RotationPeriodInDays"), 365)
    unchecked = client(validate=False)
    raises("RotationPeriodInDays 2561", unchecked, "ValidationException", "enable_key_rotation", KeyId=key, RotationPeriodInDays=2561)
    ec_key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    raises("asymmetric key", kms, "UnsupportedOperationException", "enable_key_rotation", KeyId=ec_key)
    raises("asymmetric key", kms, "UnsupportedOperationException", "rotate_key_on_demand", KeyId=ec_key)
    kms.disable_key(KeyId=key)
    raises("disabled key", kms, "DisabledException", "enable_key_rotation", KeyId=key)
    raises("disabled key", kms, "DisabledException", "rotate_key_on_demand", KeyId=key)


def wrap(public_der, material):
    """RSAES_OAEP_SHA_256 of `material` under the wrapping key AWS gave."""
    public = serialization.load_der_public_key(public_der)
    return public.encrypt(material, oaep(hashes.SHA256()))


def section_import(kms):
    """GetParametersForImport, ImportKeyMaterial (RSAES_OAEP_SHA_256 wrapped
    with `cryptography`), DeleteImportedKeyMaterial, and their errors."""
    meta = kms.create_key(Origin="EXTERNAL", Description="imported")["KeyMetadata"]
    key = meta["KeyId"]
    equal("CreateKey EXTERNAL: Origin", meta["Origin"], "EXTERNAL")
    equal("CreateKey EXTERNAL: KeyState", meta["KeyState"], "PendingImport")
    equal("CreateKey EXTERNAL: Enabled", meta["Enabled"], False)
    raises("no material yet", kms, "KMSInvalidStateException", "encrypt", KeyId=key, Plaintext=b"x")

    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    has_request_id("GetParametersForImport", params)
    equal("GetParametersForImport: KeyId", params["KeyId"], key_arn(key))
    near("GetParametersForImport: ParametersValidTo", params.get("ParametersValidTo"), now() + datetime.timedelta(hours=24), datetime.timedelta(minutes=10))
    public = serialization.load_der_public_key(params["PublicKey"])
    check("GetParametersForImport: an RSA 2048 wrapping key", isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048)
    material = os.urandom(32)

    raises("garbage token", kms, "InvalidImportTokenException", "import_key_material", KeyId=key, ImportToken=b"not a token", EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    second = new_key(kms, Origin="EXTERNAL")
    raises("another key's token", kms, "InvalidImportTokenException", "import_key_material", KeyId=second, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    raises("material not wrapped with the key", kms, "InvalidCiphertextException", "import_key_material", KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=os.urandom(256), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")

    kms.create_alias(AliasName="alias/imported", TargetKeyId=key)
    imported = kms.import_key_material(KeyId=key_arn(key), ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    has_request_id("ImportKeyMaterial", imported)
    meta = describe(kms, key)
    equal("ImportKeyMaterial: KeyState", meta["KeyState"], "Enabled")
    equal("ImportKeyMaterial: Enabled", meta["Enabled"], True)
    equal("ImportKeyMaterial: ExpirationModel", meta.get("ExpirationModel"), "KEY_MATERIAL_DOES_NOT_EXPIRE")
    check("ImportKeyMaterial: no ValidTo", "ValidTo" not in meta, meta.get("ValidTo"))
    sealed = kms.encrypt(KeyId=key, Plaintext=b"imported")["CiphertextBlob"]
    equal("imported key: Decrypt", kms.decrypt(CiphertextBlob=sealed)["Plaintext"], b"imported")

    deleted = kms.delete_imported_key_material(KeyId="alias/imported")
    has_request_id("DeleteImportedKeyMaterial", deleted)
    equal("DeleteImportedKeyMaterial: KeyState", describe(kms, key)["KeyState"], "PendingImport")
    raises("material deleted", kms, "KMSInvalidStateException", "encrypt", KeyId=key, Plaintext=b"x")
    raises("material deleted", kms, "KMSInvalidStateException", "decrypt", CiphertextBlob=sealed)

    params = kms.get_parameters_for_import(KeyId=key_arn(key), WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    raises("other material", kms, "IncorrectKeyMaterialException", "import_key_material", KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], os.urandom(32)), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    valid_to = (now() + datetime.timedelta(days=1)).replace(microsecond=0)
    kms.import_key_material(KeyId=alias_arn("alias/imported"), ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrap(params["PublicKey"], material), ValidTo=valid_to, ExpirationModel="KEY_MATERIAL_EXPIRES")
    meta = describe(kms, key)
    equal("re-import of the same material: KeyState", meta["KeyState"], "Enabled")
    near("re-import with ValidTo: ValidTo", meta.get("ValidTo"), valid_to, datetime.timedelta(seconds=1))
    equal("re-import with ValidTo: ExpirationModel", meta.get("ExpirationModel"), "KEY_MATERIAL_EXPIRES")
    equal("re-import: the old ciphertext decrypts", kms.decrypt(CiphertextBlob=sealed)["Plaintext"], b"imported")

    plain = new_key(kms)
    raises("AWS_KMS key", kms, "UnsupportedOperationException", "get_parameters_for_import", KeyId=plain, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    raises("AWS_KMS key", kms, "UnsupportedOperationException", "delete_imported_key_material", KeyId=plain)
    raises("algorithm and spec that do not go together", kms, "ValidationException", "get_parameters_for_import", KeyId=second, WrappingAlgorithm="SM2PKE", WrappingKeySpec="RSA_2048")


def raw_request(target, body=b"{}", sign=True):
    """A POST / to the server with X-Amz-Target `target`, signed with
    account A's key (SigV4, botocore's signer) unless `sign` is false."""
    request = AWSRequest(
        method="POST",
        url=ENDPOINT + "/",
        data=body,
        headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"},
    )
    if sign:
        SigV4Auth(Credentials(AKID_A, SECRET_A), "kms", REGION).add_auth(request)
    response = URLLib3Session().send(request.prepare())
    headers = {k.lower(): v for k, v in response.headers.items()}
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        body = {"not JSON": response.content[:200]}
    return response.status_code, headers, body


def section_errors(kms):
    """Every exception class where AWS raises it."""
    sym = new_key(kms)
    other = new_key(kms)
    ec_key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    mac_key = new_key(kms, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    blob = kms.encrypt(KeyId=sym, Plaintext=b"data")["CiphertextBlob"]
    missing = str(uuid.uuid4())

    error = raises("unknown key id", kms, "NotFoundException", "describe_key", KeyId=missing)
    if error is not None:
        check("an error response has a RequestId", bool(error.response["ResponseMetadata"].get("RequestId")), error.response)
        equal("an error response has status 400", error.response["ResponseMetadata"].get("HTTPStatusCode"), 400)
    raises("unknown key ARN", kms, "NotFoundException", "describe_key", KeyId=key_arn(missing))
    raises("unknown alias", kms, "NotFoundException", "describe_key", KeyId="alias/missing")
    raises("unknown alias ARN", kms, "NotFoundException", "encrypt", KeyId=alias_arn("alias/missing"), Plaintext=b"x")
    raises("unknown key", kms, "NotFoundException", "encrypt", KeyId=missing, Plaintext=b"x")
    raises("unknown key", kms, "NotFoundException", "tag_resource", KeyId=missing, Tags=[{"TagKey": "a", "TagValue": "b"}])

    kms.disable_key(KeyId=sym)
    raises("disabled key", kms, "DisabledException", "encrypt", KeyId=sym, Plaintext=b"x")
    raises("disabled key", kms, "DisabledException", "decrypt", CiphertextBlob=blob)
    raises("disabled key", kms, "DisabledException", "generate_data_key", KeyId=sym, KeySpec="AES_256")
    kms.enable_key(KeyId=sym)

    kms.schedule_key_deletion(KeyId=other, PendingWindowInDays=7)
    raises("pending deletion", kms, "KMSInvalidStateException", "encrypt", KeyId=other, Plaintext=b"x")
    raises("pending deletion", kms, "KMSInvalidStateException", "enable_key", KeyId=other)
    raises("pending deletion", kms, "KMSInvalidStateException", "schedule_key_deletion", KeyId=other, PendingWindowInDays=7)
    raises("not pending deletion", kms, "KMSInvalidStateException", "cancel_key_deletion", KeyId=sym)

    raises("encrypt with a SIGN_VERIFY key", kms, "InvalidKeyUsageException", "encrypt", KeyId=ec_key, Plaintext=b"x")
    raises("sign with an ENCRYPT_DECRYPT key", kms, "InvalidKeyUsageException", "sign", KeyId=sym, Message=b"x", MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    raises("MAC with an ENCRYPT_DECRYPT key", kms, "InvalidKeyUsageException", "generate_mac", KeyId=sym, Message=b"x", MacAlgorithm="HMAC_SHA_256")
    third = new_key(kms)
    raises("ciphertext of another key", kms, "IncorrectKeyException", "decrypt", CiphertextBlob=blob, KeyId=third)
    raises("garbage ciphertext", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=os.urandom(64))
    signature = kms.sign(KeyId=ec_key, Message=b"x", MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    raises("bad signature", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=b"y", MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    raises("bad MAC", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"x", MacAlgorithm="HMAC_SHA_256", Mac=b"\x00" * 32)

    raises("NumberOfBytes 1025", kms, "ValidationException", "generate_random", NumberOfBytes=1025)
    raises("PendingWindowInDays 31", kms, "ValidationException", "schedule_key_deletion", KeyId=sym, PendingWindowInDays=31)
    raises("a 4097-byte plaintext", kms, "ValidationException", "encrypt", KeyId=sym, Plaintext=b"x" * 4097)
    unchecked = client(validate=False)
    raises("no Plaintext member", unchecked, "ValidationException", "encrypt", KeyId=sym)
    raises("NumberOfBytes 0", unchecked, "ValidationException", "generate_random", NumberOfBytes=0)
    raises("PendingWindowInDays 6", unchecked, "ValidationException", "schedule_key_deletion", KeyId=sym, PendingWindowInDays=6)
    raises("unknown key spec", unchecked, "ValidationException", "create_key", KeySpec="RSA_1024")

    kms.create_alias(AliasName="alias/taken", TargetKeyId=sym)
    raises("alias without alias/", kms, "InvalidAliasNameException", "create_alias", AliasName="taken", TargetKeyId=sym)
    raises("alias taken", kms, "AlreadyExistsException", "create_alias", AliasName="alias/taken", TargetKeyId=third)
    raises("51 tags", kms, "LimitExceededException", "tag_resource", KeyId=sym, Tags=[{"TagKey": f"k{i}", "TagValue": "v"} for i in range(51)])
    external = new_key(kms, Origin="EXTERNAL")
    raises("no import parameters", kms, "InvalidImportTokenException", "import_key_material", KeyId=external, ImportToken=os.urandom(36), EncryptedKeyMaterial=os.urandom(256), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")

    error = raises("grants", kms, "UnsupportedOperationException", "create_grant", KeyId=sym, GranteePrincipal=f"arn:aws:iam::{ACCOUNT_A}:role/app", Operations=["Decrypt"])
    if error is not None:
        check("CreateGrant: the message names the operation", "CreateGrant" in error.response["Error"]["Message"], error.response["Error"])
    error = raises("key policies", kms, "UnsupportedOperationException", "get_key_policy", KeyId=sym, PolicyName="default")
    if error is not None:
        check("GetKeyPolicy: the message names the operation", "GetKeyPolicy" in error.response["Error"]["Message"], error.response["Error"])
    raises("multi-Region keys", kms, "UnsupportedOperationException", "replicate_key", KeyId=sym, ReplicaRegion="us-west-2")
    raises("symmetric key", kms, "UnsupportedOperationException", "get_public_key", KeyId=sym)
    raises("DryRun", kms, "DryRunOperationException", "encrypt", KeyId=sym, Plaintext=b"x", DryRun=True)

    status, headers, body = raw_request("TrentService.NoSuchOperation")
    equal("bogus target: status 400", status, 400)
    equal("bogus target: __type", body.get("__type"), "UnknownOperationException")
    check("bogus target: x-amzn-RequestId", bool(headers.get("x-amzn-requestid")), headers)
    equal("bogus target: Content-Type", headers.get("content-type"), "application/x-amz-json-1.1")
    status, headers, body = raw_request("TrentService.ListKeys", sign=False)
    equal("unsigned request: status 400", status, 400)
    equal("unsigned request: __type", body.get("__type"), "MissingAuthenticationTokenException")
    status, headers, body = raw_request("TrentService.ListKeys", body=b"{not json")
    equal("body not JSON: status 400", status, 400)
    equal("body not JSON: __type", body.get("__type"), "SerializationException")
    status, headers, body = raw_request("TrentService.ListKeys")
    equal("a raw signed ListKeys: status 200", status, 200)
    check("a raw signed ListKeys: Keys", isinstance(body.get("Keys"), list), body)


def section_accounts(kms):
    """Account isolation through boto3, and the refusals of a wrong secret,
    an unknown access key and a wrong region."""
    a, b = kms, client(AKID_B, SECRET_B)
    key_a = new_key(a, Description="account A's")
    a.create_alias(AliasName="alias/shared", TargetKeyId=key_a)
    meta_b = b.create_key(Description="account B's")["KeyMetadata"]
    key_b = meta_b["KeyId"]
    equal("B's key: AWSAccountId", meta_b.get("AWSAccountId"), ACCOUNT_B)
    equal("B's key: Arn", meta_b.get("Arn"), key_arn(key_b, ACCOUNT_B))

    raises("A's key id, asked by B", b, "NotFoundException", "describe_key", KeyId=key_a)
    raises("A's key ARN, asked by B", b, "NotFoundException", "describe_key", KeyId=key_arn(key_a))
    raises("A's key ARN, asked by B", b, "NotFoundException", "encrypt", KeyId=key_arn(key_a), Plaintext=b"x")
    raises("A's alias, asked by B", b, "NotFoundException", "describe_key", KeyId="alias/shared")
    raises("A's alias ARN, asked by B", b, "NotFoundException", "describe_key", KeyId=alias_arn("alias/shared"))
    raises("A's key, disabled by B", b, "NotFoundException", "disable_key", KeyId=key_a)
    raises("B's key, asked by A", a, "NotFoundException", "describe_key", KeyId=key_b)
    sealed = a.encrypt(KeyId=key_a, Plaintext=b"A only")["CiphertextBlob"]
    raises_any("A's ciphertext, decrypted by B", b, ("NotFoundException", "InvalidCiphertextException", "AccessDeniedException"), "decrypt", CiphertextBlob=sealed)
    listed_b = [k["KeyId"] for k in b.list_keys()["Keys"]]
    equal("B's ListKeys: only B's key", listed_b, [key_b])
    listed_a = [k["KeyId"] for k in a.list_keys()["Keys"]]
    equal("A's ListKeys: only A's key", listed_a, [key_a])
    check("B's ListAliases: not A's alias", "alias/shared" not in {x["AliasName"] for x in b.list_aliases()["Aliases"]})
    b.create_alias(AliasName="alias/shared", TargetKeyId=key_b)
    equal("the same alias name in B names B's key", describe(b, "alias/shared")["KeyId"], key_b)
    equal("and in A still A's", describe(a, "alias/shared")["KeyId"], key_a)

    raises("wrong secret", client(AKID_A, "not the secret"), "InvalidSignatureException", "list_keys")
    raises("unknown access key", client("AKIDUNKNOWN", SECRET_A), "UnrecognizedClientException", "list_keys")
    raises("signed for another region", client(region="us-east-1"), "InvalidSignatureException", "list_keys")


SECTIONS = {
    "keys": section_keys,
    "aliases": section_aliases,
    "pagination": section_pagination,
    "crypto": section_crypto,
    "signing": section_signing,
    "rotation": section_rotation,
    "import": section_import,
    "errors": section_errors,
    "accounts": section_accounts,
}


def main(names):
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {ENDPOINT}")
    kms = client()
    for name in names or list(SECTIONS):
        print(f"--- {name}")
        SECTIONS[name](kms)
    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) failed:")
        for label in FAILURES:
            print(f"  {label}")
        sys.exit(1)
    print(f"all checks passed ({PASSED[0]})")


if __name__ == "__main__":
    main(sys.argv[1:])
