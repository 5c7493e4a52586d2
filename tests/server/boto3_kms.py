#!/usr/bin/env python3
"""boto3 against `kms serve`: every operation, every exception, pagination,
aliases and ARNs, account isolation and signature refusals.

Run by tests/server/boto3.rs (one section per test, each against a fresh
server):

    python3 boto3_kms.py SECTION...

The environment names the server and its accounts (see boto3_checks.py,
which has the checks, clients and names the sections use); the
cryptographic sections are in boto3_kms_crypto.py. Every check
prints one line (`ok` or `FAIL`); a failed check does not stop the section
(so one run reports every mismatch), an unexpected exception does. The
script exits 1 if any check failed.
"""

import datetime
import os
import sys
import uuid

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

import boto3
import botocore

from boto3_checks import (
    ACCOUNT_A, ACCOUNT_B, AKID_A, AKID_B, ENDPOINT, FAILURES, PASSED, SECRET_A, SECRET_B,
    alias_arn, check, client, describe, equal, has_request_id, key_arn, near, new_key, now,
    raises, raises_any, raw_request, refers_to, tags_of,
)
from boto3_kms_crypto import section_crypto, section_import, section_signing

# --- sections -------------------------------------------------------------


def section_keys(kms):
    """CreateKey (four specs), KeyMetadata, DescribeKey by every reference,
    ListKeys, Enable/Disable, UpdateKeyDescription, tags, deletion."""
    keys, default = keys_created(kms)
    keys_described_listed_and_updated(kms, keys, default)
    key_tagged(kms, keys["SYMMETRIC_DEFAULT"])
    key_deletion_scheduled_and_cancelled(kms, default)


def keys_created(kms):
    """CreateKey of four specs and with no arguments: the KeyMetadata. The
    keys by spec, and the one made with no arguments."""
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
    return keys, default["KeyId"]


def keys_described_listed_and_updated(kms, keys, default):
    """DescribeKey by every reference, ListKeys (`keys` by spec and
    `default`), UpdateKeyDescription, DisableKey and EnableKey."""
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


def key_tagged(kms, sym):
    """TagResource, UntagResource and ListResourceTags of `sym` (tagged
    `spec` when created, named `alias/keys`)."""
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


def key_deletion_scheduled_and_cancelled(kms, default):
    """ScheduleKeyDeletion and CancelKeyDeletion of the key `default`."""
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
    keys_in_pages(kms, ids)
    aliases_and_tags_in_pages(kms, ids)
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


def keys_in_pages(kms, ids):
    """ListKeys of the keys `ids` with Limit/Marker, and its paginator."""
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


def aliases_and_tags_in_pages(kms, ids):
    """ListAliases (its paginator, Limit/Marker) of aliases of the keys
    `ids`, and ListResourceTags (Limit/Marker) of the first one."""
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


