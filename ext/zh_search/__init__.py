"""Chinese search that finds what sellers type, as they type, online and offline (file://):
Sphinx's own treats a query as one word, ranks pages and fetches snippets (blocked on
file://). The modules and source/_static/search.js: docs/search.md.
"""

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ext.builders import site
from ext.zh_search.index import build_section_index, write_index
from ext.zh_search.page import INDEX, add_search_context, add_template_filter
from ext.zh_search.synonyms import read_synonyms
from ext.zh_search.tokenizer import InputError, SearchChineseSeller, read_dictionary


def check_config(app: Sphinx, config: Config) -> None:
    """Check the dictionary and the synonyms before anything is read, and hand the dictionary
    to the search language (``html_search_options['dict']``, as Sphinx's own Chinese search)."""
    for setting, read in (("zh_search_dictionary", read_dictionary), ("zh_search_synonyms", read_synonyms)):
        try:
            if config[setting]:
                read(Path(app.confdir, config[setting]))
        except InputError as err:  # a warning at file:line (a raise prints Sphinx's bug report)
            logging.getLogger(__name__).warning("%s (%s; the build goes on without it)", err, setting)
            config[setting] = ""
    if config.zh_search_dictionary:
        path = str(Path(app.confdir, config.zh_search_dictionary))
        config.html_search_options = {**(config.html_search_options or {}), "dict": path}


def note_changes(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    env.zh_search_changed = bool(added or changed or removed)
    return []


def write_search_index(app: Sphinx, env) -> list[str]:
    """The index, from the doctrees, once every page is read (the pages give its key). Any
    page read anew rewrites them all: each carries the key, the sidebar's toctree and titles,
    and sphinx-sitemap lists only the pages written."""
    if not site(app.builder):
        return []
    config = app.config
    doctrees = {name: env.get_doctree(name) for name in sorted(env.found_docs)}
    synonym_file = Path(app.confdir, config.zh_search_synonyms) if config.zh_search_synonyms else None
    lang = SearchChineseSeller(config.html_search_options or {})
    index = build_section_index(lang, doctrees, config, synonym_file)
    Path(app.builder.outdir).mkdir(parents=True, exist_ok=True)
    pages = {name: env.titles[name].astext() for name in doctrees}
    key = write_index(Path(app.builder.outdir), INDEX, index, pages)
    stale = getattr(env, "zh_search_changed", True) or key != getattr(env, "zh_search_index_key", None)
    env.zh_search_index_key, env.zh_search_changed = key, False
    return list(doctrees) if stale else []


def setup(app: Sphinx) -> dict:
    try:
        import jieba  # noqa: F401, PLC0415 - a check: the index needs it (tokenizer.py loads it)
    except ImportError as err:
        raise ExtensionError(
            "zh_search: the Chinese search index needs jieba, which is not installed "
            f"({err}). Install the locked build requirements: "
            "`.venv/bin/pip install --require-hashes -r requirements/docs.lock.txt` "
            "(or `make html`, which does it)."
        ) from None
    app.add_search_language(SearchChineseSeller)
    app.add_config_value("zh_search_dictionary", "", "html", str)  # relative to conf.py
    app.add_config_value("zh_search_synonyms", "", "html", str)  # relative to conf.py
    app.add_config_value("zh_search_snippet_chars", 80, "html", int)
    app.add_config_value("zh_search_last", [], "html", list)  # page#label: ranked after every answer
    app.add_config_value("zh_search_suggest", [], "html", list)  # page#label: offered before a query
    app.connect("config-inited", check_config)
    app.connect("builder-inited", add_template_filter)
    app.connect("env-get-outdated", note_changes)
    app.connect("env-updated", write_search_index)
    app.connect("html-page-context", add_search_context)
    return {"version": "3.0", "parallel_read_safe": True, "parallel_write_safe": True}
