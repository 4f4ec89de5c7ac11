"""Sphinx configuration: 亚马逊招商经理与运营经理 (a site for Chinese cross-border sellers).

Build with ``make html`` (sphinx-build -nW --keep-going -c . source _build/html).
Paths below are relative to this file; the pages live in ``source/``.
"""

import contextlib
import html
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
# The project's one import path: its root, so local extensions are ext.<module>
# (the tests and tools import ext.* and tools.* the same way).
sys.path.insert(0, str(ROOT))

# -- Project information ------------------------------------------------------
# Name, version and the editions' date live in ext/metadata.py (pyproject.toml's [project]).
from ext.metadata import edition_date, project_meta, site_address  # noqa: E402 - the path above first
from ext.tokens import css_variables  # noqa: E402
from ext.zh_search.tokenizer import DICTIONARY  # noqa: E402

_meta = project_meta()
project = "亚马逊招商经理与运营经理指南"
author = "跨境卖家文档组"
copyright = "2026，跨境卖家文档组；内容整理自大数跨境 2026-01-16 文章"
version = release = _meta["version"]
language = "zh_CN"
locale_dirs = ["locale"]  # source/locale: Chinese for furo's own labels (Back to top …)
downloads_slug = _meta["name"]  # the downloads' names: <slug>-<version>-html.zip … (ext/downloads.py)
# The folder of the finished editions when this build is the hosted site (`make dist` passes
# SITE_DOWNLOADS=dist): its download page links them in downloads/ with their sizes.
downloads_folder = os.environ.get("SITE_DOWNLOADS", "")

# -- Public address -----------------------------------------------------------
# Canonical URLs, link previews, the sitemap and the 404 page need the site's public
# address: SITE_BASEURL, else the repository's github.io address on GitHub Actions, else
# a placeholder that `make dist` warns about (ext/metadata.py, docs/links.md).
SITE_BASEURL, REPO_URL, _ = site_address(downloads_slug)

# sphinxext-opengraph prints "matplotlib is not installed" when imported, but the site's card
# is a static image (ogp_social_cards below): nothing to act on, so it is not shown.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# -- General configuration ----------------------------------------------------
extensions = [
    # Pages and components
    "myst_parser",  # pages are MyST Markdown
    "sphinx_design",  # cards and grids (home page)
    "ext.diagrams",  # {mermaid} drawn to an SVG <img> at build time; errors at file:line
    "ext.decision_tree",  # one YAML decision tree → diagram, text version and self-check
    # Readable, lasting links
    "ext.anchors",  # every section has an explicit readable ASCII label; named glossary anchors
    "sphinx_reredirects",  # stub pages that forward moved pages (see `redirects`)
    "sphinx_sitemap",  # sitemap.xml from html_baseurl
    "notfound.extension",  # 404.html whose links work at any depth
    "sphinxext.opengraph",  # OpenGraph/Twitter meta for link previews in chats and wikis
    "ext.linkpreview",  # each page's one-line summary is its preview description
    "ext.copy_links",  # 复制链接 buttons under FAQ questions, in the HTML (no layout shift)
    "ext.table_cards",  # wide tables read as cards on a phone
    "ext.line_breaks",  # headings break between phrases (BudouX); dates and numbers never break
    "ext.checklists",  # :::{container} checklist items get checkboxes, remembered on the device
    "ext.downloads",  # {download-file}`pdf`, {download-qr}`pdf`: the editions, hosted in downloads/
    "sphinx_last_updated_by_git",  # each page's date of last change, from git (furo's footer)
    # Chinese search
    "ext.zh_search",  # jieba-cut section index and the search script; see "Options for search"
    # Checks a writer's mistakes fail the build on (Sphinx's own cover labels and toctrees)
    "ext.alt_text",  # every image has alt text
    "ext.figure_sources",  # every sourced figure links to its source (sources.md table)
    # Page weight and theme labels
    "ext.assets",  # each page loads only the CSS/JS it uses
    "ext.builders",  # what a builder writes (the web, the site), for the extensions and templates
    "ext.ui_labels",  # furo's hard-coded English labels in Chinese, from the .po file
]
root_doc = "index"
templates_path = ["source/_templates"]
exclude_patterns = ["_build", "permalinks.txt"]
nitpicky = True  # an unknown reference target is a warning, hence an error under -W

