/* Native twin of caselaw/ingest/pdf_text.py's `_Items`: cuts pdfium's text of one page into the items `assemble`
 * orders, with their boxes, baselines and sizes.
 *
 * Why native: the Python version spends most of its time in ctypes calls (about a thousand a page, each building
 * argument objects) and measured 2.6 ms a page on the real corpus; the same calls from C cost a few microseconds
 * in all. The rules are the Python version's, step for step (that one stays as the reference, and a test compares
 * the two on every page of the fixtures and the real corpus): any change goes to both.
 *
 * pdfium is not linked: the caller hands over the addresses of the functions pypdfium2 already loaded (`bind`),
 * so this module follows whatever pdfium build pypdfium2 ships.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

typedef struct {
    float left, top, right, bottom;
} RectF;
typedef struct {
    float a, b, c, d, e, f;
} MatrixF;

typedef int (*loose_box_fn)(void *, int, RectF *);
typedef int (*char_origin_fn)(void *, int, double *, double *);
typedef double (*font_size_fn)(void *, int);
typedef int (*matrix_fn)(void *, int, MatrixF *);
typedef int (*generated_fn)(void *, int);
typedef void *(*text_object_fn)(void *, int);
typedef int (*char_index_fn)(void *, int);

static loose_box_fn loose_box;
static char_origin_fn char_origin;
static font_size_fn font_size;
static matrix_fn text_matrix;
static generated_fn is_generated;
static text_object_fn text_object;
static char_index_fn char_index;

#define HYPHEN_A 0xFFFE
#define HYPHEN_B 0x0002
#define RUN_GAP 1.0

typedef struct {
    void *page;
    int kind;
    const void *data;
    Py_ssize_t length;
    int exact;
    int arabic;
    double height;
    /* carried from one item to the next, as on the Python object */
    long order;
    double size, glyph, bottom, baseline;
    PyObject *out;
} Cutter;

static inline Py_UCS4 at(const Cutter *c, Py_ssize_t i) { return PyUnicode_READ(c->kind, c->data, i); }

static inline int hyphen_mark(Py_UCS4 ch) { return ch == HYPHEN_A || ch == HYPHEN_B; }

/* The character ranges of `assemble._ARABIC`. */
static inline int arabic_letter(Py_UCS4 ch) {
    return (ch >= 0x0600 && ch <= 0x06FF) || (ch >= 0x0750 && ch <= 0x077F) || (ch >= 0xFB50 && ch <= 0xFDFF) ||
           (ch >= 0xFE70 && ch <= 0xFEFF);
}

static int any_arabic(const Cutter *c, Py_ssize_t start, Py_ssize_t stop) {
    for (Py_ssize_t i = start; i < stop; i++)
        if (arabic_letter(at(c, i))) return 1;
    return 0;
}

/* `pdf_text._SPACES` */
static inline int spacing(Py_UCS4 ch) {
    return ch == ' ' || ch == '\t' || ch == 0x00A0 || (ch >= 0x2000 && ch <= 0x200A) || ch == 0x202F || ch == 0x3000;
}

static inline int to_char(const Cutter *c, Py_ssize_t index) {
    return c->exact ? (int)index : char_index(c->page, (int)index);
}

/* (left, right, top, bottom) of a character's loose box, top-down: `_Items.item`'s a0..a3. */
static void loose(const Cutter *c, int ch, double box[4]) {
    RectF r = {0, 0, 0, 0};
    loose_box(c->page, ch, &r);
    box[0] = r.left;
    box[1] = r.right;
    box[2] = c->height - (double)r.top;
    box[3] = c->height - (double)r.bottom;
}

/* `_Boxes.size`: the size set times the text matrix's scale. */
static double printed_size(const Cutter *c, int ch) {
    MatrixF m = {0, 0, 0, 0, 0, 0};
    text_matrix(c->page, ch, &m);
    return font_size(c->page, ch) * hypot((double)m.c, (double)m.d);
}

/* `_Items._cuts`: -1 when a run goes back over the one before (the piece is cut into words), else the number of
 * cuts written to `cuts`. */
