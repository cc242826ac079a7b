"""The staff API (functions/staff/): ANY /api/staff/{proxy+}, behind the Cognito authorizer (api.py), the
only way a person changes a report.

It reads the open-report queue through its indexes, reads and updates reports, registers reports that came
by phone or paper (and starts their lifecycles), resumes waiting lifecycles, tells the förste
socialsekreterare by e-mail that a decision proposal awaits review, notifies a professional reporter that
återkoppling awaits them (e-mail, or SMS), renders the återkoppling letter (its template and font are in the
asset), shows the admin the gallring preview,
searches by personnummer where the municipality has it on, and appends every read and write to the audit
trail, a write in one transaction with its entry (PutItem and Query only: the audit table's own policy
denies changing an entry to everyone).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from functions.shared import names
from infra.constructs.audit import AuditTrail
from infra.constructs.data import ReportsData
from infra.constructs.lambda_function import FunctionSpec, OroFunction
from infra.constructs.lifecycle import RESUME_ANY_RESOURCE, Lifecycle
from infra.constructs.person_keys import PersonKeySecret
from infra.constructs.sign_in import StaffSignIn

REPORTER_SMS_ANY_RESOURCE = (
    "sns:Publish of an SMS straight to a professional reporter's work phone (the återkoppling notice, when "
    "they gave no work e-mail): a phone number has no ARN, so the resource is '*'; no topic is published to."
)

# Registering a phone or paper report is the intake's transaction (conditional PutItems); the rest reads and
# updates one report, or (a page of search results) reads up to a page of reports in one batch.
# Queries go to the indexes only (and, for search, the PERSON# partitions).
STAFF_API_TABLE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)


class Staff(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        municipality_id: str,
        person_keys: PersonKeySecret | None,
        code: lambda_.Code,
        data: ReportsData,
        audit: AuditTrail,
        sign_in: StaffSignIn,
        lifecycle: Lifecycle,
    ) -> None:
        super().__init__(scope, construct_id)
        api = OroFunction(
            self,
            "Api",
            spec=FunctionSpec(
                function_name=names.staff_api_function_name(municipality_id),
                handler=names.STAFF_API_HANDLER,
                service="staff-api",
                description="The staff dashboard's API: queue, report, decisions; every access is audited",
                memory_mb=512,
                timeout=Duration.seconds(15),
                any_resource_reasons=(RESUME_ANY_RESOURCE, REPORTER_SMS_ANY_RESOURCE),
            ),
            code=code,
            environment={
                names.ENV_REPORTS_TABLE: data.table.table_name,
                names.ENV_AUDIT_TABLE: audit.table.table_name,
                names.ENV_USER_POOL_ID: sign_in.user_pool.user_pool_id,
                names.ENV_USER_POOL_CLIENT_ID: sign_in.client.user_pool_client_id,
            },
        )
        data.grant_items(api.role, *STAFF_API_TABLE_ACTIONS)
        api.add_to_role_policy(
            data.open_queue_query_statement(),
            data.purge_index_query_statement(),  # the admin's gallring preview
        )
        lifecycle.grant_resume(api.function)
        # förste socialsekreteraren is told by e-mail that a proposal awaits review
        lifecycle.grant_send_email(api.function)
        # and the återkoppling notice goes to a reporter's work e-mail (above) or, without one, their phone
        api.add_to_role_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]))
        if person_keys:  # the municipality searches by personnummer: the lookup entries exist only then
            api.add_to_role_policy(data.person_lookup_query_statement())
            person_keys.grant_read(api.function)  # keys for the search and for registered reports
        audit.grant_append_and_query(api.role)
        lifecycle.connect_starter(api.function)  # phone and paper reports
        self.function = api.function
