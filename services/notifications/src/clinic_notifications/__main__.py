from clinic_notifications.bootstrap import create_app
from clinic_notifications.config import NotificationsServiceSettings
from servicekit.runtime import serve

settings = NotificationsServiceSettings()
serve(create_app(settings), settings)