# -- Options for anchors ------------------------------------------------------
# Readable, stable anchors for the Chinese glossary terms (ext/anchors.py): without
# them Sphinx numbers them term-0, term-1 … in page order. Never change a published one.
glossary_term_ids = {
    "R 标": "r-mark",
    "TM 标": "tm-mark",
    "招商经理": "recruiting-manager",
    "运营经理": "operations-manager",
    "账户健康团队": "account-health-team",
    "招商经理通道": "recruiting-channel",
    "自助注册": "self-service-registration",
    "定向邀约链接": "targeted-invitation-link",
    "区域招商路演": "regional-roadshow",
    "官方线下活动": "official-events",
    "业绩通知": "performance-notices",
    "品牌备案": "brand-registration",
    "高门槛类目": "gated-categories",
    "类目前置解锁": "category-pre-unlock",
    "多站点同步开通": "multi-marketplace-launch",
    "订单缺陷率": "order-defect-rate",
    "系统风控": "system-risk-control",
    "佣金": "commission",
    "品牌注册证明": "trademark-proof",
    "中大型卖家": "mid-to-large-seller",
    "初创卖家": "startup-seller",
    "个人卖家": "individual-seller",
    "白牌卖家": "white-label-seller",
    "试水型卖家": "testing-the-water",
}

# -- Options for MyST ---------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0  # never slug Chinese headings; explicit (label)= only

# -- Options for diagrams -----------------------------------------------------
# Drawn by mermaid-cli (pinned in package-lock.json) on Debian's Chromium (ext/diagrams.py,
# docs/diagrams.md). This setting carries weight:
# with sphinxcontrib-mermaid's default ("raw"), every page would import mermaid.js
# from cdn.jsdelivr.net, a third-party request that is slow or blocked in mainland China.
mermaid_output_format = "svg"
# The drawings ship with the sources, in source/_diagrams/ (named by a hash of the code, the
# Mermaid configuration and the renderer's version): a build that finds them needs no
# Chromium. `make diagrams` draws what changed and removes what no diagram uses.

# -- Options for search -------------------------------------------------------
# ext/zh_search/, maintainers' guide docs/search.md. jieba (required) cuts the
# index with this domain dictionary; results are sections, with the passage around
# the match as the snippet, cut from the index (no fetch(), so search works from
# file:// too). The box searches as you type on every page (site.js, search.js).
zh_search_dictionary = str(DICTIONARY.resolve().relative_to(ROOT))  # jieba's words, from conf.py
zh_search_synonyms = "ext/zh_search/synonyms.toml"  # seller slang → the site's words, reviewed
zh_search_snippet_chars = 80  # length of a result's snippet, in characters
zh_search_last = ["sources#source-gaps"]  # for a seller who found nothing: after every answer
zh_search_suggest = [  # offered by the empty search page and phone search: where sellers start
    "channels#channel-decision-flow",
    "onboarding#materials-checklist",
    "account-health#first-steps-account-problem",
    "faq#is-recruiting-free",
    "roles#roles-overview",
]

# -- Options for HTML output --------------------------------------------------
html_theme = "furo"
html_title = "亚马逊招商经理与运营经理指南"
html_short_title = "卖家角色指南"
html_static_path = ["source/_static"]
html_css_files = ["site.css"]
html_show_sphinx = False  # furo's footer then reads "本站主题：Furo" (its English is in sphinx.po)
html_copy_source = False  # no _sources/*.txt: smaller downloads, nothing for search to fetch
html_show_sourcelink = False
html_baseurl = SITE_BASEURL  # canonical URLs; see "Options for links" below
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": [],
    # No text under 12 px on a phone (furo's sidebar captions are 11.4 px, "本页目录" 10 px),
    # and callouts and the page's table of contents at a size Chinese reads at (furo: 13 and 12).
    "light_css_variables": {
        "sidebar-caption-font-size": "var(--font-size--small)",
        "toc-title-font-size": "var(--font-size--small--3)",
        "toc-font-size": "var(--font-size--small--2)",
        "admonition-font-size": "0.9375rem",
        "admonition-title-font-size": "var(--font-size--small)",
        **css_variables("light"),  # the design tokens (ext/design-tokens.toml): --site-<name>
    },
    "dark_css_variables": css_variables("dark"),
}

