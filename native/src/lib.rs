//! One posting walk for a search's page, its total and every disjunctive facet count ("drill sideways").
//!
//! The embedded engine (caselaw/search/embedded/engine.py) hands over the text and date part of a search as the
//! JSON form of the tantivy queries its translator builds (translate.py: one definition, every term analysed
//! there), one such query per selected facet, and the facets to count. In each segment, the filters' postings
//! first mark which filters each document passes (one bit per filter); then one unscored walk of the documents
//! matching the text and date part reads each one's bits: a document passing every filter goes to the page
//! (tantivy's own top-docs collector, so ranking, ties and the order of missing sort values are tantivy-py's;
//! scored by seeking the scored query to it) and to every count; one failing exactly one filter counts only in
//! that filter's facet (what that facet's values would add); one failing two counts nowhere. Facet values are
//! read from the fast fields in blocks of documents.
//!
//! tantivy is pinned to the version tantivy-py is built on: both read the same index directory.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Bound as Edge;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde_json::Value as Json;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, EnableScoring, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{IndexRecordOption, Schema, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, Order, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

fn error<E: ToString>(e: E) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A query from its JSON form: `[op, ...]` with the arguments of the tantivy-py constructor of the same name
/// (see `translate.py`, which writes them).
fn build(schema: &Schema, v: &Json) -> Result<Box<dyn Query>, String> {
    let op = v.get(0).and_then(Json::as_str).ok_or_else(|| format!("not a query: {v}"))?;
    let text = |i: usize| v.get(i).and_then(Json::as_str).ok_or_else(|| format!("argument {i} of {op}: {v}"));
    let number = |i: usize| v.get(i).and_then(Json::as_f64).ok_or_else(|| format!("argument {i} of {op}: {v}"));
    let integer = |i: usize| v.get(i).and_then(Json::as_i64).ok_or_else(|| format!("argument {i} of {op}: {v}"));
    let list = |i: usize| v.get(i).and_then(Json::as_array).ok_or_else(|| format!("argument {i} of {op}: {v}"));
    let field = |i: usize| text(i).and_then(|name| schema.get_field(name).map_err(|e| e.to_string()));
    let words = |i: usize| -> Result<Vec<Term>, String> {
        let f = field(1)?;
        list(i)?
            .iter()
            .map(|w| w.as_str().map(|w| Term::from_field_text(f, w)).ok_or_else(|| format!("word of {op}: {v}")))
            .collect()
    };
    let subs = |i: usize| -> Result<Vec<Box<dyn Query>>, String> { list(i)?.iter().map(|s| build(schema, s)).collect() };
    Ok(match op {
        "all" => Box::new(AllQuery),
        "empty" => Box::new(EmptyQuery),
        "term" => Box::new(TermQuery::new(
            Term::from_field_text(field(1)?, text(2)?),
            IndexRecordOption::WithFreqsAndPositions,
        )),
        "phrase" => Box::new(PhraseQuery::new(words(2)?)),
        "phrase_prefix" => Box::new(PhrasePrefixQuery::new(words(2)?)),
        "regex" => Box::new(RegexQuery::from_pattern(text(2)?, field(1)?).map_err(|e| e.to_string())?),
        "dismax" => Box::new(DisjunctionMaxQuery::with_tie_breaker(subs(1)?, number(2)? as f32)),
        "bool" => {
            let mut clauses = Vec::new();
            for clause in list(1)? {
                let occur = match clause.get(0).and_then(Json::as_str) {
                    Some("must") => Occur::Must,
                    Some("should") => Occur::Should,
                    Some("must_not") => Occur::MustNot,
                    _ => return Err(format!("clause of bool: {clause}")),
                };
                clauses.push((occur, build(schema, clause.get(1).unwrap_or(&Json::Null))?));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        "boost" => Box::new(BoostQuery::new(build(schema, v.get(1).unwrap_or(&Json::Null))?, number(2)? as f32)),
        "const" => Box::new(ConstScoreQuery::new(build(schema, v.get(1).unwrap_or(&Json::Null))?, number(2)? as f32)),
        "range_i64" => {
            let f = field(1)?;
            Box::new(RangeQuery::new(
                Edge::Included(Term::from_field_i64(f, integer(2)?)),
                Edge::Included(Term::from_field_i64(f, integer(3)?)),
            ))
        }
        other => return Err(format!("unknown query op {other:?}")),
    })
}

fn parse(schema: &Schema, text: &str) -> PyResult<Box<dyn Query>> {
    let value: Json = serde_json::from_str(text).map_err(error)?;
    build(schema, &value).map_err(PyValueError::new_err)
}

/// A selected facet: the weight of its filter, and the position of its facet among the counted ones.
struct Filter {
    weight: Box<dyn Weight>,
    counted: Option<usize>,
}

/// The collector: `page` is tantivy's top-docs collector of the request's sort.
struct DrillSideways<C: Collector> {
    page: C,
    counted: Vec<String>,
    filters: Vec<Filter>,
    scoring: bool,
    /// The text and date part without scoring: what the walk iterates.
    walk: Box<dyn Weight>,
}

/// One segment's fruit: total, the page collector's fruit, per counted facet its (value, count) pairs.
type SegmentFruit<F> = (u64, F, Vec<Vec<(String, u64)>>);

/// Per counted facet, its column in the segment and a count per value ordinal. Documents are counted in blocks
/// (their values read with one batch lookup per block, as tantivy's terms aggregation does), not one by one.
struct Tally {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
    /// Documents passing every filter (counted in every facet), and per facet those failing only its filter.
    all: Vec<DocId>,
    one: Vec<Vec<DocId>>,
    docs: Vec<DocId>,
    rows: Vec<u32>,
    values: Vec<u64>,
}

const BLOCK: usize = 256;

impl Tally {
    fn new(counted: &[String], reader: &SegmentReader) -> tantivy::Result<Tally> {
        let mut columns = Vec::with_capacity(counted.len());
        let mut counts = Vec::with_capacity(counted.len());
        for name in counted {
            let column = reader.fast_fields().str(name)?;
            counts.push(vec![0u32; column.as_ref().map(|c| c.num_terms()).unwrap_or(0)]);
            columns.push(column);
        }
        let one = vec![Vec::new(); counted.len()];
        Ok(Tally { columns, counts, all: Vec::new(), one, docs: Vec::new(), rows: Vec::new(), values: Vec::new() })
    }

    fn count(&mut self, facet: usize, doc: DocId) {
        if self.columns[facet].is_some() {
            self.one[facet].push(doc);
            if self.one[facet].len() >= BLOCK {
                let docs = std::mem::take(&mut self.one[facet]);
                self.add(facet, &docs);
                self.one[facet] = docs;
                self.one[facet].clear();
            }
        }
    }

    fn count_all(&mut self, doc: DocId) {
        self.all.push(doc);
        if self.all.len() >= BLOCK {
            self.flush_all();
        }
    }

    fn flush_all(&mut self) {
        let docs = std::mem::take(&mut self.all);
        for facet in 0..self.columns.len() {
            self.add(facet, &docs);
        }
        self.all = docs;
        self.all.clear();
    }

    /// Count the values of `docs` (increasing) in `facet`; a value a document holds twice counts once, as in
    /// tantivy's terms aggregation.
    fn add(&mut self, facet: usize, docs: &[DocId]) {
        let Some(column) = &self.columns[facet] else { return };
        let ords = column.ords();
        self.docs.clear();
        self.rows.clear();
        ords.index.docids_to_rowids(docs, &mut self.docs, &mut self.rows);
        self.values.clear();
        self.values.resize(self.rows.len(), 0);
        ords.values.get_vals(&self.rows, &mut self.values);
        let counts = &mut self.counts[facet];
        let mut last = (DocId::MAX, u64::MAX);
        for (&doc, &value) in self.docs.iter().zip(&self.values) {
            if (doc, value) != last {
                counts[value as usize] += 1;
                last = (doc, value);
            }
        }
    }

    fn harvest(mut self) -> tantivy::Result<Vec<Vec<(String, u64)>>> {
        self.flush_all();
        for facet in 0..self.columns.len() {
            let docs = std::mem::take(&mut self.one[facet]);
            self.add(facet, &docs);
        }
        let mut out = Vec::with_capacity(self.columns.len());
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut values = Vec::new();
            if let Some(column) = column {
                for (ord, &n) in counts.iter().enumerate() {
                    let mut value = String::new();
                    if n > 0 && column.ord_to_str(ord as u64, &mut value)? {
                        values.push((value, n as u64));
                    }
                }
            }
            out.push(values);
        }
        Ok(out)
    }
}

impl<C: Collector> Collector for DrillSideways<C> {
    type Fruit = (u64, C::Fruit, Vec<Vec<(String, u64)>>);
    type Child = Unused<<C::Child as SegmentCollector>::Fruit>;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        // `collect_segment` drives the walk itself; tantivy never asks for a segment collector otherwise.
        Err(tantivy::TantivyError::InternalError("drill sideways collects whole segments".into()))
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFruit<<C::Child as SegmentCollector>::Fruit>> {
        let mut page = self.page.for_segment(segment, reader)?;
        let mut tally = Tally::new(&self.counted, reader)?;
        // Which filters each document passes, one bit per filter, read from the filters' postings (cheap: no
        // scoring, block decoding); then one walk of the text and date part, unscored, tests each document's bits.
        let mut passed = vec![0u64; if self.filters.is_empty() { 0 } else { reader.max_doc() as usize }];
        for (i, filter) in self.filters.iter().enumerate() {
            let bit = 1u64 << i;
            filter.weight.for_each_no_score(reader, &mut |docs: &[DocId]| {
                for &doc in docs {
                    passed[doc as usize] |= bit;
                }
            })?;
        }
        let every = if self.filters.is_empty() { 0 } else { u64::MAX >> (64 - self.filters.len()) };
        let facet_of: Vec<Option<usize>> = self.filters.iter().map(|f| f.counted).collect();
        let alive = reader.alive_bitset();
        let mut full: Vec<DocId> = Vec::new();
        let mut total = 0u64;
        self.walk.for_each_no_score(reader, &mut |docs: &[DocId]| {
            for &doc in docs {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let missing = if every == 0 { 0 } else { every & !passed[doc as usize] };
                if missing == 0 {
                    total += 1;
                    tally.count_all(doc);
                    full.push(doc);
                } else if missing.is_power_of_two() {
                    if let Some(facet) = facet_of[missing.trailing_zeros() as usize] {
                        tally.count(facet, doc);
                    }
                }
            }
        })?;
        // The page, from the documents passing everything: scored by seeking the scored query to each of them
        // (only those: the walk above scored nothing).
        if self.scoring {
            let mut scorer = weight.scorer(reader, 1.0)?;
            for &doc in &full {
                let at = if scorer.doc() < doc { scorer.seek(doc) } else { scorer.doc() };
                if at == doc {
                    page.collect(doc, scorer.score());
                }
            }
        } else {
            for &doc in &full {
                page.collect(doc, 0.0);
            }
        }
        Ok((total, page.harvest(), tally.harvest()?))
    }

    fn merge_fruits(
        &self,
        fruits: Vec<SegmentFruit<<C::Child as SegmentCollector>::Fruit>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut total = 0;
        let mut pages = Vec::with_capacity(fruits.len());
        let mut counts: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.counted.len()];
        for (n, page, values) in fruits {
            total += n;
            pages.push(page);
            for (facet, pairs) in values.into_iter().enumerate() {
                for (value, count) in pairs {
                    *counts[facet].entry(value).or_default() += count;
                }
            }
        }
        let counts = counts.into_iter().map(|m| m.into_iter().collect()).collect();
        Ok((total, self.page.merge_fruits(pages)?, counts))
    }
}

