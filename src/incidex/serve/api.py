"""The HTTP API: read stored events as JSON, GeoJSON, a timeline and exports; add reports.

``create_app`` builds the FastAPI application. Every error is JSON of the form
``{"error": {"code": ..., "message": ...}}``. A store is opened per request, in
the thread that serves it, since a SQLite connection belongs to one thread.
Writing (``POST /api/reports``) needs a bearer token and is disabled when none
is configured. ``/docs`` is off: Swagger UI loads its scripts from a CDN, which
the Content-Security-Policy here forbids; ``/openapi.json`` is served.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hmac
import html
import logging
import os
import tempfile
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from incidex import __version__, looks_like_html
from incidex.errors import IncidexError, MissingExtraError
from incidex.export import (
    event_properties,
    event_to_dict,
    write_acled_csv,
    write_geojson,
    write_jsonl,
    write_parquet,
)
from incidex.pipeline import Pipeline
from incidex.records import Attribution, Event, Grade, Problem, RawReport, Report
from incidex.store import BoundingBox, EventQuery, Store, open_store
from incidex.store.query import FACET_COLUMNS, SortKey

log = logging.getLogger(__name__)

__all__ = ["SECURITY_HEADERS", "WEB_DIR", "ApiError", "create_app"]

WEB_DIR = Path(__file__).parent / "web"
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MAX_PAGE = 1000
# Larger offsets or counts than this are mistakes (and overflow SQLite's integers).
_MAX_NUMBER = 1_000_000_000
_ERROR_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    408: "timeout",
    413: "too-large",
    422: "invalid-request",
    429: "too-many-requests",
}

ExportFormat = Literal["acled-csv", "jsonl", "geojson", "parquet"]
# format -> (media type, file suffix)
_EXPORTS: dict[str, tuple[str, str]] = {
    "acled-csv": ("text/csv; charset=utf-8", ".csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", ".jsonl"),
    "geojson": ("application/geo+json", ".geojson"),
    "parquet": ("application/vnd.apache.parquet", ".parquet"),
}


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ReportIn(BaseModel):
    """A report to code: plain text or an HTML page, with what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="plain text or an HTML page")
    title: str | None = None
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD")
    url: str | None = Field(None, description="an http(s) URL")
    outlet: str | None = None

    @field_validator("url")
    @classmethod
    def url_is_http(cls, url: str | None) -> str | None:
        # The page turns this into a link: only web URLs, never javascript: or data:.
        if url is not None and not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, not {url[:40]!r}")
        return url


class ApiService:
    """What the routes share: where the store is, the token, the lazily built pipeline."""

    def __init__(
        self,
        store_url: str,
        *,
        token: str | None,
        max_body_bytes: int,
        body_timeout_s: float = 30.0,
        pipeline_factory: Callable[[], Pipeline] | None,
    ) -> None:
        self.store_url = store_url
        self.token = token
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None
        # One report is coded at a time: the model is big and not made for
        # concurrent calls; this also serialises the writes.
        self._coding = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        with open_store(self.store_url) as store:
            yield store

    def pipeline(self) -> Pipeline:
        """The pipeline, built on first use (loading the model takes seconds)."""
        if self._pipeline is None:
            factory = self._pipeline_factory
            if factory is None:
                from incidex.pipeline import default_pipeline

                factory = default_pipeline
            self._pipeline = factory()
        return self._pipeline

    def code_and_store(self, raw: RawReport) -> tuple[Problem | None, dict[str, object]]:
        """Code ``raw`` and store it; a problem that stopped it, or the answer body."""
        with self._coding:
            pipeline = self.pipeline()
            result = pipeline.run(raw)
            with self.store() as store:
                if isinstance(result, Problem):
                    store.add_problem(result)
                    return result, {}
                stored = store.add(result, pipeline_version=pipeline.version)
        return None, {
            "report_id": result.report.report_id,
            "stored": stored,
            "events": [event_to_dict(event) for event in result.events],
            "problems": [problem_to_dict(problem) for problem in result.problems],
        }

    def check_token(self, authorization: str | None) -> None:
        if self.token is None:
            raise ApiError(403, "writing-disabled", "this server accepts no reports")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "unauthorized", "the token is not right")


