"""``workstatus serve``: the REST API and the web page, under uvicorn."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from workstatus.commands._common import fail


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default answers this machine only."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
        workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (each loads the model once)."),
        data_dir: Path = typer.Option(None, "--data-dir", help="Private folder for batch jobs; default "
                                      "~/.local/share/workstatus/jobs."),
        max_body_mb: float = typer.Option(2.0, "--max-body-mb", min=0.01, help="Largest JSON or form body (MiB)."),
        max_upload_mb: float = typer.Option(64.0, "--max-upload-mb", min=0.01, help="Largest uploaded table (MiB)."),
        max_jobs: int = typer.Option(1, "--max-jobs", min=1, help="Batch jobs that run at once, per worker."),
        keep_hours: float = typer.Option(168.0, "--keep-hours", min=0, help="Delete finished jobs this long after "
                                         "they finish."),
        model: Path = typer.Option(None, "--model", help="A model folder (default: the shipped model)."),
        token: str = typer.Option(None, "--token", envvar="WORKSTATUS_TOKEN", show_default=False,
                                  help="Require this token on every request (Bearer, or a browser's password "
                                  "prompt); needed to bind anything but loopback. Prefer the WORKSTATUS_TOKEN "
                                  "variable: a command line is visible to other users."),
        request_timeout: float = typer.Option(60.0, "--request-timeout", min=1, help="Seconds a JSON request may "
                                              "take before it is answered 504."),
    ) -> None:
        """Run the web service: REST API (docs at /docs) and the web page (/), with batch jobs that survive a restart.

        On 127.0.0.1 (the default) anyone on this machine may use it; any other address needs --token
        (or WORKSTATUS_TOKEN), and TLS belongs to a proxy in front of it.
        """
        try:
            import uvicorn

            from workstatus.service import ServiceSettings
            from workstatus.service._settings import ENVIRONMENT_VARIABLE, MIB, default_data_dir
        except ImportError as err:
            fail(f"the service needs its extra packages ({err.name} is missing); "
                 "install them with: pip install 'workstatus[serve]'")
        import os

        if model is not None and not model.is_dir():
            fail(f"--model {model}: no such folder")
        if not _loopback(host) and not token:
            fail(f"--host {host}: binding an address other machines can reach needs a token; set WORKSTATUS_TOKEN "
                 "(or --token) to a long random string, and put TLS in front (a proxy)")
        if token is not None and len(token) < 16:
            fail("--token: use at least 16 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe())')")
        settings = ServiceSettings(
            data_dir=(data_dir or default_data_dir()).expanduser().resolve(), max_body_bytes=int(max_body_mb * MIB),
            max_upload_bytes=int(max_upload_mb * MIB), max_jobs=max_jobs, keep_hours=keep_hours,
            model=None if model is None else str(model.resolve()), token=token, request_timeout=request_timeout)
        os.environ[ENVIRONMENT_VARIABLE] = settings.to_environment()
        os.umask(0o077)  # whatever this process writes (job files included) is its owner's only
        typer.echo(f"workstatus: serving http://{host}:{port}/ (API docs at /docs; jobs in {settings.data_dir})", err=True)
        # The app is built in each worker from the environment, so every worker loads the model once.
        uvicorn.run("workstatus.service._app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, access_log=False, log_level="info", log_config=_log_config())


def _log_config() -> dict:
    """uvicorn's logging, plus the service's own access log (method, path, status, ms: never a body or a query)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["workstatus.service"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
