"""Serving the pages and their assets."""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from servicekit.problems import Problem

HERE = Path(__file__).resolve().parent
HTML = HERE / "html"
ASSETS = HERE / "assets"

# The pages load nothing from elsewhere and run no inline script, so a token in sessionStorage is
# out of reach of injected markup. The headers every answer gets (nosniff, no referrer, no frames)
# come from servicekit.http_headers; these two are the pages' own.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    # Always revalidated, so a deploy is seen on the next load without stale modules mixing in.
    "Cache-Control": "no-cache",
}

PAGES = {
    "/": "sign-in.html",
    "/portal": "portal.html",
    "/scheduler": "scheduler.html",
    "/admin": "admin.html",
    "/admin/invitations": "admin-invitations.html",
    # Every signed-in person's own choice of emails.
    "/account/emails": "account-emails.html",
    # Every signed-in person's own calendar feeds.
    "/account/calendar-feeds": "account-calendar-feeds.html",
    # Opened without signing in: a one-time link's token (in the URL's fragment) is the proof.
    "/invitation": "invitation.html",
    "/forgot-password": "forgot-password.html",
    "/reset-password": "reset-password.html",
}
# The other admin pages share one shell; which page it shows is `assets/admin/pages.js`'s to say.
ADMIN_PAGES = ("locations", "visit-types", "therapists", "patients", "cases", "people", "emails")
PAGES |= {f"/admin/{name}": "admin.html" for name in ADMIN_PAGES}

router = APIRouter(include_in_schema=False)


def _page(file_name: str):
    async def page() -> FileResponse:
        return FileResponse(HTML / file_name, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    return page


for _path, _file_name in PAGES.items():
    router.add_api_route(_path, _page(_file_name), methods=["GET"], name=f"page:{_path}")


@router.get("/assets/{asset_path:path}")
async def asset(asset_path: str) -> FileResponse:
    path = (ASSETS / asset_path).resolve()
    if not path.is_relative_to(ASSETS) or not path.is_file():
        raise Problem(404, "not-found", "Not found", "No such page asset.")
    media_type = {".js": "text/javascript", ".css": "text/css"}.get(path.suffix)
    return FileResponse(path, media_type=media_type, headers=SECURITY_HEADERS)