def service(request: Request) -> ApiService:
    return request.app.state.service  # type: ignore[no-any-return]


Service = Annotated[ApiService, Depends(service)]


# ---------------------------------------------------------------------------
# Query parameters


def event_filters(
    since: Annotated[dt.date | None, Query(description="first event date, YYYY-MM-DD")] = None,
    until: Annotated[dt.date | None, Query(description="last event date, YYYY-MM-DD")] = None,
    bbox: Annotated[
        str | None, Query(description="west,south,east,north in degrees", max_length=200)
    ] = None,
    country: Annotated[str | None, Query(description="country name or ISO3 code")] = None,
    admin1: str | None = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=_MAX_NUMBER)] = None,
    attribution: Attribution | None = None,
    grade: Grade | None = None,
    q: Annotated[str | None, Query(description="words in the notes or reports")] = None,
    sort: SortKey = "event_date",
) -> EventQuery:
    """The ``EventQuery`` that the filter parameters describe (no paging)."""
    try:
        box = None if bbox is None else BoundingBox.parse(bbox)
        return EventQuery(
            since=since,
            until=until,
            bbox=box,
            country=country,
            admin1=admin1,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            min_fatalities=min_fatalities,
            attribution=attribution,
            grade=grade,
            text=q,
            sort=sort,
        )
    except ValueError as e:
        raise ApiError(422, "invalid-query", str(e)) from e


Filters = Annotated[EventQuery, Depends(event_filters)]
Offset = Annotated[int, Query(ge=0, le=_MAX_NUMBER)]
PageLimit = Annotated[int, Query(ge=0, le=MAX_PAGE)]
OptionalLimit = Annotated[int | None, Query(ge=0, le=_MAX_NUMBER, description="at most this many")]


# ---------------------------------------------------------------------------
# Routes


def add_event_routes(app: FastAPI) -> None:
    app.get("/api/events", summary="Events matching the filters, a page at a time")(list_events)
    app.get("/api/events.geojson", summary="Events with coordinates as GeoJSON points")(
        events_geojson
    )
    app.get("/api/events/{event_id}", summary="One event with its evidence and reports")(get_event)
    app.get("/api/timeline", summary="Events and fatalities per day")(timeline)
    app.get("/api/facets", summary="Values to filter on, with how many events have each")(facets)
    app.get("/api/export", summary="Download matching events as a file")(export_events)


def add_report_routes(app: FastAPI) -> None:
    app.get("/api/reports", summary="Stored reports, a page at a time")(list_reports)
    app.get("/api/reports/{report_id}", summary="One stored report with its text")(get_report)
    app.post(
        "/api/reports",
        summary="Code a report and store it (needs the bearer token)",
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ReportIn.model_json_schema()}},
            }
        },
    )(post_report)
    app.get("/api/health", summary="Whether the server and its store answer")(health)


def list_events(
    svc: Service, query: Filters, offset: Offset = 0, limit: PageLimit = 100
) -> JSONResponse:
    with svc.store() as store:
        total = store.count_events(query)
        events = [event_properties(e) for e in store.events(page_of(query, offset, limit))]
    return JSONResponse({"total": total, "offset": offset, "limit": limit, "events": events})


def page_of(query: EventQuery, offset: int, limit: int | None) -> EventQuery:
    return replace(query, offset=offset, limit=limit)


def events_geojson(svc: Service, query: Filters, limit: OptionalLimit = None) -> Response:
    return export_response(svc, page_of(query, 0, limit), "geojson", download=False)


