"""Links that wikis rely on: the permalink manifest, redirects, one-click copy."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builds import FIXTURES, ROOT, soup
from tools import permalinks

FIXTURE_MANIFEST = FIXTURES / "permalinks-site" / "permalinks.txt"


def test_manifest_resolves_on_the_real_site_and_lists_every_public_url(site: Path) -> None:
    lost, unlisted = permalinks.check(site, permalinks.MANIFEST)
    assert not lost, "public URLs the site lost (add a redirect, see docs/links.md):\n" + "\n".join(lost)
    fix = "run `.venv/bin/python tools/permalinks.py --site <build> --write` and commit the file"
    assert not unlisted, f"public URLs missing from source/permalinks.txt: {unlisted}; {fix}"


def test_a_bad_manifest_line_names_file_and_line(tmp_path: Path) -> None:
    manifest = tmp_path / "permalinks.txt"
    manifest.write_text("# comment\nindex.html\nfaq.html#常见问题\n", encoding="utf-8")
    with pytest.raises(permalinks.ManifestError, match=r"permalinks\.txt:3: “faq\.html#常见问题”"):
        permalinks.read_manifest(manifest)
    manifest.write_text("index.html\nindex.html\n", encoding="utf-8")
    with pytest.raises(permalinks.ManifestError, match=r"permalinks\.txt:2: .* already listed on line 1"):
        permalinks.read_manifest(manifest)


def _rename_guide(src: Path) -> None:
    """guide.md → handbook.md, in the toctree too."""
    (src / "guide.md").rename(src / "handbook.md")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\nguide\n", "\nhandbook\n"), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.browser
def test_a_renamed_page_is_lost_without_a_redirect_and_kept_with_one(fixture_build, open_page) -> None:
    """Without: the lost URLs named, by the tests and the command. With: the anchor followed."""
    build = fixture_build("permalinks-site", "html", edit=_rename_guide)
    assert build.ok, build.warnings
    lost, _ = permalinks.check(build.outdir, FIXTURE_MANIFEST)
    assert len(lost) == 4, lost  # guide.html and its three labels
    assert any(line.startswith("guide.html#guide-steps (permalinks.txt:") for line in lost), lost
    assert "the page guide.html does not exist and no redirect covers it" in "\n".join(lost)
    cli = [sys.executable, "-m", "tools.permalinks", "--site", build.outdir, "--manifest", FIXTURE_MANIFEST]
    proc = subprocess.run(cli, capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 1 and "lost: guide.html#guide-checklist" in proc.stderr, proc.stderr
    target = 'handbook.html?from="guide"&v=1'  # quotes and & reach the browser as written
    build = fixture_build("permalinks-site", "html", edit=_rename_guide, redirects={"guide": target})
    assert build.ok, build.warnings
    lost, unlisted = permalinks.check(build.outdir, FIXTURE_MANIFEST)
    assert lost == []
    assert "handbook.html#guide-steps" in unlisted  # the new URLs, for --write to add
    assert soup(build.outdir / "guide.html").find(id="new-address")["href"] == target
    page = open_page((build.outdir / "guide.html").as_uri() + "#guide-steps")
    page.wait_for_url(re.compile(r"/handbook\.html\?from=%22guide%22&v=1#guide-steps$"))
    assert page.locator("#guide-steps h2").inner_text().startswith("步骤")


CLIPBOARD = ["clipboard-read", "clipboard-write"]  # as a reader's click allows


@pytest.mark.browser
def test_faq_buttons_and_heading_permalinks_copy_the_public_url(open_page, hosted_site) -> None:
    page = open_page(hosted_site.urls["faq.html"], permissions=CLIPBOARD)

    def copies(control, anchor: str) -> None:
        control.click()
        expected = page.get_attribute('link[rel="canonical"]', "href") + f"#{anchor}"
        assert expected.startswith("https://")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        toast = page.locator(".copy-toast")
        assert toast.inner_text() == f"已复制：{expected}"
        assert toast.is_visible() and toast.get_attribute("role") == "status"

    questions = page.locator("section#faq > section")
    buttons = page.locator("section#faq > section > button.copy-link")
    assert questions.count() >= 7 and buttons.count() == questions.count()
    button = page.locator("#is-recruiting-free > button.copy-link")
    assert button.inner_text() == "复制链接"
    assert button.get_attribute("aria-label").startswith("复制链接：招商服务是否收费")
    copies(button, "is-recruiting-free")
    page.goto(hosted_site.urls["onboarding.html"])
    heading = page.locator("#materials-checklist > h2")
    heading.hover()
    link = heading.locator("a.headerlink")
    assert link.get_attribute("title") == "复制本节链接 #materials-checklist"
    copies(link, "materials-checklist")
    assert page.url.endswith("#materials-checklist")  # the address bar shows the readable anchor
