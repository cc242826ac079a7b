"""One municipality's stack: a thin composition of one construct per capability.

The capabilities mirror functions/: intake.py, lifecycle.py (the state machine, its tasks and the
reconciler), staff.py (the staff API), case_system.py (the hand-off to the case system), attachments.py (the reporters' files and their malware scan), gallring.py and audit_trail.py (the audit seal and check) each make their functions and grant them what their
code needs; data.py, audit.py and sign_in.py hold what they share; api.py, web.py, schedules.py and
monitoring.py put them in front of people, on a clock and under watch.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, CfnOutput, Stack, Tags
from constructs import Construct

from functions.domain.municipality import Municipality
from infra.bundling import functions_code
from infra.constructs.api import IntakeApi
from infra.constructs.attachments import Attachments
from infra.constructs.audit import AuditTrail
from infra.constructs.audit_trail import AuditTrailSeal
from infra.constructs.case_system import CaseSystemHandoff
from infra.constructs.data import ReportsData
from infra.constructs.follow_up import FollowUp
from infra.constructs.gallring import Gallring
from infra.constructs.intake import Intake
from infra.constructs.lifecycle import Lifecycle
from infra.constructs.monitoring import Monitoring
from infra.constructs.person_keys import PersonKeySecret
from infra.constructs.reporter import ReporterSignIn, site_origin_of
from infra.constructs.schedules import Schedules
from infra.constructs.sign_in import StaffSignIn
from infra.constructs.staff import Staff
from infra.constructs.web import FormWeb
from infra.edge_stack import OroEdgeStack


class OroStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        edge: OroEdgeStack,
        municipality: Municipality,
        municipality_file: Path,
        form_domain_name: str | None = None,
        form_certificate_arn: str | None = None,
        **kwargs,
    ) -> None:
        """`edge`: the municipality's stack in us-east-1, whose CloudFront-scope WAF the distribution uses."""
        super().__init__(scope, construct_id, **kwargs)
        self.edge = edge
        # Strong, on purpose: the edge stack cannot remove the web ACL while this distribution uses it.
        Annotations.of(self).acknowledge_warning(
            "@aws-cdk/core:crossStackReferencesDefaultStrong",
            "The edge stack's web ACL is referenced strongly: it cannot be removed while the distribution uses it",
        )
        Tags.of(self).add("project", "oro")
        Tags.of(self).add("municipality", municipality.id)

        code = functions_code(municipality_file)  # one asset for every function
        self.data = ReportsData(self, "Data", municipality_id=municipality.id)
        self.audit = AuditTrail(
            self,
            "Audit",
            municipality_id=municipality.id,
            key=self.data.key,
            retention=municipality.retention,
        )
        self.sign_in = StaffSignIn(self, "SignIn", municipality_id=municipality.id)
        # The lookup entries exist only where the municipality searches by personnummer, and so their key.
        self.person_keys = (
            PersonKeySecret(self, "PersonKeys", municipality_id=municipality.id, key=self.data.key)
            if municipality.personnummer_search
            else None
        )
        self.lifecycle = Lifecycle(
            self, "Lifecycle", municipality=municipality, code=code, data=self.data, audit=self.audit
        )
        self.intake = Intake(
            self,
            "Intake",
            municipality_id=municipality.id,
            code=code,
            data=self.data,
            lifecycle=self.lifecycle,
            person_keys=self.person_keys,
        )
        # Reporters who sign in (OpenID Connect), where the municipality lets them.
        self.reporter = (
            ReporterSignIn(
                self,
                "Reporter",
                municipality=municipality,
                code=code,
                data=self.data,
                audit=self.audit,
                site_origin=site_origin_of(municipality, form_domain_name),
            )
            if municipality.reporters_sign_in
            else None
        )
        if self.reporter:
            self.reporter.connect_intake(self.intake.function)
        self.staff = Staff(
            self,
            "Staff",
            municipality_id=municipality.id,
            person_keys=self.person_keys,
            code=code,
            data=self.data,
            audit=self.audit,
            sign_in=self.sign_in,
            lifecycle=self.lifecycle,
        )
        self.case_system = CaseSystemHandoff(
            self,
            "CaseSystem",
            municipality_id=municipality.id,
            code=code,
            data=self.data,
            audit=self.audit,
            lifecycle=self.lifecycle,
        )
        self.case_system.connect_staff(self.staff.function)
        self.follow_up = FollowUp(
            self,
            "FollowUp",
            municipality_id=municipality.id,
            code=code,
            data=self.data,
            audit=self.audit,
            lifecycle=self.lifecycle,
        )
        self.gallring = Gallring(
            self, "Gallring", municipality_id=municipality.id, code=code, data=self.data, audit=self.audit
        )
        # Files reporters attach after the receipt, where the municipality takes them.
        self.attachments = (
            Attachments(self, "Attachments", municipality_id=municipality.id, code=code, data=self.data)
            if municipality.attachments.enabled
            else None
        )
        self.case_system.connect_gallring(self.gallring.function)
        if self.attachments:
            self.attachments.connect_intake(self.intake.function)
            self.attachments.connect_staff(self.staff.function)
            self.attachments.connect_gallring(self.gallring.function)
            # The form's public origin, as the municipality file names it (the distribution's own domain
            # would make the bucket depend on the API it fronts, and the API's intake on the bucket).
            form_origin = f"{municipality.dashboard_url.scheme}://{municipality.dashboard_url.host}"
            self.attachments.allow_form_origins(
                [form_origin, *([f"https://{form_domain_name}"] if form_domain_name else [])]
            )
        self.audit_seal = AuditTrailSeal(
            self, "AuditTrailSeal", municipality_id=municipality.id, code=code, audit=self.audit
        )
        self.schedules = Schedules(
            self,
            "Schedules",
            municipality_id=municipality.id,
            reconciler=self.lifecycle.reconciler,
            gallring=self.gallring.function,
            audit_seal=self.audit_seal.seal,
            audit_check=self.audit_seal.check,
            handoff_dispatch=self.case_system.dispatch,
            follow_up=self.follow_up.function,
        )
        self.api = IntakeApi(
            self,
            "Api",
            municipality_id=municipality.id,
            intake=self.intake.function,
            staff_api=self.staff.function,
            case_system_api=self.case_system.api,
            user_pool=self.sign_in.user_pool,
            reporter=self.reporter.function if self.reporter else None,
        )
        self.web = FormWeb(
            self,
            "Web",
            municipality=municipality,
            rest_api=self.api.rest_api,
            origin_guard=self.api.origin_guard,
            edge_web_acl_arn=edge.waf.web_acl.attr_arn,
            sign_in_client=self.sign_in.client,
            domain_name=form_domain_name,
            certificate_arn=form_certificate_arn,
            attachments_bucket=self.attachments.bucket if self.attachments else None,
        )
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            municipality_id=municipality.id,
            intake=self.intake.function,
            reconciler=self.lifecycle.reconciler,
            gallring=self.gallring.function,
            audit_seal=self.audit_seal.seal,
            audit_check=self.audit_seal.check,
            state_machine=self.lifecycle.state_machine,
            notification_dead_letters=self.lifecycle.dead_letter_queue,
            rest_api=self.api.rest_api,
            handoff_dispatch=self.case_system.dispatch,
            follow_up=self.follow_up.function,
            attachment_scan=self.attachments.scan_function if self.attachments else None,
            attachment_scan_dead_letters=self.attachments.scan_dead_letters if self.attachments else None,
        )

        CfnOutput(self, "FormUrl", value=f"https://{self.web.distribution.distribution_domain_name}/")
        CfnOutput(
            self, "DashboardUrl", value=f"https://{self.web.distribution.distribution_domain_name}/dashboard/"
        )
        CfnOutput(self, "ReportsTableName", value=self.data.table.table_name)
        CfnOutput(self, "LifecycleStateMachineArn", value=self.lifecycle.state_machine.state_machine_arn)
        CfnOutput(self, "NotificationDeadLetterQueueUrl", value=self.lifecycle.dead_letter_queue.queue_url)
        CfnOutput(self, "OperatorAlarmTopicArn", value=self.monitoring.topic.topic_arn)
        CfnOutput(self, "AuditTableName", value=self.audit.table.table_name)
        CfnOutput(self, "AuditArchiveBucketName", value=self.audit.archive.bucket_name)
        CfnOutput(self, "UserPoolId", value=self.sign_in.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.sign_in.client.user_pool_client_id)
