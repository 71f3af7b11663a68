"""The native parts of the package, built by the normal install (`pip install -e .`, `make`): everything else
is declared in pyproject.toml."""

from setuptools import Extension, setup
from setuptools_rust import Binding, RustExtension

setup(
    rust_extensions=[
        # The embedded engine's one-pass search: page, total and every disjunctive facet count in one posting walk
        # (native/src/lib.rs). Optional like the C ones: without cargo the install goes on and the engine counts
        # in one pass per selected facet (logged). Cargo puts its build in $CARGO_TARGET_DIR (the Makefile keeps it
        # outside the clone, so a clean clone reuses the compiled dependencies).
        RustExtension(
            "caselaw.search.embedded._facets",
            path="native/Cargo.toml",
            binding=Binding.PyO3,
            optional=True,
            py_limited_api="auto",
            # Release also in an editable install (`pip install -e .`), where setuptools-rust would build debug:
            # a debug walk is ten times slower.
            debug=False,
        )
    ],
    ext_modules=[
        # pdf_text's item cutter (the ctypes calls of its Python twin cost ~2.6 ms a page); see the file's header.
        Extension("caselaw.ingest._items", ["caselaw/ingest/_items.c"], extra_compile_args=["-O2"], optional=True),
        # language's feature walk (py3langid's, a Python loop step a byte, is its twin); see the file's header.
        Extension("caselaw.ingest._langid", ["caselaw/ingest/_langid.c"], extra_compile_args=["-O2"], optional=True),
        # snippets' byte search (a `bytes.find` per stem in its Python twin); see the file's header.
        Extension(
            "caselaw.search.embedded._scan",
            ["caselaw/search/embedded/_scan.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ],
)
