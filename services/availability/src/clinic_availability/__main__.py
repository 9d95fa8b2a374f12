from clinic_availability.bootstrap import create_app
from clinic_availability.config import AvailabilityServiceSettings
from servicekit.runtime import serve

settings = AvailabilityServiceSettings()
serve(create_app(settings), settings)
