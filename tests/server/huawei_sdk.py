#!/usr/bin/env python3
"""Huawei Cloud's official KMS SDK (`huaweicloudsdkkms` on
`huaweicloudsdkcore`, signature `SDK-HMAC-SHA256`) against `kms serve`.

Run by tests/server/huawei.rs (one section per test, each against a fresh
server):

    python3 huawei_sdk.py SECTION...

The environment names the server and its accounts: KMS_ENDPOINT,
KMS_REGION, KMS_ACCOUNT_A/B, KMS_AKID_A/B, KMS_SECRET_A/B and
KMS_PROJECT_A/B (the Huawei project of each account's credential). Every
check prints one line (`ok` or `FAIL`); a failed check does not stop the
section. A section runs in parts: an exception no check expected ends the
part it happens in, is reported as that part's failure (with the error,
and a traceback unless the SDK raised it), and the next part runs. The
script exits 1 if any check failed.
"""

import base64
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ServiceResponseException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer import signer as signer_module
from huaweicloudsdkcore.signer.signer import Signer
import huaweicloudsdkkms.v2 as models
from huaweicloudsdkkms.v2 import KmsClient

ENDPOINT = os.environ["KMS_ENDPOINT"]
REGION = os.environ["KMS_REGION"]
ACCOUNT_A = os.environ["KMS_ACCOUNT_A"]
ACCOUNT_B = os.environ["KMS_ACCOUNT_B"]
AKID_A = os.environ["KMS_AKID_A"]
SECRET_A = os.environ["KMS_SECRET_A"]
AKID_B = os.environ["KMS_AKID_B"]
SECRET_B = os.environ["KMS_SECRET_B"]
PROJECT_A = os.environ["KMS_PROJECT_A"]
PROJECT_B = os.environ["KMS_PROJECT_B"]

MISSING_KEY = "00000000-0000-4000-8000-000000000000"

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


def raises(label, code, status, call, *args, **params):
    """Calls `call(*args, **params)` and checks that it raises the SDK's
    exception with Huawei error `code`, HTTP `status` and a request id.
    Returns the exception, or None."""
    name = f"{label}: raises {code} ({status})"
    try:
        call(*args, **params)
    except ServiceResponseException as e:
        check(name, e.error_code == code and e.status_code == status,
              f"got {e.error_code} ({e.status_code}): {e.error_msg}")
        check(f"{label}: the error carries a request id", bool(e.request_id), str(e))
        return e
    except Exception as e:
        check(name, False, f"raised {type(e).__name__}: {e}")
        return None
    check(name, False, "no exception")
    return None


def step(label, action, *args, **params):
    """Runs `action`; an exception fails `label` (with the error, and the
    traceback of one that is not the SDK's) instead of propagating.
    Returns the result or None."""
    try:
        return action(*args, **params)
    except ServiceResponseException as e:
        check(label, False, f"{e.error_code} ({e.status_code}): {e.error_msg}")
    except Exception as e:
        check(label, False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
    return None


def parts(functions, *args):
    """Runs each of `functions` with `args` as a part of the section: an
    exception fails that part (named by its docstring's first line) and the
    next part runs."""
    for function in functions:
        step(f"{function.__doc__.splitlines()[0].rstrip('.')}: ran to its end", function, *args)


# --- the SDK --------------------------------------------------------------


def client(akid=AKID_A, secret=SECRET_A, project=PROJECT_A):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    config.retry_times = 0
    return (
        KmsClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(akid, secret, project))
        .with_endpoint(ENDPOINT)
        .build()
    )


def request_class(method):
    """The SDK's request class of a KmsClient method: `encrypt_data` →
    `EncryptDataRequest`."""
    return getattr(models, "".join(part.title() for part in method.split("_")) + "Request")


def call(kms, method, **body):
    """`kms.<method>(<Method>Request(body=<its body class>(**body)))`."""
    request = request_class(method)
    body_class = getattr(models, request.openapi_types["body"])
    return getattr(kms, method)(request(body=body_class(**body)))


def call_with(kms, method, **params):
    """`kms.<method>(<Method>Request(**params))`, for the endpoints whose
    parameters are in the path or query."""
    return getattr(kms, method)(request_class(method)(**params))


def new_key(kms, alias, **params):
    """create-key; the new key's id."""
    return call(kms, "create_key", key_alias=alias, **params).key_info.key_id


def describe(kms, key_id):
    return call(kms, "list_key_detail", key_id=key_id).key_info


def b64(data):
    return base64.b64encode(data).decode()


def now_millis():
    return int(time.time() * 1000)


def near_now_millis(text, slack=120_000):
    """Whether `text` is epoch milliseconds within `slack` of now."""
    return text is not None and text.isdigit() and abs(int(text) - now_millis()) < slack


# --- sections -------------------------------------------------------------


def section_keys(kms):
    """create-key (defaults, specs, usages), describe-key, list-keys (limit,
    marker, key_state, key_spec; every page to the end), enable-key,
    disable-key, schedule-key-deletion, cancel-key-deletion,
    update-key-alias, update-key-description."""
    created = call(kms, "create_key", key_alias="first", key_description="made by Huawei's SDK")
    key_id = created.key_info.key_id
    equal("create-key answers with HTTP 200", created.status_code, 200)
    check("create-key key_id is a UUID", len(key_id or "") == 36, key_id)
    equal("create-key domain_id is the account", created.key_info.domain_id, ACCOUNT_A)

    info = describe(kms, key_id)
    equal("describe-key key_id", info.key_id, key_id)
    equal("describe-key key_alias", info.key_alias, "first")
    equal("describe-key default key_spec", info.key_spec, "AES_256")
    equal("describe-key default key_usage", info.key_usage, "ENCRYPT_DECRYPT")
    equal("describe-key key_description", info.key_description, "made by Huawei's SDK")
    equal("describe-key key_state: enabled", info.key_state, "2")
    equal("describe-key origin", info.origin, "kms")
    equal("describe-key domain_id", info.domain_id, ACCOUNT_A)
    equal("describe-key default_key_flag", info.default_key_flag, "0")
    equal("describe-key key_rotation_enabled", info.key_rotation_enabled, "false")
    check("describe-key creation_date is now (epoch ms)", near_now_millis(info.creation_date),
          info.creation_date)
    equal("describe-key by alias", describe(kms, "alias/first").key_id, key_id)

    for spec, usage in [
        ("SM4", "ENCRYPT_DECRYPT"),
        ("RSA_2048", "SIGN_VERIFY"),
        ("EC_P256", "SIGN_VERIFY"),
        ("EC_P384", "SIGN_VERIFY"),
        ("HMAC_256", "GENERATE_VERIFY_MAC"),
    ]:
        made = step(f"create-key {spec}", new_key, kms, f"spec-{spec.lower()}", key_spec=spec)
        if made:
            info = describe(kms, made)
            equal(f"create-key {spec}: key_spec", info.key_spec, spec)
            equal(f"create-key {spec}: Huawei's default key_usage", info.key_usage, usage)
    rsa = step("create-key RSA_3072 for encryption", new_key, kms, "rsa-encrypt",
               key_spec="RSA_3072", key_usage="ENCRYPT_DECRYPT")
    if rsa:
        equal("create-key RSA_3072 ENCRYPT_DECRYPT", describe(kms, rsa).key_usage,
              "ENCRYPT_DECRYPT")

    parts((keys_listing, keys_lifecycle, keys_renaming), kms, key_id)