static Py_ssize_t find_cuts(const Cutter *c, Py_ssize_t start, Py_ssize_t stop, Py_ssize_t *cuts) {
    if (text_object(c->page, to_char(c, start)) == text_object(c->page, to_char(c, stop - 1))) return 0;
    int rtl = c->arabic && any_arabic(c, start, stop);
    Py_ssize_t count = 0;
    RectF box;
    for (Py_ssize_t space = start; space < stop; space++) {
        if (at(c, space) != ' ') continue;
        Py_ssize_t after = space + 1;
        while (after < stop && Py_UNICODE_ISSPACE(at(c, after))) after++;
        if (is_generated(c->page, c->exact ? (int)space : to_char(c, space)) == 1) {
            loose_box(c->page, to_char(c, space - 1), &box);
            double a0 = box.left, a1 = box.right, a_height = (double)box.top - (double)box.bottom;
            loose_box(c->page, to_char(c, after), &box);
            double b0 = box.left, b1 = box.right, b_height = (double)box.top - (double)box.bottom;
            double em = a_height > b_height ? a_height : b_height;
            double gap = rtl ? a0 - b1 : b0 - a1;
            if (gap < -0.3 * em) return -1;
            if (gap > RUN_GAP * em) cuts[count++] = after;
        }
        space = after - 1;
    }
    return count;
}

static inline int has_decimal(const Cutter *c, Py_ssize_t first, Py_ssize_t end) {
    for (Py_ssize_t i = first; i < end; i++)
        if (Py_UNICODE_ISDECIMAL(at(c, i))) return 1;
    return 0;
}

/* `_Items.item`'s geometry: one tuple (first, end, hyphen, spaced, x0, x1, top, baseline, size, order, digits,
 * vertical) appended, where vertical is 0, 1 (reads downwards) or 2 (reads upwards), and top/baseline are already
 * the vertical ones then. `spaced` -1 means "as the text has it". The token's own text (ligatures, footnote marks,
 * soft hyphens, spaces) is left to Python. */
static int item(Cutter *c, Py_ssize_t first, Py_ssize_t end, int hyphen, int spaced) {
    int ch = to_char(c, first);
    double a[4], b[4];
    loose(c, ch, a);
    if (end - first > 1)
        loose(c, to_char(c, end - 1), b);
    else
        memcpy(b, a, sizeof a);
    double tall = a[3] - a[2];
    int digits = has_decimal(c, first, end);
    /* text[first - 1] with Python's index: -1 is the last character */
    Py_UCS4 before = at(c, first > 0 ? first - 1 : c->length - 1);
    double own;
    if (digits || fabs(tall - c->glyph) > 0.02 * c->glyph || before == '\n' || c->size == 0.0) {
        double x = 0, y = 0;
        char_origin(c->page, ch, &x, &y);
        double size = printed_size(c, ch);
        if (size == 0.0) size = tall > 1.0 ? tall : 1.0;
        c->size = size;
        c->glyph = tall;
        c->bottom = a[3];
        c->baseline = own = c->height - y;
    } else {
        own = c->baseline + a[3] - c->bottom;
    }
    c->order += 1;
    if (spaced < 0) spaced = first > 0 && spacing(before);
    double x0 = a[0] < b[0] ? a[0] : b[0], x1 = a[1] > b[1] ? a[1] : b[1];
    double top = a[2] < b[2] ? a[2] : b[2];
    int vertical = 0;
    double across = fabs((a[0] + a[1]) - (b[0] + b[1]));
    if (fabs((a[2] + a[3]) - (b[2] + b[3])) > (across > c->size ? across : c->size)) {
        vertical = a[2] > b[2] ? 2 : 1;
        own = a[3] > b[3] ? a[3] : b[3];
    }
    PyObject *row = Py_BuildValue("(nniiddddd lii)", first, end, hyphen, spaced, x0, x1, top, own, c->size, c->order,
                                  digits, vertical);
    if (row == NULL) return -1;
    int failed = PyList_Append(c->out, row);
    Py_DECREF(row);
    return failed;
}

