from clinic_gateway.app import create_app
from clinic_gateway.config import GatewaySettings
from servicekit.json_logs import log_as_json
from servicekit.runtime import serve_http
from servicekit.tracing import configure_tracing

settings = GatewaySettings()
log_as_json("gateway")
configure_tracing("gateway")
# No proxy_headers: the gateway decides itself whose X-Forwarded-For to believe (trusted_proxies).
# log_config=None: uvicorn's own lines go through the JSON lines too.
serve_http(
    create_app(settings),
    settings.http_host,
    settings.http_port,
    reuse_port=settings.http_reuse_port,
    proxy_headers=False,
    log_config=None,
)
