import logging

from servicekit.runtime import serve_http

from clinic_gateway.app import create_app
from clinic_gateway.config import GatewaySettings

settings = GatewaySettings()
logging.basicConfig(level=logging.INFO)
# No proxy_headers: the gateway decides itself whose X-Forwarded-For to believe (trusted_proxies).
serve_http(
    create_app(settings), settings.http_host, settings.http_port, reuse_port=settings.http_reuse_port, proxy_headers=False
)
