"""Serving the pages and their assets.

Every page is one document, `html/shell.html`: the head, the site header and a `<main>` that holds
the page's own body (`html/<page>.html`). `PAGES` says, for each address, which body, title and
module it gets and whether its visitor is signed in (then the header has the areas and the account).
"""

from dataclasses import dataclass
from pathlib import Path
from string import Template

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

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

SHELL = Template((HTML / "shell.html").read_text(encoding="utf-8"))
# The areas a signed-in person may open and their account; `assets/shell.js` fills them in.
SIGNED_IN_HEADER = (HTML / "shell-account.html").read_text(encoding="utf-8")
BRAND_LINK = '<a class="brand" href="/">Appointment requests</a>'
# The sign-in page is where the brand leads, so there it is a name rather than a link to itself.
BRAND_HERE = '<span class="brand">Appointment requests</span>'
# A new password, asked for twice (`assets/account/new-password.js`): a body's `$password_twice`.
PASSWORD_TWICE = Template((HTML / "password-twice.html").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Page:
    body: str  # the file in html/ holding what goes inside <main>
    title: str
    script: str  # the page's module, under assets/
    signed_in: bool = True
    wide: bool = False  # for the pages whose tables and calendars want the whole window
    password_label: str = ""  # the new password's label, on a page that asks for one

    def _body(self) -> str:
        body = Template((HTML / self.body).read_text(encoding="utf-8"))
        return body.substitute(password_twice=PASSWORD_TWICE.substitute(label=self.password_label))

    def render(self, path: str) -> str:
        return SHELL.substitute(
            title=self.title,
            script=self.script,
            brand=BRAND_HERE if path == "/" else BRAND_LINK,
            account=SIGNED_IN_HEADER if self.signed_in else "",
            main_class=' class="wide"' if self.wide else "",
            body=self._body(),
        )


ADMIN = Page("admin.html", "Clinic settings · Appointment requests", "admin/page.js", wide=True)
PAGES = {
    "/": Page("sign-in.html", "Sign in · Appointment requests", "sign-in.js", signed_in=False),
    "/portal": Page("portal.html", "Request an appointment · Appointment requests", "portal/page.js"),
    "/scheduler": Page("scheduler.html", "Appointment requests · Scheduler", "scheduler/page.js", wide=True),
    "/admin": ADMIN,
    "/admin/invitations": Page("admin-invitations.html", "Invitations · Appointment requests", "invitations/page.js"),
    # Every signed-in person's own choice of emails.
    "/account/emails": Page("account-emails.html", "My emails · Appointment requests", "account/emails.js"),
    # Every signed-in person's own calendar feeds.
    "/account/calendar-feeds": Page(
        "account-calendar-feeds.html", "Calendar feeds · Appointment requests", "account/calendar-feeds.js"
    ),
    # Opened without signing in: a one-time link's token (in the URL's fragment) is the proof.
    "/invitation": Page(
        "invitation.html",
        "Your invitation · Appointment requests",
        "account/invitation.js",
        signed_in=False,
        password_label="Choose a password",
    ),
    "/forgot-password": Page(
        "forgot-password.html",
        "Forgot your password? · Appointment requests",
        "account/forgot-password.js",
        signed_in=False,
    ),
    "/reset-password": Page(
        "reset-password.html",
        "Choose a new password · Appointment requests",
        "account/reset-password.js",
        signed_in=False,
        password_label="New password",
    ),
}
# The other admin pages share one body; which page it shows is `assets/admin/pages.js`'s to say.
ADMIN_PAGES = ("locations", "visit-types", "therapists", "patients", "cases", "people", "emails")
PAGES |= {f"/admin/{name}": ADMIN for name in ADMIN_PAGES}

router = APIRouter(include_in_schema=False)


def _page(path: str, page: Page):
    document = page.render(path)

    async def serve() -> HTMLResponse:
        return HTMLResponse(document, headers=SECURITY_HEADERS)

    return serve


for _path, _page_of_path in PAGES.items():
    router.add_api_route(_path, _page(_path, _page_of_path), methods=["GET"], name=f"page:{_path}")


@router.get("/assets/{asset_path:path}")
async def asset(asset_path: str) -> FileResponse:
    path = (ASSETS / asset_path).resolve()
    if not path.is_relative_to(ASSETS) or not path.is_file():
        raise Problem(404, "not-found", "Not found", "No such page asset.")
    media_type = {".js": "text/javascript", ".css": "text/css"}.get(path.suffix)
    return FileResponse(path, media_type=media_type, headers=SECURITY_HEADERS)