def get_event(svc: Service, event_id: str) -> JSONResponse:
    with svc.store() as store:
        event = store.event(event_id)
        if event is None:
            raise ApiError(404, "not-found", f"no event {event_id!r}")
        reports = event_reports(store, event)
        provenance = [dataclasses.asdict(p) for p in store.provenance(event.event_id)]
    return JSONResponse(
        {"event": event_to_dict(event), "reports": reports, "provenance": provenance}
    )


def event_reports(store: Store, event: Event) -> list[dict[str, object]]:
    """The reports behind a merged event, each with its own coding of the event."""
    codings: dict[str, list[Event]] = defaultdict(list)
    for coding in store.report_events(event.event_id):
        codings[coding.report_id].append(coding)
    found: list[dict[str, object]] = []
    for report_id in dict.fromkeys((*event.report_ids, *codings)):
        report = store.report(report_id)
        if report is not None:
            found.append(
                {
                    "report": report_to_dict(report, with_text=True),
                    "events": [event_to_dict(e) for e in codings[report_id]],
                }
            )
    return found


def timeline(svc: Service, query: Filters) -> JSONResponse:
    with svc.store() as store:
        days = store.daily_counts(query)
    return JSONResponse(
        [{"date": day.isoformat(), "count": count, "fatalities": dead} for day, count, dead in days]
    )


def facets(svc: Service, query: Filters) -> JSONResponse:
    with svc.store() as store:
        counts = {column: store.value_counts(column, query) for column in FACET_COLUMNS}
    return JSONResponse(
        {
            column: [{"value": value, "count": count} for value, count in found]
            for column, found in counts.items()
        }
    )


def export_events(
    svc: Service,
    query: Filters,
    export_format: Annotated[ExportFormat, Query(alias="format")] = "jsonl",
    limit: OptionalLimit = None,
) -> Response:
    return export_response(svc, page_of(query, 0, limit), export_format, download=True)


def export_response(
    svc: Service, query: EventQuery, export_format: str, *, download: bool
) -> Response:
    """Write the events to a temporary file and send it (then delete it).

    A file rather than a generator: the store's connection must stay in the
    thread that opened it, and Parquet needs a file anyway.
    """
    media_type, suffix = _EXPORTS[export_format]
    handle, path = tempfile.mkstemp(prefix="incidex-export-", suffix=suffix)
    os.close(handle)
    try:
        with svc.store() as store:
            write_export(store.events(query), export_format, path)
    except MissingExtraError as e:
        os.unlink(path)
        raise ApiError(501, "missing-extra", str(e)) from e
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"incidex-events{suffix}" if download else None,
        background=BackgroundTask(os.unlink, path),
    )


def write_export(events: Iterator[Event], export_format: str, path: str) -> int:
    if export_format == "parquet":
        return write_parquet(events, path)
    with open(path, "w", encoding="utf-8", newline="") as out:
        if export_format == "acled-csv":
            return write_acled_csv(events, out)
        if export_format == "geojson":
            return write_geojson(events, out)
        return write_jsonl(events, out)


def list_reports(svc: Service, offset: Offset = 0, limit: PageLimit = 100) -> JSONResponse:
    with svc.store() as store:
        total = store.counts().get("reports", 0)
        reports = [report_to_dict(r) for r in islice(store.reports(), offset, offset + limit)]
    return JSONResponse({"total": total, "offset": offset, "limit": limit, "reports": reports})


def get_report(svc: Service, report_id: str) -> JSONResponse:
    with svc.store() as store:
        report = store.report(report_id)
    if report is None:
        raise ApiError(404, "not-found", f"no report {report_id!r}")
    return JSONResponse({"report": report_to_dict(report, with_text=True)})


def report_to_dict(report: Report, *, with_text: bool = False) -> dict[str, object]:
    as_dict: dict[str, object] = {
        "report_id": report.report_id,
        "title": report.title,
        "published": None if report.published is None else report.published.isoformat(),
        "url": report.url,
        "outlet": report.outlet,
        "origin": report.origin,
    }
    if with_text:
        as_dict["text"] = report.text
    return as_dict