/// The segment collector type the trait asks for; never built (see `for_segment`).
struct Unused<F>(std::marker::PhantomData<F>);

impl<F: tantivy::collector::Fruit> SegmentCollector for Unused<F> {
    type Fruit = SegmentFruit<F>;

    fn collect(&mut self, _: DocId, _: Score) {}

    fn harvest(self) -> Self::Fruit {
        unreachable!("drill sideways collects whole segments")
    }
}

/// A sort value as Python sees it: a score (relevance) or a fast field's value (None when the document has none).
enum Key {
    Score(f32),
    Value(Option<i64>),
}

/// A stored value of a requested field.
enum Stored {
    Text(String),
    Bytes(Vec<u8>),
    Integer(i64),
}

type Hit = (Key, Vec<Vec<Stored>>);
type Counts = Vec<(String, Vec<(String, u64)>)>;

/// An index directory written by tantivy-py, read for searches. Reloaded only when asked (`reload`), so the
/// engine decides which commit it reads.
#[pyclass(frozen)]
struct Searchable {
    index: Index,
    reader: IndexReader,
}

fn run<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    page: C,
    counted: Vec<String>,
    filters: Vec<Filter>,
    scoring: bool,
) -> tantivy::Result<(u64, C::Fruit, Vec<Vec<(String, u64)>>)> {
    if filters.len() > 64 {
        return Err(tantivy::TantivyError::InvalidArgument("more than 64 filters".into()));
    }
    if filters.is_empty() && counted.is_empty() {
        // Nothing to mark or count: tantivy's own walk (scored when the page is by relevance) gives the page and
        // the total, without the unscored walk and the seek to each matching document to score it.
        let (total, page) = searcher.search(query, &(Count, page))?;
        return Ok((total as u64, page, Vec::new()));
    }
    let walk = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    searcher.search(query, &DrillSideways { page, counted, filters, scoring, walk })
}

