/* Native twin of caselaw/search/embedded/locate.py's `scan_words`: where the needles (folded stems) begin a word
 * of a stored excerpt, in one pass over its UTF-8 bytes.
 *
 * Why native: snippets search every excerpt of a page of hits for every stem the query marks (an expanded concept
 * brings a dozen), and the Python version's one `bytes.find` per needle read each excerpt a dozen times; this
 * reads it once, and only tries the needles at the starts of words. The rules are the Python version's, step for
 * step (that one stays as the fallback when this module is not built, and a test compares the two): any change
 * goes to both.
 *
 * Folding, as the needles were: ASCII letters lower-cased, a Latin-1 letter (0xC3 and one byte) read as its base
 * letter ("é" as "e"), any other byte compared as it is. A word starts where the character before is not an ASCII
 * letter or digit nor a Latin-1 letter. With `anywhere` (Arabic, whose words carry their article and clitics
 * before the stem) every character starts a candidate, and only ASCII letters are folded.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static unsigned char FOLD[64]; /* base letter of 0xC3 0x80+i, or 0 when it has none (a sign, æ, ß, ...) */
static const char *BASES = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts" "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

static void init_fold(void) {
    for (int i = 0; i < 64; i++) FOLD[i] = (unsigned char)BASES[i];
    /* letters whose decomposition is no ASCII letter: tantivy writes them otherwise ("ae", "ss"), never a match */
    FOLD[0x06] = FOLD[0x26] = 0; /* Æ æ */
    FOLD[0x10] = FOLD[0x30] = 0; /* Ð ð */
    FOLD[0x18] = FOLD[0x38] = 0; /* Ø ø */
    FOLD[0x1E] = FOLD[0x3E] = 0; /* Þ þ */
    FOLD[0x1F] = 0;              /* ß */
}

static inline int latin1_letter(const unsigned char *s, Py_ssize_t n, Py_ssize_t i) {
    /* whether s[i] begins a Latin-1 letter (0xC3 then a continuation byte other than × and ÷) */
    return s[i] == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] < 0xC0 && s[i + 1] != 0x97 && s[i + 1] != 0xB7;
}

/* The folded unit at s[*i], advancing *i past it. */
static inline unsigned char unit(const unsigned char *s, Py_ssize_t n, Py_ssize_t *i, int fold) {
    unsigned char b = s[*i];
    if (b < 0x80) {
        *i += 1;
        return (b >= 'A' && b <= 'Z') ? (unsigned char)(b + 32) : b;
    }
    if (fold && latin1_letter(s, n, *i)) {
        unsigned char folded = FOLD[s[*i + 1] - 0x80];
        *i += 2;
        return folded ? folded : 0xFF; /* 0xFF never appears in UTF-8, so never in a needle */
    }
    *i += 1;
    return b;
}

static inline int word_char_before(const unsigned char *s, Py_ssize_t n, Py_ssize_t i) {
    if (i == 0) return 0;
    unsigned char b = s[i - 1];
    if (b < 0x80) return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    return i >= 2 && latin1_letter(s, n, i - 2);
}

static PyObject *scan(PyObject *self, PyObject *args) {
    Py_buffer text;
    PyObject *needles;
    int anywhere;
    Py_ssize_t per_needle;
    if (!PyArg_ParseTuple(args, "y*O!pn", &text, &PyTuple_Type, &needles, &anywhere, &per_needle)) return NULL;
    const unsigned char *s = text.buf;
    Py_ssize_t n = text.len, count = PyTuple_GET_SIZE(needles);
    PyObject *out = PyList_New(0);
    Py_ssize_t *found = PyMem_Calloc(count ? count : 1, sizeof(Py_ssize_t));
    Py_ssize_t *next = PyMem_Malloc((count ? count : 1) * sizeof(Py_ssize_t));
    Py_ssize_t first[256];
    if (out == NULL || found == NULL || next == NULL) goto fail;
    /* the needles by first byte, in their order; which bytes of the text may begin one (most do not: one load
     * and a branch a byte, the rest only at those) */
    unsigned char may_begin[256] = {0};
    for (int b = 0; b < 256; b++) first[b] = -1;
    for (Py_ssize_t k = count - 1; k >= 0; k--) {
        PyObject *needle = PyTuple_GET_ITEM(needles, k);
        if (!PyBytes_Check(needle)) {
            PyErr_SetString(PyExc_TypeError, "needles must be bytes");
            goto fail;
        }
        if (PyBytes_GET_SIZE(needle) == 0) continue;
        unsigned char b = (unsigned char)PyBytes_AS_STRING(needle)[0];
        next[k] = first[b];
        first[b] = k;
        may_begin[b] = 1;
        if (b >= 'a' && b <= 'z') may_begin[b - 32] = 1;
        if (!anywhere && b < 0x80) may_begin[0xC3] = 1; /* an accented letter folds to an ASCII one */
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!may_begin[s[i]]) continue; /* also skips the inside of characters: no needle begins with 0x80-0xBF */
        if (!anywhere && word_char_before(s, n, i)) continue;
        Py_ssize_t at = i;
        unsigned char u = unit(s, n, &at, !anywhere);
        for (Py_ssize_t k = first[u]; k >= 0; k = next[k]) {
            if (found[k] >= per_needle) continue;
            PyObject *needle = PyTuple_GET_ITEM(needles, k);
            const unsigned char *w = (const unsigned char *)PyBytes_AS_STRING(needle);
            Py_ssize_t m = PyBytes_GET_SIZE(needle), j = 1, p = at;
            while (j < m && p < n && unit(s, n, &p, !anywhere) == w[j]) j++;
            if (j < m) continue;
            PyObject *hit = Py_BuildValue("(nn)", i, k);
            if (hit == NULL || PyList_Append(out, hit) < 0) {
                Py_XDECREF(hit);
                goto fail;
            }
            Py_DECREF(hit);
            found[k]++;
        }
    }
    PyMem_Free(found);
    PyMem_Free(next);
    PyBuffer_Release(&text);
    return out;
fail:
    PyMem_Free(found);
    PyMem_Free(next);
    Py_XDECREF(out);
    PyBuffer_Release(&text);
    if (!PyErr_Occurred()) PyErr_NoMemory();
    return NULL;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(text, needles, anywhere, per_needle, /): (byte position, needle number) where a needle begins a word."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", NULL, -1, methods};

PyMODINIT_FUNC PyInit__scan(void) {
    init_fold();
    return PyModule_Create(&module);
}
