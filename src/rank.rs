//! Ordering things. A ranking sorted only as far as it is read: a search at 10,000 seeds lists
//! 20 of them, and sorting every hit would cost more than finding them (the order is total and
//! fixed when the ranking is made, so reading a page gives what a full sort would). And the
//! crate's other sorts, which all go through two instantiations of the standard library's
//! sorts (`(u64, u32)` pairs, ids by text): each generic sort instantiated costs the wasm
//! kilobytes.

/// Items (seed positions) in an order given by one integer key each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranking {
    /// One `(rank, item)` per item: ascending pairs are the ranking's order. Sorted up to
    /// `sorted`; the rest in any order, each after all of those.
    keys: Vec<(u64, u32)>,
    sorted: usize,
}

/// Reading past the sorted part sorts at least this many more (pages come in twenties).
const STEP: usize = 64;

impl Ranking {
    /// A ranking by `rank` (ascending), then by item, of `(rank, item)` pairs.
    pub fn by_key(pairs: impl Iterator<Item = (u32, u32)>) -> Ranking {
        Ranking {
            keys: pairs.map(|(rank, item)| (u64::from(rank), item)).collect(),
            sorted: 0,
        }
    }

    /// Items already in the order wanted.
    pub fn in_order(items: impl Iterator<Item = u32>) -> Ranking {
        let keys: Vec<(u64, u32)> = (0u64..).zip(items).collect();
        Ranking {
            sorted: keys.len(),
            keys,
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every item, in no particular order (for counting).
    pub fn items(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys.iter().map(|&(_, item)| item)
    }

    /// Keeps the items `keep` accepts, in the same order.
    pub fn retain(&mut self, mut keep: impl FnMut(u32) -> bool) {
        let mut sorted = 0;
        let mut i = 0;
        self.keys.retain(|&(_, item)| {
            let kept = keep(item);
            if kept && i < self.sorted {
                sorted += 1;
            }
            i += 1;
            kept
        });
        self.sorted = sorted;
    }

    /// The items ranked `start..end` (clamped to those there are), in order.
    pub fn page(&mut self, start: usize, end: usize) -> Vec<u32> {
        let end = end.min(self.keys.len());
        let start = start.min(end);
        self.sort_to(end);
        self.keys
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|&(_, item)| item)
            .collect()
    }

    /// Every item, in order.
    pub fn all(&mut self) -> Vec<u32> {
        self.page(0, self.keys.len())
    }

    /// Sorts the first `end` keys (and a few more), leaving the rest after them unsorted.
    fn sort_to(&mut self, end: usize) {
        if end <= self.sorted {
            return;
        }
        let end = end.max(self.sorted + STEP).min(self.keys.len());
        let Some(rest) = self.keys.get_mut(self.sorted..) else {
            return;
        };
        let wanted = end - self.sorted;
        if wanted < rest.len() {
            rest.select_nth_unstable(wanted);
        }
        if let Some(head) = rest.get_mut(..wanted) {
            sort_pairs(head);
        }
        self.sorted = end;
    }
}

/// Sorts `items` by `key`, equal keys keeping their order.
pub fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keyed: Vec<(u64, u32)> = (0u32..)
        .zip(items.iter())
        .map(|(i, t)| (key(t), i))
        .collect();
    sort_pairs(&mut keyed);
    permute(items, keyed.into_iter().map(|(_, i)| i));
}

/// Sorts `items` by the text `text` gives each (byte order), equal texts keeping their order.
pub fn sort_by_text<T>(items: &mut Vec<T>, text: impl Fn(&T) -> &str) {
    let order = {
        let texts: Vec<&str> = items.iter().map(text).collect();
        let mut order: Vec<u32> = (0..items.len() as u32).collect();
        sort_ids(&mut order, &|i| {
            texts.get(i as usize).copied().unwrap_or_default()
        });
        order
    };
    permute(items, order.into_iter());
}

/// Sorts ids by the text `text` gives each, then by id.
pub fn sort_ids<'a>(ids: &mut [u32], text: &dyn Fn(u32) -> &'a str) {
    ids.sort_unstable_by(|&a, &b| text(a).cmp(text(b)).then(a.cmp(&b)));
}

/// Sorts `(key, item)` pairs: items listed in ascending order come out stably sorted by key,
/// with no copy of anything else (what a hot path sorting indices calls directly).
#[inline(never)]
pub fn sort_pairs(pairs: &mut [(u64, u32)]) {
    pairs.sort_unstable();
}

/// Reorders `items` so that the item at `order`'s k-th index comes k-th.
fn permute<T>(items: &mut Vec<T>, order: impl Iterator<Item = u32>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.filter_map(|i| slots.get_mut(i as usize).and_then(Option::take)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shuffled(n: u32) -> Vec<(u32, u32)> {
        // Ranks with ties (broken by item), items in a scrambled order.
        (0..n)
            .map(|i| ((i * 7919) % n / 3, (i * 104_729) % n))
            .collect()
    }

    #[test]
    fn pages_read_in_any_order_give_what_a_full_sort_gives() {
        let pairs = shuffled(1000);
        let mut full: Vec<(u32, u32)> = pairs.clone();
        full.sort();
        let expected: Vec<u32> = full.iter().map(|&(_, item)| item).collect();
        let mut ranking = Ranking::by_key(pairs.into_iter());
        for (start, end) in [(500, 520), (0, 20), (20, 40), (990, 1200), (40, 1000)] {
            assert_eq!(ranking.page(start, end), expected[start..end.min(1000)]);
        }
        assert_eq!(ranking.all(), expected);
    }

    #[test]
    fn retaining_keeps_the_order_and_what_was_sorted() {
        let mut ranking = Ranking::by_key(shuffled(300).into_iter());
        let first = ranking.page(0, 100);
        ranking.retain(|item| item % 2 == 0);
        let even: Vec<u32> = first.into_iter().filter(|i| i % 2 == 0).collect();
        assert_eq!(ranking.page(0, even.len()), even);
        assert_eq!(ranking.len(), 150);
    }

    #[test]
    fn sorts_by_key_and_by_text_keep_equal_items_in_order() {
        let mut words = vec![("pear", 2), ("fig", 1), ("apple", 2), ("kiwi", 1)];
        sort_by_key(&mut words, |&(_, n)| n);
        assert_eq!(words, [("fig", 1), ("kiwi", 1), ("pear", 2), ("apple", 2)]);
        sort_by_text(&mut words, |&(w, _)| if w == "kiwi" { "fig" } else { w });
        assert_eq!(words, [("apple", 2), ("fig", 1), ("kiwi", 1), ("pear", 2)]);
        let mut ids = [3, 1, 2];
        sort_ids(&mut ids, &|i| ["b", "a", "a", "a"][i as usize]);
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn items_in_order_stay_in_order() {
        let mut ranking = Ranking::in_order([5, 3, 9].into_iter());
        assert_eq!(ranking.page(1, 10), [3, 9]);
        assert_eq!(ranking.all(), [5, 3, 9]);
        assert!(Ranking::default().page(0, 20).is_empty());
    }
}
