//! Facets: what a seed can be filtered by besides its words — its kind (`plain`, `markdown`),
//! its language (`lang::of_seed`) and its front-matter fields (`tags: [sleep, pain]`) — and
//! how many results have each value.
//!
//! Selected values of one field are alternatives (sleep OR pain); fields combine (kind AND
//! tags). A field's counts ignore that field's own selection, so picking a value never hides
//! the others of its field.

use std::collections::BTreeMap;

use crate::rank;
use crate::seed::{Seed, SeedKind};

/// The facets every seed has (a field shows when the seeds have more than one value for it).
pub const KIND: &str = "kind";
pub const LANGUAGE: &str = "language";
/// Front-matter fields that are text, not categories.
const NOT_FACETS: &[&str] = &[
    "title",
    "summary",
    "description",
    "date",
    "updated",
    "created",
];
/// Values longer than this are prose, not a category.
const MAX_VALUE_CHARS: usize = 40;
/// The most values a field shows (the most frequent).
pub const MAX_VALUES: usize = 12;

/// A seed's facet values: `(field, value)` pairs, each pair once. `lang` is its language (the
/// front-matter fields naming it are that facet, not their own).
pub fn values_of(kind: SeedKind, seed: &Seed, lang: &str) -> Vec<(String, String)> {
    let mut out = vec![
        (KIND.to_string(), kind.as_str().to_string()),
        (LANGUAGE.to_string(), lang.to_string()),
    ];
    for (key, value) in &seed.meta {
        if NOT_FACETS.contains(&key.as_str()) || crate::lang::FIELDS.contains(&key.as_str()) {
            continue;
        }
        for v in value.split(',').map(str::trim) {
            if v.is_empty() || v.chars().count() > MAX_VALUE_CHARS {
                continue;
            }
            let pair = (key.clone(), v.to_string());
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// The selected values, by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    selected: BTreeMap<String, Vec<String>>,
}

impl Filters {
    /// Filters from `(field, value)` pairs: a field or value may hold any character (a
    /// front-matter key with `=` in it too).
    pub fn of<F: AsRef<str>, V: AsRef<str>>(pairs: &[(F, V)]) -> Filters {
        let mut filters = Filters::default();
        for (field, value) in pairs {
            let (field, value) = (field.as_ref(), value.as_ref());
            let values = filters.selected.entry(field.to_string()).or_default();
            if !values.iter().any(|v| v == value) {
                values.push(value.to_string());
            }
        }
        filters
    }

    pub fn is_empty(&self) -> bool {
        self.selected.is_empty()
    }

    pub fn is_selected(&self, field: &str, value: &str) -> bool {
        self.selected
            .get(field)
            .is_some_and(|values| values.iter().any(|v| v == value))
    }
}

/// One field's values with how many results have each, most frequent first.
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub field: String,
    pub values: Vec<(String, usize)>,
}

/// Every `(field, value)` pair the seeds have, each once, with an id: a seed keeps the ids of
/// its pairs, and a search counts ids, never comparing strings per seed.
#[derive(Clone, Debug, Default)]
pub struct Values {
    pairs: Vec<(Box<str>, Box<str>)>,
    /// The field number of each pair, fields numbered as first seen.
    field_of: Vec<u32>,
    fields: Vec<Box<str>>,
    ids: std::collections::HashMap<(Box<str>, Box<str>), u32>,
}

impl Values {
    /// The ids of a seed's pairs ([`values_of`]), filing new pairs.
    pub fn intern(&mut self, pairs: Vec<(String, String)>) -> Vec<u32> {
        pairs
            .into_iter()
            .map(|(field, value)| {
                let key = (field.into_boxed_str(), value.into_boxed_str());
                if let Some(&id) = self.ids.get(&key) {
                    return id;
                }
                let id = self.pairs.len() as u32;
                let number = match self.fields.iter().position(|f| *f == key.0) {
                    Some(n) => n as u32,
                    None => {
                        self.fields.push(key.0.clone());
                        (self.fields.len() - 1) as u32
                    }
                };
                self.field_of.push(number);
                self.pairs.push(key.clone());
                self.ids.insert(key, id);
                id
            })
            .collect()
    }

    fn field(&self, id: u32) -> Option<u32> {
        self.field_of.get(id as usize).copied()
    }

    fn pair(&self, id: u32) -> (&str, &str) {
        self.pairs
            .get(id as usize)
            .map_or(("", ""), |(f, v)| (f.as_ref(), v.as_ref()))
    }

    /// The filters as ids: per field number, the selected values' ids (a value no seed has
    /// selects nothing but still filters its field).
    fn selection(&self, filters: &Filters) -> Vec<(u32, Vec<u32>)> {
        let mut out: Vec<(u32, Vec<u32>)> = Vec::new();
        for (field, wanted) in &filters.selected {
            let number = self
                .fields
                .iter()
                .position(|f| **f == **field)
                .map_or(u32::MAX, |n| n as u32);
            let ids = wanted
                .iter()
                .filter_map(|v| {
                    let key: (Box<str>, Box<str>) = (field.as_str().into(), v.as_str().into());
                    self.ids.get(&key).copied()
                })
                .collect();
            out.push((number, ids));
        }
        out
    }
}

/// The facet ids of every seed, by position, in one array: a search counts them for thousands
/// of seeds, where an allocation per seed would cost a cache miss each.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Per position: where its ids start in `ids`, and how many.
    spans: Vec<(u32, u32)>,
    ids: Vec<u32>,
}

