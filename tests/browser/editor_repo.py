"""A records repository the editor can save into, on this computer: the sample school in a Git repository,
its intranet built with the editor at /admin/, and Decap's own ``decap-server`` in Git mode serving a clean
clone of it (the server commits with ``git add .``, so nothing else may live in that clone).

Readiness comes from the server's own "listening" line, never from waiting a while.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO, SAMPLE_AS_OF
from tests.site.building import build_site, copy_repository

DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
SERVER_START_TIMEOUT = 120  # seconds; a loaded 2-core machine starts node slowly
AUTHOR = ["-c", "user.name=Test School", "-c", "user.email=office@school.example"]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *AUTHOR, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class EditorRepository:
    origin: Path
    """The repository the site was built from (main)."""
    work: Path
    """decap-server's clone, where the editor's branches appear."""
    site: Path
    server: subprocess.Popen

    def branches(self) -> list[str]:
        return git("branch", "--format=%(refname:short)", cwd=self.work).split()

    def changes(self, branch: str) -> list[str]:
        """'<status>\\t<path>' of every file the branch changes compared with main."""
        return git("diff", "--name-status", "main", branch, cwd=self.work).splitlines()

    def checkout(self, branch: str, into: Path) -> Path:
        """The branch in a worktree of its own (decap-server's working tree is left alone)."""
        git("worktree", "add", "--quiet", str(into), branch, cwd=self.work)
        return into

    def merge(self, branch: str) -> None:
        """What the Head of House's approval and the merge on GitHub do: the branch joins main."""
        git("merge", "--quiet", "--no-ff", "-m", f"Merge {branch}", branch, cwd=self.work)

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)


def start_editor_repository(root: Path) -> EditorRepository:
    """Build the sample school's intranet (editor talking to a local decap-server) and start that server."""
    if not DECAP_SERVER.exists():
        raise FileNotFoundError(f"the editor tests need decap-server at {DECAP_SERVER}: run `make editor` (npm ci)")
    origin = copy_repository(root / "origin")
    shutil.copytree(REPO / ".github", origin / ".github")
    (origin / ".gitignore").write_text("node_modules\n.pastoral-cache/\n", encoding="utf-8")
    port = free_port()
    config = origin / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        enabled: true\n", f"        enabled: true\n        local_port: {port}\n      as_of: {SAMPLE_AS_OF}\n"),
        encoding="utf-8")
    git("init", "--quiet", "--initial-branch=main", cwd=origin)
    git("add", ".", cwd=origin)
    git("commit", "--quiet", "-m", "The sample school", cwd=origin)
    site = build_site(origin, site_dir=str(root / "site"))
    work = root / "work"
    git("clone", "--quiet", str(origin), str(work), cwd=root)
    environment = dict(os.environ, MODE="git", GIT_REPO_DIRECTORY=str(work), PORT=str(port), BIND_HOST="127.0.0.1",
                       LOG_LEVEL="info")
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    listening = threading.Event()
    output: list[str] = []

    def watch() -> None:
        for line in server.stdout:  # type: ignore[union-attr]
            output.append(line)
            if "listening" in line:
                listening.set()

    threading.Thread(target=watch, daemon=True).start()
    if not listening.wait(SERVER_START_TIMEOUT):
        server.kill()
        raise RuntimeError("decap-server did not start: " + "".join(output))
    return EditorRepository(origin, work, site, server)
