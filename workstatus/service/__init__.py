"""``workstatus serve``: the REST API (FastAPI) and the bilingual web page, on the one pipeline.

>>> from workstatus.service import ServiceSettings, create_app
>>> app = create_app(ServiceSettings(data_dir="/tmp/workstatus-jobs"))   # run it with uvicorn
"""

from workstatus.service._settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None):
    """The application (FastAPI); see :func:`workstatus.service._app.create_app`."""
    from workstatus.service._app import create_app as _create

    return _create(settings)


__all__ = ["ServiceSettings", "create_app"]