# -- Options for links, previews, sitemap and 404 -----------------------------
# The maintainers' side is docs/links.md. Every public URL
# (page.html#label) is listed in source/permalinks.txt and tested.
html_js_files = ["site.js"]  # ¶ and 复制链接 copy the heading's public URL; the search box
ogp_site_url = SITE_BASEURL
ogp_site_name = html_title
ogp_type = "website"
# One static card for every page, drawn once (docs/links.md) with Noto Sans
# CJK SC: sphinxext-opengraph's generated cards wrap text at spaces only, so a
# Chinese title runs off the card.
ogp_image = "_static/social-card.png"
ogp_social_cards = {"enable": False}  # the static card above, so no matplotlib at build time
ogp_image_alt = "亚马逊招商经理与运营经理指南：给中国跨境卖家的入驻与运营参考"
ogp_custom_meta_tags = [
    '<meta property="og:locale" content="zh_CN" />',
    '<meta property="og:image:width" content="1200" />',
    '<meta property="og:image:height" content="630" />',
    '<meta name="twitter:card" content="summary_large_image" />',
]
sitemap_url_scheme = "{link}"  # one language, one version: no /zh_CN/1.0.0/ in the URLs
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# GitHub Pages serves 404.html for any missing URL at any depth, so its links are
# absolute paths under the site's path ("/amazon-seller-roles-docs/").
notfound_urls_prefix = urlsplit(SITE_BASEURL).path
notfound_context = {
    "title": "页面未找到",
    "body": (
        "<h1>页面未找到</h1>"
        "<p>这个地址没有页面：它可能已被移动或删除，或者链接有误。</p>"
        f'<p>回到<a href="{notfound_urls_prefix}index.html">首页</a>，'
        f'或<a href="{notfound_urls_prefix}search.html">搜索本站</a>。</p>'
    ),
}
# Moved pages: old docname → new page (relative to the old one). The old URL then
# forwards, keeping its #anchor, and the permalink test accepts it. Example:
#   redirects = {"channel-guide": "channels.html"}
# Retiring a page instead: see docs/links.md.
redirects: dict[str, str] = {}
redirect_html_template_file = str(ROOT / "source" / "_templates" / "redirect.html.tmpl")


def setup(app) -> None:
    """sphinx-reredirects puts each target into the template's HTML as written: escaped here
    (after any -D override), so & and quotes reach the browser as the address's own."""

    def escape(_app, config) -> None:
        config.redirects = {old: html.escape(new) for old, new in config.redirects.items()}

    app.connect("config-inited", escape)


# The downloads page links to the GitHub release assets.
myst_enable_extensions += ["substitution"]  # the list is under "Options for MyST"


myst_substitutions = {
    "releases_link": f"[GitHub Releases 页面]({REPO_URL}/releases/latest)",
    # The day the editions are made: the last commit's (SOURCE_DATE_EPOCH, which make sets).
    "edition_date": edition_date().strftime("%Y-%m-%d"),
    "version": version,
    "slug": downloads_slug,
}

# -- Options for EPUB output --------------------------------------------------
# `make dist` also builds an EPUB (dist/<slug>-<version>.epub) and a single-page
# edition; the diagram is an <img> of its SVG, which the EPUB lists in its manifest.
epub_basename = f"{downloads_slug}-{version}"
epub_title = project
epub_author = epub_publisher = author
epub_copyright = copyright
epub_language = "zh-CN"
epub_description = _meta["description"]
# The toc.ncx repeats epub_uid where readers expect the OPF identifier, so both are
# the slug (an XML name, stable across versions; dcterms:modified tells versions apart).
epub_identifier = epub_uid = downloads_slug
epub_show_urls = "no"  # external links stay links; no URLs pasted into the text
epub_tocdepth = 2
epub_tocscope = "includehidden"  # index.md's toctrees are hidden (furo's sidebar shows them)
# Web-only files stay out of the book: redirect stubs and the link-preview card.
epub_exclude_files = ["_static/social-card.png", *(f"{doc}.html" for doc in redirects)]

# -- Options for dates -------------------------------------------------------
# Each page's footer gives the date its source (or the tree it shows) last changed in git,
# in Beijing time: reproducible for a commit. Outside a git clone, or in a shallow one
# (the workflows fetch the whole history), a page carries no date.
html_last_updated_fmt = "%Y-%m-%d"
git_last_updated_timezone = "Asia/Shanghai"
suppress_warnings = ["git.subprocess_error", "git.command_not_found", "git.too_shallow"]

# -- Options for quality gates (docs/quality.md) -------------------------------
# A declared icon, so browsers do not ask the host's root for /favicon.ico (a 404
# and a console error on every first visit).
html_favicon = "source/_static/favicon.svg"