/* `_Items.piece`: one piece of pdfium's text between line breaks. */
static int piece(Cutter *c, Py_ssize_t start, Py_ssize_t end, Py_ssize_t *cuts) {
    while (start < end && Py_UNICODE_ISSPACE(at(c, start))) start++;
    int hyphen = end > start && hyphen_mark(at(c, end - 1));
    Py_ssize_t stop = hyphen ? end - 1 : end;
    while (stop > start && Py_UNICODE_ISSPACE(at(c, stop - 1))) stop--;
    if (stop <= start) return 0;
    int spaces = 0;
    for (Py_ssize_t i = start; i < stop && !spaces; i++) spaces = at(c, i) == ' ';
    Py_ssize_t count = spaces ? find_cuts(c, start, stop, cuts) : 0;
    if (count < 0) {
        /* one item a word: `_TOKEN` (runs of non-space; no hyphen mark lies inside a piece) */
        Py_ssize_t i = start;
        while (i < stop) {
            while (i < stop && Py_UNICODE_ISSPACE(at(c, i))) i++;
            if (i >= stop) break;
            Py_ssize_t word = i;
            while (i < stop && !Py_UNICODE_ISSPACE(at(c, i))) i++;
            if (item(c, word, i, hyphen && i == stop, -1) < 0) return -1;
        }
        return 0;
    }
    Py_ssize_t begin = start;
    for (Py_ssize_t k = 0; k <= count; k++) {
        Py_ssize_t finish = k < count ? cuts[k] : stop;
        Py_ssize_t trimmed = finish;
        while (trimmed > begin && Py_UNICODE_ISSPACE(at(c, trimmed - 1))) trimmed--;
        if (trimmed > begin) {
            /* after a gap the space pdfium put is its own: the runs were not set one after the other */
            if (item(c, begin, trimmed, hyphen && trimmed == stop, begin == start ? -1 : 0) < 0) return -1;
        }
        begin = finish;
    }
    return 0;
}

static PyObject *bind(PyObject *self, PyObject *args) {
    unsigned long long f[7];
    if (!PyArg_ParseTuple(args, "KKKKKKK", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6])) return NULL;
    for (int i = 0; i < 7; i++)
        if (f[i] == 0) {
            PyErr_SetString(PyExc_ValueError, "a pdfium function address is null");
            return NULL;
        }
    loose_box = (loose_box_fn)(uintptr_t)f[0];
    char_origin = (char_origin_fn)(uintptr_t)f[1];
    font_size = (font_size_fn)(uintptr_t)f[2];
    text_matrix = (matrix_fn)(uintptr_t)f[3];
    is_generated = (generated_fn)(uintptr_t)f[4];
    text_object = (text_object_fn)(uintptr_t)f[5];
    char_index = (char_index_fn)(uintptr_t)f[6];
    Py_RETURN_NONE;
}

static PyObject *cut(PyObject *self, PyObject *args) {
    unsigned long long page;
    PyObject *text;
    int exact;
    double height;
    if (!PyArg_ParseTuple(args, "KUpd", &page, &text, &exact, &height)) return NULL;
    if (loose_box == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bind() the pdfium functions first");
        return NULL;
    }
    Cutter c = {0};
    c.page = (void *)(uintptr_t)page;
    c.kind = PyUnicode_KIND(text);
    c.data = PyUnicode_DATA(text);
    c.length = PyUnicode_GET_LENGTH(text);
    c.exact = exact;
    c.arabic = any_arabic(&c, 0, c.length);
    c.height = height;
    c.out = PyList_New(0);
    if (c.out == NULL) return NULL;
    Py_ssize_t *cuts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(c.length + 1));
    if (cuts == NULL) {
        Py_DECREF(c.out);
        return PyErr_NoMemory();
    }
    /* `_PIECE`: runs of characters other than line breaks and hyphen marks, each with the mark ending it */
    Py_ssize_t i = 0;
    int failed = 0;
    while (i < c.length && !failed) {
        Py_UCS4 ch = at(&c, i);
        if (ch == '\r' || ch == '\n' || hyphen_mark(ch)) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < c.length) {
            ch = at(&c, i);
            if (ch == '\r' || ch == '\n' || hyphen_mark(ch)) break;
            i++;
        }
        if (i < c.length && hyphen_mark(at(&c, i))) i++;
        failed = piece(&c, start, i, cuts) < 0;
    }
    PyMem_Free(cuts);
    if (failed) {
        Py_DECREF(c.out);
        return NULL;
    }
    return c.out;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS,
     "bind(loose_box, char_origin, font_size, matrix, is_generated, text_object, char_index): pdfium's addresses."},
    {"cut", cut, METH_VARARGS,
     "cut(textpage, text, exact, height) -> the page's items: (first, end, hyphen, spaced, x0, x1, top, baseline, "
     "size, order, digits, vertical)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_items", "Native item cutter for pdf_text.", -1, methods};

PyMODINIT_FUNC PyInit__items(void) { return PyModule_Create(&module); }
