"""The security headers of the form, the dashboard and the API: one definition, pure data.

CloudFront's response headers policies (infra/constructs/web.py) are built from it and the local HTTP
adapter (local/http_adapter.py) sends it, so the pages run under the same policy on both.

- The form and the API: `default-src 'self'` and nothing from elsewhere; no <base>, no plugins, no framing,
  forms post only to the same origin. Where the municipality takes attachments the form may also connect to
  the attachment bucket's origin: the browser posts each file straight there (a presigned POST).
- The dashboard: the same, and it may also connect to Cognito's endpoint to sign in (the password goes
  only there). Nothing else is loosened.
- HTTP Strict Transport Security is CloudFront's alone: it means something only over HTTPS, and the local
  stack serves plain HTTP (a browser ignores the header there).
"""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"
)
CONTENT_TYPE_OPTIONS = "nosniff"  # the only value there is; CloudFront's policy has no value to give
FRAME_OPTIONS = "DENY"
REFERRER_POLICY = "no-referrer"
STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS = 730 * 24 * 60 * 60
STRICT_TRANSPORT_SECURITY_INCLUDE_SUBDOMAINS = True


def dashboard_content_security_policy(sign_in_endpoint: str) -> str:
    """The form's policy, and the dashboard may connect to the sign-in endpoint (Cognito's API)."""
    return f"{CONTENT_SECURITY_POLICY}; connect-src 'self' {sign_in_endpoint.rstrip('/')}"


def form_content_security_policy(upload_origin: str | None) -> str:
    """The form's policy; with `upload_origin` (the attachment bucket's) it may also send files there."""
    if not upload_origin:
        return CONTENT_SECURITY_POLICY
    return f"{CONTENT_SECURITY_POLICY}; connect-src 'self' {upload_origin.rstrip('/')}"


def security_headers(content_security_policy: str = CONTENT_SECURITY_POLICY) -> dict[str, str]:
    """The headers every response carries, with the given content security policy."""
    return {
        "Content-Security-Policy": content_security_policy,
        "X-Content-Type-Options": CONTENT_TYPE_OPTIONS,
        "X-Frame-Options": FRAME_OPTIONS,
        "Referrer-Policy": REFERRER_POLICY,
    }
