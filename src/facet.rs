//! Facets: what a seed can be filtered by besides its words — its kind (`plain`, `markdown`) and
//! its front-matter fields (`tags: [sleep, pain]`) — and how many results have each value.
//!
//! Selected values of one field are alternatives (sleep OR pain); fields combine (kind AND
//! tags). A field's counts ignore that field's own selection, so picking a value never hides
//! the others of its field.

use std::collections::BTreeMap;

use crate::seed::{Seed, SeedKind};

/// The facet every seed has.
pub const KIND: &str = "kind";
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

/// A seed's facet values: `(field, value)` pairs, each pair once.
pub fn values_of(kind: SeedKind, seed: &Seed) -> Vec<(String, String)> {
    let mut out = vec![(KIND.to_string(), kind.as_str().to_string())];
    for (key, value) in &seed.meta {
        if NOT_FACETS.contains(&key.as_str()) {
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
    /// Filters from `field=value` strings (anything else is ignored).
    pub fn parse<S: AsRef<str>>(pairs: &[S]) -> Filters {
        let mut filters = Filters::default();
        for pair in pairs {
            if let Some((field, value)) = pair.as_ref().split_once('=') {
                let values = filters.selected.entry(field.to_string()).or_default();
                if !values.iter().any(|v| v == value) {
                    values.push(value.to_string());
                }
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

    /// Whether a seed with `values` passes every field's selection, except `skip`'s.
    pub fn accepts(&self, values: &[(String, String)], skip: Option<&str>) -> bool {
        self.selected.iter().all(|(field, wanted)| {
            Some(field.as_str()) == skip
                || values
                    .iter()
                    .any(|(f, v)| f == field && wanted.iter().any(|w| w == v))
        })
    }
}

/// One field's values with how many results have each, most frequent first.
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub field: String,
    pub values: Vec<(String, usize)>,
}

/// Counts the facet values of `docs` (each with its values): for each field, among the docs
/// that pass the other fields' filters. A field shows when the docs have more than one value
/// for it (else there is nothing to choose) or one of its values is selected; a value shows
/// when some doc counts for it or it is selected. `kind` comes first, then fields by name.
pub fn count<'a>(
    docs: impl Iterator<Item = &'a [(String, String)]> + Clone,
    filters: &Filters,
) -> Vec<Facet> {
    let mut fields: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for values in docs.clone() {
        for (field, value) in values {
            fields
                .entry(field.as_str())
                .or_default()
                .entry(value.as_str())
                .or_default();
        }
    }
    fields.retain(|field, counts| {
        counts.len() > 1 || counts.keys().any(|v| filters.is_selected(field, v))
    });
    for (field, counts) in &mut fields {
        for values in docs.clone().filter(|v| filters.accepts(v, Some(field))) {
            for (_, v) in values.iter().filter(|(f, _)| f == field) {
                *counts.entry(v.as_str()).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Facet> = fields
        .into_iter()
        .map(|(field, counts)| {
            let mut values: Vec<(String, usize)> = counts
                .into_iter()
                .filter(|&(v, n)| n > 0 || filters.is_selected(field, v))
                .map(|(v, n)| (v.to_string(), n))
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(MAX_VALUES);
            Facet {
                field: field.to_string(),
                values,
            }
        })
        .collect();
    out.sort_by_key(|f| f.field != KIND);
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
        let a = doc(&[("kind", "markdown"), ("tags", "sleep")]);
        let b = doc(&[("kind", "markdown"), ("tags", "pain")]);
        let c = doc(&[("kind", "plain")]);
        let f = Filters::parse(&["tags=sleep", "tags=pain", "kind=markdown"]);
        assert!(f.accepts(&a, None) && f.accepts(&b, None) && !f.accepts(&c, None));
        let docs = [a.as_slice(), b.as_slice(), c.as_slice()];
        let only_sleep = Filters::parse(&["tags=sleep"]);
        let facets = count(docs.iter().copied(), &only_sleep);
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
    }
}