def keys_listing(kms, key_id):
    """list-keys: limit, marker, key_state, key_spec."""
    # Seven keys so far, one of them AES_256; Huawei lists AES_256 keys
    # unless key_spec names another spec or ALL.
    default = call(kms, "list_keys")
    equal("list-keys without key_spec lists the AES_256 keys (Huawei's default)",
          default.keys, [key_id])
    sm4 = call(kms, "list_keys", key_spec="SM4")
    equal("list-keys key_spec SM4", [d.key_spec for d in sm4.key_details], ["SM4"])
    call(kms, "disable_key", key_id=key_id)
    disabled = call(kms, "list_keys", key_state="3")
    equal("list-keys key_state 3 (disabled)", disabled.keys, [key_id])
    call(kms, "enable_key", key_id=key_id)

    every = call(kms, "list_keys", key_spec="ALL", limit="1000")
    equal("list-keys ALL: total", every.total, 7)
    equal("list-keys ALL: keys and key_details agree", every.keys,
          [d.key_id for d in every.key_details])
    equal("list-keys ALL: truncated", every.truncated, "false")
    equal("list-keys key_state 2 (enabled), ALL",
          call(kms, "list_keys", key_state="2", key_spec="ALL").total, 7)
    pages, marker = [], None
    for number in range(1, 10):
        params = {"limit": "3", "key_spec": "ALL"}
        if marker:
            params["marker"] = marker
        page = call(kms, "list_keys", **params)
        pages.append(page.keys)
        equal(f"list-keys page {number}: total", page.total, 7)
        if page.truncated != "true":
            equal(f"list-keys page {number}: the last has no next_marker",
                  page.next_marker or "", "")
            break
        check(f"list-keys page {number}: next_marker", bool(page.next_marker), page.next_marker)
        marker = page.next_marker
    equal("list-keys pages of 3 to the end", [len(p) for p in pages], [3, 3, 1])
    equal("list-keys pages cover every key once", sorted(k for p in pages for k in p),
          sorted(every.keys))


def keys_lifecycle(kms, key_id):
    """enable-key, disable-key, schedule-key-deletion, cancel-key-deletion."""
    if describe(kms, key_id).key_state == "2":
        call(kms, "disable_key", key_id=key_id)
    answer = call(kms, "enable_key", key_id=key_id)
    equal("enable-key: key_info", (answer.key_info.key_id, answer.key_info.key_state),
          (key_id, "2"))
    answer = call(kms, "disable_key", key_id=key_id)
    equal("disable-key: key_info", (answer.key_info.key_id, answer.key_info.key_state),
          (key_id, "3"))
    equal("describe-key of a disabled key", describe(kms, key_id).key_state, "3")
    call(kms, "enable_key", key_id=key_id)

    scheduled = call(kms, "delete_key", key_id=key_id, pending_days="7")
    equal("schedule-key-deletion: key_state 4", (scheduled.key_id, scheduled.key_state),
          (key_id, "4"))
    info = describe(kms, key_id)
    equal("describe-key of a key pending deletion", info.key_state, "4")
    seven_days = now_millis() + 7 * 86_400_000
    check("schedule-key-deletion: scheduled_deletion_date in 7 days",
          info.scheduled_deletion_date.isdigit()
          and abs(int(info.scheduled_deletion_date) - seven_days) < 120_000,
          info.scheduled_deletion_date)
    cancelled = call(kms, "cancel_key_deletion", key_id=key_id)
    equal("cancel-key-deletion: key_state 3 (disabled)", (cancelled.key_id, cancelled.key_state),
          (key_id, "3"))
    call(kms, "enable_key", key_id=key_id)


def keys_renaming(kms, key_id):
    """update-key-alias, update-key-description."""
    renamed = call(kms, "update_key_alias", key_id=key_id, key_alias="renamed")
    equal("update-key-alias: key_info", (renamed.key_info.key_id, renamed.key_info.key_alias),
          (key_id, "renamed"))
    equal("describe-key after update-key-alias", describe(kms, key_id).key_alias, "renamed")
    equal("describe-key by the new alias", describe(kms, "alias/renamed").key_id, key_id)
    raises("describe-key by the old alias", "KMS.0207", 404, describe, kms, "alias/first")
    described = call(kms, "update_key_description", key_id=key_id, key_description="changed")
    equal("update-key-description: key_info",
          (described.key_info.key_id, described.key_info.key_description), (key_id, "changed"))
    equal("describe-key after update-key-description", describe(kms, key_id).key_description,
          "changed")


def section_aliases_and_tags(kms):
    """create-alias, list-aliases (limit, marker, key_id), associate-alias,
    delete-alias; create-tag, list-key-tags, batch-tags (create, delete),
    delete-tag."""
    first = new_key(kms, "tagged")
    second = new_key(kms, "other")

    made = call(kms, "create_alias", key_id=first, alias="alias/app")
    equal("create-alias: key_id and alias", (made.key_id, made.alias), (first, "alias/app"))
    equal("create-alias: domain_id", made.domain_id, ACCOUNT_A)
    check("create-alias: alias_urn names the alias", (made.alias_urn or "").endswith("alias/app"),
          made.alias_urn)
    check("create-alias: create_time is now", near_now_millis(made.create_time), made.create_time)
    call(kms, "create_alias", key_id=first, alias="alias/web")
    equal("describe-key by a created alias", describe(kms, "alias/app").key_id, first)

    # Four aliases: the keys' key_alias (alias/tagged, alias/other), app, web.
    every = call_with(kms, "list_aliases").body[0]
    equal("list-aliases: every alias", sorted(a.alias for a in every.aliases),
          ["alias/app", "alias/other", "alias/tagged", "alias/web"])
    equal("list-aliases: current_count", every.page_info.current_count, 4)
    of_first = call_with(kms, "list_aliases", key_id=first).body[0]
    equal("list-aliases by key_id", sorted(a.alias for a in of_first.aliases),
          ["alias/app", "alias/tagged", "alias/web"])
    check("list-aliases by key_id: every entry names the key",
          all(a.key_id == first for a in of_first.aliases))
    seen, marker = [], None
    for number in range(1, 6):
        params = {"limit": "3"}
        if marker:
            params["marker"] = marker
        page = call_with(kms, "list_aliases", **params).body[0]
        seen.append([a.alias for a in page.aliases])
        equal(f"list-aliases page {number}: current_count", page.page_info.current_count,
              len(page.aliases))
        marker = page.page_info.next_marker
        if not marker:
            break
    equal("list-aliases pages of 3", [len(p) for p in seen], [3, 1])
    equal("list-aliases pages cover every alias once", sorted(a for p in seen for a in p),
          sorted(a.alias for a in every.aliases))

    moved = call(kms, "associate_alias", alias="alias/app", target_key_id=second)
    equal("associate-alias: key_id", (moved.alias, moved.key_id), ("alias/app", second))
    equal("describe-key by a moved alias", describe(kms, "alias/app").key_id, second)
    call(kms, "delete_alias", key_id=first, aliases=["alias/web"])
    raises("describe-key by a deleted alias", "KMS.0207", 404, describe, kms, "alias/web")
    after = call_with(kms, "list_aliases").body[0]
    equal("list-aliases after delete-alias", sorted(a.alias for a in after.aliases),
          ["alias/app", "alias/other", "alias/tagged"])

    call_with(kms, "create_kms_tag", key_id=first,
              body=models.CreateKmsTagRequestBody(tag=models.TagItem(key="team", value="payments")))
    tags = call_with(kms, "show_kms_tags", key_id=first)
    equal("create-tag and list-key-tags", [(t.key, t.value) for t in tags.tags],
          [("team", "payments")])
    equal("list-key-tags existTagsNum", tags.exist_tags_num, 1)
    call_with(kms, "batch_create_kms_tags", key_id=first,
              body=models.BatchCreateKmsTagsRequestBody(
                  action="create",
                  tags=[models.TagItem(key="env", value="dev"),
                        models.TagItem(key="owner", value="ops")]))
    tags = call_with(kms, "show_kms_tags", key_id=first)
    equal("batch-tags create", sorted((t.key, t.value) for t in tags.tags),
          [("env", "dev"), ("owner", "ops"), ("team", "payments")])
    equal("list-key-tags existTagsNum after batch-tags", tags.exist_tags_num, 3)
    call_with(kms, "batch_create_kms_tags", key_id=first,
              body=models.BatchCreateKmsTagsRequestBody(
                  action="delete", tags=[models.TagItem(key="env", value="dev")]))
    tags = call_with(kms, "show_kms_tags", key_id=first)
    equal("batch-tags delete", sorted(t.key for t in tags.tags), ["owner", "team"])
    call_with(kms, "delete_tag", key_id=first, key="owner")
    tags = call_with(kms, "show_kms_tags", key_id=first)
    equal("delete-tag", [(t.key, t.value) for t in tags.tags], [("team", "payments")])
    equal("list-key-tags of an untagged key",
          call_with(kms, "show_kms_tags", key_id=second).tags, [])
    project = call_with(kms, "list_kms_tags")
    equal("list-project-tags", [(t.key, t.values) for t in project.tags],
          [("team", ["payments"])])


