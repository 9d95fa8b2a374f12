from servicekit.runtime import serve

from clinic_availability.bootstrap import create_app
from clinic_availability.config import AvailabilityServiceSettings

settings = AvailabilityServiceSettings()
serve(create_app(settings), settings)
