"""The request workflow's steps on one request (approve, decline, withdraw, accept an offered
time, ...), declared as rows: each passes the step to the request service, and answers with the
request as the service has it then. The service takes a step only on a request its caller may see
(the actor token says who): one they may not is not found, as if it did not exist, and the
gateway says so in its own words, as for a request read."""

from dataclasses import dataclass, field
from inspect import Parameter
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Response
from pydantic import BaseModel

from clinic_gateway.clients import Services
from clinic_gateway.clients.transport import PassedOn
from clinic_gateway.documents import AppointmentRequestWithHistory
from clinic_gateway.identity import ServicesDep, not_found
from clinic_gateway.problems import Example, problems
from clinic_gateway.routes.declared import declared_route


@dataclass(frozen=True)
class Step:
    """`POST /requests/{request_id}/{step}`. `settle`: wait (about two seconds) for the calendar's
    answer before answering; `sent`: how the body is written for the service (`model_dump`'s)."""

    name: str
    step: str
    refused: tuple[Example, ...]
    doc: str
    body: type[BaseModel] | None = None
    examples: dict = field(default_factory=dict)
    settle: bool = True
    sent: dict = field(default_factory=lambda: {"mode": "json"})
    # The service's name for the step, where the public API words it for its caller.
    forwarded_as: str | None = None


def caller(name: str, who: Any) -> Parameter:
    """The signed-in caller's parameter of each step: its name and its dependency (who may call)."""
    return Parameter(name, Parameter.KEYWORD_ONLY, annotation=who)


def add_steps(router: APIRouter, caller: Parameter, problems_of_all: tuple[Example, ...], *steps: Step) -> None:
    for step in steps:
        _add_step(router, caller, problems_of_all, step)


def _add_step(router: APIRouter, caller: Parameter, problems_of_all: tuple[Example, ...], step: Step) -> None:
    async def take(request_id: UUID, gateway: Services, body: BaseModel | None = None, **who: Any) -> Response:
        sent = None if body is None else body.model_dump(**step.sent)
        forwarded = step.forwarded_as or step.step
        try:
            return (await gateway.requests.act(request_id, forwarded, sent, settle=step.settle)).response()
        except PassedOn as refused:
            if refused.response.status_code == 404:  # none, or not the caller's to see
                raise not_found("request") from None
            raise

    parameters = [Parameter("request_id", Parameter.KEYWORD_ONLY, annotation=UUID)]
    if step.body is not None:
        body = Annotated[step.body, Body(openapi_examples=step.examples)]
        parameters.append(Parameter("body", Parameter.KEYWORD_ONLY, annotation=body))
    parameters += [caller, Parameter("gateway", Parameter.KEYWORD_ONLY, annotation=ServicesDep)]
    endpoint = declared_route(step.name, step.doc, parameters, take)
    path = f"/requests/{{request_id}}/{step.step}"
    responses = problems(*problems_of_all, *step.refused)
    router.post(path, response_model=AppointmentRequestWithHistory, responses=responses)(endpoint)
