/* Native twin of py3langid's `visit_counts`: walks the language model's byte automaton over a text and counts the
 * features it passes, for caselaw/ingest/language.py.
 *
 * Why native: the walk is one Python loop step per byte of every section classified (three list look-ups and a
 * test each), most of the language stage's time; the same steps in C cost a few nanoseconds a byte. The result is
 * what py3langid's function returns, key for key and in the same order (features by first occurrence, as
 * `Counter` builds them: the order the scores are summed in), or None when no feature was passed; py3langid's
 * function stays the reference, and tests/ingest/test_native_langid.py compares the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Counts per feature, kept between calls and zeroed again after each (only where a call wrote). */
static Py_ssize_t *counts = NULL;
static Py_ssize_t capacity = 0;

static int grow(Py_ssize_t needed) {
    Py_ssize_t size = capacity ? capacity : 1024;
    while (size <= needed) {
        size *= 2;
    }
    Py_ssize_t *bigger = realloc(counts, (size_t)size * sizeof(Py_ssize_t));
    if (bigger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memset(bigger + capacity, 0, (size_t)(size - capacity) * sizeof(Py_ssize_t));
    counts = bigger;
    capacity = size;
    return 0;
}

static Py_ssize_t item(const Py_buffer *buffer, Py_ssize_t itemsize, Py_ssize_t index) {
    const char *at = (const char *)buffer->buf + index * itemsize;
    switch (itemsize) {
    case 2:
        return *(const uint16_t *)at;
    case 4:
        return *(const uint32_t *)at;
    default:
        return (Py_ssize_t) * (const uint64_t *)at;
    }
}

static PyObject *visit_counts(PyObject *self, PyObject *args) {
    Py_buffer nextmove, rows, output, text;
    Py_ssize_t move_size, row_size;
    if (!PyArg_ParseTuple(args, "y*ny*ny*y*", &nextmove, &move_size, &rows, &row_size, &output, &text)) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t *order = NULL;
    Py_ssize_t found = 0;
    Py_ssize_t moves = nextmove.len / (move_size > 0 ? move_size : 1);
    Py_ssize_t states = rows.len / (row_size > 0 ? row_size : 1);
    if ((move_size != 2 && move_size != 4 && move_size != 8) || (row_size != 2 && row_size != 4 && row_size != 8) ||
        output.len / (Py_ssize_t)sizeof(int32_t) < states) {
        PyErr_SetString(PyExc_ValueError, "visit_counts: unexpected model arrays");
        goto done;
    }
    const int32_t *features = (const int32_t *)output.buf;
    const unsigned char *bytes = (const unsigned char *)text.buf;
    order = malloc((size_t)(text.len + 1) * sizeof(Py_ssize_t));
    if (order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t state = 0;
    for (Py_ssize_t i = 0; i < text.len; i++) {
        if (state < 0 || state >= states) {
            PyErr_SetString(PyExc_ValueError, "visit_counts: a state outside the model");
            goto done;
        }
        Py_ssize_t move = (item(&rows, row_size, state) << 8) + bytes[i];
        if (move >= moves) {
            PyErr_SetString(PyExc_ValueError, "visit_counts: a move outside the model");
            goto done;
        }
        state = item(&nextmove, move_size, move);
        if (state >= states) {
            PyErr_SetString(PyExc_ValueError, "visit_counts: a state outside the model");
            goto done;
        }
        int32_t feature = features[state];
        if (feature >= 0) {
            if (feature >= capacity && grow(feature) < 0) {
                goto done;
            }
            if (counts[feature]++ == 0) {
                order[found++] = feature;
            }
        }
    }
    if (found == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    result = PyDict_New();
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < found; k++) {
        PyObject *key = PyLong_FromSsize_t(order[k]);
        PyObject *value = key ? PyLong_FromSsize_t(counts[order[k]]) : NULL;
        int failed = value == NULL || PyDict_SetItem(result, key, value) < 0;
        Py_XDECREF(key);
        Py_XDECREF(value);
        if (failed) {
            Py_CLEAR(result);
            goto done;
        }
    }
done:
    if (order != NULL) {
        for (Py_ssize_t k = 0; k < found; k++) {
            counts[order[k]] = 0;
        }
        free(order);
    }
    PyBuffer_Release(&nextmove);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&output);
    PyBuffer_Release(&text);
    return result;
}

static PyMethodDef methods[] = {
    {"visit_counts", visit_counts, METH_VARARGS,
     "visit_counts(nextmove, nextmove_itemsize, rows, rows_itemsize, output_int32, text, /): features passed and "
     "their counts, by first occurrence; None for none."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_langid", "Native twin of py3langid's feature walk.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__langid(void) { return PyModule_Create(&module); }
