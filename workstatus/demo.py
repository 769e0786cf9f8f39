"""``workstatus demo``: assess the bundled examples and write their reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parent / "examples"


def examples() -> list[dict]:
    """The bundled examples, as listed in ``examples/manifest.yaml``."""
    return yaml.safe_load((EXAMPLES / "manifest.yaml").read_text(encoding="utf-8"))["examples"]


def run_demo(out: str | Path) -> Iterator[str]:
    """Assess each example, write ``<name>.html`` and ``<name>.md`` into ``out``; yield a line per example."""
    from workstatus import reports

    from workstatus import assess, load_model

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = load_model()
    yield f"workstatus demo — model {model.version}; reports in {out}/"
    for example in examples():
        path = EXAMPLES / example["file"]
        text = path.read_text(encoding="utf-8")
        item = yaml.safe_load(text) if path.suffix == ".yaml" else text
        result = assess(item, profile=example.get("profile"), model=model,
                        jurisdiction=example.get("jurisdiction"), case_id=path.stem)
        report = out / f"{path.stem}.html"
        report.write_text(reports.render_case_html(result), encoding="utf-8")
        (out / f"{path.stem}.md").write_text(reports.render_case_markdown(result), encoding="utf-8")
        yield ""
        yield reports.render_case_summary(result, heading=f"{example['title']} [{example['kind']}, {example['origin']}]",
                                          report=str(report))
    yield ""
    yield "Decision support, not a legal ruling. See `workstatus assess --help` for one case of your own."