impl Table {
    /// Files the ids of the seed at `position` (a seed is filed once).
    pub fn set(&mut self, position: usize, ids: &[u32]) {
        if self.spans.len() <= position {
            self.spans.resize(position + 1, (0, 0));
        }
        let span = (self.ids.len() as u32, ids.len() as u32);
        self.ids.extend_from_slice(ids);
        if let Some(slot) = self.spans.get_mut(position) {
            *slot = span;
        }
    }

    /// The ids of the seed at `position` (none if it was never filed).
    pub fn of(&self, position: usize) -> &[u32] {
        let (start, len) = self.spans.get(position).copied().unwrap_or_default();
        self.ids
            .get(start as usize..(start + len) as usize)
            .unwrap_or_default()
    }
}

/// Which selected fields a seed with `ids` satisfies, as bits in selection order.
fn satisfied(ids: &[u32], selection: &[(u32, Vec<u32>)]) -> u64 {
    let mut bits = 0u64;
    for (i, (_, wanted)) in selection.iter().enumerate().take(64) {
        if ids.iter().any(|id| wanted.contains(id)) {
            bits |= 1 << i;
        }
    }
    bits
}

/// A filter over many seeds: the selection resolved to ids once.
pub struct Accept {
    selection: Vec<(u32, Vec<u32>)>,
    all: u64,
}

impl Accept {
    pub fn new(values: &Values, filters: &Filters) -> Accept {
        let selection = values.selection(filters);
        let all = if selection.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << selection.len()) - 1
        };
        Accept { selection, all }
    }

    pub fn accepts(&self, ids: &[u32]) -> bool {
        satisfied(ids, &self.selection) == self.all
    }
}

/// Counts the facet values of `docs` (each the ids of its pairs): for each field, among the
/// docs that pass the other fields' filters. A field shows when the docs have more than one
/// value for it (else there is nothing to choose) or one of its values is selected; a value
/// shows when some doc counts for it or it is selected. `kind` comes first, then fields by name.
pub fn count<'a>(
    docs: impl Iterator<Item = &'a [u32]>,
    values: &Values,
    filters: &Filters,
) -> Vec<Facet> {
    let accept = Accept::new(values, filters);
    let mut present = vec![false; values.pairs.len()];
    let mut counts = vec![0usize; values.pairs.len()];
    for ids in docs {
        let bits = satisfied(ids, &accept.selection);
        for &id in ids {
            if let Some(p) = present.get_mut(id as usize) {
                *p = true;
            }
            // A doc counts for its value of field f when it passes every selected field but f.
            let field = values.field(id);
            let own = accept
                .selection
                .iter()
                .position(|(f, _)| Some(*f) == field)
                .map_or(0, |i| 1u64 << i.min(63));
            if bits | own == accept.all {
                if let Some(c) = counts.get_mut(id as usize) {
                    *c += 1;
                }
            }
        }
    }
    let mut out: Vec<Facet> = Vec::new();
    for (number, field) in (0u32..).zip(&values.fields) {
        let of_field = || {
            (0u32..)
                .zip(&values.field_of)
                .filter(move |&(_, &f)| f == number)
                .map(|(id, _)| id)
        };
        let shown = of_field()
            .filter(|&id| present.get(id as usize) == Some(&true))
            .count();
        let selected = of_field().any(|id| filters.is_selected(field, values.pair(id).1));
        if shown <= 1 && !selected {
            continue;
        }
        let mut list: Vec<(String, usize)> = of_field()
            .filter_map(|id| {
                let n = counts.get(id as usize).copied().unwrap_or(0);
                let value = values.pair(id).1;
                (n > 0 || filters.is_selected(field, value)).then(|| (value.to_string(), n))
            })
            .collect();
        // Most results first, then by value.
        rank::sort_by_text(&mut list, |(value, _)| value.as_str());
        rank::sort_by_key(&mut list, |&(_, n)| u64::MAX - n as u64);
        list.truncate(MAX_VALUES);
        out.push(Facet {
            field: field.to_string(),
            values: list,
        });
    }
    // The kind first, then by field.
    rank::sort_by_text(&mut out, |f| f.field.as_str());
    rank::sort_by_key(&mut out, |f| u64::from(f.field != KIND));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(f, v)| (f.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn values_of_one_field_are_alternatives_and_fields_combine() {
        let mut values = Values::default();
        let a = values.intern(doc(&[("kind", "markdown"), ("tags", "sleep")]));
        let b = values.intern(doc(&[("kind", "markdown"), ("tags", "pain")]));
        let c = values.intern(doc(&[("kind", "plain")]));
        let f = Accept::new(
            &values,
            &Filters::of(&[("tags", "sleep"), ("tags", "pain"), ("kind", "markdown")]),
        );
        assert!(f.accepts(&a) && f.accepts(&b) && !f.accepts(&c));
        let docs = [&*a, &*b, &*c];
        let only_sleep = Filters::of(&[("tags", "sleep")]);
        let facets = count(docs.iter().copied(), &values, &only_sleep);
        assert_eq!(facets[0].field, "kind");
        assert_eq!(
            facets[0].values,
            [("markdown".to_string(), 1)],
            "kind counts respect the tags selection"
        );
        assert_eq!(
            facets[1].values,
            [("pain".to_string(), 1), ("sleep".to_string(), 1)],
            "tags counts ignore their own selection"
        );
        let unknown = Accept::new(&values, &Filters::of(&[("tags", "nowhere")]));
        assert!(!unknown.accepts(&a), "a value no seed has selects none");
    }
}
