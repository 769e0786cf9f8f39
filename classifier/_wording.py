"""The wording block's TF-IDF, computed with numpy against the fitted vocabulary.

scikit-learn's ``TfidfVectorizer.transform`` builds every character n-gram
of every text as a Python string and counts them in a dict: on short case
texts that was the single largest cost of a decision. :class:`WordingCoder`
gives the same matrix, float for float: the same preprocessing and word
split (in Python, per text), then every n-gram of every word coded as an
integer over the vocabulary's alphabet and looked up in one sorted array,
counted with ``np.unique``; the count matrix then goes through the same
steps as ``TfidfTransformer.transform`` (sublinear tf, idf, l2 rows with
scikit-learn's own ``normalize``), so the result is identical, not close.

Only a vectorizer configured as :func:`classifier._design.wording_vectorizer`
makes it (char_wb 1–3-grams, sublinear tf, l2, idf); any other is
transformed by scikit-learn as before.
"""

from __future__ import annotations

import re

import numpy as np

#: scikit-learn's whitespace rule of ``char_wb`` (``_VectorizerMixin._white_spaces``)

#: characters coded per numpy pass: bounds the working memory on a very long text
_SEGMENT = 1 << 20
#: texts counted together (their n-gram keys sorted in one ``np.unique``)
_GROUP = 128
_MAX_N = 3