def section_errors(kms):
    """Every exception class where AWS raises it."""
    sym = new_key(kms)
    other = new_key(kms)
    ec_key = new_key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    mac_key = new_key(kms, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    blob = kms.encrypt(KeyId=sym, Plaintext=b"data")["CiphertextBlob"]
    missing = str(uuid.uuid4())
    errors_of_references_and_states(kms, sym, other, blob, missing)
    third = errors_of_usage_and_ciphertexts(kms, sym, ec_key, mac_key, blob)
    validation_errors(kms, sym)
    errors_of_names_limits_and_imports(kms, sym, third)
    unsupported_operations(kms, sym)
    protocol_errors()


def errors_of_references_and_states(kms, sym, other, blob, missing):
    """NotFoundException for the key id `missing` and other unknown names;
    DisabledException and KMSInvalidStateException (`sym` disabled, then
    enabled again; `other` scheduled for deletion)."""
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


def errors_of_usage_and_ciphertexts(kms, sym, ec_key, mac_key, blob):
    """InvalidKeyUsageException, IncorrectKeyException,
    InvalidCiphertextException, KMSInvalidSignatureException and
    KMSInvalidMacException. The third symmetric key it made."""
    raises("encrypt with a SIGN_VERIFY key", kms, "InvalidKeyUsageException", "encrypt", KeyId=ec_key, Plaintext=b"x")
    raises("sign with an ENCRYPT_DECRYPT key", kms, "InvalidKeyUsageException", "sign", KeyId=sym, Message=b"x", MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")
    raises("MAC with an ENCRYPT_DECRYPT key", kms, "InvalidKeyUsageException", "generate_mac", KeyId=sym, Message=b"x", MacAlgorithm="HMAC_SHA_256")
    third = new_key(kms)
    raises("ciphertext of another key", kms, "IncorrectKeyException", "decrypt", CiphertextBlob=blob, KeyId=third)
    raises("garbage ciphertext", kms, "InvalidCiphertextException", "decrypt", CiphertextBlob=os.urandom(64))
    signature = kms.sign(KeyId=ec_key, Message=b"x", MessageType="RAW", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    raises("bad signature", kms, "KMSInvalidSignatureException", "verify", KeyId=ec_key, Message=b"y", MessageType="RAW", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
    raises("bad MAC", kms, "KMSInvalidMacException", "verify_mac", KeyId=mac_key, Message=b"x", MacAlgorithm="HMAC_SHA_256", Mac=b"\x00" * 32)
    return third


def validation_errors(kms, sym):
    """ValidationException, with boto3's parameter validation and without."""
    raises("NumberOfBytes 1025", kms, "ValidationException", "generate_random", NumberOfBytes=1025)
    raises("PendingWindowInDays 31", kms, "ValidationException", "schedule_key_deletion", KeyId=sym, PendingWindowInDays=31)
    raises("a 4097-byte plaintext", kms, "ValidationException", "encrypt", KeyId=sym, Plaintext=b"x" * 4097)
    unchecked = client(validate=False)
    raises("no Plaintext member", unchecked, "ValidationException", "encrypt", KeyId=sym)
    raises("NumberOfBytes 0", unchecked, "ValidationException", "generate_random", NumberOfBytes=0)
    raises("PendingWindowInDays 6", unchecked, "ValidationException", "schedule_key_deletion", KeyId=sym, PendingWindowInDays=6)
    raises("unknown key spec", unchecked, "ValidationException", "create_key", KeySpec="RSA_1024")


def errors_of_names_limits_and_imports(kms, sym, third):
    """InvalidAliasNameException, AlreadyExistsException,
    LimitExceededException, InvalidImportTokenException."""
    kms.create_alias(AliasName="alias/taken", TargetKeyId=sym)
    raises("alias without alias/", kms, "InvalidAliasNameException", "create_alias", AliasName="taken", TargetKeyId=sym)
    raises("alias taken", kms, "AlreadyExistsException", "create_alias", AliasName="alias/taken", TargetKeyId=third)
    raises("51 tags", kms, "LimitExceededException", "tag_resource", KeyId=sym, Tags=[{"TagKey": f"k{i}", "TagValue": "v"} for i in range(51)])
    external = new_key(kms, Origin="EXTERNAL")
    raises("no import parameters", kms, "InvalidImportTokenException", "import_key_material", KeyId=external, ImportToken=os.urandom(36), EncryptedKeyMaterial=os.urandom(256), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def unsupported_operations(kms, sym):
    """UnsupportedOperationException naming what is not served, and
    DryRunOperationException."""
    error = raises("grants", kms, "UnsupportedOperationException", "create_grant", KeyId=sym, GranteePrincipal=f"arn:aws:iam::{ACCOUNT_A}:role/app", Operations=["Decrypt"])
    if error is not None:
        check("CreateGrant: the message names the operation", "CreateGrant" in error.response["Error"]["Message"], error.response["Error"])
    error = raises("key policies", kms, "UnsupportedOperationException", "get_key_policy", KeyId=sym, PolicyName="default")
    if error is not None:
        check("GetKeyPolicy: the message names the operation", "GetKeyPolicy" in error.response["Error"]["Message"], error.response["Error"])
    raises("multi-Region keys", kms, "UnsupportedOperationException", "replicate_key", KeyId=sym, ReplicaRegion="us-west-2")
    raises("symmetric key", kms, "UnsupportedOperationException", "get_public_key", KeyId=sym)
    raises("DryRun", kms, "DryRunOperationException", "encrypt", KeyId=sym, Plaintext=b"x", DryRun=True)


def protocol_errors():
    """Raw requests: an unknown target, no signature, a body that is not
    JSON; and a raw signed request that works."""
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

