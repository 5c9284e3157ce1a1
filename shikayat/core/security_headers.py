"""Response headers that tell the browser what a page may do.

Every response carries SHIKAYAT["CONTENT_SECURITY_POLICY"] (strict by default: scripts, styles, images,
fonts and connections from this site only; no inline script or style, no plugins, no <base>, forms
submit here only, no framing) and a Permissions-Policy (the lodging form may ask for the location;
camera, microphone and payment are off). A view that needs another policy (the API's documentation
pages, whose third-party viewers inject styles) sets its own with `content_security_policy`, and the
middleware leaves it alone. Django's SecurityMiddleware adds nosniff, Referrer-Policy and COOP, and in
production (SHIKAYAT_HTTPS) HSTS and the redirect to https."""

from functools import wraps

from django.conf import settings

CSP = "Content-Security-Policy"
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.SHIKAYAT.get("CONTENT_SECURITY_POLICY")
        if settings.DEBUG and response.status_code in (404, 500):
            policy = None  # Django's technical error pages (development only) are styled and scripted inline
        if policy and CSP not in response:
            response[CSP] = policy
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


def content_security_policy(policy: str):
    """A view decorator: this view's responses carry `policy` instead of the site's."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response[CSP] = policy
            return response

        return wrapped

    return decorate
