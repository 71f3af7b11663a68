"""The native parts of the package, built by the normal install (`pip install -e .`, `make`): everything else
is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # pdf_text's item cutter (the ctypes calls of its Python twin cost ~2.6 ms a page); see the file's header.
        Extension("caselaw.ingest._items", ["caselaw/ingest/_items.c"], extra_compile_args=["-O2"], optional=True),
        # snippets' byte search (a `bytes.find` per stem in its Python twin); see the file's header.
        Extension(
            "caselaw.search.embedded._scan",
            ["caselaw/search/embedded/_scan.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ]
)
