"""Deployment checks of the WhatsApp configuration: the access token travels only over https."""

from django.core import checks

from shikayat.notifications.adapters.whatsapp import config


@checks.register(checks.Tags.security, deploy=True)
def check_graph_api_over_https(app_configs, **kwargs):
    """The Graph API (and so the access token sent to it) must be reached over https; media hosts are
    https-only anyway (whatsapp.media.token_may_go_to)."""
    conf = config()
    problems = []
    if not str(conf.get("BASE_URL", "")).startswith("https://"):
        problems.append(checks.Warning(
            "SHIKAYAT_WHATSAPP_BASE_URL is not an https:// URL: the WhatsApp access token would travel in clear.",
            hint="Use https://graph.facebook.com (the default).", id="whatsapp.W001"))
    hosts = [host for host in conf.get("MEDIA_HOSTS") or () if "/" in host or ":" in host or not host.strip(".")]
    if hosts:
        problems.append(checks.Warning(
            f"SHIKAYAT_WHATSAPP_MEDIA_HOSTS should list host names only, not {', '.join(hosts)}.",
            hint="e.g. graph.facebook.com,lookaside.fbsbx.com (https is implied).", id="whatsapp.W002"))
    return problems
