"""`make run`: the whole system on this machine until Ctrl-C."""

import argparse
import os
import signal
import threading

from functions.shared import names
from local.case_system_consumer import ExampleCaseSystem
from local.resources import DEMO_PASSWORD, LOCAL_ACCOUNT
from local.stack import LocalStack


def main() -> None:
    parser = argparse.ArgumentParser(description="Oro på den här datorn, med moto som inbäddat AWS.")
    parser.add_argument(
        "--municipality", default=os.environ.get("ORO_MUNICIPALITY", names.DEFAULT_MUNICIPALITY)
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--aws-port", type=int, default=int(os.environ.get("MOTO_PORT", "5000")))
    parser.add_argument(
        "--no-case-system",
        action="store_true",
        default=os.environ.get("CASE_SYSTEM") == "off",
        help="start no example case system: hand-offs stay unacknowledged (CASE_SYSTEM=off)",
    )
    arguments = parser.parse_args()

    stack = LocalStack(
        municipality_id=arguments.municipality, http_port=arguments.port, moto_port=arguments.aws_port
    )
    stack.start()
    stopped = threading.Event()
    if not arguments.no_case_system:
        threading.Thread(
            target=ExampleCaseSystem(stack).run, args=(stopped,), name="example-case-system", daemon=True
        ).start()
    users = "\n".join(f"    {role:<26} {username}" for role, username in stack.demo_users.items())
    reporters = "\n".join(
        f"  {provider.label}\n    {provider.issuer}  (LOKAL ERSÄTTARE: oidc-provider-mock)\n"
        + "\n".join(
            f"    {identity.sub:<26} {identity.claims.get('name')}" for identity in provider.identities
        )
        for provider in stack.identity_providers
    )
    print(
        f"""
Oro körs lokalt för {stack.municipality.name} ({stack.municipality_id}).

  Anmälningsformuläret     {stack.base_url}/
  Personalens webbsidor    {stack.dashboard_url}
  Publikt API              POST {stack.base_url}/api/reports
                           POST {stack.base_url}/api/reports/{{reportId}}/attachments (bifogade filer)
  Bifogade filer           S3-hinken {stack.attachments_bucket}; LOKAL ERSÄTTARE för GuardDutys
                           skanning (local/scanner.py) varje sekund: bara EICAR-testfilen räknas som skadlig
  Utkorg (sms och e-post)  {stack.base_url}/local/outbox   (JSON: /local/outbox.json)
  Inbäddat AWS (moto)      {stack.aws_url}   (moto-api: {stack.aws_url}/moto-api/)
    DynamoDB-tabell        {stack.resources.reports_table_name}
    Tillståndsmaskin       {stack.state_machine_arn}
    Lambda (i processen)   {", ".join(stack.resources.function_names.values())}
  Avstämning av livscykler var {int(stack.reconcile_every_seconds)}:e sekund (som schemat i AWS)
  Gallring varje natt kl. {", ".join(f"{hour:02d}" for hour in names.GALLRING_HOURS)} svensk tid (som schemat i AWS)
  Åtkomstloggen förseglas varje natt kl. {names.AUDIT_SEAL_HOUR_UTC:02d}:{names.AUDIT_SEAL_MINUTE_UTC:02d} UTC och kontrolleras {names.AUDIT_CHECK_HOUR_UTC:02d}:{names.AUDIT_CHECK_MINUTE_UTC:02d} UTC (make audit-verify: nu)

  Personal-API            {stack.base_url}/api/staff/ (inloggning: Cognito i moto, pool {stack.user_pool_id})
  Demoanvändare (lösenord {DEMO_PASSWORD}):
{users}

  Anmälare loggar in ({stack.municipality.web_reports_identification}) med OpenID Connect; testidentiteter:
{reporters or "    (inte i den här kommunen)"}
  Mina anmälningar         {stack.base_url}/mina-anmalningar/

  Överlämning till {stack.municipality.case_system.name}: dokumenten i S3-hinken {names.handoff_bucket_name(stack.municipality_id, LOCAL_ACCOUNT)},
  händelserna på bussen {names.handoff_event_bus_name(stack.municipality_id)}, API {stack.base_url}/api/case-system/handoffs/{{id}}
    {"(inget exempelsystem: CASE_SYSTEM=off, överlämningarna blir inte kvitterade)" if arguments.no_case_system else "LOKAL ERSÄTTARE för verksamhetssystemets integration (local/case_system_consumer.py) hämtar och kvitterar"}
    Nyckel (Authorization: Bearer)  {stack.case_system_token()}

Stoppa med Ctrl-C.""",
        flush=True,
    )
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    print("\nStoppar …", flush=True)
    stack.stop()


if __name__ == "__main__":
    main()
