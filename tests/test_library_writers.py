"""Many writers at once into one library: every document stored once, every citation
stored, no error. The target is PostgreSQL (8 writers, 200 documents with duplicates
among them); SQLite, which lets one writer in at a time, is held to the same."""

from __future__ import annotations

import random
import threading

from docparse.model import Document
from docparse.store.library import Library
from tests.libraries import make_doc

WRITERS = 8
DOCUMENTS = 200


def _documents() -> list[Document]:
    rng = random.Random(16)
    return [
        make_doc(f"{i:064x}", number=str(i + 1),
                 cites=tuple(f"{rng.randrange(1, 500)}/KH-UBND@{2000 + j}"
                             for j in range(rng.randrange(0, 12))))
        for i in range(DOCUMENTS)
    ]


def test_concurrent_writers_store_each_document_once(library_location: str) -> None:
    docs = _documents()
    Library(library_location).close()  # created once, as `docparse batch` does first
    # Every writer adds 100 documents drawn from the 200 (so each is wanted by four on
    # average, and together they want them all), one at a time or in small batches.
    rng = random.Random(8)
    plans = [rng.sample(docs, DOCUMENTS // 2) for _ in range(WRITERS)]
    missing = {d.source.sha256 for d in docs} - {d.source.sha256 for p in plans for d in p}
    plans[0] += [d for d in docs if d.source.sha256 in missing]
    start = threading.Barrier(WRITERS)
    added = [0] * WRITERS
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            with Library(library_location) as library:
                start.wait()
                plan = plans[index]
                step = 1 + index % 3  # writers 0, 3, 6 add one by one; others in batches
                for at in range(0, len(plan), step):
                    added[index] += library.add_many(plan[at:at + step])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sum(added) == DOCUMENTS  # each document was new to exactly one writer
    with Library(library_location) as library:
        assert library.count() == (DOCUMENTS, sum(len(d.citations) for d in docs))
        stored = {r.sha256 for r in library.documents()}
        assert stored == {d.source.sha256 for d in docs}
        by_doc: dict[str, list[str]] = {}
        for row in library.citations():
            by_doc.setdefault(row.sha256, []).append(row.key)
        for doc in docs:
            assert by_doc.get(doc.source.sha256, []) == [c.key for c in doc.citations]