def problem_to_dict(problem: Problem) -> dict[str, object]:
    return {"code": problem.code, "message": problem.message, "stage": problem.stage}


async def post_report(request: Request, svc: Service) -> JSONResponse:
    svc.check_token(request.headers.get("authorization"))
    body = await read_body(request, svc.max_body_bytes, timeout_s=svc.body_timeout_s)
    try:
        given = ReportIn.model_validate_json(body)
    except ValidationError as e:
        raise ApiError(422, "invalid-request", validation_message(e.errors())) from e
    raw = RawReport(
        origin="api",
        content=given.text,
        kind="html" if looks_like_html(given.text) else "text",
        published=given.published,
        url=given.url,
        outlet=given.outlet,
        title=given.title,
    )
    problem, answer = await run_in_threadpool(svc.code_and_store, raw)
    if problem is not None:
        raise ApiError(422, problem.code, problem.message)
    return JSONResponse(answer, status_code=201)


async def read_body(request: Request, max_bytes: int, *, timeout_s: float) -> bytes:
    """The request body, refused (413) as soon as it is known to pass ``max_bytes``, and
    (408) when it has not all arrived within ``timeout_s``: a client that dribbles a body
    does not hold a connection for ever."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ApiError(413, "too-large", f"the body is {declared} bytes, over {max_bytes!r}")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_bytes:
                    raise ApiError(413, "too-large", f"the body is over {max_bytes!r} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(408, "timeout", f"the body did not arrive within {timeout_s:g} s") from None
    return b"".join(chunks)


def health(svc: Service) -> JSONResponse:
    with svc.store() as store:
        counts = store.counts()
    return JSONResponse(
        {"status": "ok", "version": __version__, "writable": svc.token is not None, **counts}
    )


# ---------------------------------------------------------------------------
# Errors


def error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def validation_message(errors: Iterable[Any]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


async def on_api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
    return error_response(error.status, error.code, error.message, **headers)


async def on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code = _ERROR_CODES.get(error.status_code, "error")
    message = (
        str(error.detail) if error.status_code != 404 else f"no such path {request.url.path!r}"
    )
    return error_response(error.status_code, code, message, **(error.headers or {}))


async def on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return error_response(422, "invalid-request", validation_message(error.errors()))


async def on_incidex_error(request: Request, error: Exception) -> Response:
    log.error("store error on %s: %s", request.url.path, error)
    return error_response(503, "store-unavailable", "the store cannot be read")


async def on_unexpected_error(request: Request, error: Exception) -> Response:
    # This answer leaves through the outermost middleware, past the one adding headers.
    log.exception("unexpected error on %s", request.url.path)
    return error_response(500, "internal", "internal error", **SECURITY_HEADERS)


# ---------------------------------------------------------------------------
# Middleware


def security_headers(tile_origin: str | None = None) -> dict[str, str]:
    """``SECURITY_HEADERS``, with the tile server's origin allowed to serve images."""
    if tile_origin is None:
        return SECURITY_HEADERS
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "img-src 'self' data:", f"img-src 'self' data: {tile_origin}"
    )
    return {**SECURITY_HEADERS, "Content-Security-Policy": policy}


def tile_origin(template: str) -> str:
    """The origin a tile URL template loads from, for the CSP ("https://*.tile.example"
    for "https://{s}.tile.example/{z}/{x}/{y}.png"); ``ValueError`` unless http(s)."""
    parsed = urlsplit(template.replace("{s}.", "sub."))
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise ValueError(f"a tile URL must be an http(s) URL template, not {template!r}")
    host = parsed.netloc.rsplit("@", 1)[-1]
    if template.split("//", 1)[-1].startswith("{s}."):
        host = "*." + host.removeprefix("sub.")
    if any(c in host for c in " ;'\""):
        raise ValueError(f"a tile URL must be an http(s) URL template, not {template!r}")
    return f"{parsed.scheme}://{host}"