def section_crypto(kms):
    """encrypt-data and decrypt-data (with and without AAD), create-datakey
    (datakey_length in bits, key_spec), create-datakey-without-plaintext,
    encrypt-datakey, decrypt-datakey (hex, DEK ‖ SHA-256(DEK)), re-encrypt,
    gen-random."""
    key = new_key(kms, "crypto")
    other = new_key(kms, "crypto-other")

    def encryption():
        """encrypt-data and decrypt-data, with and without AAD."""
        sealed = call(kms, "encrypt_data", key_id=key, plain_text="hello, Huawei")
        equal("encrypt-data key_id", sealed.key_id, key)
        check("encrypt-data cipher_text is base64",
              step("cipher_text decodes", base64.b64decode, sealed.cipher_text or "", validate=True)
              is not None, sealed.cipher_text)
        opened = call(kms, "decrypt_data", cipher_text=sealed.cipher_text)
        equal("decrypt-data plain_text", opened.plain_text, "hello, Huawei")
        equal("decrypt-data plain_text_base64", opened.plain_text_base64, b64(b"hello, Huawei"))
        equal("decrypt-data key_id", opened.key_id, key)

        bound = call(kms, "encrypt_data", key_id=key, plain_text="bound",
                     additional_authenticated_data="tenant-1")
        opened = call(kms, "decrypt_data", cipher_text=bound.cipher_text,
                      additional_authenticated_data="tenant-1")
        equal("decrypt-data with the AAD", opened.plain_text, "bound")
        raises("decrypt-data without the AAD", "KMS.2201", 400, call, kms, "decrypt_data",
               cipher_text=bound.cipher_text)
        raises("decrypt-data with another AAD", "KMS.2201", 400, call, kms, "decrypt_data",
               cipher_text=bound.cipher_text, additional_authenticated_data="tenant-2")
        sm4 = new_key(kms, "crypto-sm4", key_spec="SM4")
        sealed = call(kms, "encrypt_data", key_id=sm4, plain_text="under SM4")
        opened = call(kms, "decrypt_data", cipher_text=sealed.cipher_text)
        equal("encrypt-data and decrypt-data with an SM4 key", (opened.plain_text, opened.key_id),
              ("under SM4", sm4))

    def data_keys():
        """create-datakey, create-datakey-without-plaintext, decrypt-datakey."""
        data_key = call(kms, "create_datakey", key_id=key, datakey_length="256")
        equal("create-datakey key_id", data_key.key_id, key)
        plain = bytes.fromhex(data_key.plain_text)
        equal("create-datakey plain_text: 256 bits in hex", len(plain), 32)
        cipher_hex = data_key.cipher_text
        check("create-datakey cipher_text is hex",
              step("create-datakey cipher_text hex", bytes.fromhex, cipher_hex) is not None,
              cipher_hex)
        opened = call(kms, "decrypt_datakey", key_id=key, cipher_text=cipher_hex,
                      datakey_cipher_length="32")
        equal("decrypt-datakey data_key", opened.data_key, data_key.plain_text)
        equal("decrypt-datakey datakey_length (bytes)", opened.datakey_length, "32")
        equal("decrypt-datakey datakey_dgst is SHA-256(DEK)", opened.datakey_dgst,
              hashlib.sha256(plain).hexdigest())
        short = call(kms, "create_datakey", key_id=key, datakey_length="128")
        equal("create-datakey of 128 bits", len(bytes.fromhex(short.plain_text)), 16)
        by_spec = call(kms, "create_datakey", key_id=key, key_spec="AES_128")
        equal("create-datakey key_spec AES_128", len(bytes.fromhex(by_spec.plain_text)), 16)
        default = call(kms, "create_datakey", key_id=key)
        equal("create-datakey default length", len(bytes.fromhex(default.plain_text)), 32)
        bound = call(kms, "create_datakey", key_id=key, datakey_length="256",
                     additional_authenticated_data="ctx")
        raises("decrypt-datakey without the AAD", "KMS.2201", 400, call, kms, "decrypt_datakey",
               key_id=key, cipher_text=bound.cipher_text, datakey_cipher_length="32")
        opened = call(kms, "decrypt_datakey", key_id=key, cipher_text=bound.cipher_text,
                      datakey_cipher_length="32", additional_authenticated_data="ctx")
        equal("decrypt-datakey with the AAD", opened.data_key, bound.plain_text)

        hidden = call(kms, "create_datakey_without_plaintext", key_id=key, datakey_length="512")
        equal("create-datakey-without-plaintext key_id", hidden.key_id, key)
        opened = call(kms, "decrypt_datakey", key_id=key, cipher_text=hidden.cipher_text,
                      datakey_cipher_length="64")
        equal("create-datakey-without-plaintext: 512 bits", len(bytes.fromhex(opened.data_key)), 64)

    def wrapped_data_keys():
        """encrypt-datakey (DEK ‖ SHA-256(DEK)) and decrypt-datakey."""
        # Huawei's example: a 64-byte DEK, datakey_plain_length "64" (the
        # DEK's length, without its digest).
        dek = bytes(range(64))
        wrapped = call(kms, "encrypt_datakey", key_id=key,
                       plain_text=(dek + hashlib.sha256(dek).digest()).hex(),
                       datakey_plain_length="64")
        equal("encrypt-datakey key_id", wrapped.key_id, key)
        equal("encrypt-datakey datakey_length", wrapped.datakey_length, "64")
        opened = call(kms, "decrypt_datakey", key_id=key, cipher_text=wrapped.cipher_text,
                      datakey_cipher_length="64")
        equal("encrypt-datakey then decrypt-datakey", opened.data_key, dek.hex())
        raises("encrypt-datakey with a wrong digest", "KMS.2103", 400, call, kms, "encrypt_datakey",
               key_id=key, plain_text=(dek + hashlib.sha256(b"other").digest()).hex(),
               datakey_plain_length="64")
        raises("decrypt-datakey under another key", "KMS.2201", 400, call, kms, "decrypt_datakey",
               key_id=other, cipher_text=wrapped.cipher_text, datakey_cipher_length="64")

    def reencryption():
        """re-encrypt."""
        sealed = call(kms, "encrypt_data", key_id=key, plain_text="hello, Huawei")
        moved = call(kms, "re_encrypt", cipher_text=sealed.cipher_text, destination_key_id=other)
        equal("re-encrypt key_id", moved.key_id, other)
        equal("re-encrypt source_key_id", moved.source_key_id, key)
        opened = call(kms, "decrypt_data", cipher_text=moved.cipher_text)
        equal("re-encrypt: decrypt-data under the new key", (opened.plain_text, opened.key_id),
              ("hello, Huawei", other))
        with_aad = call(kms, "re_encrypt", cipher_text=sealed.cipher_text, source_key_id=key,
                        destination_key_id=other, destination_additional_authenticated_data="new")
        opened = call(kms, "decrypt_data", cipher_text=with_aad.cipher_text,
                      additional_authenticated_data="new")
        equal("re-encrypt with a destination AAD", opened.plain_text, "hello, Huawei")

    def randomness():
        """gen-random."""
        random = call(kms, "create_random", random_data_length="512")
        equal("gen-random of 512 bits: 64 bytes in hex", len(bytes.fromhex(random.random_data)), 64)
        again = call(kms, "create_random", random_data_length="512")
        check("gen-random differs each time", again.random_data != random.random_data)
        equal("gen-random of 8 bits", len(bytes.fromhex(
            call(kms, "create_random", random_data_length="8").random_data)), 1)
        raises("gen-random of 7 bits", "KMS.0308", 400, call, kms, "create_random",
               random_data_length="7")
        raises("gen-random of 8200 bits", "KMS.0308", 400, call, kms, "create_random",
               random_data_length="8200")

    parts((encryption, data_keys, wrapped_data_keys, reencryption, randomness))


