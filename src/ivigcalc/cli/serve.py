"""`ivigcalc serve`: the CDS Hooks service and the calculation endpoints over HTTP (the `server` extra).

    GET  /cds-services                      CDS Hooks discovery
    POST /cds-services/<id>                 the order-sign hook: cards
    POST /calculate/itp, /calculate/aps     a JSON object of inputs (as a batch row) -> the --json result

Loopback (127.0.0.1) by default; there is no authentication and no TLS, so another address is a choice the
operator makes on purpose (a line on stderr says so). Bodies are limited to 1 MiB and validated like every
other input (400 with the field and message). Nothing logs a request body, a result or an error text:
uvicorn's access log is off, and an unexpected error answers 500 with its type only. Starlette, uvicorn and
fhir.resources are imported only when the command runs.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from typing import Annotated, Any

import typer

from ivigcalc.cli.app import app
from ivigcalc.cli.help import PanelledCommand
from ivigcalc.errors import InputError

MAX_BODY_BYTES = 1 << 20
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_app() -> Any:
    """The ASGI application (Starlette)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from ivigcalc.formats import cds_hooks

    def error(status: int, message: str, field: str | None = None) -> Response:
        return JSONResponse({"error": {"field": field, "message": message}}, status_code=status)

    async def body_of(request: Request) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            raise _TooLarge
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise _TooLarge
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise InputError(None, None, "the body is not JSON") from None

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                response: Response = await handler(request)
                return response
            except _TooLarge:
                return error(413, f"the body is larger than {MAX_BODY_BYTES:,} bytes")
            except InputError as problem:
                return error(400, problem.message if problem.field else problem.describe(""), problem.field)
            except Exception as problem:  # no message text: it may carry patient values
                return error(500, f"internal error ({type(problem).__name__}); no result was produced")
        return endpoint

    async def discovery(request: Request) -> Response:
        return JSONResponse(cds_hooks.discovery())

    async def service(request: Request) -> Response:
        if request.path_params["service_id"] != cds_hooks.SERVICE_ID:
            return error(404, f"no such CDS service; GET /cds-services lists {cds_hooks.SERVICE_ID}")
        return JSONResponse(cds_hooks.order_sign(await body_of(request)))

    def calculate(command: str) -> Any:
        async def handler(request: Request) -> Response:
            from ivigcalc import api

            values = await body_of(request)
            if not isinstance(values, dict):
                raise InputError(None, None, "the body must be a JSON object of inputs, named like the options")
            function = api.itp_from_mapping if command == "itp" else api.aps_from_mapping
            return Response(function(values).to_json(), media_type="application/json")
        return handler

    routes = [
        Route("/cds-services", guarded(discovery), methods=["GET"]),
        Route("/cds-services/{service_id}", guarded(service), methods=["POST"]),
        Route("/calculate/itp", guarded(calculate("itp")), methods=["POST"]),
        Route("/calculate/aps", guarded(calculate("aps")), methods=["POST"]),
    ]
    return Starlette(routes=routes)


class _TooLarge(Exception):
    pass


@app.command(cls=PanelledCommand, short_help="A CDS Hooks service and POST /calculate, on loopback.")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default loopback only).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = DEFAULT_PORT,
) -> None:
    """A CDS Hooks service (order-sign) and POST /calculate/itp|aps, for the EHR or another program.
    Needs the `server` extra: pip install 'ivigcalc[server]'."""
    try:
        import uvicorn
    except ImportError:
        raise InputError(None, None,
                         "serve needs the optional server packages: pip install 'ivigcalc[server]'") from None
    from ivigcalc.formats.fhir import require_fhir_resources

    require_fhir_resources()
    application = build_app()
    if not _is_loopback(host):
        sys.stderr.write(f"ivigcalc: serve: listening on {host}, beyond this machine, with no authentication "
                         "and no TLS: put it behind the hospital's gateway\n")
    sys.stderr.write(f"ivigcalc: serve: http://{host}:{port}/cds-services (Ctrl-C stops)\n")
    sys.stderr.flush()
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False,
                server_header=False, date_header=False)
