"""Prints an ID token for a staff member of a running `make run`, for trying the staff API with curl.

TOKEN=$(.venv/bin/python -m local.sign_in demo-mottagning)
curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/staff/reports
"""

import argparse
import os

import boto3

from functions.shared import names
from local.resources import DEMO_PASSWORD


def main() -> None:
    parser = argparse.ArgumentParser(description="Logga in en demoanvändare i den lokala stacken.")
    parser.add_argument("username")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument(
        "--municipality", default=os.environ.get("ORO_MUNICIPALITY", names.DEFAULT_MUNICIPALITY)
    )
    parser.add_argument("--aws-port", type=int, default=int(os.environ.get("MOTO_PORT", "5000")))
    arguments = parser.parse_args()
    cognito = boto3.client(
        "cognito-idp",
        endpoint_url=f"http://127.0.0.1:{arguments.aws_port}",
        region_name="eu-north-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    pool = next(
        p
        for p in cognito.list_user_pools(MaxResults=60)["UserPools"]
        if p["Name"] == names.user_pool_name(arguments.municipality)
    )
    client = next(
        c
        for c in cognito.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=60)["UserPoolClients"]
        if c["ClientName"] == names.user_pool_client_name(arguments.municipality)
    )
    result = cognito.initiate_auth(
        ClientId=client["ClientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": arguments.username, "PASSWORD": arguments.password},
    )
    print(result["AuthenticationResult"]["IdToken"])


if __name__ == "__main__":
    main()
