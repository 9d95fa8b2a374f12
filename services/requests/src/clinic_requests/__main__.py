from servicekit.runtime import serve

from clinic_requests.bootstrap import create_app
from clinic_requests.config import RequestsServiceSettings

settings = RequestsServiceSettings()
serve(create_app(settings), settings)