class WordingCoder:
    """Counts and TF-IDF of a fixed char_wb (1, 3) vocabulary for many texts at once.

    Parameters
    ----------
    vectorizer
        A fitted ``TfidfVectorizer`` (its ``vocabulary_``, ``idf_`` and ``preprocessor``).
    """

    def __init__(self, vectorizer):
        self.preprocessor = vectorizer.preprocessor
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        vocabulary = vectorizer.vocabulary_
        self.width = len(vocabulary)
        alphabet = sorted({c for term in vocabulary for c in term})
        # 0 means "not in any term": a window holding it matches nothing (nor does the "\n" between words)
        self.table = np.zeros(max(map(ord, alphabet), default=0) + 1, dtype=np.int64)
        self.table[[ord(c) for c in alphabet]] = np.arange(1, len(alphabet) + 1)
        base = self.base = len(alphabet) + 1
        # dense lookups (the alphabet of a 4,000-term vocabulary has a few hundred characters):
        # character -> column of its 1-gram; pair -> column of its 2-gram, and its row among the
        # pairs that start a 3-gram; (that row, third character) -> column of the 3-gram
        self.one = np.full(base, -1, dtype=np.int64)
        self.two = np.full(base * base, -1, dtype=np.int64)
        self.prefix = np.full(base * base, -1, dtype=np.int64)
        ids = {t: [int(self.table[ord(c)]) for c in t] for t in vocabulary}
        prefixes = sorted({(i[0], i[1]) for i in ids.values() if len(i) == 3})
        for row, (a, b) in enumerate(prefixes):
            self.prefix[a * base + b] = row
        self.three = np.full(max(len(prefixes), 1) * base, -1, dtype=np.int64)
        for term, column in vocabulary.items():
            i = ids[term]
            if len(i) == 1:
                self.one[i[0]] = column
            elif len(i) == 2:
                self.two[i[0] * base + i[1]] = column
            else:
                self.three[self.prefix[i[0] * base + i[1]] * base + i[2]] = column
        # the same lookups for gathering without masks: columns shifted by one (0: no n-gram), a
        # character out of the table read as the 0 appended to it, and a pair that starts no 3-gram
        # sent to an appended row of zeros
        self._table = np.append(self.table, 0)
        self._one, self._two = self.one + 1, self.two + 1
        self._prefix = np.where(self.prefix >= 0, self.prefix, max(len(prefixes), 1))
        self._three = np.append(self.three + 1, np.zeros(base, dtype=np.int64))

    @staticmethod
    def fits(vectorizer) -> bool:
        """Whether ``vectorizer`` is configured so that this coder reproduces it exactly."""
        params = vectorizer.get_params()
        return (params["analyzer"] == "char_wb" and tuple(params["ngram_range"]) == (1, _MAX_N)
                and params["input"] == "content" and params["preprocessor"] is not None
                and params["binary"] is False and params["norm"] == "l2" and params["use_idf"] is True
                and params["sublinear_tf"] is True and params["dtype"] is np.float64
                and hasattr(vectorizer, "idf_") and all(1 <= len(t) <= _MAX_N for t in vectorizer.vocabulary_))

    def _docs(self, texts: list[str]) -> list[str]:
        docs = []
        for text in texts:
            # scikit-learn folds whitespace runs (``\s\s+`` -> " ") before its ``split()``; ``\s`` is exactly
            # ``str.isspace`` (checked over every code point), so the split alone gives the same words
            words = self.preprocessor(text).split()
            # each word padded with one space, as char_wb pads it; "\n" keeps n-grams inside a word
            docs.append(" " + " \n ".join(words) + " " if words else "")
        return docs

    def counts(self, texts: list[str]):
        """The count matrix ``CountVectorizer.transform`` gives (CSR, float64, sorted indices)."""
        from scipy import sparse

        docs = self._docs(texts)
        rows, columns, tallies = [], [], []
        first = 0
        while first < len(docs):
            # a group of texts small enough to be counted together (a long text goes alone)
            last, size = first, 0
            while last < len(docs) and last - first < _GROUP and (last == first or size + len(docs[last]) <= _SEGMENT):
                size += len(docs[last]) + 1
                last += 1
            row, column, tally = self._tally(docs[first:last])
            rows.append(row + first)
            columns.append(column)
            tallies.append(tally)
            first = last
        row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        indptr = np.searchsorted(row, np.arange(len(texts) + 1))
        data = (np.concatenate(tallies) if tallies else np.zeros(0)).astype(np.float64)
        column = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        return sparse.csr_matrix((data, column, indptr), shape=(len(texts), self.width))

    def _tally(self, docs: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The n-grams of the vocabulary found in a few texts: (doc, column, count) of each, by doc then column.

        The keys are counted in a dense tally of ``len(docs)`` rows of ``width + 1`` cells
        (``np.bincount``; a row's cell 0 takes the windows that are no n-gram) and its non-zero cells
        read back in key order: for a group of 128 texts (about 150,000 keys, 512,000 cells) that
        costs less than sorting the keys (``np.unique``, 7.4 ms), and gives the same counts.
        """
        text = "\n".join(docs) + "\n"
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ids = np.zeros(len(points) + _MAX_N - 1, dtype=np.int64)
        np.take(self._table, points, out=ids[:len(points)], mode="clip")
        stride = self.width + 1
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int64) * stride, [len(d) + 1 for d in docs])
        size = len(docs) * stride
        tally = np.zeros(size, dtype=np.int64)
        base = self.base
        for low in range(0, len(points), _SEGMENT):
            high = min(low + _SEGMENT, len(points))
            a, b, c = ids[low:high], ids[low + 1:high + 1], ids[low + 2:high + 2]
            where = doc_of[low:high]
            pair = a * base + b
            three = self._three[self._prefix[pair] * base + c]
            keys = np.concatenate([where + self._one[a], where + self._two[pair], where + three])
            tally += np.bincount(keys, minlength=size)
        tally[::stride] = 0
        found = np.flatnonzero(tally)
        row, column = np.divmod(found, stride)
        return row, column - 1, tally[found]

    def transform(self, texts: list[str]):
        """The TF-IDF matrix ``TfidfVectorizer.transform`` gives, by the same steps on the same counts."""
        from sklearn.preprocessing import normalize

        X = self.counts(texts)
        np.log(X.data, X.data)
        X.data += 1.0
        X.data *= self.idf[X.indices]
        return normalize(X, norm="l2", copy=False)
