from clinic_settings.bootstrap import create_app
from clinic_settings.config import SettingsServiceSettings
from servicekit.runtime import serve

settings = SettingsServiceSettings()
serve(create_app(settings), settings)