def pem_public_key(label, pem):
    """A public key in PEM (SubjectPublicKeyInfo), as get-publickey and the
    data key pair endpoints answer it; checked."""
    from cryptography.hazmat.primitives import serialization
    check(f"{label} is PEM", (pem or "").startswith("-----BEGIN PUBLIC KEY-----"), pem)
    return serialization.load_pem_public_key(pem.encode())


def public_pem(kms, key_id):
    """get-publickey's key: its PEM and the key."""
    pem = call(kms, "show_public_key", key_id=key_id).public_key
    return pem, pem_public_key("get-publickey", pem)


def section_asymmetric(kms):
    """sign and verify (DIGEST, the default, and RAW; RSA PSS and PKCS#1,
    ECDSA), get-publickey, asymmetric encrypt-data, generate-mac and
    verify-mac, create-ec-datakey-pair, create-rsa-datakey-pair,
    derive-shared-secret."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding

    message = b"signed through Huawei's SDK"
    digest = hashlib.sha256(message).digest()

    def ecdsa():
        """sign and verify with an EC_P256 key, DIGEST and RAW."""
        ec_key = new_key(kms, "ec-signing", key_spec="EC_P256")
        _, ec_public = public_pem(kms, ec_key)
        signed = call(kms, "sign", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
                      message=b64(digest))
        equal("sign key_id", signed.key_id, ec_key)
        signature = base64.b64decode(signed.signature)
        try:
            ec_public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            check("sign ECDSA_SHA_256 (DIGEST, the default) verifies with the public key", True)
        except InvalidSignature:
            check("sign ECDSA_SHA_256 (DIGEST, the default) verifies with the public key", False)
        verified = call(kms, "validate_signature", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
                        message=b64(digest), signature=signed.signature)
        equal("verify: signature_valid (a string)", verified.signature_valid, "true")
        equal("verify key_id", verified.key_id, ec_key)
        forged = call(kms, "validate_signature", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
                      message=b64(hashlib.sha256(b"other").digest()), signature=signed.signature)
        equal("verify of another digest: signature_valid", forged.signature_valid, "false")
        raw = call(kms, "sign", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
                   message=b64(message), message_type="RAW")
        try:
            ec_public.verify(base64.b64decode(raw.signature), message, ec.ECDSA(hashes.SHA256()))
            check("sign RAW verifies with the public key", True)
        except InvalidSignature:
            check("sign RAW verifies with the public key", False)
        equal("verify RAW", call(
            kms, "validate_signature", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
            message=b64(message), message_type="RAW", signature=raw.signature).signature_valid,
            "true")
        equal("verify DIGEST of a RAW signature", call(
            kms, "validate_signature", key_id=ec_key, signing_algorithm="ECDSA_SHA_256",
            message=b64(digest), message_type="DIGEST", signature=raw.signature).signature_valid,
            "true")

    def rsa_signatures():
        """sign and verify with an RSA_2048 key."""
        rsa_key = new_key(kms, "rsa-signing", key_spec="RSA_2048")
        _, rsa_public = public_pem(kms, rsa_key)
        for algorithm, pad in [
            ("RSASSA_PKCS1_V1_5_SHA_256", padding.PKCS1v15()),
            ("RSASSA_PSS_SHA_256", padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                               salt_length=padding.PSS.DIGEST_LENGTH)),
        ]:
            signed = call(kms, "sign", key_id=rsa_key, signing_algorithm=algorithm,
                          message=b64(message), message_type="RAW")
            try:
                rsa_public.verify(base64.b64decode(signed.signature), message, pad, hashes.SHA256())
                check(f"sign {algorithm} verifies with the public key", True)
            except InvalidSignature:
                check(f"sign {algorithm} verifies with the public key", False)
            equal(f"verify {algorithm}", call(
                kms, "validate_signature", key_id=rsa_key, signing_algorithm=algorithm,
                message=b64(digest), signature=signed.signature).signature_valid, "true")

    def rsa_encryption():
        """encrypt-data and decrypt-data with an RSA key."""
        rsa_encrypting = new_key(kms, "rsa-encrypting", key_spec="RSA_2048",
                                 key_usage="ENCRYPT_DECRYPT")
        sealed = call(kms, "encrypt_data", key_id=rsa_encrypting, plain_text="to the RSA key",
                      encryption_algorithm="RSAES_OAEP_SHA_256")
        opened = call(kms, "decrypt_data", key_id=rsa_encrypting, cipher_text=sealed.cipher_text,
                      encryption_algorithm="RSAES_OAEP_SHA_256")
        equal("encrypt-data and decrypt-data RSAES_OAEP_SHA_256", opened.plain_text,
              "to the RSA key")

    def macs():
        """generate-mac and verify-mac."""
        mac_key = new_key(kms, "mac", key_spec="HMAC_256")
        made = call(kms, "generate_mac", key_id=mac_key, mac_algorithm="HMAC_SHA_256",
                    message=b64(message))
        equal("generate-mac key_id and algorithm", (made.key_id, made.mac_algorithm),
              (mac_key, "HMAC_SHA_256"))
        check("generate-mac: 32 bytes", len(base64.b64decode(made.mac or "")) == 32, made.mac)
        checked = call(kms, "verify_mac", key_id=mac_key, mac_algorithm="HMAC_SHA_256",
                       message=b64(message), mac=made.mac)
        equal("verify-mac of its MAC", checked.mac_valid, True)
        wrong = call(kms, "verify_mac", key_id=mac_key, mac_algorithm="HMAC_SHA_256",
                     message=b64(b"other"), mac=made.mac)
        equal("verify-mac of another message", wrong.mac_valid, False)

    def key_pairs():
        """create-ec-datakey-pair and create-rsa-datakey-pair."""
        label = "create-ec-datakey-pair"
        pair = call(kms, "create_ec_datakey_pair", key_id=new_key(kms, "pairs"),
                    key_spec="ECC_NIST_P256", with_plain_text=True)
        equal("create-ec-datakey-pair key_spec", pair.key_spec, "ECC_NIST_P256")
        public = pem_public_key(f"{label} public_key", pair.public_key)
        private = serialization.load_der_private_key(base64.b64decode(pair.private_key_plain_text),
                                                     None)
        equal("create-ec-datakey-pair: the private key is the public key's",
              private.public_key().public_numbers(), public.public_numbers())
        check("create-ec-datakey-pair: private_key_cipher_text", bool(pair.private_key_cipher_text))
        hidden = call(kms, "create_ec_datakey_pair", key_id=describe(kms, "alias/pairs").key_id,
                      key_spec="ECC_NIST_P384", with_plain_text=False)
        equal("create-ec-datakey-pair without plaintext", (hidden.private_key_plain_text,
                                                           bool(hidden.private_key_cipher_text)),
              (None, True))
        label = "create-rsa-datakey-pair"
        pair = call(kms, "create_rsa_datakey_pair", key_id=describe(kms, "alias/pairs").key_id,
                    key_spec="RSA_2048", with_plain_text=True)
        public = pem_public_key(f"{label} public_key", pair.public_key)
        private = serialization.load_der_private_key(base64.b64decode(pair.private_key_plain_text),
                                                     None)
        equal("create-rsa-datakey-pair: the private key is the public key's",
              private.public_key().public_numbers(), public.public_numbers())
        equal("create-rsa-datakey-pair: 2048 bits", public.key_size, 2048)

    def agreement():
        """derive-shared-secret."""
        agreeing = new_key(kms, "agreement", key_spec="EC_P256", key_usage="KEY_AGREEMENT")
        _, agreeing_public = public_pem(kms, agreeing)
        peer = ec.generate_private_key(ec.SECP256R1())
        peer_der = peer.public_key().public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)
        derived = call(kms, "derive_shared_secret", key_id=agreeing, key_agreement_algorithm="ECDH",
                       public_key=b64(peer_der))
        equal("derive-shared-secret: the peer's ECDH secret",
              base64.b64decode(derived.shared_secret or ""),
              peer.exchange(ec.ECDH(), agreeing_public))

    def other_curves():
        """sign and verify with ED25519 and SM2 keys, and HMAC_512 MACs."""
        from cryptography.hazmat.primitives.asymmetric import ed25519
        edwards = new_key(kms, "ed25519", key_spec="ED25519")
        _, edwards_public = public_pem(kms, edwards)
        check("get-publickey of an ED25519 key", isinstance(edwards_public,
                                                            ed25519.Ed25519PublicKey))
        signed = call(kms, "sign", key_id=edwards, signing_algorithm="ED25519_SHA_512",
                      message=b64(message), message_type="RAW")
        try:
            edwards_public.verify(base64.b64decode(signed.signature), message)
            check("sign ED25519_SHA_512 RAW verifies with the public key", True)
        except InvalidSignature:
            check("sign ED25519_SHA_512 RAW verifies with the public key", False)
        sm2 = new_key(kms, "sm2", key_spec="SM2")
        signed = call(kms, "sign", key_id=sm2, signing_algorithm="SM2DSA_SM3",
                      message=b64(message), message_type="RAW")
        equal("verify SM2DSA_SM3 RAW", call(
            kms, "validate_signature", key_id=sm2, signing_algorithm="SM2DSA_SM3",
            message=b64(message), message_type="RAW", signature=signed.signature)
            .signature_valid, "true")
        equal("verify SM2DSA_SM3 RAW of another message", call(
            kms, "validate_signature", key_id=sm2, signing_algorithm="SM2DSA_SM3",
            message=b64(b"other"), message_type="RAW", signature=signed.signature)
            .signature_valid, "false")
        mac_key = new_key(kms, "mac-512", key_spec="HMAC_512")
        made = call(kms, "generate_mac", key_id=mac_key, mac_algorithm="HMAC_SHA_512",
                    message=b64(message))
        check("generate-mac HMAC_SHA_512: 64 bytes", len(base64.b64decode(made.mac or "")) == 64,
              made.mac)
        equal("verify-mac HMAC_SHA_512", call(
            kms, "verify_mac", key_id=mac_key, mac_algorithm="HMAC_SHA_512",
            message=b64(message), mac=made.mac).mac_valid, True)

    parts((ecdsa, rsa_signatures, rsa_encryption, macs, key_pairs, agreement, other_curves))


def section_rotation(kms):
    """enable-key-rotation, get-key-rotation-status, update-key-rotation-
    interval (30 to 365), rotate-on-demand, disable-key-rotation; old
    ciphertexts still decrypt."""
    key = new_key(kms, "rotating")
    status = call(kms, "show_key_rotation_status", key_id=key)
    equal("get-key-rotation-status of a new key", (status.key_rotation_enabled,
                                                   status.number_of_rotations), (False, 0))

    def enabling():
        """enable-key-rotation, update-key-rotation-interval."""
        call(kms, "enable_key_rotation", key_id=key)
        status = call(kms, "show_key_rotation_status", key_id=key)
        equal("enable-key-rotation", status.key_rotation_enabled, True)
        equal("enable-key-rotation: Huawei's default interval", status.rotation_interval, 365)
        equal("describe-key key_rotation_enabled", describe(kms, key).key_rotation_enabled, "true")
        call(kms, "update_key_rotation_interval", key_id=key, rotation_interval=30)
        equal("update-key-rotation-interval 30",
              call(kms, "show_key_rotation_status", key_id=key).rotation_interval, 30)
        call(kms, "update_key_rotation_interval", key_id=key, rotation_interval=365)
        equal("update-key-rotation-interval 365",
              call(kms, "show_key_rotation_status", key_id=key).rotation_interval, 365)
        raises("update-key-rotation-interval 29", "KMS.0308", 400, call, kms,
               "update_key_rotation_interval", key_id=key, rotation_interval=29)
        raises("update-key-rotation-interval 366", "KMS.0308", 400, call, kms,
               "update_key_rotation_interval", key_id=key, rotation_interval=366)

    def rotating():
        """rotate-on-demand."""
        sealed = step("encrypt-data before rotation", call, kms, "encrypt_data", key_id=key,
                      plain_text="before rotation")
        rotated = call(kms, "rotate_on_demand", key_id=key)
        equal("rotate-on-demand key_id", rotated.key_id, key)
        status = call(kms, "show_key_rotation_status", key_id=key)
        equal("get-key-rotation-status: number_of_rotations", status.number_of_rotations, 1)
        check("get-key-rotation-status: last_rotation_time is now",
              near_now_millis(status.last_rotation_time), status.last_rotation_time)
        equal("get-key-rotation-status: two material versions",
              len(status.key_materials or []), 2)
        if sealed:
            equal("a ciphertext of the old material decrypts", decrypted(kms, sealed),
                  "before rotation")
        sealed = step("encrypt-data after rotation", call, kms, "encrypt_data", key_id=key,
                      plain_text="after rotation")
        if sealed:
            equal("encrypt-data after rotation decrypts", decrypted(kms, sealed),
                  "after rotation")

    def disabling():
        """disable-key-rotation."""
        call(kms, "disable_key_rotation", key_id=key)
        status = call(kms, "show_key_rotation_status", key_id=key)
        equal("disable-key-rotation", status.key_rotation_enabled, False)
        equal("describe-key key_rotation_enabled after disabling",
              describe(kms, key).key_rotation_enabled, "false")

    parts((enabling, rotating, disabling))


def section_import(kms):
    """get-parameters-for-import, import-key-material (wrapped with Python's
    cryptography, RSAES_OAEP_SHA_256), delete-imported-key-material, and
    their errors."""
    import secrets
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = new_key(kms, "imported", origin="external")
    info = describe(kms, key)
    equal("create-key origin external: key_state 5 (pending import)", info.key_state, "5")
    equal("create-key origin external: origin", info.origin, "external")

    params = call(kms, "create_parameters_for_import", key_id=key,
                  wrapping_algorithm="RSAES_OAEP_SHA_256")
    equal("get-parameters-for-import key_id", params.key_id, key)
    check("get-parameters-for-import expiration_time a day away (epoch s)",
          abs(params.expiration_time - time.time() - 86400) < 120, params.expiration_time)
    public = serialization.load_der_public_key(base64.b64decode(params.public_key))
    equal("get-parameters-for-import: an RSA 4096 wrapping key", public.key_size, 4096)
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    material = secrets.token_bytes(32)
    wrapped = b64(public.encrypt(material, oaep))
    raises("import-key-material with a bad token", "KMS.2601", 400, call, kms,
           "import_key_material", key_id=key, import_token=b64(b"not a token" * 20),
           encrypted_key_material=wrapped)
    raises("import-key-material of 16 bytes into an AES_256 key", "KMS.2604", 400, call, kms,
           "import_key_material", key_id=key, import_token=params.import_token,
           encrypted_key_material=b64(public.encrypt(secrets.token_bytes(16), oaep)))
    expires = int(time.time()) + 86400 * 30
    call(kms, "import_key_material", key_id=key, import_token=params.import_token,
         encrypted_key_material=wrapped, expiration_time=expires)
    info = describe(kms, key)
    equal("import-key-material: key_state 2", info.key_state, "2")
    equal("import-key-material: expiration_time (epoch ms)", info.expiration_time,
          str(expires * 1000))
    # encrypt-data and decrypt-data are steps: their failure leaves the
    # rest of the import checks to run.
    sealed = step("encrypt-data with imported material", call, kms, "encrypt_data", key_id=key,
                  plain_text="imported")
    if sealed:
        equal("decrypt-data with imported material", decrypted(kms, sealed), "imported")

    call(kms, "delete_imported_key_material", key_id=key)
    equal("delete-imported-key-material: key_state 5", describe(kms, key).key_state, "5")
    params = call(kms, "create_parameters_for_import", key_id=key,
                  wrapping_algorithm="RSAES_OAEP_SHA_256")
    public = serialization.load_der_public_key(base64.b64decode(params.public_key))
    raises("import-key-material of other material than before", "KMS.2606", 400, call, kms,
           "import_key_material", key_id=key, import_token=params.import_token,
           encrypted_key_material=b64(public.encrypt(secrets.token_bytes(32), oaep)))
    call(kms, "import_key_material", key_id=key, import_token=params.import_token,
         encrypted_key_material=b64(public.encrypt(material, oaep)))
    if sealed:
        equal("the same material imported again decrypts the old ciphertext",
              decrypted(kms, sealed), "imported")
    raises("import-key-material into a key that awaits none", "KMS.0310", 400, call, kms,
           "import_key_material", key_id=key, import_token=params.import_token,
           encrypted_key_material=b64(public.encrypt(material, oaep)))
    raises("get-parameters-for-import of an unknown wrapping_algorithm", "KMS.0308", 400, call,
           kms, "create_parameters_for_import", key_id=key, wrapping_algorithm="RSAES_PKCS1")


def decrypted(kms, sealed):
    """decrypt-data of encrypt-data's answer `sealed`, as a step: the
    plaintext, or None."""
    opened = step("decrypt-data", call, kms, "decrypt_data", cipher_text=sealed.cipher_text)
    return opened and opened.plain_text


def section_errors(kms):
    """The error codes: a missing key, a disabled key, a key pending
    deletion, invalid parameters, a wrong key usage, an alias that exists,
    the lifecycle operations' state codes."""
    raises("describe-key of a missing key", "KMS.0207", 404, describe, kms, MISSING_KEY)
    raises("encrypt-data with a missing key", "KMS.0207", 404, call, kms, "encrypt_data",
           key_id=MISSING_KEY, plain_text="x")
    raises("describe-key of a missing alias", "KMS.0207", 404, describe, kms, "alias/missing")
    raises("describe-key without key_id", "KMS.0204", 400, call, kms, "list_key_detail")
    raises("create-key without key_alias", "KMS.0204", 400, call, kms, "create_key")
    raises("create-key of an unknown key_spec", "KMS.0308", 400, new_key, kms, "bad-spec",
           key_spec="AES_512")
    raises("create-key of a signing AES key", "KMS.0308", 400, new_key, kms, "bad-usage",
           key_spec="AES_256", key_usage="SIGN_VERIFY")
    raises("create-key of an unknown origin", "KMS.0308", 400, new_key, kms, "bad-origin",
           origin="somewhere")

    key = new_key(kms, "errors")
    def naming():
        """aliases in use, list parameters, the lifecycle state codes."""
        raises("create-key with a key_alias in use", "KMS.1104", 400, new_key, kms, "errors")
        raises("create-alias of an alias in use", "KMS.1104", 400, call, kms, "create_alias",
               key_id=key, alias="alias/errors")
        raises("update-key-alias to a key_alias in use", "KMS.1104", 400, call, kms,
               "update_key_alias", key_id=new_key(kms, "errors-other"), key_alias="errors")
        raises("create-key with a key_alias Huawei refuses", "KMS.1101", 400, new_key, kms,
               "bad alias!")
        raises("create-alias for a missing key", "KMS.0207", 404, call, kms, "create_alias",
               key_id=MISSING_KEY, alias="alias/nokey")
        raises("list-keys limit 0", "KMS.0308", 400, call, kms, "list_keys", limit="0")
        raises("list-keys with an unknown key_state", "KMS.0308", 400, call, kms, "list_keys",
               key_state="9")
        raises("schedule-key-deletion of 6 days", "KMS.1401", 400, call, kms, "delete_key",
               key_id=key, pending_days="6")
        raises("schedule-key-deletion of 1097 days", "KMS.1401", 400, call, kms, "delete_key",
               key_id=key, pending_days="1097")
        raises("schedule-key-deletion without pending_days", "KMS.0204", 400, call, kms,
               "delete_key", key_id=key)
        raises("enable-key of an enabled key", "KMS.1201", 400, call, kms, "enable_key", key_id=key)
        raises("cancel-key-deletion of a key not pending deletion", "KMS.1501", 400, call, kms,
               "cancel_key_deletion", key_id=key)

    def states():
        """disabled keys and keys pending deletion."""
        sealed = step("encrypt-data", call, kms, "encrypt_data", key_id=key, plain_text="sealed")
        call(kms, "disable_key", key_id=key)
        raises("disable-key of a disabled key", "KMS.1301", 400, call, kms, "disable_key",
               key_id=key)
        raises("encrypt-data with a disabled key", "KMS.0209", 400, call, kms, "encrypt_data",
               key_id=key, plain_text="x")
        if sealed:
            raises("decrypt-data with a disabled key", "KMS.0209", 400, call, kms,
                   "decrypt_data", cipher_text=sealed.cipher_text)
        raises("create-datakey with a disabled key", "KMS.0209", 400, call, kms, "create_datakey",
               key_id=key, datakey_length="256")
        call(kms, "enable_key", key_id=key)
        call(kms, "delete_key", key_id=key, pending_days="7")
        raises("encrypt-data with a key pending deletion", "KMS.0210", 400, call, kms,
               "encrypt_data", key_id=key, plain_text="x")
        raises("schedule-key-deletion of a key pending deletion", "KMS.1402", 400, call, kms,
               "delete_key", key_id=key, pending_days="7")
        raises("enable-key of a key pending deletion", "KMS.1201", 400, call, kms, "enable_key",
               key_id=key)

    def usages():
        """key usages, algorithms and malformed ciphertexts."""
        encrypting = new_key(kms, "encrypting")
        signing = new_key(kms, "signing", key_spec="EC_P256")
        digest = b64(hashlib.sha256(b"m").digest())
        raises("sign with an ENCRYPT_DECRYPT key", "KMS.0308", 400, call, kms, "sign",
               key_id=encrypting, signing_algorithm="ECDSA_SHA_256", message=digest)
        raises("encrypt-data with a SIGN_VERIFY key", "KMS.0308", 400, call, kms, "encrypt_data",
               key_id=signing, plain_text="x")
        raises("sign with an algorithm of another key type", "KMS.0308", 400, call, kms, "sign",
               key_id=signing, signing_algorithm="RSASSA_PSS_SHA_256", message=digest)
        raises("sign with an unknown message_type", "KMS.0308", 400, call, kms, "sign",
               key_id=signing, signing_algorithm="ECDSA_SHA_256", message=digest,
               message_type="TEXT")
        raises("generate-mac with an ENCRYPT_DECRYPT key", "KMS.0308", 400, call, kms,
               "generate_mac", key_id=encrypting, mac_algorithm="HMAC_SHA_256", message=b64(b"m"))
        raises("decrypt-data of a ciphertext that is none", "KMS.2201", 400, call, kms,
               "decrypt_data", cipher_text=b64(b"\x00" * 120))
        raises("create-datakey of 7 bits", "KMS.0308", 400, call, kms, "create_datakey",
               key_id=encrypting, datakey_length="7")
        raises("update-key-rotation-interval of an asymmetric key", "KMS.0308", 400, call, kms,
               "update_key_rotation_interval", key_id=signing, rotation_interval=90)
        raises("delete-alias of another key's alias", "KMS.0207", 404, call, kms, "delete_alias",
               key_id=encrypting, aliases=["alias/signing"])

    parts((naming, states, usages))


