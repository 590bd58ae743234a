"""Locations (with rooms) and services."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Response

from practicerunner.api.auth import Principal, require
from practicerunner.api.deps import consistent_with, page_params, read_models
from practicerunner.api.routing import CommandRoute, command_route
from practicerunner.api.schemas import LocationPage, LocationView, ServicePage, ServiceView
from practicerunner.commands.practice import catalog as cmd
from practicerunner.domain.errors import NotFound
from practicerunner.domain.identity.permissions import Permission
from practicerunner.projections.practice.queries import ReadModels

router = APIRouter(tags=["locations and services"])
READ, M = Permission.CATALOG_READ, Permission.CATALOG_MANAGE


@router.get("/locations", response_model=LocationPage)
def list_locations(
    include_archived: bool = False,
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("locations")),
) -> object:
    return rm.locations(str(principal.practice_id), include_archived=include_archived, **page)


@router.get("/locations/{location_id}", response_model=LocationView)
def get_location(
    location_id: UUID,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("locations")),
) -> dict:
    location = rm.location(str(principal.practice_id), str(location_id))
    if location is None:
        raise NotFound("No location with that id.")
    response.headers["ETag"] = f'"{location["version"]}"'
    return location


@router.get("/services", response_model=ServicePage)
def list_services(
    include_retired: bool = False,
    bookable_online: bool | None = None,
    page: dict = Depends(page_params),
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("services")),
) -> object:
    return rm.services(
        str(principal.practice_id),
        include_retired=include_retired,
        bookable_online=bookable_online,
        **page,
    )


@router.get("/services/{service_id}", response_model=ServiceView)
def get_service(
    service_id: UUID,
    response: Response,
    principal: Principal = Depends(require(READ)),
    rm: ReadModels = Depends(read_models),
    _: None = Depends(consistent_with("services")),
) -> dict:
    service = rm.service(str(principal.practice_id), str(service_id))
    if service is None:
        raise NotFound("No service with that id.")
    response.headers["ETag"] = f'"{service["version"]}"'
    return service


command_route(
    router, "/locations", cmd.add_location, cmd.AddLocation, M, status_code=201, versioned=False
)
_LOCATION_ROUTES: list[CommandRoute] = [
    ("rename", cmd.rename_location, cmd.RenameLocation),
    ("change-address", cmd.change_location_address, cmd.ChangeLocationAddress),
    ("add-room", cmd.add_room, cmd.AddRoom),
    ("remove-room", cmd.remove_room, cmd.RemoveRoom),
    ("change-visibility", cmd.change_location_visibility, cmd.ChangeLocationVisibility),
    ("archive", cmd.archive_location, cmd.LocationCommand),
]
for path, handler, model in _LOCATION_ROUTES:
    command_route(
        router, f"/locations/{{location_id}}/{path}", handler, model, M, path_param="location_id"
    )

command_route(
    router, "/services", cmd.add_service, cmd.AddService, M, status_code=201, versioned=False
)
_SERVICE_ROUTES: list[CommandRoute] = [
    ("rename", cmd.rename_service, cmd.RenameService),
    ("change-fee", cmd.change_service_fee, cmd.ChangeServiceFee),
    ("change-duration", cmd.change_service_duration, cmd.ChangeServiceDuration),
    ("change-cpt-code", cmd.change_service_cpt_code, cmd.ChangeServiceCptCode),
    ("change-online-booking", cmd.change_online_booking, cmd.ChangeOnlineBooking),
    ("retire", cmd.retire_service, cmd.ServiceCommand),
]
for path, handler, model in _SERVICE_ROUTES:
    command_route(
        router, f"/services/{{service_id}}/{path}", handler, model, M, path_param="service_id"
    )
