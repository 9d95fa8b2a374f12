import uvicorn

from servicekit.tracing import configure_tracing
from servicekit.json_logs import log_as_json

from clinic_gateway.app import create_app
from clinic_gateway.config import GatewaySettings

settings = GatewaySettings()
log_as_json("gateway")
configure_tracing("gateway")
# No proxy_headers: the gateway decides itself whose X-Forwarded-For to believe (trusted_proxies).
# log_config=None: uvicorn's own lines go through the JSON lines too.
uvicorn.run(
    create_app(settings),
    host=settings.http_host,
    port=settings.http_port,
    access_log=False,
    proxy_headers=False,
    log_config=None,
)