def section_auth(kms):
    """Account isolation by project; a wrong SK, an unknown AK, a stale
    X-Sdk-Date, a body changed after signing, a project that is not the
    AK's (in the path, or signed in X-Project-Id) are refused; an endpoint
    that does not exist is the gateway's APIG.0101."""
    key = new_key(kms, "auth")
    def isolation():
        """account isolation by project."""
        other = client(AKID_B, SECRET_B, PROJECT_B)
        raises("account B describing account A's key", "KMS.0207", 404, describe, other, key)
        equal("account B lists none of account A's keys",
              call(other, "list_keys", key_spec="ALL").total, 0)
        new_key(other, "auth")
        equal("account B has a key_alias of its own of the same name",
              describe(other, "alias/auth").key_id != key, True)

    def refusals():
        """refusals of requests the SDK signs."""
        raises("a wrong SK", "APIG.0301", 401, describe, client(AKID_A, "not-the-secret"), key)
        raises("an unknown AK", "APIG.0301", 401, describe, client("HPUANOBODY", SECRET_A), key)
        raises("account A's AK naming account B's project", "KMS.0321", 403, describe,
               client(AKID_A, SECRET_A, PROJECT_B), key)
        raises("account A's AK naming a project nobody has", "KMS.0321", 403, describe,
               client(AKID_A, SECRET_A, "ffffffffffffffffffffffffffffffff"), key)

        real_datetime = signer_module.datetime

        def clock(minutes):
            """The signer's `datetime`, with a clock `minutes` ahead."""
            class Skewed(real_datetime):
                @classmethod
                def utcnow(cls):
                    return real_datetime.utcnow() + datetime.timedelta(minutes=minutes)
            return Skewed

        real_sign_request = BasicCredentials.sign_request
        try:
            signer_module.datetime = clock(-10)
            equal("an X-Sdk-Date 10 minutes old is within the skew", describe(kms, key).key_id,
                  key)
            signer_module.datetime = clock(-20)
            raises("an X-Sdk-Date 20 minutes old", "APIG.0301", 401, describe, kms, key)
            signer_module.datetime = clock(20)
            raises("an X-Sdk-Date 20 minutes ahead", "APIG.0301", 401, describe, kms, key)
            signer_module.datetime = real_datetime

            def then_change(self, request):
                signed = real_sign_request(self, request)
                signed.body = signed.body.replace(key.encode(), MISSING_KEY.encode())
                return signed

            BasicCredentials.sign_request = then_change
            raises("a body changed after signing", "APIG.0301", 401, describe, kms, key)
        finally:
            signer_module.datetime = real_datetime
            BasicCredentials.sign_request = real_sign_request
        equal("signing works again", describe(kms, key).key_id, key)

    def by_hand():
        """requests signed by hand with the SDK's signer."""
        # Signed by hand with the SDK's signer, sent with requests.
        host = ENDPOINT.split("://", 1)[1]

        def signed_request(path_project, header_project, body):
            path = f"/v1.0/{path_project}/kms/describe-key"
            request = SdkRequest(method="POST", schema="http", host=host, resource_path=path,
                                 query_params=[], header_params={
                                     "Content-Type": "application/json;charset=UTF-8",
                                     "X-Project-Id": header_project},
                                 body=body)
            Signer(BasicCredentials(AKID_A, SECRET_A, path_project)).sign(request)
            return request

        def send(request, body=None):
            return requests.post(request.url, headers=request.header_params,
                                 data=request.body if body is None else body, timeout=10)

        body = json.dumps({"key_id": key}).encode()
        answer = send(signed_request(PROJECT_A, PROJECT_A, body))
        equal("a request signed by hand with the SDK's signer",
              (answer.status_code, answer.json()["key_info"]["key_id"]), (200, key))
        check("an answer carries X-Request-Id", bool(answer.headers.get("X-Request-Id")))
        request = signed_request(PROJECT_A, PROJECT_A, body)
        changed = json.dumps({"key_id": key, "sequence": "x" * 36}).encode()
        answer = send(request, changed)
        equal("a body changed after signing, sent with requests",
              (answer.status_code, answer.json().get("error_code")), (401, "APIG.0301"))
        check("… with a request id", bool(answer.headers.get("X-Request-Id")))
        answer = send(signed_request(PROJECT_A, PROJECT_B, body))
        equal("a signed X-Project-Id that is not the path's",
              (answer.status_code, error_code_of(answer)), (403, "KMS.0321"))
        request = signed_request(PROJECT_A, PROJECT_A, body)
        headers = dict(request.header_params)
        headers["X-Sdk-Date"] = (datetime.datetime.utcnow() + datetime.timedelta(seconds=1)) \
            .strftime("%Y%m%dT%H%M%SZ")
        answer = requests.post(request.url, headers=headers, data=request.body, timeout=10)
        equal("an X-Sdk-Date changed after signing",
              (answer.status_code, error_code_of(answer)), (401, "APIG.0301"))
        headers = {k: v for k, v in request.header_params.items() if k != "Authorization"}
        answer = requests.post(request.url, headers=headers, data=request.body, timeout=10)
        equal("no Authorization", (answer.status_code, error_code_of(answer)), (401, "APIG.0301"))

        answer = requests.post(f"{ENDPOINT}/v1.0/{PROJECT_A}/kms/make-coffee", data=b"{}",
                               headers={"Content-Type": "application/json"}, timeout=10)
        equal("an endpoint that does not exist", (answer.status_code, error_code_of(answer)),
              (404, "APIG.0101"))
        check("… with a request id", bool(answer.headers.get("X-Request-Id")))

    parts((isolation, refusals, by_hand))


