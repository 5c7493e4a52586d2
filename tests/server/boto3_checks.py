#!/usr/bin/env python3
"""The checking half of the boto3 tests (tests/server/boto3_kms.py and
cross_kms.py): the test server and accounts from the environment, checks
that record and print what they find, boto3 clients, names, and raw
signed requests.

The harness gives the server and the two accounts in the environment:
KMS_ENDPOINT, KMS_REGION, KMS_ACCOUNT_A/B, KMS_AKID_A/B, KMS_SECRET_A/B.

Every check prints one line (`ok` or `FAIL`) and is counted in PASSED or
FAILURES; a failed check does not stop the caller.
"""

import datetime
import json
import os
import sys

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

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



def verifies(label, verify, *args):
    """Checks that `verify(*args)` (a `cryptography` public key's `verify`)
    accepts the signature."""
    try:
        verify(*args)
    except InvalidSignature:
        return check(label, False)
    return check(label, True)


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



def wrap(public_der, material):
    """RSAES_OAEP_SHA_256 of `material` under the wrapping key AWS gave."""
    public = serialization.load_der_public_key(public_der)
    return public.encrypt(material, oaep(hashes.SHA256()))


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