#[pymethods]
impl Searchable {
    #[new]
    fn new(path: &str) -> PyResult<Self> {
        let index = Index::open_in_dir(path).map_err(error)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(error)?;
        Ok(Searchable { index, reader })
    }

    /// Read the index's last commit from now on.
    fn reload(&self) -> PyResult<()> {
        self.reader.reload().map_err(error)
    }

    /// Number of live documents.
    fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// One search: see the module's documentation and `_facets.pyi`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (query, filters, counted, offset, limit, order, fields))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &str,
        filters: Vec<(String, String)>,
        counted: Vec<(String, usize)>,
        offset: usize,
        limit: usize,
        order: Option<(String, bool)>,
        fields: Vec<String>,
    ) -> PyResult<(u64, Vec<(Py<PyAny>, Vec<Vec<Py<PyAny>>>)>, Vec<(String, Vec<(String, u64)>)>)> {
        let schema = self.index.schema();
        let base = parse(&schema, query)?;
        let searcher = self.reader.searcher();
        let names: Vec<String> = counted.iter().map(|(name, _)| name.clone()).collect();
        let mut built = Vec::with_capacity(filters.len());
        for (key, text) in &filters {
            let weight = parse(&schema, text)?
                .weight(EnableScoring::disabled_from_searcher(&searcher))
                .map_err(error)?;
            built.push(Filter { weight, counted: names.iter().position(|name| name == key) });
        }
        let field_ids = fields.iter().map(|f| schema.get_field(f).map_err(error)).collect::<PyResult<Vec<_>>>()?;
        let (total, hits, counts) = py
            .detach(|| -> tantivy::Result<(u64, Vec<Hit>, Counts)> {
                // tantivy refuses a limit of 0; a page of size 0 still walks for the total and the counts.
                let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
                let (total, page, counts): (u64, Vec<(Key, DocAddress)>, _) = match &order {
                    None => {
                        let (total, page, counts) =
                            run(&searcher, base.as_ref(), top.order_by_score(), names.clone(), built, true)?;
                        (total, page.into_iter().map(|(s, a)| (Key::Score(s), a)).collect(), counts)
                    }
                    Some((field, descending)) => {
                        let direction = if *descending { Order::Desc } else { Order::Asc };
                        let collector = top.order_by_fast_field::<i64>(field, direction);
                        let (total, page, counts) =
                            run(&searcher, base.as_ref(), collector, names.clone(), built, false)?;
                        (total, page.into_iter().map(|(v, a)| (Key::Value(v), a)).collect(), counts)
                    }
                };
                let mut hits = Vec::new();
                if limit > 0 {
                    for (key, address) in page {
                        let doc: TantivyDocument = searcher.doc(address)?;
                        let values = field_ids
                            .iter()
                            .map(|&f| {
                                doc.get_all(f)
                                    .filter_map(|v| {
                                        if let Some(s) = v.as_str() {
                                            Some(Stored::Text(s.to_string()))
                                        } else if let Some(b) = v.as_bytes() {
                                            Some(Stored::Bytes(b.to_vec()))
                                        } else {
                                            v.as_i64().map(Stored::Integer)
                                        }
                                    })
                                    .collect()
                            })
                            .collect();
                        hits.push((key, values));
                    }
                }
                let counts = names
                    .iter()
                    .zip(counts)
                    .zip(counted.iter())
                    .map(|((name, mut values), (_, size))| {
                        // The terms aggregation's order and cut: most frequent first, ties by value.
                        values.sort_unstable_by(|a, b| (Reverse(a.1), &a.0).cmp(&(Reverse(b.1), &b.0)));
                        values.truncate(*size);
                        (name.clone(), values)
                    })
                    .collect();
                Ok((total, hits, counts))
            })
            .map_err(error)?;
        let hits = hits
            .into_iter()
            .map(|(key, values)| {
                let key = match key {
                    Key::Score(s) => s.into_pyobject(py)?.into_any().unbind(),
                    Key::Value(v) => v.into_pyobject(py)?.into_any().unbind(),
                };
                let values = values
                    .into_iter()
                    .map(|field| {
                        field
                            .into_iter()
                            .map(|v| -> PyResult<Py<PyAny>> {
                                Ok(match v {
                                    Stored::Text(s) => PyString::new(py, &s).into_any().unbind(),
                                    Stored::Bytes(b) => PyBytes::new(py, &b).into_any().unbind(),
                                    Stored::Integer(i) => i.into_pyobject(py)?.into_any().unbind(),
                                })
                            })
                            .collect::<PyResult<Vec<_>>>()
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Ok((key, values))
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok((total, hits, counts))
    }
}

#[pymodule]
fn _facets(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Searchable>()?;
    Ok(())
}
