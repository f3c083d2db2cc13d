"""Text from YAML is data: never markup, never a path, never code.

End to end: a handbook whose texts hold HTML, a javascript: link and Markdown emphasis is
built with the real CLI; the site shows the text as text and the job description PDF prints
it literally. Then: output paths stay inside the output folder, and the package source has
no way to execute content (no unsafe YAML loader, eval or exec, templates sandboxed and
autoescaped).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.outputs import Output, plan, safe_path
from generator.handbook import load_handbook

from .conftest import REPO

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**bold**"]
PAYLOAD = " ".join(PAYLOADS)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class _Page(HTMLParser):
    """What a browser would make live: script bodies, event handlers, link targets; and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((name, value or ""))
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.links.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    import shutil

    from .conftest import MINI, Project

    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(MINI, root)
    project = Project(root)
    project.replace("handbook/roles/salesman.yml", "title: 业务员", f"title: {_quoted('业务员 ' + PAYLOAD)}")
    project.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项", f"  - {_quoted('协助收款 ' + PAYLOAD)}")
    project.replace("forms/new-customer-notice.yml", "label: 客户名称", f"label: {_quoted('客户名称 ' + PAYLOAD)}")
    project.replace("handbook/policies/conduct.yml", "      - 本规定自发布之日起施行。",
                    f"      - {_quoted('本规定自发布之日起施行 ' + PAYLOAD)}")
    project.replace("handbook/company.yml", "name: 示例贸易有限公司", f"name: {_quoted('示例贸易 ' + PAYLOAD)}")
    out = root.parent / "out"
    result = project.handbook("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _check_html(html: str, name: str) -> str:
    """Assert nothing from the YAML is live in `html`; return its text as a reader sees it."""
    parsed = _Page()
    parsed.feed(html)
    assert not [s for s in parsed.scripts if "alert(1)" in s], f"live <script> from the YAML in {name}"
    assert not parsed.handlers, f"event handler attribute in {name}: {parsed.handlers[:3]}"
    assert not [u for u in parsed.links if u.strip().lower().startswith("javascript:") or u.strip() == "x"], \
        f"link made from YAML text in {name}"
    assert "<strong>bold</strong>" not in html and "<em>bold</em>" not in html, f"Markdown rendered in {name}"
    return "".join(parsed.text)


def _pages(out: Path):
    for page in sorted(out.rglob("*.html")):
        yield page.relative_to(out).as_posix(), page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_page_content_shows_hostile_text_as_text(hostile_build):
    """The page bodies (what the handbook's templates render) and the search index."""
    shown_on = set()
    for name, html in _pages(hostile_build):
        bodies = re.findall(r"<article\b.*?</article>", html, flags=re.S)
        text = _check_html("".join(bodies), name)
        if "<script>alert(1)</script>" in text:  # the literal text, as a reader sees it
            shown_on.add(name)
            assert all(p in text for p in PAYLOADS), f"{name} shows only part of the text"
    for expected in ("index.html", "roles/salesman.html", "policies/conduct.html", "forms/new-customer-notice.html",
                     "checklists/salesman.html"):
        assert expected in shown_on, f"the text is not shown on {expected}"
    index = (hostile_build / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in index and "<img src=x" not in index  # Material renders results as HTML


@pytest.mark.slow
def test_whole_pages_show_hostile_text_as_text(hostile_build):
    """Navigation, header and every other part of the page, not only its body."""
    for name, html in _pages(hostile_build):
        _check_html(html, name)


@pytest.mark.slow
def test_job_description_pdf_prints_the_literal_text(hostile_build):
    from pypdf import PdfReader

    reader = PdfReader(hostile_build / "pdf/roles/salesman.pdf")
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for payload in PAYLOADS:
        assert "".join(payload.split()) in text, payload


# ------------------------------------------------------------------ paths


def test_output_paths_stay_inside_the_output_folder(tmp_path, mini):
    base = tmp_path / "site"
    for output in plan(load_handbook(mini.root)):
        assert safe_path(base, output.path).is_relative_to(base)
    for evil in ["../../etc/passwd.pdf", "pdf/roles/../../../x.pdf", "/etc/x.pdf", "xlsx/../../../x.xlsx"]:
        with pytest.raises(BuildError, match="refusing to write outside the output folder"):
            safe_path(base, Output("job-description", "x", evil).path)


def test_a_path_id_never_reaches_the_outputs_table(mini):
    mini.replace("handbook/roles/salesman.yml", "id: salesman", "id: ../../etc")
    result = mini.handbook("check")
    assert result.returncode == 1
    assert "handbook/roles/salesman.yml:1:5: error: invalid id '../../etc'" in result.stderr


# ------------------------------------------------------------------ the generator never executes content

FORBIDDEN = {
    r"\byaml\.load\(": "yaml.load( (use the event parser in yaml_reader)",
    r"\b(unsafe_load|full_load|load_all)\(": "an object-constructing YAML load",
    r"Loader\s*=\s*(yaml\.)?(Loader|UnsafeLoader|FullLoader)\b": "an unsafe YAML Loader",
    r"\b(UnsafeLoader|FullLoader)\b": "an unsafe YAML Loader",
    r"(?<![\w.])eval\(": "eval(",
    r"(?<![\w.])exec\(": "exec(",
    r"\bpickle\.loads?\(": "pickle.load(",
    r"shell\s*=\s*True": "a shell",
    r"\bjinja2\.Environment\(|from jinja2 import [^\n]*\bEnvironment\b": "a Jinja environment that is not sandboxed",
}


def test_package_source_never_executes_content():
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN.items():
            for m in re.finditer(pattern, source):
                line = source.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(REPO)}:{line}: {what}")
    assert found == []


def test_templates_are_sandboxed_and_autoescaped():
    from jinja2.sandbox import SandboxedEnvironment

    from generator.present.templating import environment

    from generator.resources import Resources

    env = environment(Resources())
    assert isinstance(env, SandboxedEnvironment)
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    for path in (REPO / "site_config").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".j2", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\|\s*safe\b|autoescape\s+false", text), f"{path} turns escaping off"


def test_the_sandbox_remembering_its_answers_answers_as_jinja_does():
    """present/templating.py decides once per type and attribute name: each answer is
    Jinja's, asked again after a safe attribute of the same type, and a template still
    cannot reach an internal attribute or change a list."""
    import collections
    import types

    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from generator.handbook import load_handbook
    from generator.present.templating import environment
    from generator.resources import Resources

    def gen():
        yield 1

    env, jinja = environment(Resources()), ImmutableSandboxedEnvironment()
    role = load_handbook(REPO).roles["salesman"]
    objects = [[1], {"a": 1}, {1}, collections.deque(), len, gen, gen(), role.model_dump, str, "text",
               types.SimpleNamespace(append=1), role, role.responsibilities, gen.__code__]
    names = ["append", "pop", "update", "add", "index", "get", "items", "title", "mro", "func_globals",
             "gi_frame", "gi_code", "co_code", "__class__", "__globals__", "_private", "im_self", "upper"]
    for _ in range(2):
        for obj in objects:
            for name in names:
                value = getattr(obj, name, None)
                assert env.is_safe_attribute(obj, name, value) == jinja.is_safe_attribute(obj, name, value), \
                    (obj, name)
    assert env.from_string("{{ x.index(2) }}").render(x=[1, 2]) == "1"
    for source in ("{{ x.append(3) }}", "{{ x.__class__ }}", "{{ f.__globals__ }}", "{{ r.__class__.mro() }}"):
        with pytest.raises(SecurityError):
            env.from_string(source).render(x=[1, 2], f=gen, r=role)