def error_code_of(answer):
    """The error code of an error answer, flat (the gateway's) or nested
    (KMS's), as the SDK reads it."""
    try:
        body = answer.json()
    except ValueError:
        return None
    if "error_code" in body:
        return body["error_code"]
    return (body.get("error") or {}).get("error_code")


def openssl_verifies(pem, signature, message, options=()):
    """Whether `openssl dgst -sha256 -verify` accepts `signature` of
    `message` under the PEM public key (and refuses it for another
    message)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: os.path.join(folder, name) for name in ("pub.pem", "sig", "msg", "other")}
        for name, data in [("pub.pem", pem.encode()), ("sig", signature), ("msg", message),
                           ("other", message + b"!")]:
            with open(paths[name], "wb") as f:
                f.write(data)

        def verify(file):
            command = ["openssl", "dgst", "-sha256", "-verify", paths["pub.pem"],
                       "-signature", paths["sig"], *options, file]
            return subprocess.run(command, capture_output=True, text=True)

        good, bad = verify(paths["msg"]), verify(paths["other"])
        return (good.returncode == 0 and "Verified OK" in good.stdout and bad.returncode != 0,
                good.stdout + good.stderr + bad.stdout)


def section_cross(kms):
    """One server, one account, three protocols: a key made with boto3 is
    used through Huawei's SDK and Alibaba's, ciphertexts cross both ways,
    and Huawei's signatures verify in OpenSSL and through boto3."""
    import boto3
    from botocore.config import Config as BotoConfig
    from alibabacloud_kms20160120 import models as ali_models
    from alibabacloud_kms20160120.client import Client as AliClient
    from alibabacloud_tea_openapi.models import Config as AliConfig

    aws = boto3.client(
        "kms", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id=AKID_A,
        aws_secret_access_key=SECRET_A, config=BotoConfig(retries={"max_attempts": 1}))
    ali = AliClient(AliConfig(access_key_id=AKID_A, access_key_secret=SECRET_A,
                              endpoint=ENDPOINT.split("://", 1)[1], protocol="http",
                              region_id=REGION))

    aws_key = aws.create_key(Description="made by boto3")["KeyMetadata"]["KeyId"]
    aws.create_alias(AliasName="alias/from-boto3", TargetKeyId=aws_key)

    def ciphertexts():
        """ciphertexts cross between boto3, Alibaba and Huawei."""
        info = describe(kms, aws_key)
        equal("boto3's key through Huawei: description", info.key_description, "made by boto3")
        equal("boto3's key through Huawei: key_alias", info.key_alias, "from-boto3")
        equal("boto3's alias names the key for Huawei", describe(kms, "alias/from-boto3").key_id,
              aws_key)

        blob = aws.encrypt(KeyId=aws_key, Plaintext=b"sealed by boto3")["CiphertextBlob"]
        opened = call(kms, "decrypt_data", cipher_text=b64(blob))
        equal("boto3's ciphertext decrypts through Huawei", (opened.plain_text, opened.key_id),
              ("sealed by boto3", aws_key))
        sealed = call(kms, "encrypt_data", key_id=aws_key, plain_text="sealed by Huawei")
        back = aws.decrypt(CiphertextBlob=base64.b64decode(sealed.cipher_text))
        equal("Huawei's ciphertext decrypts through boto3", back["Plaintext"], b"sealed by Huawei")
        equal("… naming boto3's key", back["KeyId"].rsplit("/", 1)[1], aws_key)
        ali_opened = ali.decrypt(ali_models.DecryptRequest(ciphertext_blob=sealed.cipher_text)).body
        equal("Huawei's ciphertext decrypts through Alibaba", (ali_opened.plaintext,
                                                               ali_opened.key_id),
              ("sealed by Huawei", aws_key))
        ali_sealed = ali.encrypt(ali_models.EncryptRequest(key_id=aws_key,
                                                           plaintext="sealed by Alibaba")).body
        opened = call(kms, "decrypt_data", cipher_text=ali_sealed.ciphertext_blob)
        equal("Alibaba's ciphertext decrypts through Huawei", opened.plain_text,
              "sealed by Alibaba")

    def names():
        """data keys, aliases and tags cross."""
        data_key = call(kms, "create_datakey", key_id=aws_key, datakey_length="256")
        check("a Huawei data key's hex ciphertext is the other fronts' ciphertext too",
              aws.decrypt(CiphertextBlob=bytes.fromhex(data_key.cipher_text))["Plaintext"]
              == bytes.fromhex(data_key.plain_text))

        huawei_key = new_key(kms, "from-huawei", key_description="made by Huawei's SDK")
        meta = aws.describe_key(KeyId="alias/from-huawei")["KeyMetadata"]
        equal("Huawei's key_alias names the key for boto3", (meta["KeyId"], meta["Description"]),
              (huawei_key, "made by Huawei's SDK"))
        ali_meta = ali.describe_key(ali_models.DescribeKeyRequest(key_id="alias/from-huawei")) \
            .body.key_metadata
        equal("Huawei's key through Alibaba", ali_meta.key_id, huawei_key)
        call_with(kms, "create_kms_tag", key_id=huawei_key,
                  body=models.CreateKmsTagRequestBody(
                      tag=models.TagItem(key="via", value="huawei")))
        equal("Huawei's tag through boto3", aws.list_resource_tags(KeyId=huawei_key)["Tags"],
              [{"TagKey": "via", "TagValue": "huawei"}])

    def signatures():
        """signatures verify in OpenSSL and across the fronts."""
        message = b"signed through Huawei, checked by OpenSSL"
        for spec, algorithm, options in [
            ("EC_P256", "ECDSA_SHA_256", ()),
            ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", ()),
            ("RSA_2048", "RSASSA_PSS_SHA_256",
             ("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-1")),
        ]:
            signing = new_key(kms, f"openssl-{algorithm.lower()}", key_spec=spec)
            pem = call(kms, "show_public_key", key_id=signing).public_key
            for message_type, text in [("DIGEST", b64(hashlib.sha256(message).digest())),
                                       ("RAW", b64(message))]:
                signature = base64.b64decode(call(
                    kms, "sign", key_id=signing, signing_algorithm=algorithm, message=text,
                    message_type=message_type).signature)
                ok, output = openssl_verifies(pem, signature, message, options)
                check(f"{spec} {algorithm} {message_type}: verifies in OpenSSL", ok, output)
            verified = aws.verify(KeyId=signing, Message=message, MessageType="RAW",
                                  SigningAlgorithm=algorithm, Signature=signature)
            equal(f"{spec} {algorithm}: boto3 verifies Huawei's signature",
                  verified["SignatureValid"], True)
            aws_signature = aws.sign(KeyId=signing, Message=message, MessageType="RAW",
                                     SigningAlgorithm=algorithm)["Signature"]
            equal(f"{spec} {algorithm}: Huawei verifies boto3's signature", call(
                kms, "validate_signature", key_id=signing, signing_algorithm=algorithm,
                message=b64(message), message_type="RAW",
                signature=b64(aws_signature)).signature_valid, "true")

    parts((ciphertexts, names, signatures))


SECTIONS = {
    "keys": section_keys,
    "aliases": section_aliases_and_tags,
    "crypto": section_crypto,
    "asymmetric": section_asymmetric,
    "rotation": section_rotation,
    "import": section_import,
    "errors": section_errors,
    "auth": section_auth,
    "cross": section_cross,
}


def main():
    kms = client()
    for name in sys.argv[1:]:
        print(f"-- {name}")
        step(f"section {name} ran to its end", SECTIONS[name], kms)
    print(f"{PASSED[0]} checks passed, {len(FAILURES)} failed")
    if FAILURES:
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
