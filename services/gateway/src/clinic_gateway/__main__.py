import logging

import uvicorn

from servicekit.tracing import configure_tracing

from clinic_gateway.app import create_app
from clinic_gateway.config import GatewaySettings

settings = GatewaySettings()
logging.basicConfig(level=logging.INFO)
configure_tracing("gateway")
# No proxy_headers: the gateway decides itself whose X-Forwarded-For to believe (trusted_proxies).
uvicorn.run(
    create_app(settings), host=settings.http_host, port=settings.http_port, access_log=False, proxy_headers=False
)
