"""One typed client per back-end service: methods that say what they ask, answering with the
gateway's documents (checked as they arrive) or passing a service's problem on as it is."""

from dataclasses import dataclass, replace

from clinic_gateway.clients.availability import AvailabilityClient
from clinic_gateway.clients.notifications import NotificationsClient
from clinic_gateway.clients.requests import RequestsClient
from clinic_gateway.clients.settings import SettingsClient
from clinic_gateway.tokens import TokenIssuer
from servicekit.actor_tokens import Actor


@dataclass
class Services:
    settings: SettingsClient
    availability: AvailabilityClient
    requests: RequestsClient
    notifications: NotificationsClient
    tokens: TokenIssuer

    def acting_for(self, actor: Actor) -> "Services":
        return replace(
            self,
            settings=self.settings.acting_for(actor),
            availability=self.availability.acting_for(actor),
            requests=self.requests.acting_for(actor),
            notifications=self.notifications.acting_for(actor),
        )

    async def close(self) -> None:
        for client in (self.settings, self.availability, self.requests, self.notifications):
            await client.close()