class SecurityHeaders:
    """Adds the security headers to every response that does not set them itself."""

    def __init__(self, app: ASGIApp, headers: dict[str, str] = SECURITY_HEADERS) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.lower().encode(), value.encode())
                    for name, value in self.headers.items()
                    if name.lower().encode() not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """At most ``per_minute`` API requests per client address in any 60 seconds (429 past it).

    Behind a reverse proxy every request comes from the proxy's address:
    limit there instead.
    """

    def __init__(
        self, app: ASGIApp, *, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            client = scope.get("client")
            if not self.allow(client[0] if client else "unknown"):
                response = error_response(
                    429,
                    "too-many-requests",
                    f"more than {self.per_minute!r} requests a minute; slow down",
                    **{"Retry-After": "60"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def allow(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._hits) > 10_000:
                self.forget_quiet_clients(now)
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True

    def forget_quiet_clients(self, now: float) -> None:
        quiet = [client for client, hits in self._hits.items() if not hits or hits[-1] <= now - 60]
        for client in quiet:
            del self._hits[client]


# ---------------------------------------------------------------------------
# The application


def create_app(
    store_url: str,
    *,
    token: str | None = None,
    max_body_bytes: int = 2_000_000,
    body_timeout_s: float = 30.0,
    rate_limit_per_minute: int = 600,
    pipeline_factory: Callable[[], Pipeline] | None = None,
    web_dir: str | Path | None = None,
    tiles: str | None = None,
) -> FastAPI:
    """The API over the store at ``store_url`` plus the map page from ``web_dir``.

    ``token`` enables ``POST /api/reports`` (an empty token counts as none);
    ``pipeline_factory`` builds the pipeline on the first report posted
    (default: ``incidex.pipeline.default_pipeline``). ``tiles`` is a tile server's URL
    template (``https://tiles.example/{z}/{x}/{y}.png``): the map shows its tiles under
    the bundled country outlines, and the CSP lets images come from it.
    """
    origin = None if tiles is None else tile_origin(tiles)
    app = FastAPI(
        title="incidex",
        version=__version__,
        description="Coded, geolocated political-violence events from news reports.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = ApiService(
        store_url,
        token=token or None,
        max_body_bytes=max_body_bytes,
        body_timeout_s=body_timeout_s,
        pipeline_factory=pipeline_factory,
    )
    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(IncidexError, on_incidex_error)
    app.add_exception_handler(Exception, on_unexpected_error)
    add_event_routes(app)
    add_report_routes(app)
    add_web_routes(app, Path(web_dir) if web_dir is not None else WEB_DIR, tiles=tiles)
    # Added last runs first: headers wrap everything, the rate limit included.
    app.add_middleware(RateLimit, per_minute=rate_limit_per_minute)
    app.add_middleware(SecurityHeaders, headers=security_headers(origin))
    return app


def add_web_routes(app: FastAPI, web_dir: Path, *, tiles: str | None = None) -> None:
    """``/`` serves ``index.html`` (told the tile server, if any, in ``data-tiles``);
    ``/static/...`` serves the folder (StaticFiles refuses paths that resolve outside it)."""
    index = web_dir / "index.html"

    def index_page() -> Response:
        if not index.is_file():
            raise ApiError(404, "not-found", "the map page is not installed")
        if tiles is None:
            return FileResponse(index, media_type="text/html; charset=utf-8")
        page = index.read_text(encoding="utf-8").replace(
            "<body>", f'<body data-tiles="{html.escape(tiles, quote=True)}">', 1
        )
        return HTMLResponse(page)

    app.get("/", include_in_schema=False)(index_page)
    if web_dir.is_dir():
        app.mount("/static", StaticFiles(directory=web_dir), name="static")
