"""Staff sign-in: one Cognito user pool per municipality, its groups (the roles) and the dashboard's client.

Accounts are created by the municipality's administrators (no self sign-up). Sign-in by username or e-mail
with a 14-character password of every character class and a TOTP code (MFA required, no SMS). Forgotten
passwords are recovered by e-mail. The Plus feature plan's threat protection runs in full-function mode
(blocks risky sign-ins, checks for compromised credentials). The dashboard signs in with USER_PASSWORD_AUTH
(see the client below); tokens are short-lived.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from functions.shared import names

PASSWORD_MIN_LENGTH = 14
ACCESS_TOKEN_VALIDITY = Duration.minutes(60)
ID_TOKEN_VALIDITY = Duration.minutes(60)
REFRESH_TOKEN_VALIDITY = Duration.hours(12)
TEMPORARY_PASSWORD_VALIDITY = Duration.days(3)


class StaffSignIn(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, municipality_id: str) -> None:
        super().__init__(scope, construct_id)

        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            user_pool_name=names.user_pool_name(municipality_id),
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            sign_in_case_sensitive=False,
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False, email=False),
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=TEMPORARY_PASSWORD_VALIDITY,
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            user_invitation=cognito.UserInvitationConfig(
                email_subject="Ditt konto i Oro",
                email_body="Du har fått ett konto i Oro. Användarnamn: {username}. Tillfälligt lösenord: "
                "{####} (giltigt i tre dagar). Vid första inloggningen väljer du ett eget lösenord och "
                "kopplar en autentiseringsapp.",
            ),
            user_verification=cognito.UserVerificationConfig(
                email_subject="Din kod till Oro",
                email_body="Din kod till Oro är {####}. Har du inte bett om en kod? Kontakta din administratör.",
                email_style=cognito.VerificationEmailStyle.CODE,
            ),
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        # Groups are roles: the staff API authorizes by the token's cognito:groups.
        self.groups = {
            role: cognito.UserPoolGroup(
                self,
                f"Group-{role}",
                user_pool=self.user_pool,
                group_name=role,
                description=f"Oro staff role {role}",
            )
            for role in names.STAFF_ROLES
        }

        self.client = cognito.UserPoolClient(
            self,
            "DashboardClient",
            user_pool=self.user_pool,
            user_pool_client_name=names.user_pool_client_name(municipality_id),
            generate_secret=False,
            # The dashboard is plain ES modules with no bundler; SRP would need a hand-written big-number and
            # HMAC implementation in the page. USER_PASSWORD_AUTH sends the password only to Cognito, over
            # TLS (the CSP allows no other destination), and the TOTP code stays required.
            auth_flows=cognito.AuthFlow(user_srp=True, user_password=True),
            # The dashboard signs in through Cognito's API, not the hosted UI: no OAuth flows or callbacks.
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=ACCESS_TOKEN_VALIDITY,
            id_token_validity=ID_TOKEN_VALIDITY,
            refresh_token_validity=REFRESH_TOKEN_VALIDITY,
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
        )
