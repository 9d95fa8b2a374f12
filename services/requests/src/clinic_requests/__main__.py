from clinic_requests.bootstrap import create_app
from clinic_requests.config import RequestsServiceSettings
from servicekit.runtime import serve

settings = RequestsServiceSettings()
serve(create_app(settings), settings)
